import CareModel
import Foundation
import SwiftProtobuf

/// How one kind of record travels: its protobuf message, its case of `WireChange.record` and
/// its number in `EntityKind`. Each kind conforms once, beside its message mapping.
protocol WireMapped: ReplicatedRecord {
    associatedtype Message: SwiftProtobuf.Message
    static var wireKind: WireEntityKind { get }
    /// This kind's message, when `record` holds it.
    static func message(in record: WireChange.OneOf_Record) -> Message?
    static func record(_ message: Message) -> WireChange.OneOf_Record
    var wireMessage: Message { get }
    /// A record from a peer, given the identity, place and version its change carries (events
    /// take their own version from the change; other kinds ignore it).
    static func decode(_ message: Message, id: UUID, home: DivisionCode, version: CareModel.Version) throws(WireError) -> Self
}

extension WireMapped {
    /// Whether `record` holds this kind's message.
    static func holds(_ record: WireChange.OneOf_Record) -> Bool { message(in: record) != nil }

    static func oneOf(_ record: any ReplicatedRecord) -> WireChange.OneOf_Record? {
        (record as? Self).map { Self.record($0.wireMessage) }
    }

    static func body(_ record: WireChange.OneOf_Record, id: UUID, home: DivisionCode, version: CareModel.Version) throws(WireError) -> RecordBody? {
        guard let message = message(in: record) else { return nil }
        return RecordBody(try decode(message, id: id, home: home, version: version))
    }
}

/// The wire side of every kind, read off `EntityKind` once: no kind is listed here.
enum WireKinds {
    /// Each kind's mapping, in `EntityKind` order.
    static let all: [EntityKind: any WireMapped.Type] = Dictionary(uniqueKeysWithValues: EntityKind.allCases.map { kind in
        guard let mapped = kind.recordType as? any WireMapped.Type else {
            preconditionFailure("\(kind.rawValue) has no wire mapping: conform \(kind.recordType) to WireMapped in CareWire")
        }
        return (kind, mapped)
    })

    static let byNumber: [Int: EntityKind] = Dictionary(uniqueKeysWithValues: all.map { ($0.value.wireKind.rawValue, $0.key) })

    static func mapping(_ kind: EntityKind) -> any WireMapped.Type { all[kind]! }

    /// The kind whose case `record` is.
    static func kind(of record: WireChange.OneOf_Record) -> EntityKind? {
        all.first { $0.value.message(in: record) != nil }?.key
    }

    /// `orderEvent` → `order_event`: a kind's field name in `records.proto`.
    static func fieldName(_ kind: EntityKind) -> String {
        kind.rawValue.reduce(into: "") { name, character in
            if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
    }
}

extension WireChange.OneOf_Record {
    /// The wire form of a record; ids, homes and an order event's version travel on the change.
    init(_ body: RecordBody) {
        self = WireKinds.mapping(body.kind).oneOf(body.record)!
    }

    /// The case's field name in `records.proto`, which prefixes the paths in errors.
    var fieldName: String {
        WireKinds.kind(of: self).map(WireKinds.fieldName) ?? "record"
    }
}

extension RecordBody {
    /// A record of kind `kind` from a peer, given the identity, place and version its change
    /// carries; nil when `record` holds another kind's message.
    init?(wire record: WireChange.OneOf_Record, kind: EntityKind, id: UUID, home: DivisionCode, version: CareModel.Version) throws(WireError) {
        do throws(WireError) {
            guard let body = try WireKinds.mapping(kind).body(record, id: id, home: home, version: version) else { return nil }
            self = body
        } catch {
            throw error.within(WireKinds.fieldName(kind))
        }
    }
}

extension WireEntityKind {
    /// The wire form of a kind of record.
    public init(_ kind: EntityKind) {
        self = WireKinds.mapping(kind).wireKind
    }

    /// The value's name in `records.proto`, for error messages: `ORDER_EVENT`.
    var protoName: String {
        switch self {
        case .unspecified: "ENTITY_KIND_UNSPECIFIED"
        case .UNRECOGNIZED(let value): "\(value)"
        default: WireKinds.byNumber[rawValue].map { WireKinds.fieldName($0).uppercased() } ?? "\(rawValue)"
        }
    }
}

extension EntityKind {
    /// A kind of record from a peer.
    /// - Throws: `WireError` for `ENTITY_KIND_UNSPECIFIED` and for numbers this node does not know.
    public init(wire: WireEntityKind) throws(WireError) {
        guard let kind = WireKinds.byNumber[wire.rawValue], wire != .unspecified else {
            throw WireError(field: "", problem: "unknown entity kind \(wire.rawValue)")
        }
        self = kind
    }
}
