import CareModel
import Foundation

extension WireConflict {
    init(_ conflict: Conflict) {
        self.init()
        entityKind = conflict.entityKind.rawValue
        entityID = conflict.entityId.uuidString
        field = conflict.field
        winnerValue = conflict.winnerValue
        loserValue = conflict.loserValue
        winner = WireVersion(conflict.winner)
        loser = WireVersion(conflict.loser)
        reason = conflict.reason
        if let resolution = conflict.resolution {
            self.resolution.note = resolution.note
            self.resolution.by = resolution.by
            self.resolution.at = WireVersion(resolution.at)
        }
    }
}

extension Conflict {
    /// A conflict from a peer; its id is the change's (nodes derive it alike, so it is not
    /// recomputed here). `winner` may be the zero version: a rejected order event has none.
    init(wire: WireConflict, id: UUID, home: DivisionCode) throws(WireError) {
        let resolution: Resolution?
        if wire.hasResolution {
            let resolved = wire.resolution
            resolution = try FieldCheck.nested("resolution") { () throws(WireError) in
                try Resolution(
                    note: resolved.note, by: FieldCheck.required(resolved.by, "by"),
                    at: FieldCheck.version(resolved.at, present: resolved.hasAt, "at", allowZero: false))
            }
        } else {
            resolution = nil
        }
        try self.init(
            home: home, entityKind: FieldCheck.code(wire.entityKind, "entity_kind"),
            entityId: FieldCheck.uuid(wire.entityID, "entity_id"), field: FieldCheck.required(wire.field, "field"),
            winnerValue: wire.winnerValue, loserValue: wire.loserValue,
            winner: FieldCheck.version(wire.winner, present: wire.hasWinner, "winner", allowZero: true),
            loser: FieldCheck.version(wire.loser, present: wire.hasLoser, "loser", allowZero: false),
            reason: wire.reason)
        self.id = id
        self.resolution = resolution
    }
}

extension Conflict: WireMapped {
    static let wireKind = WireEntityKind.conflict
    static func message(in record: WireChange.OneOf_Record) -> WireConflict? { if case .conflict(let message) = record { message } else { nil } }
    static func record(_ message: WireConflict) -> WireChange.OneOf_Record { .conflict(message) }
    var wireMessage: WireConflict { WireConflict(self) }
    static func decode(_ message: WireConflict, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try Conflict(wire: message, id: id, home: home) }
}
