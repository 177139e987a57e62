import Foundation

/// A value that lost a merge, kept for an operator to review (数据冲突). Nodes that detect the
/// same conflict give it the same id, so it is one record across the federation.
public struct Conflict: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The home of the record in conflict.
    public var home: DivisionCode
    public var entityKind: EntityKind
    public var entityId: UUID
    /// The field in conflict, or "event" for a lifecycle event the fold rejected.
    public var field: String
    public var winnerValue: String
    public var loserValue: String
    public var winner: Version
    public var loser: Version
    public var reason: String
    /// Set once an operator has looked at it.
    public var resolution: Resolution?

    public struct Resolution: Hashable, Codable, Sendable {
        public var note: String
        public var by: String
        public var at: Version

        public init(note: String, by: String, at: Version) {
            self.note = note
            self.by = by
            self.at = at
        }
    }

    public init(
        home: DivisionCode, entityKind: EntityKind, entityId: UUID, field: String, winnerValue: String, loserValue: String,
        winner: Version, loser: Version, reason: String
    ) {
        // Keyed by the losing write alone: whichever later write it lost to at a node, the
        // copies are one record, and their merge keeps the latest winner.
        id = StableID.make("conflict", entityKind.rawValue, entityId.canonicalString, field, loser.description)
        self.home = home
        self.entityKind = entityKind
        self.entityId = entityId
        self.field = field
        self.winnerValue = winnerValue
        self.loserValue = loserValue
        self.winner = winner
        self.loser = loser
        self.reason = reason
    }

    /// The version of the record: its resolution, or the newer of the two writes.
    public var version: Version { resolution?.at ?? max(winner, loser) }

    /// A field conflict from a profile merge.
    public init<R: ProfileRecord>(_ conflict: FieldConflict, in record: R) {
        self.init(
            home: record.home, entityKind: R.kind, entityId: record.id, field: conflict.field,
            winnerValue: conflict.winnerValue, loserValue: conflict.loserValue, winner: conflict.winner,
            loser: conflict.loser, reason: "concurrent edits of \(conflict.field); the later one by clock was kept")
    }

    /// A lifecycle event the fold rejected. Its content depends on the event alone, so nodes
    /// that fold the same events at different moments still hold identical copies; the
    /// order's own view gives the reason against its current state.
    public init(rejected event: OrderEvent) {
        let reason = switch event.kind {
        case .cancel: "a completed or in-progress service outranks a cancellation"
        case .dispatch, .refer: "another dispatch was already in force; the earlier one by clock was kept"
        default: "the step did not fit the order's lifecycle"
        }
        self.init(
            home: event.home, entityKind: .order, entityId: event.orderId, field: "event", winnerValue: "",
            loserValue: "\(event.kind.rawValue)\(event.organisationId.map { " to organisation \($0)" } ?? "") by \(event.actor) at \(event.version.origin)",
            winner: .zero, loser: event.version, reason: reason)
        id = StableID.make("conflict", "orderEvent", event.id.canonicalString)
    }

    /// Unites two copies of one conflict: a resolution wins, the later resolution among two.
    public static func merge(_ a: Conflict, _ b: Conflict) -> Conflict {
        switch (a.resolution, b.resolution) {
        // The same losing write may have lost to different writes at different nodes: keep the
        // latest winner, so every node settles on the same copy.
        case (nil, nil): return a.winner >= b.winner ? a : b
        case (_?, nil): return a
        case (nil, _?): return b
        case let (ra?, rb?): return ra.at >= rb.at ? a : b
        }
    }
}

extension Conflict: ReplicatedRecord {
    public static let kind = EntityKind.conflict
    public static let label = Label(en: "conflict", zh: "数据冲突")
    public static let mergeClass = MergeClass.conflict
    public var parent: RecordReference? { RecordReference(entityKind, entityId) }
    /// A conflict about a county-wide record (an overdraft) is as widely held and written.
    public var isSharedAcrossCounty: Bool { entityKind.sharedAcrossCounty }
    public var clockReadings: [Int64] { [winner.hlc.millis, loser.hlc.millis, resolution?.at.hlc.millis ?? 0] }
}
