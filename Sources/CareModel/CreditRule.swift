import Foundation

/// A credit level (信用等级), highest first.
public enum CreditLevel: String, CodeTable, Comparable {
    case A, B, C, D

    public var label: Label {
        switch self {
        case .A: Label(en: "A: excellent", zh: "A级：守信优秀")
        case .B: Label(en: "B: good", zh: "B级：守信良好")
        case .C: Label(en: "C: warning", zh: "C级：警示")
        case .D: Label(en: "D: untrustworthy", zh: "D级：失信")
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank > rhs.rank }

    /// The standing a level publishes on the organisation: A and B good, C a warning, D the
    /// blacklist.
    public var status: CreditStatus {
        switch self {
        case .A, .B: .good
        case .C: .warning
        case .D: .blacklisted
        }
    }
}

/// An organisation's credit as its records give it on one day.
public struct CreditStanding: Sendable, Hashable, Codable {
    public var score: Int
    public var level: CreditLevel
    /// Points taken off by the violations that count on the day.
    public var deducted: Int
    /// Points added by the awards that count on the day (at most `CreditRule.bonusCap`).
    public var added: Int
    /// Violations and awards that count on the day.
    public var violations: Int
    public var awards: Int

    public init(score: Int, level: CreditLevel, deducted: Int, added: Int, violations: Int, awards: Int) {
        self.score = score
        self.level = level
        self.deducted = deducted
        self.added = added
        self.violations = violations
        self.awards = awards
    }
}

/// The credit rule of the county guidance center (信用信息披露, Anhui DB34/T §5.1.2.7: the
/// center "建立服务组织信用档案……实行守信激励、失信惩戒", publishing each organisation's credit and
/// its blacklist). The standard names the duty, not the arithmetic; this rule follows the
/// common shape of the provincial elderly-care credit schemes (民政部《养老服务市场失信联合惩戒对象
/// 名单管理办法（试行）》 for blacklisting and its lifting; the 100-point files of the provinces'
/// 养老机构信用评价 for the score):
///
/// - Every organisation starts at **100** points.
/// - A violation takes off points by severity — minor 5, general 10, serious 20, grave 40 —
///   and counts for 12, 12, 24 and 36 months from the day it happened.
/// - An award adds points by level — county 3, municipal 5, provincial or national 10 — for
///   12 months; awards add at most **20** points together, so the score is 0…120.
/// - Levels: **A** ≥ 90, **B** 75–89, **C** 60–74, **D** below 60.
/// - Status on the organisation record (what dispatch reads): A and B `good`, C `warning`.
///   A violation recorded at the county that leaves the score below **60** (`blacklistBelow`)
///   puts the organisation on the blacklist (`blacklisted`), and dispatch skips it at every
///   node once the organisation record reaches it.
/// - Only the county lifts a blacklisting (a `lift` record with its reason, 信用修复); an award
///   or an expired violation never does. After a lift the organisation is `good` or `warning`
///   by its level (`warning` while its score is still below 60); the next violation that
///   leaves it below 60 blacklists it again.
public enum CreditRule {
    public static let base = 100
    public static let bonusCap = 20
    /// A violation that leaves the score below this blacklists the organisation.
    public static let blacklistBelow = 60
    public static let awardValidMonths = 12

    public static func deduction(_ severity: CreditSeverity) -> Int {
        switch severity {
        case .minor: 5
        case .general: 10
        case .serious: 20
        case .grave: 40
        }
    }

    public static func validMonths(_ severity: CreditSeverity) -> Int {
        switch severity {
        case .minor, .general: 12
        case .serious: 24
        case .grave: 36
        }
    }

    public static func bonus(_ level: AwardLevel) -> Int {
        switch level {
        case .county: 3
        case .municipal: 5
        case .provincial: 10
        }
    }

    public static func level(_ score: Int) -> CreditLevel {
        switch score {
        case 90...: .A
        case 75..<90: .B
        case blacklistBelow..<75: .C
        default: .D
        }
    }

    /// The standing the records give on `day` (YYYY-MM-DD); records of other organisations
    /// must not be passed.
    public static func standing(_ records: [CreditRecord], on day: String) -> CreditStanding {
        let counting = records.filter { $0.counts(on: day) }
        let violations = counting.filter { $0.kind == .violation }
        let awards = counting.filter { $0.kind == .award }
        let deducted = violations.reduce(0) { $0 - $1.points }
        let added = min(bonusCap, awards.reduce(0) { $0 + $1.points })
        let score = max(0, base - deducted + added)
        return CreditStanding(score: score, level: level(score), deducted: deducted, added: added, violations: violations.count, awards: awards.count)
    }

    /// The status the organisation takes when `record` has just been recorded and its records
    /// then give `standing`: see the rule above.
    public static func status(after record: CreditRecord, was current: CreditStatus, standing: CreditStanding) -> CreditStatus {
        switch record.kind {
        case .violation:
            current == .blacklisted ? .blacklisted : standing.level.status
        case .award:
            current == .blacklisted ? .blacklisted : (standing.level == .D ? .warning : standing.level.status)
        case .lift:
            standing.level == .D ? .warning : standing.level.status
        }
    }

    /// The day `months` calendar months after `day` (YYYY-MM-DD), the day clamped to the
    /// month's length (2024-02-29 plus 12 months is 2025-02-28).
    public static func adding(months: Int, to day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return day }
        let total = parts[0] * 12 + (parts[1] - 1) + months
        let year = total / 12
        let month = total % 12 + 1
        let date = min(parts[2], CalendarDate.daysIn(month: month, year: year))
        return String(format: "%04d-%02d-%02d", year, month, date)
    }

    /// The China Standard Time calendar day of an instant.
    public static func chinaDay(millis: Int64) -> String {
        let offset: Int64 = 8 * 3_600_000
        let days = (millis + offset).quotientFloor(86_400_000)
        return CalendarDate.adding(days: Int(days), to: "1970-01-01")
    }
}

extension Int64 {
    fileprivate func quotientFloor(_ divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
