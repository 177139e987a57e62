import Foundation

/// One party's part of an evaluation: its score (0–100; nil when the quarter gave it nothing to
/// score), its weight, and what it was computed from.
public struct PerformancePart: Sendable, Hashable, Codable {
    public var party: PerformanceParty
    public var score: Double?
    public var weight: Int
    /// How many ratings, return visits or inspections it counts (1 or 0 for a self-assessment).
    public var count: Int

    public init(party: PerformanceParty, score: Double?, weight: Int, count: Int) {
        self.party = party
        self.score = score
        self.weight = weight
        self.count = count
    }
}

/// An organisation's performance over a quarter, the parties' scores combined by the county's
/// weights (`PerformanceEvaluation.evaluate` states the rules).
public struct PerformanceEvaluation: Sendable, Hashable, Codable {
    public var organisationId: UUID
    public var quarter: String
    public var parts: [PerformancePart]
    /// The weighted mean over the parties that have a score, 0–100; nil when none has.
    public var total: Double?
    /// 1–5, from the total.
    public var stars: Int?

    /// Points an inspection loses per finding, by severity, and per rectification sent back.
    public static let deductions: [FindingSeverity: Double] = [.minor: 2, .moderate: 5, .serious: 10, .critical: 20]
    public static let rejectionDeduction = 5.0
    /// The lowest total of each star level, five stars first.
    public static let starFloors: [(stars: Int, floor: Double)] = [(5, 90), (4, 80), (3, 70), (2, 60), (1, 0)]

    /// The rules, stated once:
    /// - ratings: the mean stars of the quarter's ratings of the organisation's services, as a
    ///   share of 5 (4.5 stars → 90);
    /// - return visits: the mean satisfaction (1–5) of the quarter's return visits, the same way;
    /// - inspections: each inspection planned in the quarter and visited (concluded, not
    ///   cancelled) scores 100 less `deductions` per finding and 5 per rectification sent back,
    ///   at least 0; the part is their mean;
    /// - self-assessment: the organisation's latest for the quarter, as given;
    /// - total: the mean of the parts that have a score, weighted by the county's weights (a
    ///   party with nothing to score does not count, and the others' weights carry the total);
    ///   stars by `starFloors`.
    public static func evaluate(
        organisationId: UUID, quarter: Quarter, meanStars: Double?, ratings: Int, meanReturnVisit: Double?, returnVisits: Int,
        inspections: [InspectionState], selfAssessment: SelfAssessment?, weights: PerformanceWeights
    ) -> PerformanceEvaluation {
        let visited = inspections.filter { $0.concluded && $0.status != .cancelled }
        let inspectionScores = visited.map(inspectionScore)
        let parts = [
            PerformancePart(party: .ratings, score: meanStars.map { $0 / 5 * 100 }, weight: weights.ratings, count: ratings),
            PerformancePart(
                party: .inspections, score: inspectionScores.isEmpty ? nil : inspectionScores.reduce(0, +) / Double(inspectionScores.count),
                weight: weights.inspections, count: inspectionScores.count),
            PerformancePart(party: .returnVisits, score: meanReturnVisit.map { $0 / 5 * 100 }, weight: weights.returnVisits, count: returnVisits),
            PerformancePart(party: .selfAssessment, score: selfAssessment.map { Double($0.score) }, weight: weights.selfAssessment, count: selfAssessment == nil ? 0 : 1),
        ]
        let scored = parts.filter { $0.score != nil && $0.weight > 0 }
        let weightSum = scored.reduce(0) { $0 + $1.weight }
        let total = weightSum == 0 ? nil : scored.reduce(0.0) { $0 + $1.score! * Double($1.weight) } / Double(weightSum)
        return PerformanceEvaluation(
            organisationId: organisationId, quarter: quarter.description, parts: parts, total: total,
            stars: total.map { total in starFloors.first { total >= $0.floor }!.stars })
    }

    public static func inspectionScore(_ state: InspectionState) -> Double {
        let lost = state.findings.reduce(0.0) { $0 + (deductions[$1.finding.severity ?? .minor] ?? 0) + Double($1.rejections) * rejectionDeduction }
        return max(0, 100 - lost)
    }
}
