import CareModel
import CareStore
import Foundation
import Hummingbird

struct PerformancePartView: ResponseEncodable, Decodable {
    let party: String
    /// 0–100, one decimal; null when the quarter gave the party nothing to score.
    let score: Double?
    let weight: Int
    let count: Int
}

/// One organisation's quarter: each party's score and weight, the total and its stars.
struct PerformanceView: ResponseEncodable, Decodable {
    let organisationId: UUID
    let organisationName: String
    let quarter: String
    let parts: [PerformancePartView]
    let total: Double?
    let stars: Int?

    init(_ e: PerformanceEvaluation, name: String) {
        organisationId = e.organisationId
        organisationName = name
        quarter = e.quarter
        parts = e.parts.map { PerformancePartView(party: $0.party.rawValue, score: $0.score.map(Self.rounded), weight: $0.weight, count: $0.count) }
        total = e.total.map(Self.rounded)
        stars = e.stars
    }

    static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}

struct TrendPoint: ResponseEncodable, Decodable {
    let quarter: String
    let total: Double?
    let stars: Int?

    init(quarter: String, total: Double?, stars: Int?) {
        self.quarter = quarter
        self.total = total.map(PerformanceView.rounded)
        self.stars = stars
    }
}

struct SelfAssessmentView: ResponseEncodable, Decodable {
    let id: UUID
    let organisationId: UUID
    let quarter: String
    let score: Int
    let note: String?
    let by: String
    let at: Date
    let node: String

    init(_ stored: Stored<SelfAssessment>) {
        let s = stored.model
        id = s.id
        organisationId = s.organisationId
        quarter = s.quarter
        score = s.score
        note = s.note
        by = s.by
        at = date(millis: s.atMillis)
        node = s.home.rawValue
    }
}

/// The evaluation with its trend over the quarter and the three before it.
struct OrganisationPerformanceView: ResponseEncodable, Decodable {
    let evaluation: PerformanceView
    let trend: [TrendPoint]
    let selfAssessments: [SelfAssessmentView]
}

struct WeightsView: ResponseEncodable, Decodable {
    let ratings: Int
    let inspections: Int
    let returnVisits: Int
    let selfAssessment: Int

    init(_ w: PerformanceWeights) {
        ratings = w.ratings
        inspections = w.inspections
        returnVisits = w.returnVisits
        selfAssessment = w.selfAssessment
    }
}
