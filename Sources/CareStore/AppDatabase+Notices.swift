import CareModel
import Foundation
import GRDB

/// A dispatch of an order to an organisation, as the change log holds it (made here or
/// received from a peer), for the organisation's own system (`OrderWebhooks`).
public struct LoggedDispatch: Sendable {
    /// The change log's position of the dispatch.
    public var seq: Int64
    public var eventId: UUID
    public var orderId: UUID
}

extension AppDatabase {
    // A new follower starts at `changeLogHead()` (AppDatabase+Calls.swift), as the call watch does.

    /// Dispatches to `organisation` logged after `seq`, oldest first.
    public func dispatches(to organisation: UUID, after seq: Int64, limit: Int) throws -> [LoggedDispatch] {
        try read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT c.seq, e.id, e.order_id FROM change_log c JOIN order_event e ON e.id = c.entity_id
                    WHERE c.seq > ? AND c.kind = ? AND e.kind = ? AND e.organisation_id = ?
                    ORDER BY c.seq LIMIT ?
                    """,
                arguments: [seq, EntityKind.orderEvent.rawValue, OrderEventKind.dispatch.rawValue, organisation.canonicalString, limit]
            ).map { row in
                LoggedDispatch(seq: row["seq"], eventId: try row.uuid("id"), orderId: try row.uuid("order_id"))
            }
        }
    }
}
