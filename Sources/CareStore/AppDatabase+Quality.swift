import CareModel
import Foundation
import GRDB

/// How quality figures are grouped.
public enum QualityGrouping: String, CodeTable {
    case organisation, street, county

    public var label: Label {
        switch self {
        case .organisation: Label(en: "organisation", zh: "服务组织")
        case .street: Label(en: "street", zh: "街道")
        case .county: Label(en: "county", zh: "县区")
        }
    }
}

/// Service-quality figures for one group over a period (Anhui standard §6.2).
public struct QualityFigures: Sendable, Codable, Equatable {
    /// The organisation id, street code or county code.
    public var group: String
    /// Orders requested in the period, and what became of them.
    public var orders: Int
    public var completed: Int
    public var cancelled: Int
    /// completed ÷ orders.
    public var completionRate: Double?
    /// Ratings given in the period: how many, mean stars, and the share of 4 or 5 stars.
    public var ratings: Int
    public var meanStars: Double?
    public var satisfiedShare: Double?
    /// Return visits in the period and their mean satisfaction (1–5).
    public var returnVisits: Int
    public var meanReturnVisitSatisfaction: Double?
    /// Complaints received in the period, and complaints per completed order.
    public var complaints: Int
    public var complaintRate: Double?
    /// Minutes from request to dispatch and to acceptance (means over orders that got there).
    public var meanDispatchMinutes: Double?
    public var meanAcceptMinutes: Double?
    /// Check-ins in the period, and the share that began by the due time (15 min tolerance).
    public var visits: Int
    public var onTimeArrivalRate: Double?
}

extension AppDatabase {
    /// Figures over `[from, to)` for records homed within `within`, grouped as asked. Orders
    /// count by request time, ratings, return visits and complaints by when they were made.
    public func serviceQuality(within: DivisionCode, organisationId: UUID?, from: Int64, to: Int64, grouping: QualityGrouping, scope jurisdiction: Jurisdiction? = nil) throws -> [QualityFigures] {
        let key = switch grouping {
        case .organisation: "coalesce(organisation_id, 'unassigned')"
        case .street: "substr(home, 1, 9)"
        case .county: "substr(home, 1, 6)"
        }
        // The figures count only what the operator's jurisdiction covers, table by table.
        func restricted(_ table: String, alias: String = "") -> (String, [any DatabaseValueConvertible]) {
            let prefix = alias.isEmpty ? "" : "\(alias)."
            var sql = "\(prefix)home LIKE ?"
            var arguments: [any DatabaseValueConvertible] = [within.rawValue + "%"]
            if let organisationId {
                sql += " AND \(prefix)organisation_id = ?"
                arguments.append(organisationId.uuidString)
            }
            if let jurisdiction {
                let (condition, more) = jurisdiction.condition(table: table, alias: alias)
                sql += " AND (\(condition))"
                arguments += more
            }
            return (sql, arguments)
        }
        let (scope, scopeArguments) = restricted("service_order")
        let (evaluationScope, evaluationArguments) = restricted("evaluation")
        let (complaintScope, complaintArguments) = restricted("complaint")
        let (visitScope, visitArguments) = restricted("service_order", alias: "o")
        return try read { db in
            var figures: [String: QualityFigures] = [:]
            func entry(_ group: String) -> QualityFigures {
                figures[group] ?? QualityFigures(
                    group: group, orders: 0, completed: 0, cancelled: 0, ratings: 0, returnVisits: 0, complaints: 0, visits: 0)
            }
            let orderRows = try Row.fetchAll(db, sql: """
                SELECT \(key) AS g, count(*) AS n, count(completed_at) AS done, sum(status = 'cancelled') AS cancelled,
                  avg(dispatched_at - requested_at_millis) / 60000.0 AS dispatchMinutes,
                  avg(accepted_at - requested_at_millis) / 60000.0 AS acceptMinutes
                FROM service_order WHERE \(scope) AND requested_at_millis >= ? AND requested_at_millis < ? GROUP BY g
                """, arguments: StatementArguments(scopeArguments + [from, to]))
            for row in orderRows {
                var f = entry(row["g"])
                f.orders = row["n"]
                f.completed = row["done"]
                f.cancelled = row["cancelled"] ?? 0
                f.meanDispatchMinutes = row["dispatchMinutes"]
                f.meanAcceptMinutes = row["acceptMinutes"]
                figures[f.group] = f
            }
            let visitRows = try Row.fetchAll(db, sql: """
                SELECT \(key) AS g, count(*) AS n, sum(checked_in_at <= due_at_millis + ?) AS onTime
                FROM service_order WHERE \(scope) AND checked_in_at >= ? AND checked_in_at < ? GROUP BY g
                """, arguments: StatementArguments([ServiceOrder.onTimeToleranceMillis] + scopeArguments + [from, to]))
            for row in visitRows {
                var f = entry(row["g"])
                f.visits = row["n"]
                f.onTimeArrivalRate = f.visits > 0 ? Double(row["onTime"] as Int? ?? 0) / Double(f.visits) : nil
                figures[f.group] = f
            }
            let ratingRows = try Row.fetchAll(db, sql: """
                SELECT \(key) AS g, count(*) AS n, avg(stars) AS mean, avg(stars >= 4) AS satisfied
                FROM evaluation WHERE \(evaluationScope) AND created_at_millis >= ? AND created_at_millis < ? GROUP BY g
                """, arguments: StatementArguments(evaluationArguments + [from, to]))
            for row in ratingRows {
                var f = entry(row["g"])
                f.ratings = row["n"]
                f.meanStars = row["mean"]
                f.satisfiedShare = row["satisfied"]
                figures[f.group] = f
            }
            // Return visits are order events; their organisation is the order's.
            let visitKey = key.replacingOccurrences(of: "organisation_id", with: "o.organisation_id").replacingOccurrences(of: "home", with: "o.home")
            let returnRows = try Row.fetchAll(db, sql: """
                SELECT \(visitKey) AS g, count(*) AS n, avg(CAST(json_extract(e.details, '$.satisfaction') AS REAL)) AS mean
                FROM order_event e JOIN service_order o ON o.id = e.order_id
                WHERE e.kind = 'returnVisit' AND \(visitScope) AND (e.version >> 16) >= ? AND (e.version >> 16) < ? GROUP BY g
                """, arguments: StatementArguments(visitArguments + [from, to]))
            for row in returnRows {
                var f = entry(row["g"])
                f.returnVisits = row["n"]
                f.meanReturnVisitSatisfaction = row["mean"]
                figures[f.group] = f
            }
            let complaintRows = try Row.fetchAll(db, sql: """
                SELECT \(key) AS g, count(*) AS n FROM complaint
                WHERE \(complaintScope) AND received_at_millis >= ? AND received_at_millis < ? GROUP BY g
                """, arguments: StatementArguments(complaintArguments + [from, to]))
            for row in complaintRows {
                var f = entry(row["g"])
                f.complaints = row["n"]
                figures[f.group] = f
            }
            return figures.values.map { f in
                var f = f
                f.completionRate = f.orders > 0 ? Double(f.completed) / Double(f.orders) : nil
                f.complaintRate = f.completed > 0 ? Double(f.complaints) / Double(f.completed) : nil
                return f
            }.sorted { $0.group < $1.group }
        }
    }
}
