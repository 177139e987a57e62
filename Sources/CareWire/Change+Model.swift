import CareModel
import Foundation

extension WireChange {
    /// The wire form of a change. The record's own `id` and `home` travel as the change's,
    /// and an order event's `version` as the change's version. Stamps go in field-name order
    /// so that equal changes encode to equal bytes.
    public init(_ change: ChangeEnvelope) {
        self.init()
        kind = WireEntityKind(change.kind)
        id = change.id.uuidString
        home = change.home.rawValue
        version = WireVersion(change.version)
        deleted = change.deleted
        if !change.stamps.isEmpty {
            stamps = change.stamps.sorted { $0.key < $1.key }.map { WireFieldStamp(field: $0.key, $0.value) }
        }
        record = OneOf_Record(change.body)
    }
}

extension ChangeEnvelope {
    /// A change from a peer, checked against the model's rules before anything is applied:
    /// its id, home, kind and version, that the record is there and of that kind, every field
    /// of the record (through the model's validating types), and that only profile records
    /// (elder, device) carry stamps, each for one of their fields.
    /// - Throws: `WireError` naming the change, the field and the problem.
    public init(wire: WireChange) throws(WireError) {
        do throws(WireError) {
            try self.init(checking: wire)
        } catch {
            throw error.inChange(wire.id)
        }
    }

    /// A change from a peer, straight from the bytes of a `carenode.sync.v1.Change`.
    /// - Throws: `WireError` when the bytes are not such a message or the change is not valid.
    public init(wireBytes bytes: Data) throws(WireError) {
        try self.init(wire: WireChange(wireBytes: bytes))
    }

    private init(checking wire: WireChange) throws(WireError) {
        // The handshake pinned protocol v1: a field it does not define, at any depth, is data
        // this node would store without reading and pass on unchecked.
        if let found = UnknownFields.first(in: wire) {
            throw WireError(field: "", problem: "\(wire.kind.protoName) change: \(found) (sync protocol v1); nothing of it was applied")
        }
        let id = try FieldCheck.uuid(wire.id, "id")
        let kind: EntityKind
        do throws(WireError) {
            kind = try EntityKind(wire: wire.kind)
        } catch {
            throw error.within("kind")
        }
        let home = try FieldCheck.division(wire.home, "home")
        let version = try FieldCheck.version(wire.version, present: wire.hasVersion, "version", allowZero: false)
        guard let record = wire.record else {
            throw WireError(field: "record", problem: "is missing: a \(wire.kind.protoName) change must carry its record")
        }
        func mismatch() -> WireError {
            WireError(field: "record", problem: "kind \(wire.kind.protoName) but record is \(record.fieldName)")
        }
        guard WireKinds.mapping(kind).holds(record) else { throw mismatch() }
        let stamps = try Self.stamps(wire.stamps, of: kind)
        guard let body = try RecordBody(wire: record, kind: kind, id: id, home: home, version: version) else { throw mismatch() }
        // What the operator API enforces holds for a record from a peer too (CareModel's rules).
        let broken = body.validationErrors
        if !broken.isEmpty {
            throw WireError(
                field: "record", problem: "breaks the record rules: " + broken.map { "\($0.field): \($0.message)" }.joined(separator: "; "))
        }
        self.init(id: id, home: home, version: version, deleted: wire.deleted, stamps: stamps, body: body)
    }

    /// The names a stamp may have, by kind: a profile record's merge fields and the deletion
    /// pseudo-field. Other kinds carry none.
    private static let stampFields: [EntityKind: Set<String>] = Dictionary(uniqueKeysWithValues: EntityKind.allCases.compactMap { kind in
        (kind.recordType as? any ProfileRecord.Type).map { (kind, $0.mergeFieldNames.union([deletedField])) }
    })

    private static func stamps(_ wire: [WireFieldStamp], of kind: EntityKind) throws(WireError) -> [String: FieldStamp] {
        guard !wire.isEmpty else { return [:] }
        guard let allowed = stampFields[kind] else {
            throw WireError(field: "stamps", problem: "only profile records (\(stampFields.keys.map(\.rawValue).sorted().joined(separator: ", "))) carry stamps, not \(kind.rawValue)")
        }
        var stamps: [String: FieldStamp] = [:]
        stamps.reserveCapacity(wire.count)
        for (index, stamp) in wire.enumerated() {
            guard allowed.contains(stamp.field) else {
                throw WireError(field: "stamps[\(index)].field", problem: "'\(stamp.field)' is not a field of \(kind.rawValue)")
            }
            let value = try FieldCheck.nested("stamps[\(index)]") { () throws(WireError) in try FieldStamp(wire: stamp) }
            guard stamps.updateValue(value, forKey: stamp.field) == nil else {
                throw WireError(field: "stamps[\(index)].field", problem: "'\(stamp.field)' is stamped twice")
            }
        }
        return stamps
    }
}
