import Foundation

/// The rules of the chronic-disease risk reminder (慢病预测与提醒, Anhui §5.1.2.8): a score per
/// elder, the sum of the points of the rules that fire, each rule with its figure and source.
/// Rule-based and documented, no fitted model.
public enum RiskRule: String, CodeTable {
    /// The least-squares slope of the daily systolic means over the last 30 days, from at least
    /// `minimumTrendDays` days, is at or above `risingSlopePerWeek` mmHg per week. Source of the
    /// figure: 中国高血压防治指南（2018年修订版） grades blood pressure in steps of 20 mmHg systolic
    /// (1级 140–159, 2级 160–179, 3级 ≥180); 2.5 mmHg a week is over half a grade (about
    /// 10.7 mmHg) in 30 days. The figure is this project's reading of that step, not the
    /// guideline's own.
    case risingBloodPressure
    /// Readings outside the elder's thresholds on at least `outOfRangeDays` different days of
    /// the last 30 (the day's summary counts them against the elder's effective thresholds).
    /// Source: 国家基本公共卫生服务规范（第三版） 高血压/2型糖尿病患者健康管理服务规范 — after two
    /// visits in a row with blood pressure or glucose not controlled (连续两次控制不满意) the
    /// patient is referred and followed up within two weeks.
    case repeatedOutOfRange
    /// A chronic condition's follow-up is overdue (`FollowUpDue`, the specification's at least
    /// four follow-ups a year for hypertension and type 2 diabetes).
    case overdueFollowUp
    /// The latest check-up of the last 365 days has abnormal results. Source: 国家基本公共卫生
    /// 服务规范（第三版） 老年人健康管理服务规范 (a health check-up every year for elders aged 65
    /// and over).
    case abnormalCheckup

    public var label: Label {
        switch self {
        case .risingBloodPressure: Label(en: "rising blood pressure over 30 days", zh: "近30天血压呈上升趋势")
        case .repeatedOutOfRange: Label(en: "repeated out-of-range readings", zh: "多日监测数据超出阈值")
        case .overdueFollowUp: Label(en: "overdue chronic-disease follow-up", zh: "慢病随访逾期")
        case .abnormalCheckup: Label(en: "abnormal check-up results", zh: "体检结果异常")
        }
    }

    /// The points a firing rule adds.
    public var points: Int {
        switch self {
        case .risingBloodPressure: 3
        case .repeatedOutOfRange: 2
        case .overdueFollowUp: 2
        case .abnormalCheckup: 1
        }
    }
}

/// What the rules read about one elder, as a node holds it.
public struct RiskInput: Sendable {
    public var elderId: UUID
    /// Daily systolic means (YYYY-MM-DD, mmHg) of any days; the rule keeps the last 30.
    public var systolicMeans: [(day: String, mean: Double)]
    /// Days (YYYY-MM-DD) on which any reading was outside the elder's thresholds.
    public var outOfRangeDays: Set<String>
    /// Overdue conditions and how many days late.
    public var overdue: [(disease: ChronicDisease, daysLate: Int)]
    /// The latest check-up's day and its abnormal items, if any check-up is held.
    public var latestCheckup: (date: String, abnormal: [CheckupItem])?

    public init(
        elderId: UUID, systolicMeans: [(day: String, mean: Double)] = [], outOfRangeDays: Set<String> = [],
        overdue: [(disease: ChronicDisease, daysLate: Int)] = [], latestCheckup: (date: String, abnormal: [CheckupItem])? = nil
    ) {
        self.elderId = elderId
        self.systolicMeans = systolicMeans
        self.outOfRangeDays = outOfRangeDays
        self.overdue = overdue
        self.latestCheckup = latestCheckup
    }
}

/// One rule that fired, with the figure that made it fire and words for the operator.
public struct RiskFinding: Hashable, Sendable {
    public var rule: RiskRule
    public var figure: Double
    public var message: Label
}

public struct RiskAssessment: Sendable {
    public var elderId: UUID
    public var score: Int
    public var findings: [RiskFinding]
    /// Whether the elder is at rising risk: the blood-pressure trend fired.
    public var rising: Bool { findings.contains { $0.rule == .risingBloodPressure } }
}

public enum RiskRules {
    public static let windowDays = 30
    public static let risingSlopePerWeek = 2.5
    public static let minimumTrendDays = 10
    public static let outOfRangeDays = 2
    public static let checkupWindowDays = 365

    /// The rules for one elder on `today` (YYYY-MM-DD, China Standard Time, from the injected clock).
    public static func assess(_ input: RiskInput, today: String) -> RiskAssessment {
        var findings: [RiskFinding] = []
        let from = CalendarDate.adding(days: -(windowDays - 1), to: today)
        let inWindow = { (day: String) in day >= from && day <= today }

        let points = input.systolicMeans.filter { inWindow($0.day) }.map { (x: Double(CalendarDate.days(from: from, to: $0.day)), y: $0.mean) }
        if points.count >= minimumTrendDays, let perDay = slope(points) {
            let perWeek = (perDay * 7 * 10).rounded() / 10
            if perWeek >= risingSlopePerWeek {
                findings.append(RiskFinding(
                    rule: .risingBloodPressure, figure: perWeek,
                    message: Label(
                        en: "systolic rising \(perWeek) mmHg/week over \(points.count) days (rule: ≥ \(risingSlopePerWeek))",
                        zh: "收缩压近\(points.count)天每周上升\(perWeek)mmHg（规则：≥\(risingSlopePerWeek)）")))
            }
        }
        let days = input.outOfRangeDays.filter(inWindow).count
        if days >= outOfRangeDays {
            findings.append(RiskFinding(
                rule: .repeatedOutOfRange, figure: Double(days),
                message: Label(en: "readings out of range on \(days) days of the last \(windowDays)", zh: "近\(windowDays)天有\(days)天监测数据超出阈值")))
        }
        for (disease, late) in input.overdue where late > 0 {
            findings.append(RiskFinding(
                rule: .overdueFollowUp, figure: Double(late),
                message: Label(en: "\(disease.label.en) follow-up \(late) days overdue", zh: "\(disease.label.zh)随访逾期\(late)天")))
        }
        if let checkup = input.latestCheckup, !checkup.abnormal.isEmpty,
            CalendarDate.days(from: checkup.date, to: today) <= checkupWindowDays
        {
            findings.append(RiskFinding(
                rule: .abnormalCheckup, figure: Double(checkup.abnormal.count),
                message: Label(
                    en: "check-up \(checkup.date): \(checkup.abnormal.map(\.label.en).joined(separator: ", ")) abnormal",
                    zh: "\(checkup.date)体检异常：\(checkup.abnormal.map(\.label.zh).joined(separator: "、"))")))
        }
        return RiskAssessment(elderId: input.elderId, score: findings.reduce(0) { $0 + $1.rule.points }, findings: findings)
    }

    /// The least-squares slope of y over x, nil when x does not vary.
    static func slope(_ points: [(x: Double, y: Double)]) -> Double? {
        let n = Double(points.count)
        let mx = points.reduce(0) { $0 + $1.x } / n
        let my = points.reduce(0) { $0 + $1.y } / n
        let sxx = points.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
        guard sxx > 0 else { return nil }
        return points.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) } / sxx
    }
}
