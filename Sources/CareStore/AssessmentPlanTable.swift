import CareModel
import Foundation
import GRDB

/// Assessment plans: a profile homed with its elder, re-homed as an edit of its `home` field
/// when the elder moves.
enum AssessmentPlanTable: ElderDependentTable {
    static let table = "assessment_plan"
    static let columns = [
        "id", "home", "elder_id", "due_on", "reason", "organisation_id", "assessor_ids", "note", "planned_by", "cancelled",
        "version", "origin", "deleted", "stamps",
    ]

    static func values(_ p: AssessmentPlan, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            p.id.canonicalString, p.home.rawValue, p.elderId.canonicalString, p.dueOn, p.reason.rawValue, p.organisationId?.canonicalString,
            JSONColumn.encode(p.assessorIds), p.note, p.plannedBy, p.cancelled,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<AssessmentPlan> {
        let plan = AssessmentPlan(
            id: try row.uuid("id"), home: try row.division("home"), elderId: try row.uuid("elder_id"), dueOn: row["due_on"],
            reason: try row.code("reason", as: AssessmentReason.self), organisationId: try row.optionalUUID("organisation_id"),
            assessorIds: try JSONColumn.decode([UUID].self, row["assessor_ids"], column: "assessor_ids"), note: row["note"],
            plannedBy: row["planned_by"], cancelled: row["cancelled"])
        return Stored(model: plan, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }

    static func rehomed(_ model: AssessmentPlan, to home: DivisionCode) -> AssessmentPlan {
        var model = model
        model.home = home
        return model
    }

    static func rehome(_ current: Stored<AssessmentPlan>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        guard !current.meta.deleted else { return }
        _ = try database.writeProfile(Self.self, rehomed(current.model, to: home), expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
    }
}
