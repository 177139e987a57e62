import CareModel
import Foundation
import Testing

/// Thresholds as pure rules: which bounds apply to an elder (override, condition default,
/// county default, built-in), the shipped defaults and their sources, and the band rules.
@Suite struct ThresholdModelTests {
    static let county = DivisionCode("420107")!
    static let community = DivisionCode("420107001001")!
    static let shipped = ThresholdDefaults.shipped(county: county)
    /// 2026-03-01 12:00 China Standard Time (day, so heart rate is judged awake).
    static let noon: Int64 = 1_772_337_600_000

    static func override(_ measure: Measure, _ threshold: Threshold, elder: UUID = UUID()) -> ThresholdOverride {
        ThresholdOverride(home: community, elderId: elder, measure: measure, threshold: threshold, setBy: "站点", setAtMillis: noon)
    }

    static func effective(
        _ measure: Measure, overrides: [ThresholdOverride] = [], conditions: Set<ChronicDisease> = [], defaults: [ThresholdDefault] = []
    ) -> EffectiveThreshold {
        ThresholdPrecedence.effective(
            measure: measure, overrides: overrides, conditions: conditions,
            defaults: Dictionary(uniqueKeysWithValues: defaults.map { ($0.id, $0) }), shipped: shipped)
    }

    @Test func aHealthyElderHasTheBuiltInBoundsAndTheyAreLeftToTheRules() {
        let systolic = Self.effective(.systolic)
        #expect(systolic.origin == .builtIn && systolic.threshold == AlertRules.defaults[.systolic])
        let all = ThresholdPrecedence.effective(overrides: [], conditions: [], defaults: [:], shipped: Self.shipped)
        #expect(all.count == Measure.allCases.count)
        #expect(ThresholdPrecedence.alertOverrides(all).isEmpty, "built-in bounds stay with AlertRules (the asleep heart-rate band)")
    }

    @Test func aHypertensiveElderGetsTheGuidelineElderlyTargetCited() {
        let systolic = Self.effective(.systolic, conditions: [.hypertension])
        #expect(systolic.origin == .condition && systolic.conditions == [.hypertension])
        #expect(systolic.threshold.high == 150 && systolic.threshold.criticalHigh == 180)
        #expect(systolic.source?.contains("中国高血压防治指南") == true)
        // 145 mmHg: a warning for a healthy elder, within target for a hypertensive one.
        let reading = Reading(measure: .systolic, value: 145, atMillis: Self.noon)
        #expect(AlertRules.evaluate(reading)?.severity == .warning)
        #expect(AlertRules.evaluate(reading, overrides: [.systolic: systolic.threshold]) == nil)
        let diastolic = Self.effective(.diastolic, conditions: [.hypertension])
        #expect(diastolic.threshold.criticalHigh == 110)
        // Glucose is not hypertension's: built in.
        #expect(Self.effective(.glucose, conditions: [.hypertension]).origin == .builtIn)
    }

    @Test func aDiabeticElderGetsTheBasicCareGuidelineGlucoseBand() {
        let glucose = Self.effective(.glucose, conditions: [.diabetesType2])
        #expect(glucose.origin == .condition && glucose.threshold.low == 4.4 && glucose.threshold.high == 10.0)
        #expect(glucose.source?.contains("国家基层糖尿病防治管理指南") == true)
        let low = Reading(measure: .glucose, value: 3.9, atMillis: Self.noon)
        #expect(AlertRules.evaluate(low, overrides: [.glucose: glucose.threshold])?.severity == .critical, "≤ 3.9 mmol/L is an emergency referral")
        let after = Reading(measure: .glucose, value: 8.5, atMillis: Self.noon)
        #expect(AlertRules.evaluate(after)?.severity == .warning)
        #expect(AlertRules.evaluate(after, overrides: [.glucose: glucose.threshold]) == nil)
    }

    @Test func theElderOwnOverrideComesFirst() {
        let own = Self.override(.systolic, Threshold(low: 90, high: 130, criticalLow: 70, criticalHigh: 170))
        let county = ThresholdDefault(home: Self.county, measure: .systolic, condition: nil, threshold: Threshold(high: 135))
        let systolic = Self.effective(.systolic, overrides: [own], conditions: [.hypertension], defaults: [county])
        #expect(systolic.origin == .elder && systolic.threshold.high == 130 && systolic.override == own)
        // Another measure of the same elder is not overridden.
        #expect(Self.effective(.diastolic, overrides: [own], conditions: [.hypertension]).origin == .condition)
    }

    @Test func theCountyEditReplacesTheShippedDefaultAndItsGeneralDefaultComesLast() {
        let edit = ThresholdDefault(home: Self.county, measure: .systolic, condition: .hypertension, threshold: Threshold(low: 90, high: 140, criticalHigh: 175))
        let general = ThresholdDefault(home: Self.county, measure: .systolic, condition: nil, threshold: Threshold(low: 90, high: 135))
        #expect(Self.effective(.systolic, conditions: [.hypertension], defaults: [edit, general]).threshold.high == 140)
        let healthy = Self.effective(.systolic, defaults: [edit, general])
        #expect(healthy.origin == .county && healthy.threshold.high == 135)
        // The edit of a shipped default is the same record: same id.
        #expect(edit.id == Self.shipped.first { $0.measure == .systolic && $0.condition == .hypertension }?.id)
    }

    @Test func severalConditionsTakeTheStrictestBoundOfEach() {
        let ckd = ThresholdDefault(
            home: Self.county, measure: .systolic, condition: .chronicKidneyDisease, threshold: Threshold(low: 100, high: 140, criticalHigh: 190))
        let both = Self.effective(.systolic, conditions: [.hypertension, .chronicKidneyDisease], defaults: [ckd])
        #expect(both.origin == .condition && both.conditions == [.hypertension, .chronicKidneyDisease])
        #expect(both.threshold == Threshold(low: 100, high: 140, criticalLow: 70, criticalHigh: 180))
        // Bounds that would make no band fall back to the first condition's own.
        let odd = ThresholdDefault(home: Self.county, measure: .systolic, condition: .stroke, threshold: Threshold(low: 155, high: 170))
        let fallback = Self.effective(.systolic, conditions: [.hypertension, .stroke], defaults: [odd])
        #expect(fallback.threshold == Self.shipped[0].threshold)
    }

    @Test func theShippedDefaultsAreValidRecordsWithSources() {
        #expect(!Self.shipped.isEmpty)
        for d in Self.shipped {
            #expect(d.validationErrors.isEmpty, "\(d.measure) \(String(describing: d.condition)): \(d.validationErrors)")
            #expect(d.source?.isEmpty == false)
        }
        #expect(Set(Self.shipped.map(\.id)).count == Self.shipped.count)
    }

    @Test func aBandIsRefusedInBothLanguagesNamingTheField() {
        func fields(_ t: Threshold, _ m: Measure = .systolic) -> Set<String> { Set(t.errors(for: m).map(\.field)) }
        #expect(fields(Threshold(low: 140, high: 130)) == ["low"])
        #expect(fields(Threshold(high: 150, criticalHigh: 140)) == ["criticalHigh"])
        #expect(fields(Threshold(low: 90, criticalLow: 95)) == ["criticalLow"])
        #expect(fields(Threshold(high: 400)) == ["high"])
        #expect(fields(Threshold()) == ["low"])
        #expect(fields(Threshold(low: 90, high: 150, criticalLow: 70, criticalHigh: 180)).isEmpty)
        #expect(fields(Threshold(high: .nan), .glucose) == ["high"])
        let error = Threshold(low: 140, high: 130).errors(for: .systolic)[0]
        #expect(error.message.contains("below") && error.messageZh.contains("下限"))
        var broken = Self.override(.systolic, Threshold(low: 140, high: 130))
        #expect(!broken.validationErrors.isEmpty)
        broken.threshold = Threshold(high: 130)
        broken.id = UUID()
        #expect(broken.validationErrors.map(\.field) == ["id"])
    }
}
