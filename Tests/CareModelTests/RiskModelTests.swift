import CareModel
import Foundation
import Testing

/// The risk reminder's rules as a pure function: each fires at its stated figure and not below.
@Suite struct RiskModelTests {
    static let today = "2026-03-30"

    /// Daily systolic means for the 30 days up to today, starting at `start` and rising by `perDay`.
    static func series(start: Double, perDay: Double, days: Int = 30) -> [(day: String, mean: Double)] {
        (0..<days).map { i in (CalendarDate.adding(days: -(days - 1) + i, to: today), start + perDay * Double(i)) }
    }

    @Test func aRisingBloodPressureSeriesProducesTheDocumentedReminder() throws {
        let input = RiskInput(elderId: UUID(), systolicMeans: Self.series(start: 130, perDay: 0.5))
        let assessment = RiskRules.assess(input, today: Self.today)
        let finding = try #require(assessment.findings.first)
        #expect(finding.rule == .risingBloodPressure && finding.figure == 3.5 && assessment.rising)
        #expect(assessment.score == RiskRule.risingBloodPressure.points)
        #expect(finding.message.zh.contains("每周上升3.5mmHg") && finding.message.en.contains("3.5 mmHg/week"))
    }

    @Test func aFlatOrSlowlyRisingSeriesDoesNot() {
        let flat = RiskRules.assess(RiskInput(elderId: UUID(), systolicMeans: Self.series(start: 150, perDay: 0)), today: Self.today)
        #expect(flat.findings.isEmpty && flat.score == 0)
        // 0.3 mmHg a day is 2.1 a week: under the 2.5 figure.
        let slow = RiskRules.assess(RiskInput(elderId: UUID(), systolicMeans: Self.series(start: 130, perDay: 0.3)), today: Self.today)
        #expect(slow.findings.isEmpty)
        // Too few days for a trend.
        let short = RiskRules.assess(RiskInput(elderId: UUID(), systolicMeans: Self.series(start: 130, perDay: 2, days: 9)), today: Self.today)
        #expect(short.findings.isEmpty)
        // Days before the 30-day window do not count.
        let old = Self.series(start: 120, perDay: 1).map { (CalendarDate.adding(days: -60, to: $0.day), $0.mean) }
        #expect(RiskRules.assess(RiskInput(elderId: UUID(), systolicMeans: old), today: Self.today).findings.isEmpty)
    }

    @Test func outOfRangeDaysOverdueFollowUpsAndAbnormalCheckupsAddTheirPoints() {
        let input = RiskInput(
            elderId: UUID(), outOfRangeDays: ["2026-03-20", "2026-03-28", "2026-01-01"], overdue: [(.diabetesType2, 12)],
            latestCheckup: ("2026-02-01", [.fastingGlucose, .ldlCholesterol]))
        let assessment = RiskRules.assess(input, today: Self.today)
        #expect(assessment.findings.map(\.rule) == [.repeatedOutOfRange, .overdueFollowUp, .abnormalCheckup])
        #expect(assessment.findings.map(\.figure) == [2, 12, 2])
        #expect(assessment.score == 2 + 2 + 1 && !assessment.rising)
        let one = RiskRules.assess(RiskInput(elderId: UUID(), outOfRangeDays: ["2026-03-20"], latestCheckup: ("2024-01-01", [.ecg])), today: Self.today)
        #expect(one.findings.isEmpty, "one day out of range, and a check-up over a year old")
    }
}
