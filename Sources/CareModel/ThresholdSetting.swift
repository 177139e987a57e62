import Foundation

/// A county default of one measure's alert bounds (预警阈值默认值), for elders registered with
/// one chronic disease or, with no condition, for every elder of the county.
///
/// Merge class: registry. The county is authoritative and the default flows down to every
/// node, where device ingest uses it. Its id is derived from the measure and the condition, so
/// the county's edit of a shipped default (`ThresholdDefaults.shipped`) is the same record
/// wherever it is read, and removing the edit restores the shipped figure.
public struct ThresholdDefault: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The county (6 digits).
    public var home: DivisionCode
    public var measure: Measure
    /// Nil: the county's default for every elder (in place of `AlertRules.defaults`).
    public var condition: ChronicDisease?
    public var threshold: Threshold
    /// Where the figures come from (a guideline), shown with them.
    public var source: String?

    public init(home: DivisionCode, measure: Measure, condition: ChronicDisease?, threshold: Threshold, source: String? = nil) {
        id = Self.id(measure: measure, condition: condition)
        self.home = home
        self.measure = measure
        self.condition = condition
        self.threshold = threshold
        self.source = source
    }

    /// One default per measure and condition, wherever it is written.
    public static func id(measure: Measure, condition: ChronicDisease?) -> UUID {
        StableID.make("thresholdDefault", condition?.rawValue ?? "*", measure.rawValue)
    }

    public static let sourceMax = 200
}

extension ThresholdDefault: ReplicatedRecord {
    public static let kind = EntityKind.thresholdDefault
    public static let label = Label(en: "alert threshold default", zh: "预警阈值默认值")
    public static let mergeClass = MergeClass.registry
    public static let collection = "thresholdDefaults"
}

extension ThresholdDefault: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .county)
        if id != Self.id(measure: measure, condition: condition) {
            v.fail("id", en: "id is not the default id of this measure and condition", zh: "阈值默认值编号与指标、病种不符")
        }
        v.add(threshold.errors(for: measure))
        v.checkText(source, "source", max: Self.sourceMax, optional: true)
        return v.errors
    }
}

/// One elder's own alert bounds for one measure (个人预警阈值), set by station staff.
///
/// Merge class: profile, homed with its elder (it moves when the elder moves). The bounds merge
/// as one field, so two edits made apart never combine into a band whose low lies above its
/// high; a delete is the pseudo-field `deleted`, and removing the override restores the
/// default. Its id is derived from the elder and the measure: one override per elder and
/// measure, wherever it is set.
public struct ThresholdOverride: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var elderId: UUID
    public var measure: Measure
    public var threshold: Threshold
    /// Why (e.g. the doctor's instruction).
    public var note: String?
    /// The operator who set it.
    public var setBy: String
    public var setAtMillis: Int64

    public init(home: DivisionCode, elderId: UUID, measure: Measure, threshold: Threshold, note: String? = nil, setBy: String, setAtMillis: Int64) {
        id = Self.id(elderId: elderId, measure: measure)
        self.home = home
        self.elderId = elderId
        self.measure = measure
        self.threshold = threshold
        self.note = note
        self.setBy = setBy
        self.setAtMillis = setAtMillis
    }

    public static func id(elderId: UUID, measure: Measure) -> UUID {
        StableID.make("thresholdOverride", elderId.canonicalString, measure.rawValue)
    }

    public static let noteMax = 200
}

extension ThresholdOverride: ReplicatedRecord {
    public static let kind = EntityKind.thresholdOverride
    public static let label = Label(en: "elder's alert threshold", zh: "个人预警阈值")
    public static let mergeClass = MergeClass.profile
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
    public var clockReadings: [Int64] { [setAtMillis] }
}

extension ThresholdOverride: ProfileRecord {
    public static let mergeFields: [MergeField<ThresholdOverride>] = [
        MergeField("home", \.home), MergeField("elderId", \.elderId), MergeField("measure", \.measure),
        MergeField("threshold", \.threshold), MergeField("note", \.note), MergeField("setBy", \.setBy),
        MergeField("setAtMillis", \.setAtMillis),
    ]
}

extension ThresholdOverride: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if id != Self.id(elderId: elderId, measure: measure) {
            v.fail("id", en: "id is not the override id of this elder and measure", zh: "个人阈值编号与老人、指标不符")
        }
        v.add(threshold.errors(for: measure))
        v.checkText(note, "note", max: Self.noteMax, optional: true)
        v.checkText(setBy, "setBy", max: Operator.nameMaxLength)
        v.checkMillis(setAtMillis, "setAtMillis")
        return v.errors
    }
}

extension Threshold {
    /// What an operator sends to set bounds (PUT replaces: an absent bound is no bound).
    public struct Draft: Codable, Sendable, Equatable {
        public var low: Double?
        public var high: Double?
        public var criticalLow: Double?
        public var criticalHigh: Double?
        public var note: String?
        public var source: String?

        public init() {}

        public var threshold: Threshold { Threshold(low: low, high: high, criticalLow: criticalLow, criticalHigh: criticalHigh) }
    }

    /// The bounds by field name, lowest first.
    var named: [(String, Double?)] { [("criticalLow", criticalLow), ("low", low), ("high", high), ("criticalHigh", criticalHigh)] }

    /// The rules of a band: at least one bound, each finite and plausible for the measure, the
    /// warning band's low under its high, and the critical bounds outside the warning band (a
    /// value is critical only beyond where it is a warning; they may coincide, leaving no
    /// warning on that side).
    public func errors(for measure: Measure) -> [FieldError] {
        var v = Validator()
        let unit = measure.unit
        let plausible = measure.plausible
        if named.allSatisfy({ $0.1 == nil }) {
            v.fail("low", en: "give at least one bound: low, high, criticalLow or criticalHigh", zh: "请至少填写一个阈值（下限、上限、危急下限或危急上限）")
        }
        for (name, value) in named {
            guard let value else { continue }
            if !value.isFinite || !plausible.contains(value) {
                v.fail(name, en: "\(name) \(value) is outside the plausible \(plausible.lowerBound)–\(plausible.upperBound) \(unit) of \(measure.label.en)",
                    zh: "\(measure.label.zh)阈值\(name)应在\(plausible.lowerBound)到\(plausible.upperBound)\(unit)之间")
            }
        }
        if let low, let high, low >= high {
            v.fail("low", en: "low \(low) must be below high \(high)", zh: "下限\(low)应低于上限\(high)")
        }
        if let criticalLow, let low, criticalLow > low {
            v.fail("criticalLow", en: "criticalLow \(criticalLow) must not be above low \(low): the critical band lies outside the warning band",
                zh: "危急下限\(criticalLow)不应高于预警下限\(low)")
        }
        if let criticalHigh, let high, criticalHigh < high {
            v.fail("criticalHigh", en: "criticalHigh \(criticalHigh) must not be below high \(high): the critical band lies outside the warning band",
                zh: "危急上限\(criticalHigh)不应低于预警上限\(high)")
        }
        if let criticalLow, let criticalHigh, criticalLow >= criticalHigh {
            v.fail("criticalLow", en: "criticalLow \(criticalLow) must be below criticalHigh \(criticalHigh)", zh: "危急下限应低于危急上限")
        }
        if let criticalLow, let high, criticalLow >= high { v.fail("criticalLow", en: "criticalLow \(criticalLow) must be below high \(high)", zh: "危急下限应低于预警上限") }
        if let low, let criticalHigh, low >= criticalHigh { v.fail("low", en: "low \(low) must be below criticalHigh \(criticalHigh)", zh: "预警下限应低于危急上限") }
        return v.errors
    }
}
