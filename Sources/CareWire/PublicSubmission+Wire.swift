import CareModel
import Foundation

extension WirePublicSubmission {
    init(_ s: PublicSubmission) {
        self.init()
        kind = s.kind.rawValue
        tracking = s.tracking
        if let name = s.name { self.name = name }
        contactPhone = s.contactPhone
        if let address = s.address { self.address = address }
        if let category = s.category { self.category = category.rawValue }
        if let organisation = s.organisationId { organisationID = organisation.uuidString }
        description_p = s.description
        submittedAtMillis = s.submittedAtMillis
        if let taken = s.taken {
            takenTarget = taken.target.rawValue
            takenRecordID = taken.recordId.uuidString
            takenBy = taken.by
            takenAtMillis = taken.atMillis
        }
        if let answer = s.answer {
            self.answer = answer.text
            answerBy = answer.by
            answerAtMillis = answer.atMillis
        }
    }
}

extension PublicSubmission: WireMapped {
    static let wireKind = WireEntityKind.publicSubmission
    static func message(in record: WireChange.OneOf_Record) -> WirePublicSubmission? {
        if case .publicSubmission(let message) = record { message } else { nil }
    }
    static func record(_ message: WirePublicSubmission) -> WireChange.OneOf_Record { .publicSubmission(message) }
    var wireMessage: WirePublicSubmission { WirePublicSubmission(self) }

    /// A submission from a peer. The handover and the answer come whole or not at all.
    static func decode(_ m: WirePublicSubmission, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        var taken: PublicSubmissionTaken?
        if m.hasTakenTarget {
            guard m.hasTakenRecordID, m.hasTakenBy, m.hasTakenAtMillis else {
                throw WireError(field: "taken_target", problem: "taken_target comes with taken_record_id, taken_by and taken_at_millis")
            }
            taken = PublicSubmissionTaken(
                target: try FieldCheck.code(m.takenTarget, "taken_target"), recordId: try FieldCheck.uuid(m.takenRecordID, "taken_record_id"),
                by: try FieldCheck.required(m.takenBy, "taken_by"), atMillis: m.takenAtMillis)
        } else if m.hasTakenRecordID || m.hasTakenBy || m.hasTakenAtMillis {
            throw WireError(field: "taken_target", problem: "taken_record_id, taken_by and taken_at_millis come only with taken_target")
        }
        var answer: PublicSubmissionAnswer?
        if m.hasAnswer {
            guard m.hasAnswerBy, m.hasAnswerAtMillis else {
                throw WireError(field: "answer", problem: "answer comes with answer_by and answer_at_millis")
            }
            answer = PublicSubmissionAnswer(
                text: try FieldCheck.required(m.answer, "answer"), by: try FieldCheck.required(m.answerBy, "answer_by"), atMillis: m.answerAtMillis)
        } else if m.hasAnswerBy || m.hasAnswerAtMillis {
            throw WireError(field: "answer", problem: "answer_by and answer_at_millis come only with answer")
        }
        return PublicSubmission(
            id: id, home: home, kind: try FieldCheck.code(m.kind, "kind"), tracking: try FieldCheck.required(m.tracking, "tracking"),
            name: m.hasName ? m.name : nil, contactPhone: try FieldCheck.required(m.contactPhone, "contact_phone"),
            address: m.hasAddress ? m.address : nil, category: try FieldCheck.code(m.category, present: m.hasCategory, "category"),
            organisationId: try FieldCheck.uuid(m.organisationID, present: m.hasOrganisationID, "organisation_id"),
            description: try FieldCheck.required(m.description_p, "description"), submittedAtMillis: m.submittedAtMillis,
            taken: taken, answer: answer)
    }
}
