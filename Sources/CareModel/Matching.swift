import Foundation

/// What the dispatch room knows about one organisation when it ranks candidates for an order.
public struct CandidateFacts: Sendable, Hashable {
    public var organisation: ServiceOrganisation
    /// Orders dispatched to it and not yet completed or cancelled.
    public var openOrders: Int
    /// Ratings of its services in the look-back window.
    public var ratingCount: Int
    public var meanStars: Double?
    /// Visits with a due time in the window, and how many began on time.
    public var timedVisits: Int
    public var onTimeVisits: Int

    public init(organisation: ServiceOrganisation, openOrders: Int, ratingCount: Int, meanStars: Double?, timedVisits: Int, onTimeVisits: Int) {
        self.organisation = organisation
        self.openOrders = openOrders
        self.ratingCount = ratingCount
        self.meanStars = meanStars
        self.timedVisits = timedVisits
        self.onTimeVisits = onTimeVisits
    }
}

/// One part of a candidate's score: the measured value, what it scores (0…1) and its weight.
public struct ScorePart: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double?
    public var unit: String
    public var score: Double
    public var weight: Double
    public var explanation: String
    /// score × weight: what this part adds to the total.
    public var points: Double

    public init(name: String, value: Double?, unit: String, score: Double, weight: Double, explanation: String) {
        self.name = name
        self.value = value
        self.unit = unit
        self.score = (score * 1000).rounded() / 1000
        self.weight = weight
        self.explanation = explanation
        points = (score * weight * 1000).rounded() / 1000
    }
}

public struct Candidate: Sendable, Hashable {
    public var organisation: ServiceOrganisation
    public var total: Double
    public var parts: [ScorePart]
}

/// Ranks organisations for an order (Anhui §5.1.2.4 automatic dispatch). Only organisations
/// that serve the elder's community, offer the category and are not on the credit blacklist
/// are candidates. Each is scored on distance, open load, recent ratings and on-time rate; a
/// missing measure scores neutral (0.5) rather than zero so a new organisation is not buried.
public enum Matching {
    public static let weights = (distance: 0.35, load: 0.25, rating: 0.25, onTime: 0.15)
    /// Distance at which the distance score reaches zero.
    public static let reachMeters = 10_000.0
    /// Open orders at which the load score halves.
    public static let halfLoad = 5.0

    public static func isEligible(_ organisation: ServiceOrganisation, for order: ServiceOrder) -> Bool {
        organisation.creditStatus != .blacklisted
            && organisation.categories.contains(order.category)
            && organisation.communities.contains(order.home)
    }

    public static func rank(_ facts: [CandidateFacts], for order: ServiceOrder, home: Coordinates?) -> [Candidate] {
        facts.filter { isEligible($0.organisation, for: order) }
            .map { score($0, home: home) }
            .sorted {
                $0.total != $1.total ? $0.total > $1.total : $0.organisation.id.canonicalString < $1.organisation.id.canonicalString
            }
    }

    static func score(_ facts: CandidateFacts, home: Coordinates?) -> Candidate {
        var parts: [ScorePart] = []
        let distance = home.flatMap { home in facts.organisation.address.location.map { $0.distance(to: home) } }
        parts.append(ScorePart(
            name: "distance", value: distance.map { $0.rounded() }, unit: "m",
            score: distance.map { max(0, 1 - $0 / reachMeters) } ?? 0.5, weight: weights.distance,
            explanation: distance.map { "\(Int($0.rounded())) m from the elder's home; 0 at \(Int(reachMeters / 1000)) km" }
                ?? "no map position for the organisation or the home; neutral"))
        let load = Double(facts.openOrders)
        parts.append(ScorePart(
            name: "load", value: load, unit: "open orders", score: 1 / (1 + load / halfLoad), weight: weights.load,
            explanation: "\(facts.openOrders) open orders; halves at \(Int(halfLoad))"))
        parts.append(ScorePart(
            name: "rating", value: facts.meanStars, unit: "stars",
            score: facts.meanStars.map { ($0 - 1) / 4 } ?? 0.5, weight: weights.rating,
            explanation: facts.meanStars.map { String(format: "mean %.2f stars over %d ratings", $0, facts.ratingCount) }
                ?? "no ratings yet; neutral"))
        let onTime = facts.timedVisits > 0 ? Double(facts.onTimeVisits) / Double(facts.timedVisits) : nil
        parts.append(ScorePart(
            name: "onTime", value: onTime, unit: "share", score: onTime ?? 0.5, weight: weights.onTime,
            explanation: onTime.map { _ in "\(facts.onTimeVisits) of \(facts.timedVisits) visits began on time" }
                ?? "no timed visits yet; neutral"))
        var total = parts.reduce(0) { $0 + $1.score * $1.weight }
        if facts.organisation.creditStatus == .warning {
            total *= 0.8
            parts.append(ScorePart(
                name: "credit", value: nil, unit: "", score: 0.8, weight: 0,
                explanation: "credit warning: total reduced by a fifth"))
        }
        return Candidate(organisation: facts.organisation, total: (total * 1000).rounded() / 1000, parts: parts)
    }
}
