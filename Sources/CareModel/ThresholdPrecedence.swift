import Foundation

/// The defaults by chronic condition shipped with carenode, which the county edits (a stored
/// `ThresholdDefault` with the same id replaces the shipped one; removing it restores it).
///
/// Sources:
/// - Hypertension: 中国高血压防治指南（2018年修订版）, 老年高血压: for elders aged 65–79 the
///   target is < 150/90 mmHg (< 140/90 if tolerated), for those 80 and over < 150/90 mmHg; the
///   same elderly target is in 国家基层高血压防治管理指南（2020版）. A warning is raised above the
///   target. Critical: ≥ 180 mmHg systolic and/or ≥ 110 mmHg diastolic is the emergency-referral
///   figure of 国家基层高血压防治管理指南（2020版） and of 国家基本公共卫生服务规范（第三版）
///   高血压患者健康管理服务规范 (紧急转诊); the alert rule compares strictly, so 180/110 is
///   critical from just above. The low bounds stay at `AlertRules.defaults` (90/60 and 70/40).
/// - Type 2 (and type 1) diabetes, glucose: 国家基层糖尿病防治管理指南（2022）: control targets
///   fasting 4.4–7.0 mmol/L, non-fasting < 10.0 mmol/L; a device reading is not known to be
///   fasting, so the warning band is 4.4–10.0. Critical: ≤ 3.9 mmol/L (hypoglycaemia; stored as
///   below 3.95, since the rule compares strictly) or ≥ 16.7 mmol/L, the emergency-referral figures of 国家基本公共卫生服务规范（第三版）
///   2型糖尿病患者健康管理服务规范 (血糖≥16.7mmol/L或血糖≤3.9mmol/L, 紧急转诊).
public enum ThresholdDefaults {
    public static let hypertensionSource = "中国高血压防治指南（2018年修订版）老年高血压目标<150/90mmHg；国家基层高血压防治管理指南（2020版）≥180/110mmHg紧急转诊"
    public static let diabetesSource = "国家基层糖尿病防治管理指南（2022）空腹4.4–7.0、非空腹<10.0mmol/L；国家基本公共卫生服务规范（第三版）≥16.7或≤3.9mmol/L紧急转诊"
    public static let builtInSource = "Anhui DB34/T §5.3.2.8 defaults (AlertRules.defaults)"

    /// The shipped defaults for a county.
    public static func shipped(county: DivisionCode) -> [ThresholdDefault] {
        let glucose = Threshold(low: 4.4, high: 10.0, criticalLow: 3.95, criticalHigh: 16.7)
        return [
            ThresholdDefault(
                home: county, measure: .systolic, condition: .hypertension,
                threshold: Threshold(low: 90, high: 150, criticalLow: 70, criticalHigh: 180), source: hypertensionSource),
            ThresholdDefault(
                home: county, measure: .diastolic, condition: .hypertension,
                threshold: Threshold(low: 60, high: 90, criticalLow: 40, criticalHigh: 110), source: hypertensionSource),
            ThresholdDefault(home: county, measure: .glucose, condition: .diabetesType2, threshold: glucose, source: diabetesSource),
            ThresholdDefault(home: county, measure: .glucose, condition: .diabetesType1, threshold: glucose, source: diabetesSource),
        ]
    }
}

/// Where an elder's effective bounds for a measure come from.
public enum ThresholdOrigin: String, CodeTable {
    case elder, condition, county, builtIn

    public var label: Label {
        switch self {
        case .elder: Label(en: "set for this elder", zh: "个人设置")
        case .condition: Label(en: "county default for the elder's chronic condition", zh: "慢病默认值")
        case .county: Label(en: "county default", zh: "县级默认值")
        case .builtIn: Label(en: "built-in default", zh: "系统默认值")
        }
    }
}

/// An elder's bounds for one measure and where they come from.
public struct EffectiveThreshold: Hashable, Sendable {
    public var measure: Measure
    public var threshold: Threshold
    public var origin: ThresholdOrigin
    /// The conditions whose defaults gave the bounds (origin `condition`).
    public var conditions: [ChronicDisease]
    /// The override (origin `elder`).
    public var override: ThresholdOverride?
    /// The guideline or note behind the figures.
    public var source: String?

    public init(
        measure: Measure, threshold: Threshold, origin: ThresholdOrigin, conditions: [ChronicDisease] = [], override: ThresholdOverride? = nil,
        source: String? = nil
    ) {
        self.measure = measure
        self.threshold = threshold
        self.origin = origin
        self.conditions = conditions
        self.override = override
        self.source = source
    }
}

/// The precedence of thresholds, one rule for device ingest, the API and the console:
///
/// 1. the elder's own override for the measure (station staff set it);
/// 2. else the county's defaults for the elder's active chronic conditions (the county's
///    edit, or the shipped `ThresholdDefaults`): one condition's bounds as they are; when
///    several of the elder's conditions have a default for the measure, the strictest bound of
///    each kind (the highest low, the lowest high, the highest critical low, the lowest critical
///    high), so that no condition's alert is lost, unless that makes no valid band, when the
///    first condition's bounds (in code-table order) are taken;
/// 3. else the county's own default for every elder, when it has set one;
/// 4. else `AlertRules.defaults` (including the asleep heart-rate band at night).
///
/// A condition default replaces the general default rather than narrowing it: a hypertensive
/// elder's systolic warning is the guideline's elderly target (150), above a healthy elder's 140.
public enum ThresholdPrecedence {
    /// - Parameters:
    ///   - overrides: the elder's live overrides.
    ///   - conditions: the elder's active chronic conditions.
    ///   - defaults: the county's live defaults by id (edits of the shipped ones included);
    ///     `shipped` fills in those it has not edited. A deleted edit is absent here.
    public static func effective(
        measure: Measure, overrides: [ThresholdOverride], conditions: Set<ChronicDisease>, defaults: [UUID: ThresholdDefault],
        shipped: [ThresholdDefault]
    ) -> EffectiveThreshold {
        if let own = overrides.first(where: { $0.measure == measure }) {
            return EffectiveThreshold(measure: measure, threshold: own.threshold, origin: .elder, override: own, source: own.note)
        }
        let shippedById = Dictionary(shipped.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func lookup(_ condition: ChronicDisease?) -> ThresholdDefault? {
            let id = ThresholdDefault.id(measure: measure, condition: condition)
            return defaults[id] ?? shippedById[id]
        }
        let byCondition = ChronicDisease.allCases.filter(conditions.contains).compactMap { c in lookup(c).map { (c, $0) } }
        if let first = byCondition.first {
            let strictest = strictest(byCondition.map(\.1.threshold))
            let combined = strictest.errors(for: measure).isEmpty ? strictest : first.1.threshold
            let sources = Array(Set(byCondition.compactMap(\.1.source))).sorted()
            return EffectiveThreshold(
                measure: measure, threshold: combined, origin: .condition, conditions: byCondition.map(\.0),
                source: sources.isEmpty ? nil : sources.joined(separator: "；"))
        }
        if let general = defaults[ThresholdDefault.id(measure: measure, condition: nil)] {
            return EffectiveThreshold(measure: measure, threshold: general.threshold, origin: .county, source: general.source)
        }
        return EffectiveThreshold(measure: measure, threshold: AlertRules.defaults[measure]!, origin: .builtIn, source: ThresholdDefaults.builtInSource)
    }

    /// Every measure's effective bounds, in code-table order.
    public static func effective(
        overrides: [ThresholdOverride], conditions: Set<ChronicDisease>, defaults: [UUID: ThresholdDefault], shipped: [ThresholdDefault]
    ) -> [EffectiveThreshold] {
        Measure.allCases.map { effective(measure: $0, overrides: overrides, conditions: conditions, defaults: defaults, shipped: shipped) }
    }

    /// What `AlertRules.evaluate(_:overrides:)` takes: every bound not built in (a built-in
    /// one is left to the rules, which know the asleep heart-rate band).
    public static func alertOverrides(_ effective: [EffectiveThreshold]) -> [Measure: Threshold] {
        Dictionary(effective.filter { $0.origin != .builtIn }.map { ($0.measure, $0.threshold) }, uniquingKeysWith: { a, _ in a })
    }

    /// The strictest bound of each kind over several bands.
    static func strictest(_ bands: [Threshold]) -> Threshold {
        func pick(_ values: [Double?], _ choose: ([Double]) -> Double?) -> Double? { choose(values.compactMap { $0 }) }
        return Threshold(
            low: pick(bands.map(\.low)) { $0.max() }, high: pick(bands.map(\.high)) { $0.min() },
            criticalLow: pick(bands.map(\.criticalLow)) { $0.max() }, criticalHigh: pick(bands.map(\.criticalHigh)) { $0.min() })
    }
}
