import CareModel
import GRDB

/// The dashboard's alerts by condition, kept (v29): `alert_count_day` and `alert_count_month`
/// hold, per day or calendar month in China (the quality sums' periods, `QualitySummary`),
/// street and condition, how many alerts were raised and how many of them were critical.
/// Thirty days of a county read about 1,500 of these rows instead of every alert raised in
/// them; the hours at either end come from the alerts themselves. Triggers keep both tables
/// current through every write path, as they do the quality sums.
///
/// Rows are by street, not community (an alert homed at the county itself counts under the
/// county's code): a community's alerts are few and are always counted from the records, as
/// are an account's that sees alerts through its orders (an organisation's or a caregiver's).
enum AlertCountSummary {
    static let tables: [(name: String, period: String)] = [("alert_count_day", "day"), ("alert_count_month", "month")]

    static func table(_ period: String) -> String { tables.first { $0.period == period }!.name }

    /// The street an alert homed at `home` counts under.
    static func area(_ home: String) -> String { QualitySummary.division(.street, of: home) }

    /// What alert `a` adds to its day's row and to its month's.
    static func parts(_ a: String) -> [SummaryPart] {
        tables.map { table in
            SummaryPart(
                table: table.name,
                keys: [(table.period, QualitySummary.key(table.period, at: "\(a).raised_at_millis")), ("area", area("\(a).home")), ("condition", "\(a).condition")],
                values: [("raised", "1"), ("critical", "\(a).severity = '\(AlertSeverity.critical.rawValue)'")],
                conditions: [QualitySummary.isKept("\(a).raised_at_millis")])
        }
    }

    /// v29: the tables, their triggers, and the alerts already here (summed in one pass per table).
    static var migration: String {
        let create = tables.map { table in
            """
            CREATE TABLE \(table.name) (
              \(table.period) INTEGER NOT NULL, area TEXT NOT NULL, condition TEXT NOT NULL,
              raised INTEGER NOT NULL DEFAULT 0, critical INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (\(table.period), area, condition)) WITHOUT ROWID;
            """
        }.joined(separator: "\n")
        let fill = tables.map { table in
            """
            INSERT INTO \(table.name)(\(table.period), area, condition, raised, critical)
              SELECT \(QualitySummary.key(table.period, at: "raised_at_millis")), \(area("home")), condition, count(*),
                sum(severity = '\(AlertSeverity.critical.rawValue)')
              FROM alert WHERE \(QualitySummary.isKept("raised_at_millis"))
              GROUP BY 1, 2, 3;
            """
        }.joined(separator: "\n")
        return """
            \(create)
            \(SummaryPart.triggers(on: "alert", named: "alert_counts", columns: ["raised_at_millis", "home", "condition", "severity"]) { parts($0) })
            \(fill)
            """
    }

    /// The kept counts of the periods `[first, end)` for alerts homed within each of `divisions`
    /// (street or county codes), by condition.
    static func summed(_ period: String, _ first: Int64, _ end: Int64, within divisions: [DivisionCode], _ db: Database) throws -> [String: (raised: Int, critical: Int)] {
        var sql = "SELECT condition, total(raised) AS n, total(critical) AS c FROM \(table(period)) WHERE \(period) >= ? AND \(period) < ?"
        var arguments: [any DatabaseValueConvertible] = [first, end]
        for division in divisions {
            sql += " AND area LIKE ?"
            arguments.append(division.rawValue + "%")
        }
        var counts: [String: (raised: Int, critical: Int)] = [:]
        for row in try Row.fetchAll(db, sql: sql + " GROUP BY condition", arguments: StatementArguments(arguments)) {
            counts[row["condition"]] = (Int(row["n"] as Double), Int(row["c"] as Double))
        }
        return counts
    }
}
