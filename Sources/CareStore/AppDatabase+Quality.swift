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

/// The additive parts of the figures, from the records or the kept sums (`QualitySummary`).
struct QualitySums {
    var orders = 0, completed = 0, cancelled = 0
    var dispatchTotal = 0.0, dispatchCount = 0, acceptTotal = 0.0, acceptCount = 0
    var visits = 0, onTime = 0
    var ratings = 0, starsTotal = 0.0, satisfied = 0
    var returnVisits = 0, returnTotal = 0.0, returnCount = 0
    var complaints = 0

    static func + (a: Self, b: Self) -> Self {
        Self(
            orders: a.orders + b.orders, completed: a.completed + b.completed, cancelled: a.cancelled + b.cancelled,
            dispatchTotal: a.dispatchTotal + b.dispatchTotal, dispatchCount: a.dispatchCount + b.dispatchCount,
            acceptTotal: a.acceptTotal + b.acceptTotal, acceptCount: a.acceptCount + b.acceptCount,
            visits: a.visits + b.visits, onTime: a.onTime + b.onTime,
            ratings: a.ratings + b.ratings, starsTotal: a.starsTotal + b.starsTotal, satisfied: a.satisfied + b.satisfied,
            returnVisits: a.returnVisits + b.returnVisits, returnTotal: a.returnTotal + b.returnTotal, returnCount: a.returnCount + b.returnCount,
            complaints: a.complaints + b.complaints)
    }

    /// The sums taken away: a month read whole less its days outside the period.
    static prefix func - (s: Self) -> Self {
        Self(
            orders: -s.orders, completed: -s.completed, cancelled: -s.cancelled,
            dispatchTotal: -s.dispatchTotal, dispatchCount: -s.dispatchCount, acceptTotal: -s.acceptTotal, acceptCount: -s.acceptCount,
            visits: -s.visits, onTime: -s.onTime, ratings: -s.ratings, starsTotal: -s.starsTotal, satisfied: -s.satisfied,
            returnVisits: -s.returnVisits, returnTotal: -s.returnTotal, returnCount: -s.returnCount, complaints: -s.complaints)
    }

    /// Whether anything counted (a day's row whose records all went elsewhere holds zeros).
    var isEmpty: Bool { orders == 0 && visits == 0 && ratings == 0 && returnVisits == 0 && complaints == 0 }

    func figures(_ group: String) -> QualityFigures {
        func mean(_ total: Double, _ count: Int, _ unit: Double = 1) -> Double? { count > 0 ? total / Double(count) / unit : nil }
        return QualityFigures(
            group: group, orders: orders, completed: completed, cancelled: cancelled,
            completionRate: orders > 0 ? Double(completed) / Double(orders) : nil,
            ratings: ratings, meanStars: mean(starsTotal, ratings), satisfiedShare: mean(Double(satisfied), ratings),
            returnVisits: returnVisits, meanReturnVisitSatisfaction: mean(returnTotal, returnCount),
            complaints: complaints, complaintRate: completed > 0 ? Double(complaints) / Double(completed) : nil,
            meanDispatchMinutes: mean(dispatchTotal, dispatchCount, 60_000), meanAcceptMinutes: mean(acceptTotal, acceptCount, 60_000),
            visits: visits, onTimeArrivalRate: visits > 0 ? Double(onTime) / Double(visits) : nil)
    }
}

extension AppDatabase {
    /// Figures over `[from, to)` for records homed within `within`, grouped as asked. Orders
    /// count by request time, visits by check-in time, ratings, return visits and complaints by
    /// when they were made. The whole months and days of the period are read from the kept
    /// sums (`QualitySummary`), and the hours at either end from the records themselves, or,
    /// for a question of streets or a county, from the street hour table with only the minutes
    /// at the ends from the records. A caregiver's figures (its own orders only) always come
    /// from the records. `summary: false` reads everything from the records, which the sums
    /// must always equal.
    public func serviceQuality(
        within: DivisionCode, organisationId: UUID?, from: Int64, to: Int64, grouping: QualityGrouping, scope jurisdiction: Jurisdiction? = nil,
        summary: Bool = true
    ) throws -> [QualityFigures] {
        let query = QualityQuery(within: within, organisationId: organisationId, grouping: grouping, jurisdiction: jurisdiction)
        return try read { db in
            var sums: [String: QualitySums] = [:]
            func add(_ part: [String: QualitySums], _ sign: Int) { sums.merge(sign < 0 ? part.mapValues { -$0 } : part, uniquingKeysWith: +) }
            let plan = summary && jurisdiction?.workerId == nil
                ? QualitySummary.plan(from: from, to: to, now: clock.wallMillis, hourly: query.level == .street)
                : QualitySummary.Plan(raw: from < to ? [from..<to] : [])
            try plan.forEachPart(
                raw: { range, sign in add(try query.raw(from: range.lowerBound, to: range.upperBound, db), sign) },
                summed: { period, range, sign in add(try query.summed(period, range.lowerBound, range.upperBound, db), sign) })
            return sums.filter { !$0.value.isEmpty }.map { $0.value.figures($0.key) }.sorted { $0.group < $1.group }
        }
    }
}

/// One service-quality question: where, for whom, grouped how.
struct QualityQuery {
    var within: DivisionCode
    var organisationId: UUID?
    var grouping: QualityGrouping
    var jurisdiction: Jurisdiction?

    func key(_ alias: String = "") -> String {
        let prefix = alias.isEmpty ? "" : "\(alias)."
        return switch grouping {
        case .organisation: "coalesce(\(prefix)organisation_id, 'unassigned')"
        case .street: QualitySummary.division(.street, of: "\(prefix)home")
        case .county: QualitySummary.division(.county, of: "\(prefix)home")
        }
    }

    /// The figures count only what the operator's jurisdiction covers, table by table.
    func restricted(_ table: String, alias: String = "") -> (String, [any DatabaseValueConvertible]) {
        let prefix = alias.isEmpty ? "" : "\(alias)."
        var sql = "\(prefix)home LIKE ?"
        var arguments: [any DatabaseValueConvertible] = [within.rawValue + "%"]
        if let organisationId {
            sql += " AND \(prefix)organisation_id = ?"
            arguments.append(organisationId.canonicalString)
        }
        if let jurisdiction {
            let (condition, more) = jurisdiction.condition(table: table, alias: alias)
            sql += " AND (\(condition))"
            arguments += more
        }
        return (sql, arguments)
    }

    /// The sums of the records themselves over `[from, to)`.
    func raw(from: Int64, to: Int64, _ db: Database) throws -> [String: QualitySums] {
        var sums: [String: QualitySums] = [:]
        func each(_ sql: String, _ arguments: [any DatabaseValueConvertible], _ read: (Row, inout QualitySums) -> Void) throws {
            for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) {
                read(row, &sums[row["g"], default: QualitySums()])
            }
        }
        let (scope, scopeArguments) = restricted("service_order")
        try each("""
            SELECT \(key()) AS g, count(*) AS n, count(completed_at) AS done, sum(status = 'cancelled') AS cancelled,
              total(dispatched_at - requested_at_millis) AS dt, count(dispatched_at - requested_at_millis) AS dn,
              total(accepted_at - requested_at_millis) AS at, count(accepted_at - requested_at_millis) AS an
            FROM service_order WHERE \(scope) AND requested_at_millis >= ? AND requested_at_millis < ? GROUP BY g
            """, scopeArguments + [from, to]) { row, s in
            s.orders = row["n"]
            s.completed = row["done"]
            s.cancelled = row["cancelled"]
            s.dispatchTotal = row["dt"]
            s.dispatchCount = row["dn"]
            s.acceptTotal = row["at"]
            s.acceptCount = row["an"]
        }
        try each("""
            SELECT \(key()) AS g, count(*) AS n, sum(coalesce(checked_in_at <= due_at_millis + ?, 0)) AS onTime
            FROM service_order WHERE \(scope) AND checked_in_at >= ? AND checked_in_at < ? GROUP BY g
            """, [ServiceOrder.onTimeToleranceMillis] + scopeArguments + [from, to]) { row, s in
            s.visits = row["n"]
            s.onTime = row["onTime"]
        }
        let (evaluationScope, evaluationArguments) = restricted("evaluation")
        try each("""
            SELECT \(key()) AS g, count(*) AS n, total(stars) AS stars, sum(stars >= 4) AS satisfied
            FROM evaluation WHERE \(evaluationScope) AND created_at_millis >= ? AND created_at_millis < ? GROUP BY g
            """, evaluationArguments + [from, to]) { row, s in
            s.ratings = row["n"]
            s.starsTotal = row["stars"]
            s.satisfied = row["satisfied"]
        }
        // Return visits are order events; their home and organisation are the order's.
        let (visitScope, visitArguments) = restricted("service_order", alias: "o")
        try each("""
            SELECT \(key("o")) AS g, count(*) AS n, total(CAST(json_extract(e.details, '$.satisfaction') AS REAL)) AS t,
              count(CAST(json_extract(e.details, '$.satisfaction') AS REAL)) AS c
            FROM order_event e JOIN service_order o ON o.id = e.order_id
            WHERE e.kind = 'returnVisit' AND \(visitScope) AND (e.version >> 16) >= ? AND (e.version >> 16) < ? GROUP BY g
            """, visitArguments + [from, to]) { row, s in
            s.returnVisits = row["n"]
            s.returnTotal = row["t"]
            s.returnCount = row["c"]
        }
        let (complaintScope, complaintArguments) = restricted("complaint")
        try each("""
            SELECT \(key()) AS g, count(*) AS n FROM complaint
            WHERE \(complaintScope) AND received_at_millis >= ? AND received_at_millis < ? GROUP BY g
            """, complaintArguments + [from, to]) { row, s in
            s.complaints = row["n"]
        }
        return sums
    }

    /// The kept tables that answer: by street when the question is of streets or a county, by
    /// home when it is of a community, and by home and organisation when it names or groups by
    /// an organisation.
    var level: QualitySummary.Level {
        if grouping == .organisation || organisationId != nil || jurisdiction?.organisationId != nil { return .organisation }
        return within.role == .community || jurisdiction?.division.role == .community ? .home : .street
    }

    /// The kept sums of the periods (hours, days or months) `[first, end)`, from `level`'s
    /// table. The jurisdiction here is the division, or an organisation's (its orders, ratings
    /// and complaints: each row's own organisation).
    func summed(_ period: String, _ first: Int64, _ end: Int64, _ db: Database) throws -> [String: QualitySums] {
        let table = QualitySummary.table(period, level)
        let place = level == .street ? "street" : "home"
        var sql = "\(period) >= ? AND \(period) < ? AND \(place) LIKE ?"
        var arguments: [any DatabaseValueConvertible] = [first, end, within.rawValue + "%"]
        for organisation in [organisationId, jurisdiction?.organisationId].compactMap({ $0 }) {
            sql += " AND organisation = ?"
            arguments.append(organisation.canonicalString)
        }
        if let jurisdiction {
            sql += " AND \(place) LIKE ?"
            arguments.append(jurisdiction.division.rawValue + "%")
        }
        let key = switch grouping {
        case .organisation: "CASE organisation WHEN '' THEN 'unassigned' ELSE organisation END"
        case .street: QualitySummary.division(.street, of: place)
        case .county: QualitySummary.division(.county, of: place)
        }
        let sums = QualitySummary.columns.map { "total(\($0)) AS \($0)" }.joined(separator: ", ")
        var result: [String: QualitySums] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT \(key) AS g, \(sums) FROM \(table) WHERE \(sql) GROUP BY g", arguments: StatementArguments(arguments)) {
            func int(_ column: String) -> Int { Int(row[column] as Double) }
            result[row["g"]] = QualitySums(
                orders: int("orders"), completed: int("completed"), cancelled: int("cancelled"),
                dispatchTotal: row["dispatch_total"], dispatchCount: int("dispatch_count"),
                acceptTotal: row["accept_total"], acceptCount: int("accept_count"),
                visits: int("visits"), onTime: int("on_time"),
                ratings: int("ratings"), starsTotal: row["stars_total"], satisfied: int("satisfied"),
                returnVisits: int("return_visits"), returnTotal: row["return_total"], returnCount: int("return_count"),
                complaints: int("complaints"))
        }
        return result
    }
}
