import CareModel
import Foundation

extension WireAssessmentPlan {
    init(_ p: AssessmentPlan) {
        self.init()
        elderID = p.elderId.uuidString
        dueOn = p.dueOn
        reason = p.reason.rawValue
        if let organisationId = p.organisationId { self.organisationID = organisationId.uuidString }
        assessorIds = p.assessorIds.map(\.uuidString)
        if let note = p.note { self.note = note }
        plannedBy = p.plannedBy
        cancelled = p.cancelled
    }
}

extension AssessmentPlan: WireMapped {
    static let wireKind = WireEntityKind.assessmentPlan
    static func message(in record: WireChange.OneOf_Record) -> WireAssessmentPlan? { if case .assessmentPlan(let message) = record { message } else { nil } }
    static func record(_ message: WireAssessmentPlan) -> WireChange.OneOf_Record { .assessmentPlan(message) }
    var wireMessage: WireAssessmentPlan { WireAssessmentPlan(self) }

    static func decode(_ m: WireAssessmentPlan, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        var assessors: [UUID] = []
        for (index, text) in m.assessorIds.enumerated() { assessors.append(try FieldCheck.uuid(text, "assessor_ids[\(index)]")) }
        return try AssessmentPlan(
            id: id, home: home, elderId: FieldCheck.uuid(m.elderID, "elder_id"), dueOn: FieldCheck.required(m.dueOn, "due_on"),
            reason: FieldCheck.code(m.reason, "reason"),
            organisationId: FieldCheck.uuid(m.organisationID, present: m.hasOrganisationID, "organisation_id"), assessorIds: assessors,
            note: m.hasNote ? m.note : nil, plannedBy: FieldCheck.required(m.plannedBy, "planned_by"), cancelled: m.cancelled)
    }
}
