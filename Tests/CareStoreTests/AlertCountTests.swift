import CareModel
@testable import CareStore
import Foundation
import GRDB
import Testing

/// The dashboard's alerts by condition: those raised in the period, within the division and
/// the account's jurisdiction, the most frequent first, critical ones counted apart.
@Suite struct AlertCountTests {
    @Test func alertsRaisedInThePeriodAreCountedByCondition() throws {
        let db = try AppDatabase.inMemory(node: StoreFixtures.street)
        let other = DivisionCode("420107001002")!
        let t0: Int64 = 1_760_000_000_000
        var batch = BulkBatch()
        func alert(_ condition: String, _ severity: AlertSeverity, at minutes: Int64, home: DivisionCode = StoreFixtures.community) {
            let a = Alert(
                id: UUID(), home: home, elderId: UUID(), deviceSerial: "DEV-1", condition: condition, measure: "heartRate", value: 150,
                severity: severity, message: "heart rate high", messageZh: "心率过高", place: "家中", raisedAtMillis: t0 + minutes * 60_000)
            batch.alerts.append((a, Version(hlc: HLC(millis: t0 + minutes * 60_000, counter: 0), origin: home.rawValue)))
        }
        for minute in 0..<5 { alert("heartRate.high", minute < 2 ? .critical : .warning, at: Int64(minute)) }
        alert("fall", .critical, at: 10)
        alert("fall", .critical, at: 20, home: other)
        alert("fall", .critical, at: -10)
        alert("sos", .critical, at: 24 * 60)
        try db.bulkLoad(batch, validate: false)

        let day = try db.alertCounts(within: StoreFixtures.street, scope: nil, from: t0, to: t0 + 86_400_000)
        #expect(day == [
            AlertConditionCount(condition: "heartRate.high", count: 5, critical: 2), AlertConditionCount(condition: "fall", count: 2, critical: 2),
        ])
        let community = try db.alertCounts(within: StoreFixtures.community, scope: nil, from: t0 - 3_600_000, to: t0 + 2 * 86_400_000)
        #expect(community.map(\.condition) == ["heartRate.high", "fall", "sos"] && community[1].count == 2)
        let bound = try db.alertCounts(within: StoreFixtures.street, scope: Jurisdiction(division: other), from: t0, to: t0 + 86_400_000)
        #expect(bound == [AlertConditionCount(condition: "fall", count: 1, critical: 1)])
    }

    /// The kept counts (v29, by day and month, street and condition) give what the alerts
    /// themselves give, for any period, division and jurisdiction, after loads, moves,
    /// re-grading and deletes.
    @Test func theKeptCountsGiveWhatTheAlertsGive() throws {
        let county = DivisionCode("420107")!
        let db = try AppDatabase.inMemory(node: county)
        let homes = QualitySummaryTests.communities + [DivisionCode("420107002")!, county]
        let conditions = ["fall", "sos", "heartRate.high", "bloodPressure.high"]
        var dice = QualitySummaryTests.Dice(state: 20261207)
        var batch = BulkBatch()
        for _ in 0..<400 {
            let home = homes[Int(dice.next(0...Int64(homes.count - 1)))]
            let raised = QualitySummaryTests.t0 + dice.next(0...(75 * QualitySummaryTests.day))
            let alert = Alert(
                id: UUID(), home: home, elderId: UUID(), deviceSerial: "DEV-1", condition: conditions[Int(dice.next(0...3))], measure: "heartRate",
                value: 150, severity: dice.next(0...2) == 0 ? .critical : .warning, message: "heart rate high", messageZh: "心率过高",
                place: "家中", raisedAtMillis: raised)
            batch.alerts.append((alert, Version(hlc: HLC(millis: raised, counter: 0), origin: home.rawValue)))
        }
        try db.bulkLoad(batch, validate: false)
        let divisions = [county, DivisionCode("420107001")!, DivisionCode("420107002")!, QualitySummaryTests.communities[0]]
        let scopes: [Jurisdiction?] = [nil, Jurisdiction(division: DivisionCode("420107001")!), Jurisdiction(division: QualitySummaryTests.communities[2])]
        func differences() throws -> [String] {
            var found: [String] = []
            for (from, to) in QualitySummaryTests.periods {
                for within in divisions {
                    for scope in scopes {
                        let kept = try db.alertCounts(within: within, scope: scope, from: from, to: to)
                        let raw = try db.alertCounts(within: within, scope: scope, from: from, to: to, summary: false)
                        if kept != raw { found.append("\(from)..<\(to) \(within) \(String(describing: scope)):\n\(kept)\n\(raw)") }
                    }
                }
            }
            return found
        }
        let all = try db.alertCounts(within: county, scope: nil, from: 0, to: .max)
        #expect(all.reduce(0) { $0 + $1.count } == 400)
        #expect(try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM alert_count_day") ?? 0 } > 50)
        #expect(try differences().isEmpty)

        try db.write { db in
            try db.execute(sql: "UPDATE alert SET home = ?, raised_at_millis = raised_at_millis + 40000000 WHERE rowid % 7 = 0", arguments: [homes[3].rawValue])
            try db.execute(sql: "UPDATE alert SET severity = 'critical', condition = 'fall' WHERE rowid % 5 = 1")
            try db.execute(sql: "UPDATE alert SET status = 'resolved', count = count + 1 WHERE rowid % 3 = 2")
            try db.execute(sql: "DELETE FROM alert WHERE rowid % 11 = 4")
        }
        let left = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM alert") ?? 0 }
        #expect(try db.alertCounts(within: county, scope: nil, from: 0, to: .max).reduce(0) { $0 + $1.count } == left)
        #expect(try differences().isEmpty)
    }
}
