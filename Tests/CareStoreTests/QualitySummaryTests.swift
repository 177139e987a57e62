import CareModel
@testable import CareStore
import Foundation
import GRDB
import Testing

/// The service-quality figures read from the kept sums (v26: by month and day, with or without the organisation) equal the figures
/// read from the records themselves, for any period, grouping and jurisdiction, after every
/// kind of write the triggers must follow: bulk loads with their folds, complaints, and edits,
/// moves and deletes of orders, events and ratings.
@Suite struct QualitySummaryTests {
    static let day = QualitySummary.dayMillis
    /// Midnight in China, 2025-09-20; the history runs 75 days from it, into December.
    static let t0: Int64 = 1_758_297_600_000
    static let october: Int64 = 1_759_248_000_000, november: Int64 = 1_761_926_400_000, december: Int64 = 1_764_518_400_000
    static let communities = [DivisionCode("420107001001")!, DivisionCode("420107001002")!, DivisionCode("420107002001")!]
    static let organisations = (1...3).map { UUID(uuidString: "00000000-0000-4000-8000-00000000000\($0)")! }

    /// A small deterministic generator (the figures must be the same on every run).
    struct Dice {
        var state: UInt64
        mutating func next(_ range: ClosedRange<Int64>) -> Int64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return range.lowerBound + Int64((state >> 33) % UInt64(range.upperBound - range.lowerBound + 1))
        }
    }

    /// Orders over 75 days with their events (some cancelled, some rated, some visited
    /// again), and complaints, written as a county receives them.
    static func history(_ db: AppDatabase, dice: inout Dice, orders: Int = 240) throws -> [ServiceOrder] {
        var batch = BulkBatch()
        for serial in 0..<orders {
            let home = communities[Int(dice.next(0...2))]
            let requested = t0 + dice.next(0...(75 * day))
            let order = ServiceOrder(
                home: home, elderId: UUID(), category: .meals, channel: .phone, takenAt: home, takenBy: "op", requestedAtMillis: requested)
            batch.orders.append((order, Version(hlc: HLC(millis: requested, counter: 0), origin: home.rawValue)))
            var at = requested
            func step(_ kind: OrderEventKind, _ minutes: ClosedRange<Int64>, organisation: UUID? = nil, worker: UUID? = nil, details: [String: String] = [:]) {
                at += dice.next(minutes) * 60_000
                batch.orderEvents.append(OrderEvent(
                    orderId: order.id, home: home, kind: kind, version: Version(hlc: HLC(millis: at, counter: 0), origin: home.rawValue),
                    actor: "op", reason: kind == .cancel ? "家属已自行安排" : nil, organisationId: organisation, workerId: worker, details: details))
            }
            let stage = serial % 8
            if stage == 0 { continue }
            if stage == 1 {
                step(.cancel, 5...60)
                continue
            }
            step(.dispatch, 2...400, organisation: organisations[Int(dice.next(0...2))])
            if stage == 2 { continue }
            step(.accept, 2...300, worker: UUID())
            step(.checkIn, 20...900)
            if stage == 3 { continue }
            step(.complete, 30...120, details: [StepDetail.durationMinutes: "60"])
            if stage >= 5 { step(.rate, 5...900, details: [StepDetail.stars: String(dice.next(1...5)), StepDetail.rater: "elder"]) }
            if stage >= 6 { step(.returnVisit, 600...4000, details: stage == 7 ? [:] : [StepDetail.satisfaction: String(dice.next(1...5))]) }
        }
        try db.bulkLoad(batch)
        for serial in 0..<orders / 6 {
            let order = batch.orders[serial * 5].0
            _ = try db.createComplaint(Complaint(
                home: order.home, orderId: order.id, organisationId: organisations[serial % 3], complainant: "家属", channel: .phone,
                description: "服务人员迟到", takenAt: order.home, takenBy: "op", receivedAtMillis: t0 + dice.next(0...(76 * day))), actor: "op")
        }
        return batch.orders.map(\.0)
    }

    /// Periods of whole months, whole days and hours, inside one day, around the history,
    /// before 1970, and everything.
    static let periods: [(Int64, Int64)] = [
        (october, december), (t0, t0 + 80 * day), (october - 3 * day, november + 5 * day), (t0 + 7_654_321, december + 13_000_000),
        (t0 + 2 * day + 1_000, t0 + 2 * day + 80_000_000), (t0 + 3 * day, t0 + 4 * day), (november + 1, december - 1),
        (october + 2 * day + 1_000, december + 20 * day + 7), (november + 3 * day, december - 2 * day),
        (0, Int64.max), (Int64.min, Int64.max), (-5 * day, t0 + 20 * day), (t0 + 5 * day, t0 + 2 * day),
        // Ends read as their days less the other hours: next to days, inside a month read whole, across a month's end.
        (t0 + 5 * day + 70_000_000, t0 + 30 * day + 79_000_000), (november + 3 * day - 1_000, december - 2 * day + 80_000_000),
        (october - 4_000_000, december + 1_000_000), (october + 3_600_000, october + day + 82_000_000), (october + day + 3_600_000, november + day),
        // Ending at the wall clock of `theKeptSumsGiveTheFiguresTheRecordsGive`'s store, whose later hours are read as free.
        (t0 + 10 * day + 18_000_000, wallClock), (t0 + 3 * day, wallClock), (wallClock - 365 * day, wallClock),
    ]

    /// 10:00 on the 41st day of the history.
    static let wallClock: Int64 = t0 + 40 * day + 36_000_000

    static func scopes() -> [(Jurisdiction?, UUID?)] {
        [
            (nil, nil), (Jurisdiction(division: DivisionCode("420107001")!), nil), (Jurisdiction(division: communities[2]), nil),
            (Jurisdiction(division: DivisionCode("420107")!, organisationId: organisations[1]), nil), (nil, organisations[0]),
            (Jurisdiction(division: DivisionCode("420107001")!, organisationId: organisations[2]), organisations[2]),
        ]
    }

    /// Every period, grouping and scope: (what differs, summed, raw) for each that differs.
    static func differences(_ db: AppDatabase) throws -> [String] {
        var found: [String] = []
        for (from, to) in periods {
            for grouping in QualityGrouping.allCases {
                for (scope, organisation) in scopes() {
                    let ask = { (summary: Bool) in
                        try db.serviceQuality(
                            within: DivisionCode("420107")!, organisationId: organisation, from: from, to: to, grouping: grouping,
                            scope: scope, summary: summary)
                    }
                    let summed = try ask(true), raw = try ask(false)
                    if summed != raw { found.append("\(from)..<\(to) \(grouping) \(String(describing: scope)) \(String(describing: organisation)):\n\(summed)\n\(raw)") }
                }
            }
        }
        return found
    }

    @Test func theKeptSumsGiveTheFiguresTheRecordsGive() throws {
        let db = try AppDatabase.inMemory(node: DivisionCode("420107")!, wallClock: { Self.wallClock })
        var dice = Dice(state: 20261204)
        let orders = try Self.history(db, dice: &dice)
        let everything = try db.serviceQuality(within: DivisionCode("420107")!, organisationId: nil, from: 0, to: .max, grouping: .county)
        #expect(everything.count == 1 && everything[0].orders == orders.count && everything[0].returnVisits > 0 && everything[0].complaints > 0)
        #expect(everything[0].meanReturnVisitSatisfaction != nil && everything[0].onTimeArrivalRate != nil && everything[0].meanAcceptMinutes != nil)
        let rows = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM quality_day") ?? 0 }
        #expect(rows > 20)
        #expect(try Self.differences(db).isEmpty)
    }

    @Test func theSumsFollowEditsMovesAndDeletes() throws {
        let db = try AppDatabase.inMemory(node: DivisionCode("420107")!)
        var dice = Dice(state: 7)
        let orders = try Self.history(db, dice: &dice)
        try db.write { db in
            // Orders handed to another organisation and moved to another community, their
            // requests and visits retimed; an order and its events deleted; events and ratings
            // edited and deleted; a complaint moved.
            for (index, order) in orders.enumerated() where index % 7 == 0 {
                try db.execute(sql: "UPDATE service_order SET organisation_id = ? WHERE id = ?", arguments: [Self.organisations[index % 3].uuidString, order.id.uuidString])
            }
            for order in orders.prefix(30) {
                try db.execute(sql: "UPDATE service_order SET home = ?, requested_at_millis = requested_at_millis + ? WHERE id = ?", arguments: [
                    Self.communities[2].rawValue, Self.day / 3, order.id.uuidString,
                ])
            }
            try db.execute(sql: "UPDATE service_order SET checked_in_at = checked_in_at + 5000000, due_at_millis = checked_in_at WHERE rowid % 5 = 1")
            try db.execute(sql: "UPDATE service_order SET status = 'cancelled', completed_at = NULL WHERE rowid % 11 = 3")
            try db.execute(sql: "DELETE FROM service_order WHERE rowid % 13 = 4")
            try db.execute(sql: "DELETE FROM order_event WHERE kind = 'returnVisit' AND rowid % 3 = 0")
            try db.execute(sql: "UPDATE order_event SET details = '{\"satisfaction\":\"2\"}', version = version + (86400000 << 16) WHERE kind = 'returnVisit' AND rowid % 3 = 1")
            try db.execute(sql: "UPDATE evaluation SET stars = 1, organisation_id = NULL WHERE rowid % 4 = 0")
            try db.execute(sql: "DELETE FROM evaluation WHERE rowid % 4 = 1")
            try db.execute(sql: "UPDATE complaint SET home = ?, received_at_millis = received_at_millis - 3600000 WHERE rowid % 2 = 0", arguments: [Self.communities[0].rawValue])
        }
        // An order replaced whole (as INSERT OR REPLACE does when a record is stored again).
        try db.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO service_order SELECT * FROM service_order WHERE rowid % 6 = 2")
        }
        // More history on top, folded again.
        _ = try Self.history(db, dice: &dice, orders: 80)
        #expect(try Self.differences(db).isEmpty)
    }

    /// v32's fills of the street tables (days and months from the home tables, hours from the
    /// records) give the rows their triggers keep.
    @Test func theStreetFillGivesWhatTheTriggersKeep() throws {
        let db = try AppDatabase.inMemory(node: DivisionCode("420107")!)
        var dice = Dice(state: 31)
        _ = try Self.history(db, dice: &dice, orders: 120)
        for period in ["hour", "day", "month"] {
            let table = QualitySummary.table(period, .street)
            let select = "SELECT \(period), street, \(QualitySummary.columns.joined(separator: ", ")) FROM \(table) ORDER BY 1, 2"
            let kept = try db.read { try Row.fetchAll($0, sql: select) }
            #expect(kept.count > (period == "month" ? 2 : 40))
            try db.write { db in
                try db.execute(sql: "DELETE FROM \(table)")
                try db.execute(sql: period == "hour" ? QualitySummary.hourFill : QualitySummary.streetFill(period))
            }
            let filled = try db.read { try Row.fetchAll($0, sql: select) }
            // Rows whose records all went elsewhere hold zeros; only the others must agree.
            let counted = { (rows: [Row]) in rows.filter { row in QualitySummary.columns.contains { (row[$0] as Double) != 0 } } }
            #expect(counted(filled) == counted(kept) && counted(kept).count == kept.count, "\(table)")
        }
    }

    /// Without its triggers the summary falls behind, and the comparison above sees it: the
    /// test can fail.
    @Test func withoutTheTriggersTheSumsWouldDiffer() throws {
        let db = try AppDatabase.inMemory(node: DivisionCode("420107")!)
        var dice = Dice(state: 99)
        _ = try Self.history(db, dice: &dice, orders: 60)
        #expect(try Self.differences(db).isEmpty)
        try db.write { db in
            for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'quality_%'") {
                try db.execute(sql: "DROP TRIGGER \(name)")
            }
        }
        _ = try Self.history(db, dice: &dice, orders: 20)
        #expect(try !Self.differences(db).isEmpty)
    }

    @Test func aPeriodIsReadAsWholeMonthsWholeDaysAndTheHoursAtItsEnds() {
        typealias Plan = QualitySummary.Plan
        let oct1 = (Self.october + QualitySummary.offsetMillis) / Self.day, nov1 = oct1 + 31, dec1 = nov1 + 30
        #expect(QualitySummary.plan(from: Self.october, to: Self.december) == Plan(months: [202510..<202512]))
        #expect(QualitySummary.plan(from: Self.october - Self.day, to: Self.december + 2 * Self.day + 5) == Plan(
            months: [202510..<202512], days: [(oct1 - 1)..<oct1, dec1..<(dec1 + 2)], raw: [(Self.december + 2 * Self.day)..<(Self.december + 2 * Self.day + 5)]))
        // October but its first 5 ms is read as October less those.
        #expect(QualitySummary.plan(from: Self.october + 5, to: Self.november + Self.day) == Plan(
            months: [202510..<202511], days: [nov1..<(nov1 + 1)], lessRaw: [Self.october..<(Self.october + 5)]))
        // October less its first two days; the last two hours of the second come from the records.
        #expect(QualitySummary.plan(from: Self.october + Self.day + 79_200_000, to: Self.november + Self.day) == Plan(
            months: [202510..<202511], days: [nov1..<(nov1 + 1)], lessDays: [oct1..<(oct1 + 2)],
            raw: [(Self.october + Self.day + 79_200_000)..<(Self.october + 2 * Self.day)]))
        // October less its first day, and less the first hour of its second.
        #expect(QualitySummary.plan(from: Self.october + Self.day + 3_600_000, to: Self.november + Self.day) == Plan(
            months: [202510..<202511], days: [nov1..<(nov1 + 1)], lessDays: [oct1..<(oct1 + 1)],
            lessRaw: [(Self.october + Self.day)..<(Self.october + Self.day + 3_600_000)]))
        // Days joined by the hours at either end read as their days less the rest.
        #expect(QualitySummary.plan(from: Self.november + 2 * Self.day + 1_000, to: Self.november + 9 * Self.day + 50_000_000) == Plan(
            days: [(nov1 + 2)..<(nov1 + 10)],
            lessRaw: [(Self.november + 2 * Self.day)..<(Self.november + 2 * Self.day + 1_000), (Self.november + 9 * Self.day + 50_000_000)..<(Self.november + 10 * Self.day)]))
        // November less its last day, and less the last hours of the 29th.
        #expect(QualitySummary.plan(from: Self.november, to: Self.december - 2 * Self.day + 80_000_000) == Plan(
            months: [202511..<202512], lessDays: [(dec1 - 1)..<dec1], lessRaw: [(Self.december - 2 * Self.day + 80_000_000)..<(Self.december - Self.day)]))
        #expect(QualitySummary.plan(from: Self.november + 3 * Self.day, to: Self.december - 2 * Self.day) == Plan(
            months: [202511..<202512], lessDays: [nov1..<(nov1 + 3), (dec1 - 2)..<dec1]))
        #expect(QualitySummary.plan(from: Self.november + 3 * Self.day, to: Self.november + 9 * Self.day) == Plan(days: [(nov1 + 3)..<(nov1 + 9)]))
        #expect(QualitySummary.plan(from: Self.october + 5, to: Self.october + Self.day - 1) == Plan(raw: [(Self.october + 5)..<(Self.october + Self.day - 1)]))
        // Ending now (at 10:00), today is its day less the hours to come, which hold nothing yet.
        let now = Self.november + 5 * Self.day + 36_000_000
        #expect(QualitySummary.plan(from: Self.november + 3 * Self.day, to: now, now: now) == Plan(
            days: [(nov1 + 3)..<(nov1 + 6)], lessRaw: [now..<(Self.november + 6 * Self.day)]))
        #expect(QualitySummary.plan(from: Self.november + 3 * Self.day, to: now) == Plan(days: [(nov1 + 3)..<(nov1 + 5)], raw: [(Self.november + 5 * Self.day)..<now]))
        // A question the street tables answer reads the whole hours at the ends from the hour table.
        let hour = (Self.november + Self.day) / QualitySummary.hourMillis
        #expect(QualitySummary.plan(from: Self.october + 5, to: Self.november + Self.day + 7_200_007, hourly: true) == Plan(
            months: [202510..<202511], days: [nov1..<(nov1 + 1)], raw: [(Self.november + Self.day + 7_200_000)..<(Self.november + Self.day + 7_200_007)],
            lessRaw: [Self.october..<(Self.october + 5)], hours: [hour..<(hour + 2)]))
        #expect(QualitySummary.plan(from: Self.october + Self.day + 3_600_000 + 9, to: Self.november + Self.day, hourly: true) == Plan(
            months: [202510..<202511], days: [nov1..<(nov1 + 1)], lessDays: [oct1..<(oct1 + 1)],
            lessRaw: [(Self.october + Self.day + 3_600_000)..<(Self.october + Self.day + 3_600_009)],
            lessHours: [((Self.october + Self.day) / QualitySummary.hourMillis)..<((Self.october + Self.day) / QualitySummary.hourMillis + 1)]))
        // December to January crosses a year.
        let january: Int64 = 1_767_196_800_000, february = january + 31 * Self.day
        #expect(QualitySummary.plan(from: Self.december, to: february).months == [202512..<202602])
        // Before 1970 and from the year 10000 on, the records answer.
        let all = QualitySummary.plan(from: .min, to: .max)
        #expect(all.raw.contains(Int64.min..<0) && all.raw.contains(QualitySummary.kept.upperBound..<Int64.max))
        #expect(all.months == [197001..<1000001] && all.days.isEmpty && all.lessDays == [0..<1])
        #expect(QualitySummary.plan(from: 5, to: 1) == Plan())
    }
}
