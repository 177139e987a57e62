import Foundation

/// A calendar quarter, `2026Q4`, in China Standard Time: the period performance is evaluated over.
public struct Quarter: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    /// 1–4.
    public var number: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "Q", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), (2000...2100).contains(year),
            let number = Int(parts[1]), (1...4).contains(number), parts[1].count == 1
        else { return nil }
        self.year = year
        self.number = number
    }

    public init(containing millis: Int64) {
        let day = VitalsSummary.day(millis)
        year = Int(day.prefix(4))!
        number = (Int(day.dropFirst(5).prefix(2))! - 1) / 3 + 1
    }

    public var description: String { "\(year)Q\(number)" }
    public var firstDay: String { String(format: "%04d-%02d-01", year, 3 * number - 2) }
    public var lastDay: String { CalendarDate.adding(days: -1, to: next.firstDay) }
    public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1) }
    public var previous: Quarter { number == 1 ? Quarter(year: year - 1, number: 4) : Quarter(year: year, number: number - 1) }
    /// Its instants, China Standard Time.
    public var millis: Range<Int64> { CalendarDate.chinaMillis(from: firstDay, through: lastDay) }

    private init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }
}

/// The parties of a multi-party performance evaluation (多方参与的绩效评价, Anhui §5.1.2.6, §6.1).
public enum PerformanceParty: String, CodeTable {
    case ratings, inspections, returnVisits, selfAssessment

    public var label: Label {
        switch self {
        case .ratings: Label(en: "elders' and families' ratings", zh: "老人及家属评价")
        case .inspections: Label(en: "the regulator's inspections", zh: "监管检查")
        case .returnVisits: Label(en: "third-party return visits", zh: "第三方回访")
        case .selfAssessment: Label(en: "the organisation's self-assessment", zh: "机构自评")
        }
    }
}

/// The county's weights of the parties, whole percentages that add up to 100: registry data,
/// one record per county. The standard names the parties but no weights; the shipped ones
/// (40, 30, 20, 10) are this project's, putting the people served first and the organisation's
/// own word last.
public struct PerformanceWeights: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var ratings: Int
    public var inspections: Int
    public var returnVisits: Int
    public var selfAssessment: Int

    public init(county: DivisionCode, ratings: Int, inspections: Int, returnVisits: Int, selfAssessment: Int) {
        id = Self.id(county: county)
        home = county
        self.ratings = ratings
        self.inspections = inspections
        self.returnVisits = returnVisits
        self.selfAssessment = selfAssessment
    }

    public static func id(county: DivisionCode) -> UUID { StableID.make("performanceWeights", county.rawValue) }
    public static func shipped(county: DivisionCode) -> PerformanceWeights {
        PerformanceWeights(county: county, ratings: 40, inspections: 30, returnVisits: 20, selfAssessment: 10)
    }

    public func weight(_ party: PerformanceParty) -> Int {
        switch party {
        case .ratings: ratings
        case .inspections: inspections
        case .returnVisits: returnVisits
        case .selfAssessment: selfAssessment
        }
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var ratings: Int?
        public var inspections: Int?
        public var returnVisits: Int?
        public var selfAssessment: Int?
        public init() {}
    }

    public init(validating draft: Draft, county: DivisionCode) throws(ValidationFailure) {
        var v = Validator()
        let values = [
            v.range(draft.ratings, "ratings", 0...100), v.range(draft.inspections, "inspections", 0...100),
            v.range(draft.returnVisits, "returnVisits", 0...100), v.range(draft.selfAssessment, "selfAssessment", 0...100),
        ]
        let given = values.compactMap { $0 }
        if given.count == 4 && given.reduce(0, +) != 100 {
            v.fail("ratings", en: "the weights add up to \(given.reduce(0, +)), not 100", zh: "各方权重之和应为100")
        }
        try v.check()
        self.init(county: county, ratings: given[0], inspections: given[1], returnVisits: given[2], selfAssessment: given[3])
    }
}

/// An organisation's self-assessment for a quarter (机构自评), 0–100, written by its admin. A
/// fact homed at the node it was written at; a later one for the same quarter replaces the
/// earlier in the evaluation.
public struct SelfAssessment: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var organisationId: UUID
    public var quarter: String
    public var score: Int
    public var note: String?
    public var by: String
    public var atMillis: Int64

    public init(id: UUID = UUID(), home: DivisionCode, organisationId: UUID, quarter: String, score: Int, note: String?, by: String, atMillis: Int64) {
        self.id = id
        self.home = home
        self.organisationId = organisationId
        self.quarter = quarter
        self.score = score
        self.note = note
        self.by = by
        self.atMillis = atMillis
    }

    public static let noteMax = 2000

    public struct Draft: Codable, Sendable, Equatable {
        public var quarter: String?
        public var score: Int?
        public var note: String?
        public init() {}
    }

    public init(validating draft: Draft, organisationId: UUID, home: DivisionCode, by: String, nowMillis: Int64) throws(ValidationFailure) {
        var v = Validator()
        let quarter = v.required(draft.quarter, "quarter")
        if let quarter, Quarter(quarter) == nil {
            v.fail("quarter", en: "quarter '\(quarter)' is not a quarter such as 2026Q4", zh: "季度格式应为“2026Q4”")
        } else if let quarter, let q = Quarter(quarter), Quarter(containing: nowMillis) < q {
            v.fail("quarter", en: "quarter \(quarter) has not begun", zh: "该季度尚未开始")
        }
        let score = v.range(draft.score, "score", 0...100)
        let note = v.text(draft.note, "note", max: Self.noteMax, optional: true, multiline: true)
        try v.check()
        self.init(home: home, organisationId: organisationId, quarter: quarter!, score: score!, note: note, by: by, atMillis: nowMillis)
    }
}

extension PerformanceWeights: ReplicatedRecord {
    public static let kind = EntityKind.performanceWeights
    public static let label = Label(en: "performance weights", zh: "绩效评价权重")
    public static let mergeClass = MergeClass.registry
    public static let collection = "performanceWeights"
}

extension PerformanceWeights: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .county)
        if id != Self.id(county: home) { v.fail("id", en: "the weights' id is the county's", zh: "权重记录编号应由县区代码生成") }
        let parts = [ratings, inspections, returnVisits, selfAssessment]
        if !parts.allSatisfy((0...100).contains) || parts.reduce(0, +) != 100 {
            v.fail("ratings", en: "four weights of 0–100 that add up to 100", zh: "四项权重应在0–100之间且和为100")
        }
        return v.errors
    }
}

extension SelfAssessment: ReplicatedRecord {
    public static let kind = EntityKind.selfAssessment
    public static let label = Label(en: "self-assessment", zh: "机构自评")
    public static let mergeClass = MergeClass.fact
}

extension SelfAssessment: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home")
        if Quarter(quarter) == nil { v.fail("quarter", en: "quarter '\(quarter)' is not a quarter such as 2026Q4", zh: "季度格式应为“2026Q4”") }
        _ = v.range(score, "score", 0...100)
        v.checkText(note, "note", max: Self.noteMax, optional: true, multiline: true)
        v.checkText(by, "by", max: Operator.nameMaxLength)
        v.checkMillis(atMillis, "atMillis")
        return v.errors
    }
}
