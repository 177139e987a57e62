import CareModel
import Foundation
import GRDB

/// Ability assessments: a profile homed with its elder, re-homed as an edit of its `home`
/// field when the elder moves. `total` and `level` are written from the answers each time the
/// row is written, for queries only; reads compute the scores again from the answers.
enum AssessmentTable: ElderDependentTable {
    static let table = "assessment"
    static let columns = [
        "id", "home", "elder_id", "plan_id", "reason", "assessed_on", "assessor_ids", "organisation_id", "answers", "adjustments",
        "note", "created_by", "status", "submitted_at_millis", "decided_at_millis", "decided_by", "return_note", "total", "level",
        "version", "origin", "deleted", "stamps",
    ]

    static func values(_ a: Assessment, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        let score = a.score
        return [
            a.id.canonicalString, a.home.rawValue, a.elderId.canonicalString, a.planId?.canonicalString, a.reason.rawValue, a.assessedOn,
            JSONColumn.encode(a.assessorIds), a.organisationId?.canonicalString, JSONColumn.encode(a.answers), JSONColumn.encode(a.adjustments),
            a.note, a.createdBy, a.status.rawValue, a.submittedAtMillis, a.decidedAtMillis, a.decidedBy, a.returnNote, score.total,
            score.level?.rawValue, meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Assessment> {
        let assessment = Assessment(
            id: try row.uuid("id"), home: try row.division("home"), elderId: try row.uuid("elder_id"), planId: try row.optionalUUID("plan_id"),
            reason: try row.code("reason", as: AssessmentReason.self), assessedOn: row["assessed_on"],
            assessorIds: try JSONColumn.decode([UUID].self, row["assessor_ids"], column: "assessor_ids"),
            organisationId: try row.optionalUUID("organisation_id"),
            answers: try JSONColumn.decode([String: Int].self, row["answers"], column: "answers"),
            adjustments: try JSONColumn.decode(AbilityAdjustments.self, row["adjustments"], column: "adjustments"),
            note: row["note"], createdBy: row["created_by"], status: try row.code("status", as: AssessmentStatus.self),
            submittedAtMillis: row["submitted_at_millis"], decidedAtMillis: row["decided_at_millis"], decidedBy: row["decided_by"],
            returnNote: row["return_note"])
        return Stored(model: assessment, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }

    static func rehomed(_ model: Assessment, to home: DivisionCode) -> Assessment {
        var model = model
        model.home = home
        return model
    }

    static func rehome(_ current: Stored<Assessment>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        guard !current.meta.deleted else { return }
        _ = try database.writeProfile(Self.self, rehomed(current.model, to: home), expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
    }
}
