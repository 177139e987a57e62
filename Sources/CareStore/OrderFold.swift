import CareModel
import Foundation
import GRDB

/// Keeps an order's state columns equal to the fold of its events.
enum OrderFold {
    /// The order's events homed where the order is: an event that claims another home never
    /// passed the scope check and takes no part in the fold.
    static func events(of orderId: UUID, _ db: Database) throws -> [OrderEvent] {
        let statement = try db.cachedStatement(sql: """
            SELECT e.* FROM order_event e JOIN service_order o ON o.id = e.order_id AND o.home = e.home
            WHERE e.order_id = ?
            """)
        return try Row.fetchAll(statement, arguments: [orderId.canonicalString]).map { try OrderEventTable.decode($0).model }
    }

    static func state(of orderId: UUID, _ db: Database) throws -> OrderState {
        OrderLifecycle.fold(try events(of: orderId, db))
    }

    /// Re-folds the order after an event arrived, stores its state, and records each rejected
    /// event as a conflict. Conflicts are derived here on every node from the same events, so
    /// they are not logged; only a resolution travels.
    @discardableResult
    static func refresh(_ orderId: UUID, _ db: Database) throws -> OrderState {
        let state = try state(of: orderId, db)
        // The time each stage was reached: the physical time of the last accepted event of that
        // kind, so a refusal and re-dispatch counts from the dispatch in force.
        func reached(_ kinds: Set<OrderEventKind>) -> Int64? {
            state.applied.last { kinds.contains($0.kind) }?.version.hlc.millis
        }
        try db.cachedStatement(sql: """
            UPDATE service_order SET status = ?, organisation_id = ?, worker_id = ?, state_version = max(version, ?),
              dispatched_at = ?, accepted_at = ?, checked_in_at = ?, completed_at = ?, closed_at = ?
            WHERE id = ?
            """).execute(
            arguments: [
                state.status.rawValue, state.organisationId?.canonicalString, state.workerId?.canonicalString,
                state.version?.hlc.packed ?? 0,
                state.dispatchEvent == nil ? nil : reached([.dispatch, .refer]),
                reached([.accept]),
                reached([.checkIn]), reached([.complete]), reached([.close, .cancel]),
                orderId.canonicalString,
            ])
        var current = Set<String>()
        for rejected in state.rejected {
            let conflict = Conflict(rejected: rejected.event)
            current.insert(conflict.id.canonicalString)
            try ConflictStore.record(conflict, db)
        }
        // An event rejected by an earlier fold (it arrived before the events that make it
        // fit) may fit now: its conflict is withdrawn unless an operator already resolved it.
        let open = try String.fetchAll(
            db.cachedStatement(sql: "SELECT id FROM conflict WHERE entity_id = ? AND field = 'event' AND resolution IS NULL"),
            arguments: [orderId.canonicalString])
        for id in open where !current.contains(id) {
            try db.cachedStatement(sql: "DELETE FROM conflict WHERE id = ?").execute(arguments: [id])
        }
        return state
    }
}

enum ConflictStore {
    /// Inserts a conflict or unites it with the copy already here.
    /// - Returns: the stored conflict when this changed it (new, or a newer winner or a
    ///   resolution arrived), nil when it was already known.
    @discardableResult
    static func record(_ conflict: Conflict, _ db: Database) throws -> Stored<Conflict>? {
        let existing = try ConflictTable.fetch(conflict.id, db)?.model
        let merged = existing.map { Conflict.merge($0, conflict) } ?? conflict
        guard merged != existing else { return nil }
        let stored = Stored(model: merged, meta: RecordMeta(version: merged.version))
        try ConflictTable.save(merged, stored.meta, db)
        return stored
    }
}

extension OrderFold: RecordFold {
    static func refold(_ id: UUID, _ db: Database) throws { _ = try refresh(id, db) }
}
