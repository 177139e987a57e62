import CareModel
import CareStore
import Foundation
import Hummingbird

/// The one-stop window (服务受理, Anhui §5.2.2.2): consultations, bookings, applications and
/// complaints taken as cases, the window's queue (overdue first) and the county's decisions on
/// applications. `clock` is the node's injected wall clock, so a test can make a case overdue.
struct CaseController {
    let db: AppDatabase
    let info: NodeInfo
    let clock: HybridLogicalClock.WallClock

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.post, requires: .caseCreate) { (request: Request, context: NodeRequestContext) -> EditedResponse<CaseView> in
            try await create(request, context)
        }
        routes.route(.get, requires: .caseRead) { (request: Request, context: NodeRequestContext) -> PageView<CaseView> in
            try await list(request, context)
        }
        routes.route(.get, ":id", requires: .caseRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<CaseDetailView> in
            try await detail(try request.uuidParameter(context), context)
        }
        // The step's own permission (`Permission.forCaseStep`) is checked once the body names it.
        routes.routeRequiringPermissionOfBody(.post, ":id/steps") { (request: Request, context: NodeRequestContext) -> EditedResponse<CaseDetailView> in
            try await step(request, context)
        }
        return routes
    }

    private func create(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<CaseView> {
        let draft = try await request.json(WindowCase.Draft.self, context: context)
        let fields = try WindowCase.validate(draft)
        guard let elder = try await db.perform({ try $0.elder(id: fields.elderId, in: context.scope) }) else {
            throw OrderStepRules.invalid("elderId", en: "no elder with id \(fields.elderId) at this node", zh: "未找到该老人档案")
        }
        let home = elder.model.home
        guard db.node.contains(home) else {
            throw APIError(.forbidden, en: "elder \(elder.model.id) is homed at \(home), outside this node (\(db.node))", zh: "该老人不在本节点辖区之内")
        }
        let documents = fields.documents
        let missing = try await db.perform { db in try documents.firstIndex { try db.blobInfo(sha256: $0) == nil } }
        if let index = missing {
            throw OrderStepRules.invalid("documents[\(index)]", en: "no uploaded file \(documents[index]) at this node", zh: "材料文件未上传到本节点")
        }
        let now = clock()
        var complaint: Complaint?
        if fields.kind == .complaint { complaint = try await openComplaint(fields, elder: elder.model, context, now: now) }
        let windowCase = WindowCase(
            id: fields.id, home: home, elderId: elder.model.id, kind: fields.kind, channel: fields.channel, summary: fields.summary,
            documents: fields.documents, complaintId: complaint?.id, takenAt: db.node, takenBy: context.actor, receivedAtMillis: now,
            dueAtMillis: info.caseDeadlines.dueAtMillis(fields.kind, receivedAtMillis: now))
        let summary = try await db.perform { [complaint] db in try db.createCase(windowCase, complaint: complaint, actor: context.actor) }
        let view = CaseView(summary, elderName: elder.model.name, nowMillis: now)
        var response = tagged(view, etag: view.version, status: .created)
        response.headers[.location] = "/api/v1/cases/\(windowCase.id.uuidString)"
        return response
    }

    /// The complaint record a complaint case opens, checked as `POST /complaints` checks one.
    private func openComplaint(_ fields: WindowCase.Fields, elder: Elder, _ context: NodeRequestContext, now: Int64) async throws -> Complaint {
        var organisationId = fields.organisationId
        if let orderId = fields.orderId {
            guard let order = try await db.perform({ try $0.order(id: orderId, in: context.scope) }), order.order.elderId == elder.id else {
                throw OrderStepRules.invalid("orderId", en: "no service order \(orderId) of this elder at this node", zh: "未找到该老人的这张服务工单")
            }
            organisationId = organisationId ?? order.organisationId
        }
        if let organisationId, try await db.perform({ try $0.organisation(id: organisationId) }) == nil {
            throw OrderStepRules.invalid("organisationId", en: "no organisation with id \(organisationId) at this node", zh: "本节点没有该服务组织")
        }
        return Complaint(
            home: elder.home, orderId: fields.orderId, organisationId: organisationId, complainant: fields.complainant ?? elder.name,
            channel: fields.channel, description: fields.summary, takenAt: db.node, takenBy: context.actor, receivedAtMillis: now)
    }

    private func list(_ request: Request, _ context: NodeRequestContext) async throws -> PageView<CaseView> {
        let query = try ListQuery(request, sortable: CaseSortField.self, default: ListSort(.dueAt))
        var filter = ListFilter(limit: query.limit, after: query.cursor)
        filter.order = query.order
        filter.scope = context.scope
        filter.within = try request.query("within", DivisionCode.init)
        if let status = try request.codeQuery("status", CaseStatus.self) { filter.equals[.status] = status }
        if let kind = try request.codeQuery("kind", CaseKind.self) { filter.equals[.kind] = kind }
        if let takenAt = try request.query("takenAt", DivisionCode.init) { filter.equals[.takenAt] = takenAt.rawValue }
        filter.elder = try request.query("elderId", UUID.init(uuidString:))
        let now = clock()
        let overdue = try request.query("overdue", Bool.init) == true
        let (page, names) = try await db.perform { [filter] db in
            let page = try db.cases(filter, overdueAt: overdue ? now : nil)
            return (page, try db.elderNames(page.items.map(\.windowCase.elderId)))
        }
        return PageView(page) { CaseView($0, elderName: names[$0.windowCase.elderId], nowMillis: now) }
    }

    /// A handling step, or the county's decision on an application. A step the case's status
    /// does not allow is 409 with the steps that are allowed now.
    private func step(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<CaseDetailView> {
        let id = try request.uuidParameter(context)
        let draft = try await request.json(CaseEvent.Draft.self, context: context)
        if let step = draft.step.flatMap(CaseStep.init(rawValue:)) {
            try context.require(Permission.forCaseStep(step))
        } else {
            try context.require(.caseRead)
            var v = Validator()
            _ = v.code(draft.step, "step", as: CaseStep.self)
            try v.check()
        }
        guard let current = try await db.perform({ try $0.windowCase(id: id, in: context.scope) }) else {
            throw APIError(.notFound, en: "no case with id \(id)", zh: "未找到该受理事项")
        }
        let windowCase = current.summary.windowCase
        guard db.node.contains(windowCase.home) else {
            throw APIError(.forbidden, en: "case \(id) is homed at \(windowCase.home), outside this node (\(db.node))", zh: "该事项不在本节点辖区之内")
        }
        let event = try CaseEvent(validating: draft, windowCase: windowCase, actor: context.actor)
        if event.step.isDecision, info.role != .county {
            throw APIError(.forbidden, en: "only the county decides an application (this node is a \(info.role.rawValue))", zh: "申请事项由县级审批")
        }
        if let orderId = event.orderId {
            guard let order = try await db.perform({ try $0.order(id: orderId, in: context.scope) }), order.order.elderId == windowCase.elderId else {
                throw OrderStepRules.invalid("orderId", en: "no service order \(orderId) of this elder at this node", zh: "未找到该老人的这张服务工单")
            }
        }
        do {
            _ = try await db.perform { try $0.appendCaseEvent(event, actor: context.actor) }
        } catch StoreError.conflict(let reason) {
            var error = APIError(.conflict, reason)
            error.allowed = CaseStep.allowed(from: current.summary.status, kind: windowCase.kind).map(\.rawValue)
            throw error
        }
        var response = try await detail(id, context)
        response.status = .created
        return response
    }

    private func detail(_ id: UUID, _ context: NodeRequestContext) async throws -> EditedResponse<CaseDetailView> {
        guard let (summary, state, elder) = try await db.perform({ db -> (CaseSummary, CaseState, Stored<Elder>?)? in
            guard let found = try db.windowCase(id: id, in: context.scope) else { return nil }
            return (found.summary, found.state, try db.elder(id: found.summary.windowCase.elderId))
        }) else { throw APIError(.notFound, en: "no case with id \(id)", zh: "未找到该受理事项") }
        let view = CaseView(summary, elderName: elder?.model.name, nowMillis: clock())
        return tagged(CaseDetailView(
            case: view, steps: state.applied.map(CaseStepView.init), ignoredSteps: state.ignored.map(CaseStepView.init),
            decision: state.decision?.step.rawValue, result: state.result, orderId: state.orderId), etag: view.version)
    }
}
