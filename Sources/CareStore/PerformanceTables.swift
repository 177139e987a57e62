import CareModel
import Foundation
import GRDB

/// The county's weights of the parties: registry, one row per county.
enum PerformanceWeightsTable: RecordTable {
    static let table = "performance_weights"
    static let columns = ["id", "home", "ratings", "inspections", "return_visits", "self_assessment", "version", "origin", "deleted"]

    static func values(_ w: PerformanceWeights, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            w.id.canonicalString, w.home.rawValue, w.ratings, w.inspections, w.returnVisits, w.selfAssessment, meta.version.hlc.packed,
            meta.version.origin, meta.deleted,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<PerformanceWeights> {
        let weights = PerformanceWeights(
            county: try row.division("home"), ratings: row["ratings"], inspections: row["inspections"], returnVisits: row["return_visits"],
            selfAssessment: row["self_assessment"])
        return Stored(model: weights, meta: RecordMeta(version: row.version(), deleted: row["deleted"]))
    }
}

/// Organisations' self-assessments: facts homed where they were written, inserted once.
enum SelfAssessmentTable: RecordTable {
    static let table = "self_assessment"
    static let columns = ["id", "home", "organisation_id", "quarter", "score", "note", "by", "at_millis", "version", "origin"]

    static func values(_ s: SelfAssessment, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            s.id.canonicalString, s.home.rawValue, s.organisationId.canonicalString, s.quarter, s.score, s.note, s.by, s.atMillis, meta.version.hlc.packed,
            meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<SelfAssessment> {
        let assessment = SelfAssessment(
            id: try row.uuid("id"), home: try row.division("home"), organisationId: try row.uuid("organisation_id"), quarter: row["quarter"],
            score: row["score"], note: row["note"], by: row["by"], atMillis: row["at_millis"])
        return Stored(model: assessment, meta: RecordMeta(version: row.version()))
    }
}
