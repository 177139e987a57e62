import CareModel
import Foundation
import GRDB

/// The statuses in which an order is with an organisation and not yet done, as SQL.
let openAtOrganisation = SQLList.codes(OrderStatus.withOrganisation)

extension AppDatabase {
    /// An organisation's own queue: orders dispatched to it and not yet completed, soonest due first.
    public func organisationQueue(_ organisationId: UUID, limit: Int, in scope: Jurisdiction? = nil) throws -> [OrderSummary] {
        let (condition, arguments) = scope?.condition(table: OrderTable.table) ?? ("1", [])
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM service_order WHERE organisation_id = ? AND status IN \(openAtOrganisation) AND (\(condition))
                ORDER BY due_at_millis, id LIMIT ?
                """, arguments: StatementArguments([organisationId.canonicalString] + arguments + [limit])).map(Self.summary)
        }
    }

    /// A worker's day: orders assigned to the worker that are due in `[from, to)`, in time order.
    public func workerDay(_ workerId: UUID, from: Int64, to: Int64, in scope: Jurisdiction? = nil) throws -> [OrderSummary] {
        let (condition, arguments) = scope?.condition(table: OrderTable.table) ?? ("1", [])
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM service_order WHERE worker_id = ? AND due_at_millis >= ? AND due_at_millis < ?
                  AND status != 'cancelled' AND (\(condition))
                ORDER BY due_at_millis, id
                """, arguments: StatementArguments([workerId.canonicalString, from, to] + arguments)).map(Self.summary)
        }
    }

    /// What matching needs to know about every organisation that could take `order`: open
    /// load now, and ratings and on-time visits since `sinceMillis`.
    public func candidateFacts(for order: ServiceOrder, sinceMillis: Int64) throws -> [CandidateFacts] {
        try read { db in
            let organisations = try Row.fetchAll(db, sql: "SELECT * FROM organisation WHERE deleted = 0")
                .map { try OrganisationTable.decode($0).model }
                .filter { Matching.isEligible($0, for: order) }
            return try organisations.map { organisation in
                let id = organisation.id.canonicalString
                let open = try Int.fetchOne(db, sql: """
                    SELECT count(*) FROM service_order WHERE organisation_id = ? AND status IN \(openAtOrganisation)
                    """, arguments: [id]) ?? 0
                let ratings = try Row.fetchOne(db, sql: """
                    SELECT count(*) AS n, avg(stars) AS mean FROM evaluation WHERE organisation_id = ? AND created_at_millis >= ?
                    """, arguments: [id, sinceMillis])
                let visits = try Row.fetchOne(db, sql: """
                    SELECT count(*) AS n, coalesce(sum(checked_in_at <= due_at_millis + ?), 0) AS onTime
                    FROM service_order WHERE organisation_id = ? AND checked_in_at >= ?
                    """, arguments: [ServiceOrder.onTimeToleranceMillis, id, sinceMillis])
                let ratingCount: Int = ratings?["n"] ?? 0
                return CandidateFacts(
                    organisation: organisation, openOrders: open, ratingCount: ratingCount,
                    meanStars: ratingCount > 0 ? ratings?["mean"] : nil,
                    timedVisits: visits?["n"] ?? 0, onTimeVisits: visits?["onTime"] ?? 0)
            }
        }
    }
}
