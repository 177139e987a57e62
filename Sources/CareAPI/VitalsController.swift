import CareModel
import CareStore
import Foundation
import Hummingbird

/// `GET /api/v1/elders/{id}/vitals?measure=&from=YYYY-MM-DD&to=YYYY-MM-DD`: daily summaries
/// for trends (default: the last 30 days), available at every tier.
struct VitalsController {
    let db: AppDatabase

    struct VitalsView: ResponseEncodable, Decodable {
        let elderId: UUID
        let from: String
        let to: String
        let days: [VitalsSummary]
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, ":id/vitals", requires: .healthRead) { (request: Request, context: NodeRequestContext) -> VitalsView in
            let id = try request.uuidParameter(context)
            guard try await db.perform({ try $0.elder(id: id, in: context.scope) }) != nil else { throw APIError(.notFound, "no elder with id \(id)") }
            let measure = try request.codeQuery("measure", Measure.self).flatMap(Measure.init(rawValue:))
            let now = db.clock.wallMillis
            let to = try request.query("to", Self.day) ?? VitalsSummary.day(now)
            let from = try request.query("from", Self.day) ?? VitalsSummary.day(now - 29 * 86_400_000)
            return VitalsView(elderId: id, from: from, to: to, days: try await db.perform { try $0.vitals(elderId: id, measure: measure, fromDay: from, toDay: to) })
        }
        return routes
    }

    static func day(_ text: String) -> String? {
        let parts = text.split(separator: "-")
        return parts.count == 3 && text.count == 10 && parts.allSatisfy({ Int($0) != nil }) ? text : nil
    }
}
