import CareModel
import Foundation
import GRDB

extension AppDatabase {
    /// The county's weights, or the shipped ones while it has set none.
    public func performanceWeights() throws -> PerformanceWeights {
        let county = node.county
        return try read { db in
            try PerformanceWeightsTable.fetch(PerformanceWeights.id(county: county), db).flatMap { $0.meta.deleted ? nil : $0.model }
        } ?? .shipped(county: county)
    }

    public func setPerformanceWeights(_ weights: PerformanceWeights, actor: String) throws -> Stored<PerformanceWeights> {
        try weights.validate()
        return try writeRegistry(PerformanceWeightsTable.self, weights, expect: .any, deleted: false, actor: actor)
    }

    public func recordSelfAssessment(_ assessment: SelfAssessment, actor: String) throws -> Stored<SelfAssessment> {
        try assessment.validate()
        return try write { db in try insertFact(SelfAssessmentTable.self, assessment, actor: actor, db) }
    }

    /// The organisation's self-assessments, newest first.
    public func selfAssessments(organisationId: UUID) throws -> [Stored<SelfAssessment>] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM self_assessment WHERE organisation_id = ? ORDER BY at_millis DESC, id", arguments: [organisationId.canonicalString])
                .map(SelfAssessmentTable.decode)
        }
    }

    /// The organisation's evaluation for `quarter` over what is homed within `within` and the
    /// caller's jurisdiction: its ratings and return visits (the service-quality figures),
    /// its inspections planned in the quarter, and its latest self-assessment for it.
    public func performance(organisationId: UUID, quarter: Quarter, within: DivisionCode, scope: Jurisdiction?) throws -> PerformanceEvaluation {
        let period = quarter.millis
        let figures = try serviceQuality(
            within: within, organisationId: organisationId, from: period.lowerBound, to: period.upperBound, grouping: .organisation, scope: scope)
            .first { $0.group == organisationId.canonicalString }
        let weights = try performanceWeights()
        let (condition, arguments) = scope?.condition(table: InspectionTable.table) ?? ("1", [])
        return try read { db in
            let ids = try String.fetchAll(db, sql: """
                SELECT id FROM inspection WHERE organisation_id = ? AND planned_on BETWEEN ? AND ? AND home LIKE ? AND (\(condition))
                """, arguments: StatementArguments([organisationId.canonicalString, quarter.firstDay, quarter.lastDay, within.rawValue + "%"] + arguments))
            let states = try ids.compactMap(UUID.init(uuidString:)).compactMap { try InspectionFold.state(of: $0, db) }
            let latest = try Row.fetchOne(db, sql: """
                SELECT * FROM self_assessment WHERE organisation_id = ? AND quarter = ? ORDER BY at_millis DESC, id DESC LIMIT 1
                """, arguments: [organisationId.canonicalString, quarter.description]).map { try SelfAssessmentTable.decode($0).model }
            return PerformanceEvaluation.evaluate(
                organisationId: organisationId, quarter: quarter, meanStars: figures?.meanStars, ratings: figures?.ratings ?? 0,
                meanReturnVisit: figures?.meanReturnVisitSatisfaction, returnVisits: figures?.returnVisits ?? 0, inspections: states,
                selfAssessment: latest, weights: weights)
        }
    }
}
