import Foundation

/// The ability level of GB/T 42195-2022 (老年人能力等级), 0 to 4: the same scale as
/// `Elder.abilityLevel`.
public enum AbilityLevel: Int, Codable, Sendable, CaseIterable, Comparable {
    case intact = 0, mild, moderate, severe, complete

    public var label: Label {
        switch self {
        case .intact: Label(en: "intact", zh: "能力完好")
        case .mild: Label(en: "mildly impaired", zh: "轻度失能")
        case .moderate: Label(en: "moderately impaired", zh: "中度失能")
        case .severe: Label(en: "severely impaired", zh: "重度失能")
        case .complete: Label(en: "fully dependent", zh: "完全失能")
        }
    }

    /// The bands of the total (of 90): 90 / 66–89 / 46–65 / 30–45 / 0–29. Checked in the two
    /// transcriptions cited at `AbilityItems`; the "published implementation" the issue names
    /// uses the same figures.
    public static let bands: [(level: AbilityLevel, scores: ClosedRange<Int>)] = [
        (.intact, 90...90), (.mild, 66...89), (.moderate, 46...65), (.severe, 30...45), (.complete, 0...29),
    ]

    public static func byTotal(_ total: Int) -> AbilityLevel {
        bands.first { $0.scores.contains(total) }?.level ?? .complete
    }

    /// One level worse, 完全失能 staying where it is.
    public var raised: AbilityLevel { AbilityLevel(rawValue: min(rawValue + 1, AbilityLevel.complete.rawValue))! }

    public static func < (a: AbilityLevel, b: AbilityLevel) -> Bool { a.rawValue < b.rawValue }
}

/// The care-risk events of the last 30 days (近30天内照护风险事件, Appendix A.2.14).
public enum CareRiskEvent: String, CodeTable {
    case fall, choking, selfHarm, wandering, other

    public var label: Label {
        switch self {
        case .fall: Label(en: "fall", zh: "跌倒")
        case .choking: Label(en: "choking", zh: "噎食")
        case .selfHarm: Label(en: "suicide or self-harm", zh: "自杀、自伤")
        case .wandering: Label(en: "wandering off", zh: "走失")
        case .other: Label(en: "other", zh: "其他")
        }
    }

    /// The form counts each event as none, once, twice, or three times or more.
    public static let countRange = 0...3
}

/// What the level is adjusted by, besides the 26 items (GB/T 42195-2022, 评估结果; the
/// rules as transcribed by the sources cited at `AbilityItems`, and restated in
/// http://www.leayin.com/a/ad/zhiye/20260202/2755.html):
/// - in a coma (昏迷): 完全失能 directly, whatever the items;
/// - otherwise the level by total is raised one step (提高一个级别) if any of: a diagnosed
///   dementia (痴呆, ICD-10 F00–F03); another mental or behavioural disorder diagnosed by a
///   psychiatrist (F04–F99); two or more care-risk events in the last 30 days, counted over all
///   kinds together. The raises do not add up: one step however many apply.
///
/// Not verified: one transcription's note under B.3.9 reads "处于昏迷状态者，直接评定为重度失能"
/// while the same source's grading rules and the other source say 完全失能; the grading rule
/// (完全失能) is the one used here.
public struct AbilityAdjustments: Hashable, Codable, Sendable {
    public var comatose: Bool
    public var dementia: Bool
    public var mentalDisorder: Bool
    /// Count of each event in the last 30 days, 0–3 (3 meaning three or more); absent is 0.
    public var riskEvents: [CareRiskEvent: Int]

    public init(comatose: Bool = false, dementia: Bool = false, mentalDisorder: Bool = false, riskEvents: [CareRiskEvent: Int] = [:]) {
        self.comatose = comatose
        self.dementia = dementia
        self.mentalDisorder = mentalDisorder
        self.riskEvents = riskEvents.filter { $0.value != 0 }
    }

    public static let none = AbilityAdjustments()

    public var riskEventCount: Int { riskEvents.values.reduce(0, +) }
}

/// Why the level differs from the level by total.
public enum AbilityAdjustment: String, CodeTable {
    case coma, dementia, mentalDisorder, riskEvents

    public var label: Label {
        switch self {
        case .coma: Label(en: "in a coma: fully dependent directly", zh: "昏迷，直接评定为完全失能")
        case .dementia: Label(en: "diagnosed dementia (F00–F03)", zh: "确诊为痴呆（F00–F03）")
        case .mentalDisorder: Label(en: "diagnosed mental or behavioural disorder (F04–F99)", zh: "精神科诊断的其他精神和行为障碍（F04–F99）")
        case .riskEvents: Label(en: "two or more care-risk events in 30 days", zh: "近30天内发生过2次及以上照护风险事件")
        }
    }
}

/// An assessment's scores: computed from the answers, never taken from a client or a peer.
public struct AbilityScore: Hashable, Codable, Sendable {
    /// The four first-level sums, over the items answered.
    public let domains: [AbilityDomain: Int]
    public let total: Int
    /// Whether all 26 items are answered; a level is given only then.
    public let complete: Bool
    /// The level by total alone.
    public let levelByTotal: AbilityLevel?
    /// The level after the adjustment rules.
    public let level: AbilityLevel?
    public let applied: [AbilityAdjustment]

    /// Scores `answers` (item id → score) with `adjustments`. Answers naming no item, or a
    /// score the item does not offer, are the caller's to refuse (`AbilityScore.problems`);
    /// they are not counted here.
    public init(answers: [String: Int], adjustments: AbilityAdjustments) {
        var domains = Dictionary(uniqueKeysWithValues: AbilityDomain.allCases.map { ($0, 0) })
        var answered = 0
        for item in AbilityItems.all {
            guard let score = answers[item.id], item.allows(score) else { continue }
            domains[item.domain, default: 0] += score
            answered += 1
        }
        self.domains = domains
        total = domains.values.reduce(0, +)
        complete = answered == AbilityItems.all.count
        guard complete || adjustments.comatose else {
            levelByTotal = nil
            level = nil
            applied = []
            return
        }
        let byTotal = AbilityLevel.byTotal(total)
        levelByTotal = complete ? byTotal : nil
        if adjustments.comatose {
            level = .complete
            applied = [.coma]
            return
        }
        var reasons: [AbilityAdjustment] = []
        if adjustments.dementia { reasons.append(.dementia) }
        if adjustments.mentalDisorder { reasons.append(.mentalDisorder) }
        if adjustments.riskEventCount >= 2 { reasons.append(.riskEvents) }
        level = reasons.isEmpty ? byTotal : byTotal.raised
        applied = reasons
    }

    /// What is wrong with `answers` as a sheet: unknown items and scores an item does not offer.
    public static func problems(_ answers: [String: Int]) -> [FieldError] {
        var v = Validator()
        for (id, score) in answers.sorted(by: { $0.key < $1.key }) {
            guard let item = AbilityItems.byId[id] else {
                v.fail("answers.\(id)", en: "no item \(id) in GB/T 42195 (B.1.1–B.4.5)", zh: "评估表中没有项目\(id)")
                continue
            }
            if !item.allows(score) {
                let allowed = item.options.map { String($0.score) }.joined(separator: ", ")
                v.fail("answers.\(id)", en: "\(id) \(item.name.en) takes one of \(allowed), not \(score)",
                       zh: "\(id) \(item.name.zh)的得分应为\(allowed)之一，不能为\(score)")
            }
        }
        return v.errors
    }
}
