import CareModel
import CareStore
import Foundation
import Hummingbird

/// Supervision (服务监督, Anhui §5.1.2.5): the county's checklists (`registry.write`, at the
/// county), inspection plans and the inspector's steps on site (`inspection.write`), the
/// organisation's answers (`inspection.answer`), the re-inspection's verdicts (at a street or
/// the county), and the rectification list with its reminders and escalations (`inspection.read`),
/// computed on the node's injected clock from what it holds.
struct InspectionController {
    let db: AppDatabase
    let info: NodeInfo
    let clock: HybridLogicalClock.WallClock

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "inspection-templates", requires: .inspectionRead) { (request: Request, _: NodeRequestContext) -> PageView<InspectionTemplateView> in
            let retired = try request.query("retired", Bool.init) ?? false
            let items = try await db.perform { try $0.inspectionTemplates(includeRetired: retired) }.map(InspectionTemplateView.init)
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.post, "inspection-templates", requires: .registryWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<InspectionTemplateView> in
            let draft = try await request.json(InspectionTemplate.Draft.self, context: context)
            let template = try InspectionTemplate(validating: draft, county: db.node.county)
            let stored = try await db.perform { try $0.setInspectionTemplate(template, expect: .absent, actor: context.actor) }
            var response = tagged(InspectionTemplateView(stored), etag: stored.etag, status: .created)
            response.headers[.location] = "/api/v1/inspection-templates/\(template.id.uuidString)"
            return response
        }
        routes.route(.put, "inspection-templates/:id", requires: .registryWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<InspectionTemplateView> in
            let id = try request.uuidParameter(context)
            let draft = try await request.json(InspectionTemplate.Draft.self, context: context)
            let template = try InspectionTemplate(validating: draft, id: id, county: db.node.county)
            let stored = try await db.perform { [ifMatch = request.ifMatch] in
                try $0.setInspectionTemplate(template, expect: .present(ifMatch: ifMatch), actor: context.actor)
            }
            return tagged(InspectionTemplateView(stored), etag: stored.etag)
        }
        routes.route(.get, "inspections", requires: .inspectionRead) { (request: Request, context: NodeRequestContext) -> PageView<InspectionView> in
            try await list(request, context)
        }
        routes.route(.post, "inspections", requires: .inspectionWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<InspectionDetailView> in
            try await plan(request, context)
        }
        routes.route(.get, "inspections/:id", requires: .inspectionRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<InspectionDetailView> in
            try await detail(try request.uuidParameter(context), context)
        }
        // An answer needs `inspection.answer`, every other step `inspection.write`: checked once the body names it.
        routes.routeRequiringPermissionOfBody(.post, "inspections/:id/steps") { (request: Request, context: NodeRequestContext) -> EditedResponse<InspectionDetailView> in
            try await step(request, context)
        }
        routes.route(.get, "rectifications", requires: .inspectionRead) { (request: Request, context: NodeRequestContext) -> PageView<RectificationView> in
            let within = try request.query("within", DivisionCode.init)
            let wanted = try request.query("urgency") { RectificationUrgency(rawValue: $0) }
            let now = clock()
            let (items, names) = try await db.perform { db in
                let items = try db.rectifications(scope: context.scope, within: within)
                return (items, try organisationNames(items.map(\.summary), db))
            }
            let views = items.filter { wanted == nil || $0.finding.urgency(nowMillis: now) == wanted }
                .map { RectificationView($0, organisationName: $0.summary.inspection.organisationId.flatMap { names[$0] }, nowMillis: now) }
            return PageView(items: views, next: nil, total: views.count)
        }
        return routes
    }

    private func list(_ request: Request, _ context: NodeRequestContext) async throws -> PageView<InspectionView> {
        let query = try ListQuery(request, sortable: InspectionSortField.self, default: ListSort(.plannedOn, descending: true))
        var filter = ListFilter(limit: query.limit, after: query.cursor)
        filter.order = query.order
        filter.scope = context.scope
        filter.within = try request.query("within", DivisionCode.init)
        if let status = try request.codeQuery("status", InspectionStatus.self) { filter.equals[.status] = status }
        if let organisation = try request.query("organisationId", UUID.init(uuidString:)) { filter.equals[.organisationId] = organisation.uuidString }
        let (page, names) = try await db.perform { [filter] db in
            let page = try db.inspections(filter)
            return (page, try organisationNames(page.items, db))
        }
        let now = clock()
        return PageView(page) { InspectionView($0, organisationName: $0.inspection.organisationId.flatMap { names[$0] }, nowMillis: now) }
    }

    private func organisationNames(_ items: [InspectionSummary], _ db: AppDatabase) throws -> [UUID: String] {
        var names: [UUID: String] = [:]
        for id in Set(items.compactMap(\.inspection.organisationId)) { names[id] = try db.organisation(id: id)?.model.name }
        return names
    }

    /// Plans an inspection: the template must fit the target, the organisation serve the
    /// community, and the inspector be an active account here that inspects and covers it.
    private func plan(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<InspectionDetailView> {
        let draft = try await request.json(Inspection.Draft.self, context: context)
        let inspection = try Inspection(validating: draft, plannedBy: context.actor, nowMillis: clock())
        guard info.role != .community else {
            throw APIError(
                .forbidden, en: "inspections are planned at a street or the county, not at this community node",
                zh: "监督检查由街道或县级安排，社区节点不能安排")
        }
        guard db.node.contains(inspection.home) else {
            throw APIError.invalid("home", en: "community \(inspection.home) is outside this node (\(db.node))", zh: "该社区不在本节点辖区之内")
        }
        if let scope = context.scope, !scope.contains(inspection.home) || scope.isByOrder {
            throw APIError(
                .forbidden, en: "community \(inspection.home) is outside your jurisdiction (\(scope.division))",
                zh: "\(inspection.home) 不在您的辖区（\(scope.division)）之内")
        }
        let (template, organisation, inspector) = try await db.perform { db in
            (try db.inspectionTemplate(id: inspection.templateId), try inspection.organisationId.flatMap { try db.organisation(id: $0) },
             try db.operatorNamed(inspection.inspector))
        }
        var v = Validator()
        if let template {
            if template.model.retired { v.fail("templateId", en: "the checklist \(template.model.title) is retired", zh: "该检查表已停用") }
            if template.model.target != inspection.target {
                v.fail("templateId", en: "the checklist \(template.model.title) is for a \(template.model.target.rawValue) inspection", zh: "检查表与检查对象不符")
            }
        } else {
            v.fail("templateId", en: "no checklist \(inspection.templateId) at this node", zh: "本节点没有该检查表")
        }
        if let id = inspection.organisationId {
            if let organisation {
                if !organisation.model.communities.contains(inspection.home) {
                    v.fail("home", en: "\(organisation.model.name) does not serve community \(inspection.home)", zh: "该服务机构不服务此社区")
                }
            } else {
                v.fail("organisationId", en: "no organisation \(id) at this node", zh: "本节点没有该服务机构")
            }
        }
        let inspects = inspector.map { !$0.disabled && $0.role.allows(.inspectionWrite) && $0.home.contains(inspection.home) } ?? false
        if !inspects {
            v.fail("inspector", en: "\(inspection.inspector) is not an active inspecting account whose jurisdiction covers \(inspection.home)", zh: "检查人员账号无效或辖区不含该社区")
        }
        try v.check()
        _ = try await db.perform { try $0.planInspection(inspection, actor: context.actor) }
        var response = try await detail(inspection.id, context)
        response.status = .created
        response.headers[.location] = "/api/v1/inspections/\(inspection.id.uuidString)"
        return response
    }

    private func step(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<InspectionDetailView> {
        let id = try request.uuidParameter(context)
        let draft = try await request.json(InspectionEvent.Draft.self, context: context)
        if let step = draft.step.flatMap(InspectionStep.init(rawValue:)) {
            try context.require(step == .answer ? .inspectionAnswer : .inspectionWrite)
            if step.isVerdict && info.role == .community {
                throw APIError(
                    .forbidden, en: "a re-inspection's verdict is taken at a street or the county, not at this community node",
                    zh: "复查结论由街道或县级作出，社区节点不能作出")
            }
        } else {
            try context.require(.inspectionRead)
            var v = Validator()
            _ = v.code(draft.step, "step", as: InspectionStep.self)
            try v.check()
        }
        guard let current = try await db.perform({ try $0.inspection(id: id, in: context.scope) }) else {
            throw APIError(.notFound, en: "no inspection with id \(id)", zh: "未找到该检查")
        }
        let inspection = current.summary.inspection
        guard db.node.contains(inspection.home) else {
            throw APIError(.forbidden, en: "inspection \(id) is homed at \(inspection.home), outside this node (\(db.node))", zh: "该检查不在本节点辖区之内")
        }
        let template = try await db.perform { try $0.inspectionTemplate(id: inspection.templateId) }
        let event = try InspectionEvent(
            validating: draft, inspection: inspection, template: template?.model, state: current.state, deadlines: info.rectificationDeadlines,
            actor: context.actor, nowMillis: clock())
        let missing = try await db.perform { db in try event.photos.firstIndex { try db.blobInfo(sha256: $0) == nil } }
        if let index = missing {
            throw APIError.invalid("photos[\(index)]", en: "no uploaded photo \(event.photos[index]) at this node", zh: "照片未上传到本节点")
        }
        // A rectification the county's re-inspection sends back goes on the organisation's credit
        // file (信用信息), once per verdict, weighed by the finding's severity, in the same write.
        var credit: CreditEvent?
        if event.step == .reject, info.role == .county, let organisationId = inspection.organisationId,
            let finding = event.findingId.flatMap(current.state.finding) {
            credit = CreditEvent.failedReinspection(
                organisationId: organisationId, reinspectionId: event.id, finding: finding.finding.severity ?? .minor,
                description: "复查未通过 re-inspection sent back: \(finding.finding.item ?? "") (inspection \(inspection.id.uuidString))")
        }
        do {
            _ = try await db.perform { [credit] in try $0.appendInspectionEvent(event, credit: credit, actor: context.actor) }
        } catch let refusal as InspectionRefusal {
            throw APIError(.conflict, en: refusal.reason.en, zh: refusal.reason.zh)
        }
        var response = try await detail(id, context)
        response.status = .created
        return response
    }

    private func detail(_ id: UUID, _ context: NodeRequestContext) async throws -> EditedResponse<InspectionDetailView> {
        guard let (summary, state, template, organisation) = try await db.perform({ db -> (InspectionSummary, InspectionState, Stored<InspectionTemplate>?, String?)? in
            guard let found = try db.inspection(id: id, in: context.scope) else { return nil }
            let template = try db.inspectionTemplate(id: found.summary.inspection.templateId)
            let organisation = try found.summary.inspection.organisationId.flatMap { try db.organisation(id: $0)?.model.name }
            return (found.summary, found.state, template, organisation)
        }) else { throw APIError(.notFound, en: "no inspection with id \(id)", zh: "未找到该检查") }
        let now = clock()
        let view = InspectionView(summary, organisationName: organisation, nowMillis: now)
        return tagged(
            InspectionDetailView(
                inspection: view, checklist: template.map { InspectionTemplateView($0) }, findings: state.findings.map { FindingView($0, nowMillis: now) },
                steps: state.applied.map(InspectionStepView.init), ignoredSteps: state.ignored.map(InspectionStepView.init)),
            etag: view.version)
    }
}

extension InspectionTemplate.Draft: StrictDraft {}
extension InspectionTemplate.ItemDraft: StrictDraft {}
extension Inspection.Draft: StrictDraft {}
extension InspectionEvent.Draft: StrictDraft {}
