import CareModel
import CareStore
import Foundation
import Hummingbird

/// Complaints (GB/T 17242): received at any tier, handled in stages with deadlines.
struct ComplaintController {
    let db: AppDatabase

    struct ComplaintView: ResponseEncodable, Decodable {
        let id: UUID
        let home: String
        let orderId: UUID?
        let organisationId: UUID?
        let complainant: String
        let channel: String
        let description: String
        let takenAt: String
        let takenBy: String
        let receivedAt: Date
        let status: String
        let dueAt: Date?
        let overdue: Bool
        let allowedSteps: [String]
        let version: String

        init(_ s: ComplaintSummary, nowMillis: Int64 = HybridLogicalClock.systemMillis()) {
            let c = s.complaint
            id = c.id
            home = c.home.rawValue
            orderId = c.orderId
            organisationId = c.organisationId
            complainant = c.complainant
            channel = c.channel.rawValue
            description = c.description
            takenAt = c.takenAt.rawValue
            takenBy = c.takenBy
            receivedAt = date(millis: c.receivedAtMillis)
            status = s.status.rawValue
            dueAt = s.dueAtMillis.map(date(millis:))
            overdue = s.isOverdue(nowMillis: nowMillis)
            allowedSteps = ComplaintStep.allowed(from: s.status).map(\.rawValue)
            version = "\"\(s.version.hlc.packed)-\(s.version.origin)\""
        }
    }

    struct StepView: ResponseEncodable, Decodable {
        let id: UUID
        let step: String
        let actor: String
        let node: String
        let note: String
        let at: Date
    }

    struct DetailView: ResponseEncodable, Decodable {
        let complaint: ComplaintView
        let steps: [StepView]
        let ignoredSteps: [StepView]
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.post, requires: .complaintCreate) { (request: Request, context: NodeRequestContext) -> EditedResponse<ComplaintView> in
            try await create(request, context)
        }
        routes.route(.get, requires: .complaintRead) { (request: Request, context: NodeRequestContext) -> PageView<ComplaintView> in
            let query = try ListQuery(request)
            var filter = ListFilter(limit: query.limit, after: query.cursor)
            filter.scope = context.scope
            filter.within = try request.query("within", DivisionCode.init)
            if let status = try request.codeQuery("status", ComplaintStatus.self) { filter.equals[.status] = status }
            if let organisation = try request.query("organisationId", UUID.init(uuidString:)) {
                filter.equals[.organisationId] = organisation.uuidString
            }
            let overdue = try request.query("overdue", Bool.init) == true
            let page = try await db.perform { [filter] db in try db.complaints(filter, overdueAt: overdue ? db.clock.wallMillis : nil) }
            return PageView(page) { ComplaintView($0) }
        }
        routes.route(.get, ":id", requires: .complaintRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<DetailView> in
            try await detail(try request.uuidParameter(context), context)
        }
        routes.route(.post, ":id/steps", requires: .complaintHandle) { (request: Request, context: NodeRequestContext) -> EditedResponse<DetailView> in
            let id = try request.uuidParameter(context)
            let draft = try await request.json(ComplaintEvent.Draft.self, context: context)
            guard let current = try await db.perform({ try $0.complaint(id: id, in: context.scope) }) else { throw APIError(.notFound, "no complaint with id \(id)") }
            let event = try ComplaintEvent(validating: draft, complaint: current.summary.complaint, actor: context.actor)
            do {
                _ = try await db.perform { try $0.appendComplaintEvent(event, actor: context.actor) }
            } catch StoreError.conflict(let reason) {
                var error = APIError(.conflict, reason)
                error.allowed = ComplaintStep.allowed(from: current.summary.status).map(\.rawValue)
                throw error
            }
            var response = try await detail(id, context)
            response.status = .created
            return response
        }
        return routes
    }

    private func create(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<ComplaintView> {
        let draft = try await request.json(Complaint.Draft.self, context: context)
        let fields = try Complaint.validate(draft)
        var home = fields.home
        var organisationId = fields.organisationId
        if let orderId = fields.orderId {
            guard let order = try await db.perform({ try $0.order(id: orderId, in: context.scope) }) else {
                throw OrderStepRules.invalid("orderId", en: "no service order with id \(orderId) at this node", zh: "本节点没有该服务工单")
            }
            home = order.order.home
            organisationId = organisationId ?? order.organisationId
        }
        if let organisationId, try await db.perform({ try $0.organisation(id: organisationId) }) == nil {
            throw OrderStepRules.invalid("organisationId", en: "no organisation with id \(organisationId) at this node", zh: "本节点没有该服务组织")
        }
        guard let home, db.node.contains(home) else {
            throw APIError(.forbidden, "home \(home?.rawValue ?? "?") is outside this node's jurisdiction (\(db.node))")
        }
        if let scope = context.scope, !scope.contains(home) {
            throw APIError(.forbidden, en: "home \(home) is outside your jurisdiction (\(scope.division))", zh: "不在您的辖区之内")
        }
        let complaint = Complaint(
            id: fields.id, home: home, orderId: fields.orderId, organisationId: organisationId, complainant: fields.complainant,
            channel: fields.channel, description: fields.description, takenAt: db.node, takenBy: context.actor,
            receivedAtMillis: db.clock.wallMillis)
        let summary = try await db.perform { try $0.createComplaint(complaint, actor: context.actor) }
        var response = tagged(ComplaintView(summary), etag: ComplaintView(summary).version, status: .created)
        response.headers[.location] = "/api/v1/complaints/\(complaint.id.uuidString)"
        return response
    }

    private func detail(_ id: UUID, _ context: NodeRequestContext) async throws -> EditedResponse<DetailView> {
        guard let (summary, state) = try await db.perform({ try $0.complaint(id: id, in: context.scope) }) else { throw APIError(.notFound, "no complaint with id \(id)") }
        func view(_ e: ComplaintEvent) -> StepView {
            StepView(id: e.id, step: e.step.rawValue, actor: e.actor, node: e.version.origin, note: e.note, at: date(millis: e.version.hlc.millis))
        }
        let complaint = ComplaintView(summary)
        return tagged(DetailView(complaint: complaint, steps: state.applied.map(view), ignoredSteps: state.ignored.map(view)), etag: complaint.version)
    }
}
