import CareModel
import CareStore
import Foundation
import Hummingbird

/// `GET /api/v1/stats/service-quality`: evaluation figures (Anhui §6.2) over a period, per
/// organisation, street or county, for the node's subtree or a part of it; and
/// `GET /api/v1/stats/alerts`: alerts raised in a period, counted by condition.
struct QualityController {
    let db: AppDatabase

    struct QualityView: ResponseEncodable, Decodable {
        let within: String
        let organisationId: UUID?
        let from: Date
        let to: Date
        let groupBy: String
        let groups: [QualityFigures]
        let definitions: [String: String]
    }

    static let definitions = [
        "completionRate": "orders requested in the period that reached completion ÷ orders requested in the period",
        "meanStars": "mean stars (1–5) of ratings made in the period; satisfiedShare is the share with 4 or 5",
        "complaintRate": "complaints received in the period ÷ orders completed in the period",
        "meanDispatchMinutes": "mean minutes from request to the dispatch in force (response time)",
        "meanAcceptMinutes": "mean minutes from request to acceptance by a worker",
        "onTimeArrivalRate": "check-ins in the period at or before the due time plus 15 minutes ÷ check-ins",
        "meanReturnVisitSatisfaction": "mean satisfaction (1–5) recorded by return visits in the period",
    ]

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "service-quality", requires: .statsRead) { (request: Request, context: NodeRequestContext) -> QualityView in
            let (from, to) = try Self.period(request, now: db.clock.wallMillis)
            let within = try request.query("within", DivisionCode.init) ?? db.node
            guard db.node.contains(within) || within.contains(db.node) else {
                throw APIError(.forbidden, "\(within) is outside this node's jurisdiction (\(db.node))")
            }
            // An account bound below the node gets its own subtree when it asks for more, and
            // 404 for a subtree outside it, as for any record it may not see.
            var scope = db.node.contains(within) ? within : db.node
            if let jurisdiction = context.scope?.division {
                if scope.contains(jurisdiction) {
                    scope = jurisdiction
                } else if !jurisdiction.contains(scope) {
                    throw APIError(.notFound, en: "\(within) is outside your jurisdiction (\(jurisdiction))", zh: "不在您的辖区之内")
                }
            }
            let grouping = try request.codeQuery("groupBy", QualityGrouping.self).flatMap(QualityGrouping.init(rawValue:))
                ?? (db.node.role == .county ? .street : .organisation)
            let organisationId = try request.query("organisationId", UUID.init(uuidString:))
            let groups = try await db.perform { [scope] db in try db.serviceQuality(
                within: scope, organisationId: organisationId, from: from, to: to, grouping: grouping, scope: context.scope) }
            return QualityView(
                within: scope.rawValue, organisationId: organisationId, from: date(millis: from), to: date(millis: to),
                groupBy: grouping.rawValue, groups: groups, definitions: Self.definitions)
        }
        routes.route(.get, "alerts", requires: .statsRead) { (request: Request, context: NodeRequestContext) -> AlertCountsView in
            let (from, to) = try Self.period(request, now: db.clock.wallMillis)
            let within = try context.subtree(request, node: db.node)
            let counts = try await db.perform { db in try db.alertCounts(within: within, scope: context.scope, from: from, to: to) }
            return AlertCountsView(
                within: within.rawValue, from: date(millis: from), to: date(millis: to), total: counts.reduce(0) { $0 + $1.count }, conditions: counts)
        }
        return routes
    }

    struct AlertCountsView: ResponseEncodable, Decodable {
        let within: String
        let from: Date
        let to: Date
        let total: Int
        let conditions: [AlertConditionCount]
    }

    /// `from` and `to` (ISO 8601 or plain dates), by default the 30 days to now.
    static func period(_ request: Request, now: Int64) throws -> (Int64, Int64) {
        let to = try request.query("to", instant) ?? now
        let from = try request.query("from", instant) ?? (to - 30 * 86_400_000)
        guard from < to else { throw APIError.badRequest("query parameter from must be before to") }
        return (from, to)
    }

    /// An ISO 8601 date-time or a plain date (taken as midnight China Standard Time).
    static func instant(_ text: String) -> Int64? {
        if let date = try? Date(text, strategy: .iso8601) { return Int64(date.timeIntervalSince1970 * 1000) }
        if let date = try? Date(text + "T00:00:00+08:00", strategy: .iso8601) { return Int64(date.timeIntervalSince1970 * 1000) }
        return nil
    }
}
