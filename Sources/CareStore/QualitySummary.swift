import CareModel
import Foundation
import GRDB

/// The service-quality figures' kept sums (v26): `quality_month` and `quality_day` hold, per
/// calendar month or day (China Standard Time), home and organisation, what the five raw
/// statements of `serviceQuality` would add up for that period; `quality_area_month` and
/// `quality_area_day` the same per home alone. A year of figures reads its whole months from
/// a month table, the days before and after them from a day table, and only the hours at
/// either end from the records. Triggers keep all four current through every write path
/// (the API, apply, folds, bulk loads and purges): each takes the old row's part away and adds
/// the new row's.
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

    /// The kept tables: each period by home and organisation (figures by or of an
    /// organisation), and by home alone (every other question, from far fewer rows).
    static let tables: [(name: String, period: String, byOrganisation: Bool)] = [
        ("quality_day", "day", true), ("quality_month", "month", true), ("quality_area_day", "day", false), ("quality_area_month", "month", false),
    ]

    static func table(_ period: String, byOrganisation: Bool) -> String {
        tables.first { $0.period == period && $0.byOrganisation == byOrganisation }!.name
    }

    /// What one record adds, at time `at`, to its day's rows and to its month's.
    static func parts(
        at time: String, home: String, organisation: String, _ values: [(column: String, value: String)],
        from: [String] = [], conditions: [String] = []
    ) -> [SummaryPart] {
        tables.map { table in
            SummaryPart(
                table: table.name,
                keys: [(table.period, key(table.period, at: time)), ("home", home)] + (table.byOrganisation ? [("organisation", "coalesce(\(organisation), '')")] : []),
                values: values, from: from, conditions: conditions + [isKept(time)])
        }
    }

    /// The key of the day (days since 1970) or the month (yyyymm) in China that holds `time`
    /// (milliseconds since 1970), as SQL.
    static func key(_ period: String, at time: String) -> String {
        let local = "(\(time) + \(offsetMillis))"
        return period == "day" ? "\(local) / \(dayMillis)" : "CAST(strftime('%Y%m', \(local) / 1000, 'unixepoch') AS INTEGER)"
    }

    /// Whether `time` is one the sums hold, as SQL.
    static func isKept(_ time: String) -> String { "\(time) BETWEEN \(kept.lowerBound) AND \(kept.upperBound - 1)" }

    /// Whether order `o`'s visit began by its due time (with the tolerance), 1 or 0, as SQL.
    static func onTime(_ o: String) -> String {
        "coalesce(\(o).checked_in_at <= \(o).due_at_millis + \(ServiceOrder.onTimeToleranceMillis), 0)"
    }

    /// An order counts when it was requested.
    static func requested(_ o: String) -> [SummaryPart] {
        parts(at: "\(o).requested_at_millis", home: "\(o).home", organisation: "\(o).organisation_id", [
            ("orders", "1"), ("completed", "\(o).completed_at IS NOT NULL"), ("cancelled", "\(o).status = 'cancelled'"),
            ("dispatch_total", "coalesce(\(o).dispatched_at - \(o).requested_at_millis, 0)"),
            ("dispatch_count", "\(o).dispatched_at - \(o).requested_at_millis IS NOT NULL"),
            ("accept_total", "coalesce(\(o).accepted_at - \(o).requested_at_millis, 0)"),
            ("accept_count", "\(o).accepted_at - \(o).requested_at_millis IS NOT NULL"),
        ])
    }

    /// Its visit counts when it checked in, on time when that was by the due time.
    static func visited(_ o: String) -> [SummaryPart] {
        parts(at: "\(o).checked_in_at", home: "\(o).home", organisation: "\(o).organisation_id", [
            ("visits", "1"), ("on_time", onTime(o)),
        ], conditions: ["\(o).checked_in_at IS NOT NULL"])
    }

    /// A return visit (an event of its order) counts when it was made, under its order's home and organisation.
    static func returnVisit(_ e: String, order o: String, from: [String]) -> [SummaryPart] {
        let satisfaction = "CAST(json_extract(\(e).details, '$.satisfaction') AS REAL)"
        // `+kind`: an order's events are found by their order (order_event_order), never by
        // reading every return visit through the kind index, which SQLite would otherwise pick.
        return parts(at: "(\(e).version >> 16)", home: "\(o).home", organisation: "\(o).organisation_id", [
            ("return_visits", "1"), ("return_total", "coalesce(\(satisfaction), 0)"), ("return_count", "\(satisfaction) IS NOT NULL"),
        ], from: from, conditions: ["+\(e).kind = 'returnVisit'", "\(o).id = \(e).order_id"])
    }

    static func rating(_ v: String) -> [SummaryPart] {
        parts(at: "\(v).created_at_millis", home: "\(v).home", organisation: "\(v).organisation_id", [
            ("ratings", "1"), ("stars_total", "\(v).stars"), ("satisfied", "\(v).stars >= 4"),
        ])
    }

    static func complaint(_ c: String) -> [SummaryPart] {
        parts(at: "\(c).received_at_millis", home: "\(c).home", organisation: "\(c).organisation_id", [("complaints", "1")])
    }

    static func upserts(_ parts: [SummaryPart], _ sign: Int) -> String { parts.map { $0.upsert(sign) }.joined(separator: "\n") }

    /// v26: the tables, their triggers, and the sums of what the store already holds.
    static var migration: String {
        let create: String = tables.map { table -> String in
            let key = [table.period, "home"] + (table.byOrganisation ? ["organisation"] : [])
            return """
                CREATE TABLE \(table.name) (
                  \(key.map { "\($0) \($0 == table.period ? "INTEGER" : "TEXT") NOT NULL" }.joined(separator: ", ")),
                  \(columns.map { "\($0) \($0.hasSuffix("_total") ? "REAL" : "INTEGER") NOT NULL DEFAULT 0" }.joined(separator: ", ")),
                  PRIMARY KEY (\(key.joined(separator: ", ")))) WITHOUT ROWID;
                """
        }.joined(separator: "\n")
        let visitsOf = { (order: String) in returnVisit("e", order: order, from: ["order_event e"]) }
        let fill = requested("o").map { $0.with(from: ["service_order o"]) } + visited("o").map { $0.with(from: ["service_order o"]) }
            + returnVisit("e", order: "o", from: ["order_event e", "service_order o"])
            + rating("v").map { $0.with(from: ["evaluation v"]) } + complaint("c").map { $0.with(from: ["complaint c"]) }
        return """
            -- The hours at either end of a period are read from the records: return visits by
            -- their time as well as their kind (this replaces v24's index on the kind alone).
            DROP INDEX order_event_kind;
            CREATE INDEX order_event_kind_time ON order_event(kind, (version >> 16));

            \(create)

            -- An order's request and its visit are kept apart, so a fold that changes one does not rewrite the other.
            \(SummaryPart.triggers(on: "service_order", named: "quality_order", columns: [
                "requested_at_millis", "home", "organisation_id", "status", "dispatched_at", "accepted_at", "completed_at",
            ]) { requested($0) })
            \(SummaryPart.triggers(on: "service_order", named: "quality_visit", columns: ["checked_in_at", "due_at_millis", "home", "organisation_id"],
                counts: { "\($0).checked_in_at IS NOT NULL" }) { visited($0) })
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
                counts: { "\($0).kind = 'returnVisit'" }) { returnVisit($0, order: "o", from: ["service_order o"]) })
            \(SummaryPart.triggers(on: "evaluation", named: "quality_rating", columns: ["home", "organisation_id", "created_at_millis", "stars"]) { rating($0) })
            \(SummaryPart.triggers(on: "complaint", named: "quality_complaint", columns: ["home", "organisation_id", "received_at_millis"]) { complaint($0) })

            \(upserts(fill, 1))
            """
    }

    /// How a period is read: whole months from a month table (keys yyyymm), whole days around
    /// them from a day table (days since 1970 in China Standard Time), and the rest (`raw`, as
    /// [from, to) millisecond ranges) from the records. A month mostly inside the period is
    /// read whole, less the days outside it (`lessDays`).
    struct Plan: Equatable {
        var months: [Range<Int>] = []
        var days: [Range<Int64>] = []
        /// Days of months read whole that lie outside the period: their sums are taken away.
        var lessDays: [Range<Int64>] = []
        var raw: [Range<Int64>] = []

        /// Adds months, joined to the last range when they follow it.
        mutating func addMonths(_ range: Range<Int>) {
            if let last = months.last, last.upperBound == range.lowerBound {
                months[months.count - 1] = last.lowerBound..<range.upperBound
            } else {
                months.append(range)
            }
        }
    }

    /// The yyyymm key of the month after `month` of `year`.
    static func key(after year: Int, _ month: Int) -> Int { month == 12 ? (year + 1) * 100 + 1 : year * 100 + month + 1 }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: Int(offsetMillis / 1000))!
        return calendar
    }()

    static func dayStart(_ day: Int64) -> Int64 { day * dayMillis - offsetMillis }

    /// The year and month `day` lies in, and whether it is the month's first day.
    static func month(of day: Int64) -> (year: Int, month: Int, isFirst: Bool) {
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(dayStart(day)) / 1000))
        return (parts.year!, parts.month!, parts.day == 1)
    }

    /// The day a month starts on (`month` may be 13: January of the next year).
    static func startDay(year: Int, month: Int) -> Int64 {
        let date = calendar.date(from: DateComponents(year: year + (month - 1) / 12, month: (month - 1) % 12 + 1, day: 1))!
        return (Int64((date.timeIntervalSince1970 * 1000).rounded()) + offsetMillis) / dayMillis
    }

    static func plan(from: Int64, to: Int64) -> Plan {
        guard from < to else { return Plan() }
        var plan = Plan()
        // Times the sums do not hold come from the records.
        let start = max(from, kept.lowerBound), end = min(to, kept.upperBound)
        if from < start { plan.raw.append(from..<min(to, start)) }
        if end < to { plan.raw.append(max(from, end)..<to) }
        guard start < end else { return plan }
        // Whole days: the first that starts at or after `start`, up to the last that ends by `end`.
        let firstDay = (start + offsetMillis + dayMillis - 1) / dayMillis
        let endDay = (end + offsetMillis) / dayMillis
        guard firstDay < endDay else {
            plan.raw.append(start..<end)
            return plan
        }
        if start < dayStart(firstDay) { plan.raw.insert(start..<dayStart(firstDay), at: 0) }
        if dayStart(endDay) < end { plan.raw.append(dayStart(endDay)..<end) }
        // Each month the whole days touch: whole, it is read from the month table; in part,
        // from the day table, or as the month less the days it lacks when those are fewer.
        func part(_ year: Int, _ month: Int, _ first: Int64, _ end: Int64) {
            let monthStart = startDay(year: year, month: month), monthEnd = startDay(year: year, month: month + 1)
            if (first - monthStart) + (monthEnd - end) < end - first {
                plan.addMonths(year * 100 + month..<key(after: year, month))
                if monthStart < first { plan.lessDays.append(monthStart..<first) }
                if end < monthEnd { plan.lessDays.append(end..<monthEnd) }
            } else {
                plan.days.append(first..<end)
            }
        }
        let a = month(of: firstDay), z = month(of: endDay - 1)
        if (a.year, a.month) == (z.year, z.month) {
            part(a.year, a.month, firstDay, endDay)
            return plan
        }
        let (secondYear, second) = (a.year + a.month / 12, a.month % 12 + 1)
        part(a.year, a.month, firstDay, startDay(year: secondYear, month: second))
        if (secondYear, second) < (z.year, z.month) { plan.addMonths(secondYear * 100 + second..<z.year * 100 + z.month) }
        part(z.year, z.month, startDay(year: z.year, month: z.month), endDay)
        return plan
    }
}
