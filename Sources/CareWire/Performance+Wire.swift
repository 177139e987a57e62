import CareModel
import Foundation

// Performance evaluation: the county's weights and an organisation's self-assessments.

extension WirePerformanceWeights {
    init(_ w: PerformanceWeights) {
        self.init()
        ratings = Int32(w.ratings)
        inspections = Int32(w.inspections)
        returnVisits = Int32(w.returnVisits)
        selfAssessment = Int32(w.selfAssessment)
    }
}

extension PerformanceWeights: WireMapped {
    static let wireKind = WireEntityKind.performanceWeights
    static func message(in record: WireChange.OneOf_Record) -> WirePerformanceWeights? {
        if case .performanceWeights(let message) = record { message } else { nil }
    }
    static func record(_ message: WirePerformanceWeights) -> WireChange.OneOf_Record { .performanceWeights(message) }
    var wireMessage: WirePerformanceWeights { WirePerformanceWeights(self) }

    /// The county's weights; the id must be the one its county gives.
    static func decode(_ m: WirePerformanceWeights, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        let weights = try PerformanceWeights(
            county: home, ratings: FieldCheck.range(m.ratings, "ratings", 0...100), inspections: FieldCheck.range(m.inspections, "inspections", 0...100),
            returnVisits: FieldCheck.range(m.returnVisits, "return_visits", 0...100),
            selfAssessment: FieldCheck.range(m.selfAssessment, "self_assessment", 0...100))
        guard weights.id == id else { throw WireError(field: "", problem: "performance weights id \(id) is not the one county \(home) gives") }
        return weights
    }
}

extension WireSelfAssessment {
    init(_ s: SelfAssessment) {
        self.init()
        organisationID = s.organisationId.uuidString
        quarter = s.quarter
        score = Int32(s.score)
        if let note = s.note { self.note = note }
        by = s.by
        atMillis = s.atMillis
    }
}

extension SelfAssessment: WireMapped {
    static let wireKind = WireEntityKind.selfAssessment
    static func message(in record: WireChange.OneOf_Record) -> WireSelfAssessment? { if case .selfAssessment(let message) = record { message } else { nil } }
    static func record(_ message: WireSelfAssessment) -> WireChange.OneOf_Record { .selfAssessment(message) }
    var wireMessage: WireSelfAssessment { WireSelfAssessment(self) }

    static func decode(_ m: WireSelfAssessment, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        try SelfAssessment(
            id: id, home: home, organisationId: FieldCheck.uuid(m.organisationID, "organisation_id"), quarter: FieldCheck.required(m.quarter, "quarter"),
            score: FieldCheck.range(m.score, "score", 0...100), note: m.hasNote ? m.note : nil, by: FieldCheck.required(m.by, "by"),
            atMillis: m.atMillis)
    }
}
