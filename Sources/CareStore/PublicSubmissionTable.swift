import CareModel
import Foundation
import GRDB

/// Public submissions: a profile homed at the community the family named. The handover and
/// the answer are one merge field each, kept in columns of their own.
enum PublicSubmissionTable: RecordTable {
    static let table = "public_submission"
    static let columns = [
        "id", "home", "kind", "tracking", "name", "contact_phone", "address", "category", "organisation_id", "description",
        "submitted_at_millis", "taken_target", "taken_record_id", "taken_by", "taken_at_millis", "answer", "answer_by", "answer_at_millis",
        "version", "origin", "deleted", "stamps",
    ]

    static func values(_ s: PublicSubmission, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            s.id.canonicalString, s.home.rawValue, s.kind.rawValue, s.tracking, s.name, s.contactPhone, s.address, s.category?.rawValue,
            s.organisationId?.canonicalString, s.description, s.submittedAtMillis,
            s.taken?.target.rawValue, s.taken?.recordId.canonicalString, s.taken?.by, s.taken?.atMillis,
            s.answer?.text, s.answer?.by, s.answer?.atMillis,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<PublicSubmission> {
        var taken: PublicSubmissionTaken?
        if row["taken_target"] as String? != nil {
            taken = PublicSubmissionTaken(
                target: try row.code("taken_target", as: PublicSubmissionTarget.self), recordId: try row.uuid("taken_record_id"),
                by: row["taken_by"], atMillis: row["taken_at_millis"])
        }
        var answer: PublicSubmissionAnswer?
        if let text = row["answer"] as String? {
            answer = PublicSubmissionAnswer(text: text, by: row["answer_by"], atMillis: row["answer_at_millis"])
        }
        let category: ServiceCategory? = row["category"] as String? == nil ? nil : try row.code("category", as: ServiceCategory.self)
        let submission = PublicSubmission(
            id: try row.uuid("id"), home: try row.division("home"), kind: try row.code("kind", as: PublicSubmissionKind.self),
            tracking: row["tracking"], name: row["name"], contactPhone: row["contact_phone"], address: row["address"], category: category,
            organisationId: try row.optionalUUID("organisation_id"), description: row["description"],
            submittedAtMillis: row["submitted_at_millis"], taken: taken, answer: answer)
        return Stored(model: submission, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }
}
