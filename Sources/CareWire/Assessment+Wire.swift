import CareModel
import Foundation

extension WireAssessment {
    init(_ a: Assessment) {
        self.init()
        elderID = a.elderId.uuidString
        if let planId = a.planId { self.planID = planId.uuidString }
        reason = a.reason.rawValue
        assessedOn = a.assessedOn
        assessorIds = a.assessorIds.map(\.uuidString)
        if let organisationId = a.organisationId { self.organisationID = organisationId.uuidString }
        answers = a.answers.mapValues { Int32($0) }
        adjustments.comatose = a.adjustments.comatose
        adjustments.dementia = a.adjustments.dementia
        adjustments.mentalDisorder = a.adjustments.mentalDisorder
        adjustments.riskEvents = Dictionary(uniqueKeysWithValues: a.adjustments.riskEvents.map { ($0.key.rawValue, Int32($0.value)) })
        if let note = a.note { self.note = note }
        createdBy = a.createdBy
        status = a.status.rawValue
        if let at = a.submittedAtMillis { submittedAtMillis = at }
        if let at = a.decidedAtMillis { decidedAtMillis = at }
        if let by = a.decidedBy { decidedBy = by }
        if let note = a.returnNote { returnNote = note }
        let score = a.score
        selfCare = Int32(score.domains[.selfCare] ?? 0)
        motor = Int32(score.domains[.motor] ?? 0)
        mental = Int32(score.domains[.mental] ?? 0)
        perception = Int32(score.domains[.perception] ?? 0)
        total = Int32(score.total)
        if let level = score.level { self.level = Int32(level.rawValue) }
    }
}

extension Assessment: WireMapped {
    static let wireKind = WireEntityKind.assessment
    static func message(in record: WireChange.OneOf_Record) -> WireAssessment? { if case .assessment(let message) = record { message } else { nil } }
    static func record(_ message: WireAssessment) -> WireChange.OneOf_Record { .assessment(message) }
    var wireMessage: WireAssessment { WireAssessment(self) }

    /// An assessment from a peer. Its scores are recomputed from its answers here; a change
    /// whose total, sub-scores or level differ from ours is refused rather than trusted, so a
    /// sender with another item table (or a forged total) cannot set an elder's level.
    static func decode(_ m: WireAssessment, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        var events: [CareRiskEvent: Int] = [:]
        for (code, count) in m.adjustments.riskEvents {
            events[try FieldCheck.code(code, "adjustments.risk_events", as: CareRiskEvent.self)] = Int(count)
        }
        var assessors: [UUID] = []
        for (index, text) in m.assessorIds.enumerated() { assessors.append(try FieldCheck.uuid(text, "assessor_ids[\(index)]")) }
        let assessment = try Assessment(
            id: id, home: home, elderId: FieldCheck.uuid(m.elderID, "elder_id"),
            planId: FieldCheck.uuid(m.planID, present: m.hasPlanID, "plan_id"),
            reason: FieldCheck.code(m.reason, "reason"), assessedOn: FieldCheck.required(m.assessedOn, "assessed_on"),
            assessorIds: assessors, organisationId: FieldCheck.uuid(m.organisationID, present: m.hasOrganisationID, "organisation_id"),
            answers: m.answers.mapValues { Int($0) },
            adjustments: AbilityAdjustments(
                comatose: m.adjustments.comatose, dementia: m.adjustments.dementia, mentalDisorder: m.adjustments.mentalDisorder,
                riskEvents: events),
            note: m.hasNote ? m.note : nil, createdBy: FieldCheck.required(m.createdBy, "created_by"),
            status: FieldCheck.code(m.status, "status"), submittedAtMillis: m.hasSubmittedAtMillis ? m.submittedAtMillis : nil,
            decidedAtMillis: m.hasDecidedAtMillis ? m.decidedAtMillis : nil, decidedBy: m.hasDecidedBy ? m.decidedBy : nil,
            returnNote: m.hasReturnNote ? m.returnNote : nil)
        let ours = WireAssessment(assessment)
        let sent = [("self_care", m.selfCare, ours.selfCare), ("motor", m.motor, ours.motor), ("mental", m.mental, ours.mental),
                    ("perception", m.perception, ours.perception), ("total", m.total, ours.total)]
        for (field, theirs, mine) in sent where theirs != mine {
            throw WireError(field: field, problem: "sent \(theirs) but the answers score \(mine) (GB/T 42195-2022)")
        }
        if m.hasLevel != ours.hasLevel || m.level != ours.level {
            let theirs = m.hasLevel ? String(m.level) : "none"
            let mine = ours.hasLevel ? String(ours.level) : "none"
            throw WireError(field: "level", problem: "sent level \(theirs) but the answers and adjustments give \(mine)")
        }
        return assessment
    }
}
