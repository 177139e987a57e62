import Foundation

/// One change of one record as it travels between nodes: identity, place in the tree,
/// version, tombstone flag, per-field stamps for profile records, and the full state.
public struct ChangeEnvelope: Hashable, Sendable {
    public var id: UUID
    public var home: DivisionCode
    public var version: Version
    public var deleted: Bool
    public var stamps: [String: FieldStamp]
    public var body: RecordBody

    public init(id: UUID, home: DivisionCode, version: Version, deleted: Bool = false, stamps: [String: FieldStamp] = [:], body: RecordBody) {
        self.id = id
        self.home = home
        self.version = version
        self.deleted = deleted
        self.stamps = stamps
        self.body = body
    }

    public var kind: EntityKind { body.kind }
}
