import CareModel
import Foundation
import GRDB

/// The service-quality figures' kept sums (v26): `quality_month` and `quality_day` hold, per
/// calendar month or day (China Standard Time), home and organisation, what the five raw
/// statements of `serviceQuality` would add up for that period; `quality_area_month` and
/// `quality_area_day` the same per home alone, and `quality_street_month`,
/// `quality_street_day` and `quality_street_hour` (v32) per street. A year of figures reads
/// its whole months from a month table, the days before and after them from a day table, and
/// only the hours at either end from the records (for a question of streets, only the minutes
/// at either end: the hours come from the hour table). Triggers keep all seven current through
/// every write path (the API, apply, folds, bulk loads and purges): each takes the old row's
/// part away and adds the new row's.
///
/// Each part goes where its own record puts it: an order's by its request (and its check-in
/// by the check-in's time), a rating and a complaint by their own home and organisation, a
/// return visit by its order's. Times before 1970 or from the year 10000 on are left to the records.
enum QualitySummary {
    static let dayMillis: Int64 = 86_400_000
    /// China Standard Time, which has no daylight saving: periods are its days and months.
    static let offsetMillis: Int64 = 8 * 3_600_000
    /// Times the sums hold: from 1970 until the year 10000 begins in China (SQLite's dates end there).
    static let kept: Range<Int64> = 0..<(253_402_300_800_000 - offsetMillis)

    /// The additive columns, as `QualityQuery.summed` reads them.
    static let columns = [
        "orders", "completed", "cancelled", "dispatch_total", "dispatch_count", "accept_total", "accept_count",
        "visits", "on_time", "ratings", "stars_total", "satisfied", "return_visits", "return_total", "return_count", "complaints",
    ]

    /// How finely a kept table divides its periods.
    enum Level {
        /// By home and organisation: figures by or of an organisation.
        case organisation
        /// By home alone: figures of a community, or for an account seen by its orders.
        case home
        /// By street (v32): every other question, from a 25th of the rows of a county's 200 communities.
        case street
    }

    static let hourMillis: Int64 = 3_600_000

    struct Table {
        var name: String
        var period: String
        var level: Level
    }

    static let tables: [Table] = [
        Table(name: "quality_day", period: "day", level: .organisation), Table(name: "quality_month", period: "month", level: .organisation),
        Table(name: "quality_area_day", period: "day", level: .home), Table(name: "quality_area_month", period: "month", level: .home),
        Table(name: "quality_street_day", period: "day", level: .street), Table(name: "quality_street_month", period: "month", level: .street),
        // By street and hour (v32): a rolling period's ends, from the hours before its first
        // whole day and after its last.
        Table(name: "quality_street_hour", period: "hour", level: .street),
    ]
    /// The tables v26 made.
    static let v26Tables = tables.filter { $0.level != .street }

    static func table(_ period: String, _ level: Level) -> String {
        tables.first { $0.period == period && $0.level == level }!.name
    }

    /// The code of the `role` division that holds a record homed at `home`, as SQL.
    static func division(_ role: NodeRole, of home: String) -> String { "substr(\(home), 1, \(role.codeLength))" }

    /// The key columns of a table's rows, and the SQL of each for a record homed at `home`.
    static func keys(_ table: Table, at time: String, home: String, organisation: String) -> [(column: String, value: String)] {
        let period = (table.period, key(table.period, at: time))
        return switch table.level {
        case .organisation: [period, ("home", home), ("organisation", "coalesce(\(organisation), '')")]
        case .home: [period, ("home", home)]
        case .street: [period, ("street", division(.street, of: home))]
        }
    }

    /// What one record adds, at time `at`, to its day's rows and to its month's in `tables`.
    static func parts(
        at time: String, home: String, organisation: String, _ values: [(column: String, value: String)],
        from: [String] = [], conditions: [String] = [], into tables: [Table]
    ) -> [SummaryPart] {
        tables.map { table in
            SummaryPart(
                table: table.name, keys: keys(table, at: time, home: home, organisation: organisation),
                values: values, from: from, conditions: conditions + [isKept(time)])
        }
    }

    /// The key of the hour (hours since 1970: China's hours, its offset being whole hours), the
    /// day (days since 1970) or the month (yyyymm) in China that holds `time` (milliseconds
    /// since 1970), as SQL.
    static func key(_ period: String, at time: String) -> String {
        let local = "(\(time) + \(offsetMillis))"
        return switch period {
        case "hour": "\(time) / \(hourMillis)"
        case "day": "\(local) / \(dayMillis)"
        default: "CAST(strftime('%Y%m', \(local) / 1000, 'unixepoch') AS INTEGER)"
        }
    }

    /// Whether `time` is one the sums hold, as SQL.
    static func isKept(_ time: String) -> String { "\(time) BETWEEN \(kept.lowerBound) AND \(kept.upperBound - 1)" }

    /// Whether order `o`'s visit began by its due time (with the tolerance), 1 or 0, as SQL.
    static func onTime(_ o: String) -> String {
        "coalesce(\(o).checked_in_at <= \(o).due_at_millis + \(ServiceOrder.onTimeToleranceMillis), 0)"
    }

    /// An order counts when it was requested.
    static func requested(_ o: String, into tables: [Table] = QualitySummary.tables) -> [SummaryPart] {
        parts(at: "\(o).requested_at_millis", home: "\(o).home", organisation: "\(o).organisation_id", [
            ("orders", "1"), ("completed", "\(o).completed_at IS NOT NULL"), ("cancelled", "\(o).status = 'cancelled'"),
            ("dispatch_total", "coalesce(\(o).dispatched_at - \(o).requested_at_millis, 0)"),
            ("dispatch_count", "\(o).dispatched_at - \(o).requested_at_millis IS NOT NULL"),
            ("accept_total", "coalesce(\(o).accepted_at - \(o).requested_at_millis, 0)"),
            ("accept_count", "\(o).accepted_at - \(o).requested_at_millis IS NOT NULL"),
        ], into: tables)
    }

    /// Its visit counts when it checked in, on time when that was by the due time.
    static func visited(_ o: String, into tables: [Table] = QualitySummary.tables) -> [SummaryPart] {
        parts(at: "\(o).checked_in_at", home: "\(o).home", organisation: "\(o).organisation_id", [
            ("visits", "1"), ("on_time", onTime(o)),
        ], conditions: ["\(o).checked_in_at IS NOT NULL"], into: tables)
    }

    /// A return visit (an event of its order) counts when it was made, under its order's home and organisation.
    static func returnVisit(_ e: String, order o: String, from: [String], into tables: [Table] = QualitySummary.tables) -> [SummaryPart] {
        let satisfaction = "CAST(json_extract(\(e).details, '$.satisfaction') AS REAL)"
        // `+kind`: an order's events are found by their order (order_event_order), never by
        // reading every return visit through the kind index, which SQLite would otherwise pick.
        return parts(at: "(\(e).version >> 16)", home: "\(o).home", organisation: "\(o).organisation_id", [
            ("return_visits", "1"), ("return_total", "coalesce(\(satisfaction), 0)"), ("return_count", "\(satisfaction) IS NOT NULL"),
        ], from: from, conditions: ["+\(e).kind = 'returnVisit'", "\(o).id = \(e).order_id"], into: tables)
    }

    static func rating(_ v: String, into tables: [Table] = QualitySummary.tables) -> [SummaryPart] {
        parts(at: "\(v).created_at_millis", home: "\(v).home", organisation: "\(v).organisation_id", [
            ("ratings", "1"), ("stars_total", "\(v).stars"), ("satisfied", "\(v).stars >= 4"),
        ], into: tables)
    }

    static func complaint(_ c: String, into tables: [Table] = QualitySummary.tables) -> [SummaryPart] {
        parts(at: "\(c).received_at_millis", home: "\(c).home", organisation: "\(c).organisation_id", [("complaints", "1")], into: tables)
    }

    static func upserts(_ parts: [SummaryPart], _ sign: Int) -> String { parts.map { $0.upsert(sign) }.joined(separator: "\n") }

    static func creates(_ tables: [Table]) -> String {
        tables.map { table -> String in
            let key = keys(table, at: "0", home: "''", organisation: "NULL").map(\.column)
            return """
                CREATE TABLE \(table.name) (
                  \(key.map { "\($0) \($0 == table.period ? "INTEGER" : "TEXT") NOT NULL" }.joined(separator: ", ")),
                  \(columns.map { "\($0) \($0.hasSuffix("_total") ? "REAL" : "INTEGER") NOT NULL DEFAULT 0" }.joined(separator: ", ")),
                  PRIMARY KEY (\(key.joined(separator: ", ")))) WITHOUT ROWID;
                """
        }.joined(separator: "\n")
    }

    /// The triggers that keep `tables` current, each record's parts in all of them.
    static func triggers(_ tables: [Table]) -> String {
        let visitsOf = { (order: String) in returnVisit("e", order: order, from: ["order_event e"], into: tables) }
        return """
            -- An order's request and its visit are kept apart, so a fold that changes one does not rewrite the other.
            \(SummaryPart.triggers(on: "service_order", named: "quality_order", columns: [
                "requested_at_millis", "home", "organisation_id", "status", "dispatched_at", "accepted_at", "completed_at",
            ]) { requested($0, into: tables) })
            \(SummaryPart.triggers(on: "service_order", named: "quality_visit", columns: ["checked_in_at", "due_at_millis", "home", "organisation_id"],
                counts: { "\($0).checked_in_at IS NOT NULL" }) { visited($0, into: tables) })
            -- An order's return visits move with its home and organisation (and come and go with it).
            CREATE TRIGGER quality_order_visits_insert AFTER INSERT ON service_order BEGIN
            \(upserts(visitsOf("NEW"), 1))
            END;
            CREATE TRIGGER quality_order_visits_delete AFTER DELETE ON service_order BEGIN
            \(upserts(visitsOf("OLD"), -1))
            END;
            CREATE TRIGGER quality_order_visits_update AFTER UPDATE OF home, organisation_id ON service_order
              WHEN OLD.home IS NOT NEW.home OR OLD.organisation_id IS NOT NEW.organisation_id BEGIN
            \(upserts(visitsOf("OLD"), -1))
            \(upserts(visitsOf("NEW"), 1))
            END;
            \(SummaryPart.triggers(on: "order_event", named: "quality_event", columns: ["order_id", "kind", "details", "version"],
                counts: { "\($0).kind = 'returnVisit'" }) { returnVisit($0, order: "o", from: ["service_order o"], into: tables) })
            \(SummaryPart.triggers(on: "evaluation", named: "quality_rating", columns: ["home", "organisation_id", "created_at_millis", "stars"]) {
                rating($0, into: tables)
            })
            \(SummaryPart.triggers(on: "complaint", named: "quality_complaint", columns: ["home", "organisation_id", "received_at_millis"]) {
                complaint($0, into: tables)
            })
            """
    }

    /// The triggers' base names (each has an insert, a delete and an update).
    static let triggerNames = ["quality_order", "quality_visit", "quality_order_visits", "quality_event", "quality_rating", "quality_complaint"]

    /// The sums of what the store already holds, into `tables`: a migration's fill.
    static func fill(_ tables: [Table]) -> String {
        let parts = requested("o", into: tables).map { $0.with(from: ["service_order o"]) }
            + visited("o", into: tables).map { $0.with(from: ["service_order o"]) }
            + returnVisit("e", order: "o", from: ["order_event e", "service_order o"], into: tables)
            + rating("v", into: tables).map { $0.with(from: ["evaluation v"]) }
            + complaint("c", into: tables).map { $0.with(from: ["complaint c"]) }
        return upserts(parts, 1)
    }

    /// v26: the tables but the streets', their triggers, and the sums of what the store already holds.
    static var migration: String {
        """
        -- The hours at either end of a period are read from the records: return visits by
        -- their time as well as their kind (this replaces v24's index on the kind alone).
        DROP INDEX order_event_kind;
        CREATE INDEX order_event_kind_time ON order_event(kind, (version >> 16));

        \(creates(v26Tables))

        \(triggers(v26Tables))

        \(fill(v26Tables))
        """
    }

    /// The street tables' rows summed from the home tables' (which equal the records').
    static func streetFill(_ period: String) -> String {
        let sums = columns.map { "sum(\($0))" }.joined(separator: ", ")
        return """
            INSERT INTO \(table(period, .street))(\(period), street, \(columns.joined(separator: ", ")))
              SELECT \(period), \(division(.street, of: "home")), \(sums) FROM \(table(period, .home)) GROUP BY 1, 2;
            """
    }

    /// The hour table's rows summed from the records, as v26 summed its tables.
    static var hourFill: String { fill(tables.filter { $0.period == "hour" }) }

    /// v32: the street tables, every trigger remade to keep them too, and their sums.
    static var streetMigration: String {
        let streets = tables.filter { $0.level == .street }
        return """
            \(creates(streets))
            \(triggerNames.flatMap { name in ["insert", "delete", "update"].map { "DROP TRIGGER \(name)_\($0);" } }.joined(separator: "\n"))
            \(triggers(tables))
            \(streetFill("day"))
            \(streetFill("month"))
            \(hourFill)
            """
    }
}
