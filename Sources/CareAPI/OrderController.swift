import CareModel
import CareStore
import Foundation
import Hummingbird

/// Service orders: taken at any tier, listed with their folded state.
struct OrderController {
    let db: AppDatabase
    let info: NodeInfo

    struct DetailView: ResponseEncodable {
        let order: OrderView
        let events: [EventView]
        let rejectedEvents: [RejectedView]
    }

    struct EventView: ResponseEncodable {
        let id: UUID
        let kind: String
        let actor: String
        let node: String
        let channel: String?
        let reason: String?
        let organisationId: UUID?
        let workerId: UUID?
        let details: [String: String]
        let version: String

        init(_ event: OrderEvent) {
            id = event.id
            kind = event.kind.rawValue
            actor = event.actor
            node = event.version.origin
            channel = event.channel?.rawValue
            reason = event.reason
            organisationId = event.organisationId
            workerId = event.workerId
            details = event.details
            version = event.version.description
        }
    }

    struct RejectedView: ResponseEncodable {
        let event: EventView
        let reason: String
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.post { request, context in try await create(request, context) }
        routes.get { request, _ in try list(request) }
        routes.get(":id") { request, context in try detail(try request.uuidParameter(context)) }
        routes.post(":id/events") { request, context in try await step(request, context) }
        return routes
    }

    /// A lifecycle step (dispatch, accept, check-in, complete, cancel…). A step the order's
    /// state does not allow is 409 with the steps that are allowed now.
    private func step(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<DetailView> {
        let id = try request.uuidParameter(context)
        let draft = try await request.json(OrderEvent.Draft.self, context: context)
        guard let summary = try db.order(id: id) else { throw APIError(.notFound, "no service order with id \(id)") }
        let home = try db.elder(id: summary.order.elderId)?.model.address.location
        var event = try OrderEvent(
            validating: draft, order: summary.order, actor: context.actor,
            site: VisitSite(home: home, radiusMeters: info.visitRadiusMeters))
        try OrderStepRules.check(event, order: summary, node: db.node, db: db)
        if event.kind == .complete, event.details[StepDetail.durationMinutes] == nil, let checkedIn = summary.checkedInAt {
            let minutes = max(1, (HybridLogicalClock.systemMillis() - checkedIn + 59_999) / 60_000)
            // Past a day the check-out was forgotten: the duration is unknown, and a value
            // outside the step's own range would be refused wherever the event arrives.
            if let range = StepDetail.integerRanges[StepDetail.durationMinutes], range.contains(Int(minutes)) {
                event.details[StepDetail.durationMinutes] = String(minutes)
            }
        }
        do {
            _ = try db.appendOrderEvent(event, actor: context.actor)
        } catch StoreError.conflict(let reason) {
            var error = APIError(.conflict, reason)
            error.allowed = OrderEventKind.allowed(from: summary.status).map(\.rawValue)
            throw error
        }
        var response = try detail(id)
        response.status = .created
        return response
    }

    private func create(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<OrderView> {
        let draft = try await request.json(ServiceOrder.Draft.self, context: context)
        let fields = try ServiceOrder.validate(draft)
        guard let elder = try db.elder(id: fields.elderId) else {
            throw APIError.validation(ValidationFailure([FieldError(field: "elderId", Label(en: "no elder with id \(fields.elderId) at this node", zh: "本节点没有该老人档案"))]))
        }
        let order = ServiceOrder(
            id: fields.id, home: elder.model.home, elderId: fields.elderId, category: fields.category, channel: fields.channel,
            wantedAt: fields.wantedAt, notes: fields.notes, takenAt: db.node, takenBy: context.actor,
            requestedAtMillis: HybridLogicalClock.systemMillis())
        _ = try db.createOrder(order, actor: context.actor)
        guard let summary = try db.order(id: order.id) else { throw APIError(.internalServerError, "order vanished after it was written") }
        var response = tagged(OrderView(summary), etag: OrderView(summary).version, status: .created)
        response.headers[.location] = "/api/v1/orders/\(order.id.uuidString)"
        return response
    }

    private func list(_ request: Request) throws -> PageView<OrderView> {
        let query = try ListQuery(request)
        var filter = ListFilter(limit: query.limit, after: query.cursor)
        filter.within = try request.query("within", DivisionCode.init) ?? request.query("community", DivisionCode.init)
        if let status = try request.codeQuery("status", OrderStatus.self) { filter.equals["status"] = status }
        if let takenAt = try request.query("takenAt", DivisionCode.init) { filter.equals["taken_at"] = takenAt.rawValue }
        if let workerId = try request.query("workerId", UUID.init(uuidString:)) { filter.equals["worker_id"] = workerId.uuidString }
        if try request.query("overdue", Bool.init) == true {
            // Due and not begun; the time is our own integer, never request text.
            filter.conditions.append("status IN ('requested', 'dispatched', 'accepted') AND due_at_millis < \(HybridLogicalClock.systemMillis())")
        }
        if let category = try request.codeQuery("category", ServiceCategory.self) { filter.equals["category"] = category }
        filter.elder = try request.query("elderId", UUID.init(uuidString:))
        if let organisation = try request.query("organisationId", UUID.init(uuidString:)) {
            filter.equals["organisation_id"] = organisation.uuidString
        }
        let page = try db.orders(filter)
        return PageView(items: page.items.map { OrderView($0) }, next: page.next, total: page.total)
    }

    private func detail(_ id: UUID) throws -> EditedResponse<DetailView> {
        guard let summary = try db.order(id: id) else { throw APIError(.notFound, "no service order with id \(id)") }
        let state = try db.orderHistory(id: id)
        let view = OrderView(summary)
        return tagged(DetailView(
            order: view, events: state.applied.map(EventView.init),
            rejectedEvents: state.rejected.map { RejectedView(event: EventView($0.event), reason: $0.reason) }), etag: view.version)
    }
}

/// Evaluations: immutable facts about a service.
struct EvaluationController {
    let db: AppDatabase

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.post { request, context in try await create(request, context) }
        routes.get { request, _ in
            let query = try ListQuery(request)
            var filter = ListFilter(limit: query.limit, after: query.cursor)
            filter.within = try request.query("community", DivisionCode.init)
            if let order = try request.query("orderId", UUID.init(uuidString:)) { filter.equals["order_id"] = order.uuidString }
            if let organisation = try request.query("organisationId", UUID.init(uuidString:)) {
                filter.equals["organisation_id"] = organisation.uuidString
            }
            let page = try db.evaluations(filter)
            return PageView(items: page.items.map(EvaluationView.init), next: page.next, total: page.total)
        }
        routes.get(":id") { request, context in
            let id = try request.uuidParameter(context)
            guard let stored = try db.evaluation(id: id) else { throw APIError(.notFound, "no evaluation with id \(id)") }
            return tagged(EvaluationView(stored), etag: stored.etag)
        }
        return routes
    }

    private func create(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<EvaluationView> {
        let draft = try await request.json(Evaluation.Draft.self, context: context)
        var order: OrderSummary?
        if let text = draft.orderId, let orderId = UUID(uuidString: text) {
            order = try db.order(id: orderId)
            if order == nil {
                throw APIError.validation(ValidationFailure([FieldError(field: "orderId", Label(en: "no service order with id \(orderId) at this node", zh: "本节点没有该服务工单"))]))
            }
        }
        let evaluation = try Evaluation(
            validating: draft, home: order?.order.home, organisationId: order?.organisationId,
            nowMillis: HybridLogicalClock.systemMillis())
        guard db.node.contains(evaluation.home) else {
            throw APIError(.forbidden, "home \(evaluation.home) is outside this node's jurisdiction (\(db.node))")
        }
        let stored = try db.createEvaluation(evaluation, actor: context.actor)
        var response = tagged(EvaluationView(stored), etag: stored.etag, status: .created)
        response.headers[.location] = "/api/v1/evaluations/\(evaluation.id.uuidString)"
        return response
    }
}
