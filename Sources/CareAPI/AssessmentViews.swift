import CareModel
import CareStore
import Foundation
import Hummingbird

/// The scores of an assessment as the node computed them from its answers.
struct AbilityScoreView: Codable, Sendable {
    let selfCare: Int
    let motor: Int
    let mental: Int
    let perception: Int
    let total: Int
    let complete: Bool
    let levelByTotal: Int?
    let level: Int?
    let applied: [String]

    init(_ score: AbilityScore) {
        selfCare = score.domains[.selfCare] ?? 0
        motor = score.domains[.motor] ?? 0
        mental = score.domains[.mental] ?? 0
        perception = score.domains[.perception] ?? 0
        total = score.total
        complete = score.complete
        levelByTotal = score.levelByTotal?.rawValue
        level = score.level?.rawValue
        applied = score.applied.map(\.rawValue)
    }
}

struct AdjustmentsView: Codable, Sendable {
    let comatose: Bool
    let dementia: Bool
    let mentalDisorder: Bool
    let riskEvents: [String: Int]

    init(_ a: AbilityAdjustments) {
        comatose = a.comatose
        dementia = a.dementia
        mentalDisorder = a.mentalDisorder
        riskEvents = Dictionary(uniqueKeysWithValues: a.riskEvents.map { ($0.key.rawValue, $0.value) })
    }
}

struct AssessmentView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let planId: UUID?
    let reason: String
    let assessedOn: String
    let assessorIds: [UUID]
    let organisationId: UUID?
    let answers: [String: Int]
    let adjustments: AdjustmentsView
    let note: String?
    let createdBy: String
    let status: String
    let submittedAt: Date?
    let decidedAt: Date?
    let decidedBy: String?
    let returnNote: String?
    let scores: AbilityScoreView
    let version: String

    init(_ stored: Stored<Assessment>) {
        let a = stored.model
        id = a.id
        home = a.home.rawValue
        elderId = a.elderId
        planId = a.planId
        reason = a.reason.rawValue
        assessedOn = a.assessedOn
        assessorIds = a.assessorIds
        organisationId = a.organisationId
        answers = a.answers
        adjustments = AdjustmentsView(a.adjustments)
        note = a.note
        createdBy = a.createdBy
        status = a.status.rawValue
        submittedAt = a.submittedAtMillis.map(CareAPI.date(millis:))
        decidedAt = a.decidedAtMillis.map(CareAPI.date(millis:))
        decidedBy = a.decidedBy
        returnNote = a.returnNote
        scores = AbilityScoreView(a.score)
        version = stored.etag
    }
}

/// The item table of GB/T 42195-2022, so the console renders the form from the same data the
/// node scores with.
struct AbilityItemsView: ResponseEncodable, Decodable {
    struct Domain: Codable, Sendable {
        let code: String
        let label: Label
        let maxScore: Int
        let items: [AbilityItem]
    }
    struct Band: Codable, Sendable {
        let level: Int
        let label: Label
        let min: Int
        let max: Int
    }
    struct Entry: Codable, Sendable {
        let code: String
        let label: Label
    }

    let standard = "GB/T 42195-2022"
    let maxTotal = AbilityItems.maxTotal
    let domains = AbilityDomain.allCases.map {
        Domain(code: $0.rawValue, label: $0.label, maxScore: AbilityItems.maxScore(of: $0), items: AbilityItems.items(of: $0))
    }
    let levels = AbilityLevel.bands.map { Band(level: $0.level.rawValue, label: $0.level.label, min: $0.scores.lowerBound, max: $0.scores.upperBound) }
    let adjustments = AbilityAdjustment.allCases.map { Entry(code: $0.rawValue, label: $0.label) }
    let riskEvents = CareRiskEvent.allCases.map { Entry(code: $0.rawValue, label: $0.label) }
    let riskEventMaxCount = CareRiskEvent.countRange.upperBound
    let reasons = AssessmentReason.allCases.map { Entry(code: $0.rawValue, label: $0.label) }
    let statuses = AssessmentStatus.allCases.map { Entry(code: $0.rawValue, label: $0.label) }
    let consciousnessItem = AbilityItems.consciousness
}

/// One line of the re-assessment list.
struct AssessmentDueView: ResponseEncodable, Decodable {
    let elderId: UUID
    let elderName: String
    let home: String
    let dueOn: String
    let trigger: String
    /// The reason an assessment made now would be recorded with.
    let reason: String
    let state: String
    let daysLate: Int
    let lastAssessedOn: String?
    let lastLevel: Int?

    init(_ entry: AssessmentDueEntry) {
        elderId = entry.elder.model.id
        elderName = entry.elder.model.name
        home = entry.elder.model.home.rawValue
        dueOn = entry.due.dueOn
        trigger = entry.due.trigger.rawValue
        reason = entry.due.trigger.reason.rawValue
        state = entry.due.state.rawValue
        daysLate = entry.due.daysLate
        lastAssessedOn = entry.standing?.assessedOn
        lastLevel = entry.standing?.score.level?.rawValue
    }
}
