import CareModel
import CareStore
import Foundation
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
}
