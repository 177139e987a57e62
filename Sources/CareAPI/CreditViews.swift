import CareModel
import CareStore
import Foundation
import Hummingbird

/// One credit record as the API shows it.
struct CreditRecordView: ResponseEncodable, Decodable, Sendable {
    let id: UUID
    let organisationId: UUID
    let kind: String
    let severity: String?
    let awardLevel: String?
    let source: String
    let sourceId: UUID?
    let description: String
    let occurredOn: String
    /// The last day it counts towards the score.
    let countsThrough: String
    /// Whether it counts today.
    let counting: Bool
    /// What it moves the score by while it counts.
    let points: Int
    let recordedBy: String
    let recordedAt: Date

    init(_ r: CreditRecord, today: String) {
        id = r.id
        organisationId = r.organisationId
        kind = r.kind.rawValue
        severity = r.severity?.rawValue
        awardLevel = r.awardLevel?.rawValue
        source = r.source.rawValue
        sourceId = r.sourceId
        description = r.description
        occurredOn = r.occurredOn
        countsThrough = r.countsThrough
        counting = r.counts(on: today)
        points = r.points
        recordedBy = r.recordedBy
        recordedAt = date(millis: r.recordedAtMillis)
    }
}

/// An organisation's line in the credit list: its published status and what its records give.
struct CreditLineView: ResponseEncodable, Decodable, Sendable {
    let organisationId: UUID
    let name: String
    let type: String
    /// The status on the organisation record, which dispatch reads.
    let creditStatus: String
    let blacklisted: Bool
    let score: Int
    let level: String
    let deducted: Int
    let added: Int
    let violations: Int
    let awards: Int

    init(_ file: CreditFile) {
        let o = file.organisation.model
        organisationId = o.id
        name = o.name
        type = o.type.rawValue
        creditStatus = o.creditStatus.rawValue
        blacklisted = o.creditStatus == .blacklisted
        score = file.standing.score
        level = file.standing.level.rawValue
        deducted = file.standing.deducted
        added = file.standing.added
        violations = file.standing.violations
        awards = file.standing.awards
    }
}

/// One organisation's credit file: its line and every record, newest first.
struct CreditFileView: ResponseEncodable, Decodable, Sendable {
    let organisation: CreditLineView
    let records: [CreditRecordView]
    let today: String

    init(_ file: CreditFile, today: String) {
        organisation = CreditLineView(file)
        records = file.records.map { CreditRecordView($0, today: today) }
        self.today = today
    }
}

/// The rule the scores follow (`CreditRule`), so that the console and the public page show it.
struct CreditRuleView: Codable, Sendable {
    let base = CreditRule.base
    let blacklistBelow = CreditRule.blacklistBelow
    let bonusCap = CreditRule.bonusCap
    let deductions = Dictionary(uniqueKeysWithValues: CreditSeverity.allCases.map { ($0.rawValue, CreditRule.deduction($0)) })
    let validMonths = Dictionary(uniqueKeysWithValues: CreditSeverity.allCases.map { ($0.rawValue, CreditRule.validMonths($0)) })
    let bonuses = Dictionary(uniqueKeysWithValues: AwardLevel.allCases.map { ($0.rawValue, CreditRule.bonus($0)) })
    let awardValidMonths = CreditRule.awardValidMonths
    let levels = ["A": 90, "B": 75, "C": CreditRule.blacklistBelow, "D": 0]
}

struct CreditListView: ResponseEncodable, Decodable, Sendable {
    let items: [CreditLineView]
    let total: Int
    let today: String
    let rule: CreditRuleView
}

/// What recording a credit record did: the record, and the organisation's file after it.
struct CreditOutcomeView: ResponseEncodable, Decodable, Sendable {
    let record: CreditRecordView
    let previousStatus: String
    let file: CreditFileView
}
