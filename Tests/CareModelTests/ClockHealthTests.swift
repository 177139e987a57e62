import CareModel
import Testing

@Suite struct ClockHealthTests {
    static let limit: Int64 = 300_000
    static let parent = DivisionCode("420107001")!

    @Test func aClockCloseToItsParentsIsFine() {
        let health = ClockHealth(wallMillis: 1_000_000, hybridMillis: 1_000_000, parentOffsetMillis: 2_000, limitMillis: Self.limit, parent: Self.parent)
        #expect(health.warning == nil)
    }

    @Test func aClockFarBehindItsParentsSaysSoBeforeSyncStops() {
        let behind = ClockHealth(wallMillis: 1_000_000, hybridMillis: 1_000_000, parentOffsetMillis: 200_000, limitMillis: Self.limit, parent: Self.parent)
        #expect(behind.warning?.en.contains("200 s behind its parent 420107001") == true, "\(String(describing: behind.warning))")
        let ahead = ClockHealth(wallMillis: 1_000_000, hybridMillis: 1_000_000, parentOffsetMillis: -200_000, limitMillis: Self.limit, parent: Self.parent)
        #expect(ahead.warning?.en.contains("ahead of its parent") == true)
        #expect(ahead.warning?.zh.contains("快200秒") == true)
    }

    @Test func aWallClockSetBackBehindItsOwnVersionsSaysSo() {
        let health = ClockHealth(wallMillis: 1_000_000, hybridMillis: 1_000_000 + 3_600_000, parentOffsetMillis: nil, limitMillis: Self.limit, parent: nil)
        #expect(health.warning?.en.contains("3600 s ahead of its wall clock") == true)
    }
}
