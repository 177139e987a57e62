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
    /// load now, and ratings and on-time visits since `sinceMillis`. The whole days since then
    /// come from the kept sums (`MatchingSummary`), the hours before the first and from the
    /// start of today (China time) on from the records; `summary: false` reads everything
    /// from the records, which the sums must always equal.
    public func candidateFacts(for order: ServiceOrder, sinceMillis: Int64, summary: Bool = true) throws -> [CandidateFacts] {
        try read { db in
            let organisations = try Row.fetchAll(db, sql: "SELECT * FROM organisation WHERE deleted = 0")
                .map { try OrganisationTable.decode($0).model }
                .filter { Matching.isEligible($0, for: order) }
            guard !organisations.isEmpty else { return [] }
            let ids = organisations.map(\.id.canonicalString)
            let among = "IN (\(Array(repeating: "?", count: ids.count).joined(separator: ", ")))"
            struct Work { var open = 0, ratings = 0, stars = 0.0, visits = 0, onTime = 0 }
            var work: [String: Work] = [:]
            func each(_ sql: String, _ more: [any DatabaseValueConvertible], _ add: (Row, inout Work) -> Void) throws {
                for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(ids + more)) { add(row, &work[row[0], default: Work()]) }
            }
            try each("SELECT organisation_id, count(*) FROM service_order WHERE organisation_id \(among) AND status IN \(openAtOrganisation) GROUP BY 1", []) {
                $1.open = $0[1]
            }
            // Whole days from the first that starts at or after `sinceMillis` to today, when there are any.
            let day = QualitySummary.dayMillis, offset = QualitySummary.offsetMillis
            let firstDay = (max(sinceMillis, QualitySummary.kept.lowerBound) + offset + day - 1) / day
            let today = min(clock.wallMillis, QualitySummary.kept.upperBound - 1) + offset
            let endDay = summary ? max(firstDay, today / day) : firstDay
            let raw: [Range<Int64>] = endDay > firstDay
                ? [sinceMillis..<QualitySummary.dayStart(firstDay), QualitySummary.dayStart(endDay)..<Int64.max] : [sinceMillis..<Int64.max]
            for range in raw where !range.isEmpty {
                try each("""
                    SELECT organisation_id, count(*), total(stars) FROM evaluation
                    WHERE organisation_id \(among) AND created_at_millis >= ? AND created_at_millis < ? GROUP BY 1
                    """, [range.lowerBound, range.upperBound]) {
                    $1.ratings += $0[1]
                    $1.stars += $0[2]
                }
                try each("""
                    SELECT organisation_id, count(*), sum(\(QualitySummary.onTime("service_order")))
                    FROM service_order WHERE organisation_id \(among) AND checked_in_at >= ? AND checked_in_at < ? GROUP BY 1
                    """, [range.lowerBound, range.upperBound]) {
                    $1.visits += $0[1]
                    $1.onTime += $0[2]
                }
            }
            if endDay > firstDay {
                try each("""
                    SELECT organisation, total(ratings), total(stars_total), total(visits), total(on_time) FROM \(MatchingSummary.table)
                    WHERE organisation \(among) AND day >= ? AND day < ? GROUP BY 1
                    """, [firstDay, endDay]) {
                    $1.ratings += Int($0[1] as Double)
                    $1.stars += $0[2]
                    $1.visits += Int($0[3] as Double)
                    $1.onTime += Int($0[4] as Double)
                }
            }
            return organisations.map { organisation in
                let facts = work[organisation.id.canonicalString] ?? Work()
                return CandidateFacts(
                    organisation: organisation, openOrders: facts.open, ratingCount: facts.ratings,
                    meanStars: facts.ratings > 0 ? facts.stars / Double(facts.ratings) : nil,
                    timedVisits: facts.visits, onTimeVisits: facts.onTime)
            }
        }
    }
}
