import CareModel
import CareStore
import Foundation
import Hummingbird

/// The lists people work from: an organisation's queue and a worker's day.
struct WorkListController {
    let db: AppDatabase

    struct DayView: ResponseEncodable, Decodable {
        let workerId: UUID
        let date: String
        let orders: [OrderView]
    }

    struct QueueView: ResponseEncodable, Decodable {
        let organisationId: UUID
        let orders: [OrderView]
    }

    /// Mounted at /api/v1.
    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        // An organisation admin sees only their organisation's queue, a caregiver only their
        // own orders in it and their own day: another's is 404, as if it did not exist.
        routes.route(.get, "organisations/:id/queue", requires: .worklistRead) { (request: Request, context: NodeRequestContext) -> QueueView in
            let id = try request.uuidParameter(context)
            guard try await db.perform({ try $0.organisation(id: id) }) != nil, context.scope?.organisationId.map({ $0 == id }) ?? true
            else { throw APIError(.notFound, "no organisation with id \(id)") }
            let limit = try request.query("limit", Int.init).map { min(max($0, 1), 500) } ?? 200
            return QueueView(organisationId: id, orders: try await db.perform { try $0.organisationQueue(id, limit: limit, in: context.scope) }.map { OrderView($0) })
        }
        routes.route(.get, "staff/:id/day", requires: .worklistRead) { (request: Request, context: NodeRequestContext) -> DayView in
            let id = try request.uuidParameter(context)
            guard let staff = try await db.perform({ try $0.staff(id: id) }), context.scope?.workerId.map({ $0 == id }) ?? true,
                context.scope?.organisationId.map({ $0 == staff.model.organisationId }) ?? true
            else { throw APIError(.notFound, "no staff member with id \(id)") }
            let (day, from, to) = try Self.day(request)
            return DayView(workerId: id, date: day, orders: try await db.perform { try $0.workerDay(id, from: from, to: to, in: context.scope) }.map { OrderView($0) })
        }
        return routes
    }

    /// The calendar day asked for (`date=YYYY-MM-DD`, default today), in China Standard Time,
    /// as a half-open range of milliseconds.
    static func day(_ request: Request) throws -> (String, Int64, Int64) {
        let zone = TimeZone(secondsFromGMT: 8 * 3600)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let text = request.uri.queryParameters.get("date")
        let start: Date
        if let text {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3, let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
                calendar.component(.day, from: date) == parts[2]
            else { throw APIError.badRequest("query parameter date='\(text)' is not a date like 2026-11-23") }
            start = date
        } else {
            start = calendar.startOfDay(for: Date())
        }
        let end = calendar.date(byAdding: .day, value: 1, to: start)!
        let label = text ?? {
            let c = calendar.dateComponents([.year, .month, .day], from: start)
            return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        }()
        return (label, Int64(start.timeIntervalSince1970 * 1000), Int64(end.timeIntervalSince1970 * 1000))
    }
}
