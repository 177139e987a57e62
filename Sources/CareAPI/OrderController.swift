import CareModel
import CareStore
import Foundation
import Hummingbird

/// Service orders: taken at any tier, listed with their folded state.
struct OrderController {
    let db: AppDatabase
    let info: NodeInfo

    struct DetailView: ResponseEncodable, Decodable {
        let order: OrderView
        let events: [EventView]
        let rejectedEvents: [RejectedView]
    }

    struct EventView: ResponseEncodable, Decodable {
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

    struct RejectedView: ResponseEncodable, Decodable {
        let event: EventView
        let reason: String
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.post, requires: .orderCreate) { (request: Request, context: NodeRequestContext) -> EditedResponse<OrderView> in
            try await create(request, context)
        }
        routes.route(.get, requires: .orderRead) { (request: Request, context: NodeRequestContext) -> PageView<OrderView> in
            try await list(request, context)
        }
        routes.route(.get, ":id", requires: .orderRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<DetailView> in
            try await detail(try request.uuidParameter(context), context)
        }
        // The step's own permission (`Permission.forStep`) is checked once the body names it.
        routes.routeRequiringPermissionOfBody(.post, ":id/events") { (request: Request, context: NodeRequestContext) -> EditedResponse<DetailView> in
            try await step(request, context)
        }
        return routes
    }

    /// A lifecycle step (dispatch, accept, check-in, complete, cancel…). A step the order's
    /// state does not allow is 409 with the steps that are allowed now.
    private func step(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<DetailView> {
        let id = try request.uuidParameter(context)
        let draft = try await request.json(OrderEvent.Draft.self, context: context)
        // A kind that is missing or unknown is refused by validation below, naming the field,
        // and before the store is read: any account with order.read may be told that.
        if let kind = draft.kind.flatMap(OrderEventKind.init(rawValue:)) {
            try context.require(Permission.forStep(kind))
        } else {
            try context.require(.orderRead)
            var v = Validator()
            _ = v.code(draft.kind, "kind", as: OrderEventKind.self)
            try v.check()
        }
        guard let summary = try await db.perform({ try $0.order(id: id, in: context.scope) }) else { throw APIError(.notFound, "no service order with id \(id)") }
        let home = try await db.perform { try $0.elder(id: summary.order.elderId) }?.model.address.location
        var event = try OrderEvent(
            validating: draft, order: summary.order, actor: context.actor,
            site: VisitSite(home: home, radiusMeters: info.visitRadiusMeters))
        try context.require(Permission.forStep(event.kind))
        try await OrderStepRules.check(event, order: summary, node: db.node, db: db)
        if let staffId = context.scope?.workerId, event.kind == .accept, event.workerId != staffId {
            throw APIError.invalid("workerId", en: "a caregiver accepts orders as themselves (workerId \(staffId))", zh: "服务人员只能以本人身份接单")
        }
        if event.kind == .complete, event.details[StepDetail.durationMinutes] == nil, let checkedIn = summary.checkedInAt {
            let minutes = max(1, (db.clock.wallMillis - checkedIn + 59_999) / 60_000)
            // Past a day the check-out was forgotten: the duration is unknown, and a value
            // outside the step's own range would be refused wherever the event arrives.
            if let range = StepDetail.integerRanges[StepDetail.durationMinutes], range.contains(Int(minutes)) {
                event.details[StepDetail.durationMinutes] = String(minutes)
            }
        }
        do {
            _ = try await db.perform { [event] db in try db.appendOrderEvent(event, actor: context.actor) }
        } catch StoreError.conflict(let reason) {
            var error = APIError(.conflict, reason)
            error.allowed = OrderEventKind.allowed(from: summary.status).map(\.rawValue)
            throw error
        }
        var response = try await detail(id, context)
        response.status = .created
        return response
    }

    private func create(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<OrderView> {
        let draft = try await request.json(ServiceOrder.Draft.self, context: context)
        let fields = try ServiceOrder.validate(draft)
        guard let elder = try await db.perform({ try $0.elder(id: fields.elderId, in: context.scope) }) else {
            throw APIError.validation(ValidationFailure([FieldError(field: "elderId", Label(en: "no elder with id \(fields.elderId) at this node", zh: "本节点没有该老人档案"))]))
        }
        let order = ServiceOrder(
            id: fields.id, home: elder.model.home, elderId: fields.elderId, category: fields.category, channel: fields.channel,
            wantedAt: fields.wantedAt, notes: fields.notes, takenAt: db.node, takenBy: context.actor,
            requestedAtMillis: db.clock.wallMillis)
        _ = try await db.perform { try $0.createOrder(order, actor: context.actor) }
        guard let summary = try await db.perform({ try $0.order(id: order.id) }) else { throw APIError(.internalServerError, "order vanished after it was written") }
        var response = tagged(OrderView(summary), etag: OrderView(summary).version, status: .created)
        response.headers[.location] = "/api/v1/orders/\(order.id.uuidString)"
        return response
    }

    private func list(_ request: Request, _ context: NodeRequestContext) async throws -> PageView<OrderView> {
        let query = try ListQuery(request, sortable: OrderSortField.self)
        var filter = ListFilter(limit: query.limit, after: query.cursor)
        filter.order = query.order
        filter.scope = context.scope
        filter.within = try request.query("within", DivisionCode.init) ?? request.query("community", DivisionCode.init)
        if let status = try request.codeQuery("status", OrderStatus.self) { filter.equals[.status] = status }
        if let takenAt = try request.query("takenAt", DivisionCode.init) { filter.equals[.takenAt] = takenAt.rawValue }
        if let workerId = try request.query("workerId", UUID.init(uuidString:)) { filter.equals[.workerId] = workerId.uuidString }
        if try request.query("overdue", Bool.init) == true { filter.overdueAt = db.clock.wallMillis }
        if let category = try request.codeQuery("category", ServiceCategory.self) { filter.equals[.category] = category }
        filter.elder = try request.query("elderId", UUID.init(uuidString:))
        if let organisation = try request.query("organisationId", UUID.init(uuidString:)) {
            filter.equals[.organisationId] = organisation.uuidString
        }
        let page = try await db.perform { [filter] db in try db.orders(filter) }
        return PageView(page) { OrderView($0) }
    }

    private func detail(_ id: UUID, _ context: NodeRequestContext) async throws -> EditedResponse<DetailView> {
        guard let summary = try await db.perform({ try $0.order(id: id, in: context.scope) }) else { throw APIError(.notFound, "no service order with id \(id)") }
        let state = try await db.perform { try $0.orderHistory(id: id) }
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
        routes.route(.post, requires: .evaluationCreate) { (request: Request, context: NodeRequestContext) -> EditedResponse<EvaluationView> in
            try await create(request, context)
        }
        routes.route(.get, requires: .evaluationRead) { (request: Request, context: NodeRequestContext) -> PageView<EvaluationView> in
            let query = try ListQuery(request)
            var filter = ListFilter(limit: query.limit, after: query.cursor)
            filter.scope = context.scope
            filter.within = try request.query("community", DivisionCode.init)
            if let order = try request.query("orderId", UUID.init(uuidString:)) { filter.equals[.orderId] = order.uuidString }
            if let organisation = try request.query("organisationId", UUID.init(uuidString:)) {
                filter.equals[.organisationId] = organisation.uuidString
            }
            let page = try await db.perform { [filter] db in try db.evaluations(filter) }
            return PageView(page, EvaluationView.init)
        }
        routes.route(.get, ":id", requires: .evaluationRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<EvaluationView> in
            let id = try request.uuidParameter(context)
            guard let stored = try await db.perform({ try $0.evaluation(id: id, in: context.scope) }) else { throw APIError(.notFound, "no evaluation with id \(id)") }
            return tagged(EvaluationView(stored), etag: stored.etag)
        }
        return routes
    }

    private func create(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<EvaluationView> {
        let draft = try await request.json(Evaluation.Draft.self, context: context)
        var order: OrderSummary?
        if let text = draft.orderId, let orderId = UUID(uuidString: text) {
            order = try await db.perform { try $0.order(id: orderId, in: context.scope) }
            if order == nil {
                throw APIError.validation(ValidationFailure([FieldError(field: "orderId", Label(en: "no service order with id \(orderId) at this node", zh: "本节点没有该服务工单"))]))
            }
        }
        let evaluation = try Evaluation(
            validating: draft, home: order?.order.home, organisationId: order?.organisationId,
            nowMillis: db.clock.wallMillis)
        guard db.node.contains(evaluation.home) else {
            throw APIError(.forbidden, "home \(evaluation.home) is outside this node's jurisdiction (\(db.node))")
        }
        if let scope = context.scope, !scope.contains(evaluation.home) {
            throw APIError(.forbidden, en: "home \(evaluation.home) is outside your jurisdiction (\(scope.division))", zh: "不在您的辖区之内")
        }
        let stored = try await db.perform { try $0.createEvaluation(evaluation, actor: context.actor) }
        var response = tagged(EvaluationView(stored), etag: stored.etag, status: .created)
        response.headers[.location] = "/api/v1/evaluations/\(evaluation.id.uuidString)"
        return response
    }
}
