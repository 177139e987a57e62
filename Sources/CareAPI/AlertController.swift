import CareModel
import CareStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Smart alerts at every tier: list, detail, operator steps, and a server-sent event stream
/// for consoles (§5.3.2.3 screen pop-up).
struct AlertController {
    let db: AppDatabase

    struct DetailView: ResponseEncodable, Decodable {
        let alert: AlertView
        let steps: [[String: String]]
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, requires: .alertRead) { (request: Request, context: NodeRequestContext) -> PageView<AlertView> in
            let query = try ListQuery(request, sortable: AlertSortField.self)
            var filter = ListFilter(limit: query.limit, after: query.cursor)
            filter.order = query.order
            filter.scope = context.scope
            filter.within = try request.query("within", DivisionCode.init)
            if let status = try request.codeQuery("status", AlertStatus.self) { filter.equals[.status] = status }
            if let severity = try request.codeQuery("severity", AlertSeverity.self) { filter.equals[.severity] = severity }
            if let tier = try request.query("escalatedTo", NodeRole.init(rawValue:)) { filter.equals[.escalatedTo] = tier.rawValue }
            return try await db.perform { [filter] db in
                let page = try db.alerts(filter)
                let names = try db.elderNames(page.items.map(\.alert.elderId))
                return PageView(page) { AlertView($0, elderName: names[$0.alert.elderId]) }
            }
        }
        routes.route(.get, "stream", requires: .alertRead) { (request: Request, context: NodeRequestContext) -> Response in
            try stream(request, scope: context.scope, calls: context.has(.callRead) ? CallEvents(db: db, scope: context.scope, reveal: context.has(.elderIdentity)) : nil)
        }
        routes.route(.get, ":id", requires: .alertRead) { (request: Request, context: NodeRequestContext) -> DetailView in
            let id = try request.uuidParameter(context)
            guard let (summary, state) = try await db.perform({ try $0.alert(id: id, in: context.scope) }) else { throw APIError(.notFound, "no alert with id \(id)") }
            return DetailView(alert: try await view(summary), steps: state.applied.map { e in
                var step = ["step": e.step.rawValue, "actor": e.actor, "node": e.version.origin, "at": date(millis: e.version.hlc.millis).formatted(.iso8601)]
                step["note"] = e.note
                step["action"] = e.action?.rawValue
                step["tier"] = e.tier?.rawValue
                step["orderId"] = e.orderId?.uuidString
                return step
            })
        }
        routes.route(.post, ":id/steps", requires: .alertHandle) { (request: Request, context: NodeRequestContext) -> EditedResponse<AlertView> in
            let id = try request.uuidParameter(context)
            let draft = try await request.json(AlertEvent.Draft.self, context: context)
            guard let current = try await db.perform({ try $0.alert(id: id, in: context.scope) }) else { throw APIError(.notFound, "no alert with id \(id)") }
            let event = try AlertEvent(validating: draft, alert: current.summary.alert, actor: context.actor)
            do {
                return EditedResponse(status: .created, response: try await view(try await db.perform { [event] db in try db.appendAlertEvent(event, actor: context.actor) }))
            } catch StoreError.conflict(let reason) {
                throw APIError(.conflict, reason)
            }
        }
        return routes
    }

    private func view(_ summary: AlertSummary) async throws -> AlertView {
        try await db.perform { try Self.view(summary, $0) }
    }

    private static func view(_ summary: AlertSummary, _ db: AppDatabase) throws -> AlertView {
        AlertView(summary, elderName: try db.elder(id: summary.alert.elderId)?.model.name)
    }

    /// Server-sent events: each alert raised or changed here (made locally or arrived by
    /// sync) as `event: alert` with the alert as JSON. `Last-Event-ID` or `?after=` resumes;
    /// a new stream starts with the open alerts. A comment every 15 s keeps proxies open.
    /// For an account that may see calls, the stream also carries `event: call` with the
    /// call's pop-up (the caller's profile, open orders and open alerts), see `CallEvents`.
    private func stream(_ request: Request, scope: Jurisdiction?, calls: CallEvents?) throws -> Response {
        let lastEventID = request.headers[HTTPField.Name("Last-Event-ID")!].flatMap { Int64($0) }
        let resume = try lastEventID ?? request.query("after", Int64.init)
        let db = db
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let body = ResponseBody { writer in
            var position = resume ?? 0
            var first = resume == nil
            var callPosition: Int64?
            while !Task.isCancelled && !db.changes.isClosed {
                let seen = db.changes.generation
                let changed = try await db.perform { [position] db in try db.alertsChanged(after: position, limit: 200, in: scope) }
                var text = ""
                if let calls { text += try await calls.next(after: &callPosition) }
                for summary in changed {
                    position = max(position, summary.stateVersion)
                    if first && !summary.status.isOpen { continue }
                    let json = try encoder.encode(try await view(summary))
                    text += "id: \(summary.stateVersion)\nevent: alert\ndata: \(String(decoding: json, as: UTF8.self))\n\n"
                }
                if changed.count < 200 { first = false }
                try await writer.write(ByteBuffer(string: text.isEmpty ? ": keep-alive\n\n" : text))
                if changed.count == 200 { continue }
                await db.changes.wait(after: seen, timeout: .seconds(15))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: body)
    }
}

/// An alert as consoles, the event stream and webhooks see it.
public struct AlertView: ResponseEncodable, Decodable, Sendable {
    public let id: UUID
    public let home: String
    public let elderId: UUID
    public let elderName: String?
    public let deviceSerial: String
    public let condition: String
    public let measure: String
    public let value: Double?
    public let severity: String
    public let message: String
    public let messageZh: String
    public let place: String
    public let raisedAt: Date
    public let status: String
    public let count: Int
    public let lastSeenAt: Date
    public let escalatedTo: String?
    public let position: Int64

    public init(_ s: AlertSummary, elderName: String?) {
        let a = s.alert
        id = a.id
        home = a.home.rawValue
        elderId = a.elderId
        self.elderName = elderName
        deviceSerial = a.deviceSerial
        condition = a.condition
        measure = a.measure
        value = a.value
        severity = a.severity.rawValue
        message = a.message
        messageZh = a.messageZh
        place = a.place
        raisedAt = date(millis: a.raisedAtMillis)
        status = s.status.rawValue
        count = s.count
        lastSeenAt = date(millis: s.lastSeenMillis)
        escalatedTo = s.escalatedTo?.rawValue
        position = s.stateVersion
    }
}
