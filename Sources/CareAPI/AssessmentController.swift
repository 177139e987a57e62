import CareModel
import CareStore
import Foundation
import Hummingbird

/// Needs assessment (需求评估, Anhui §5.2.2.3) per GB/T 42195-2022: the item table, an elder's
/// archive, drafting and submitting (assessors, `assessment.write`), approving or returning
/// (`assessment.approve`), the approval queue and the re-assessment list on the node's clock.
/// Every write goes to the node that holds the elder's subtree. Scores are computed here from
/// the answers; a body carrying a total or a level is refused as an unknown field.
struct AssessmentController {
    let db: AppDatabase
    let info: NodeInfo
    let clock: HybridLogicalClock.WallClock

    var today: String { VitalsSummary.day(clock()) }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "assessment-items", requires: .assessmentRead) { (_: Request, _: NodeRequestContext) -> AbilityItemsView in
            AbilityItemsView()
        }
        routes.route(.get, "elders/:id/assessments", requires: .assessmentRead) { (request: Request, context: NodeRequestContext) -> PageView<AssessmentView> in
            let id = try request.uuidParameter(context)
            let items = try await db.perform { db in
                guard let elder = try db.elder(id: id, in: context.scope) else { throw APIError(.notFound, "no elder with id \(id)") }
                return try db.assessments(elderId: elder.model.id).map(AssessmentView.init)
            }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.post, "elders/:id/assessments", requires: .assessmentWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<AssessmentView> in
            try await create(request, context)
        }
        routes.route(.get, "assessments/due", requires: .assessmentRead) { (_: Request, context: NodeRequestContext) -> PageView<AssessmentDueView> in
            let items = try await db.perform { [today, policy = info.reassessment] db in
                try db.assessmentsDue(in: context.scope, today: today, policy: policy).map(AssessmentDueView.init)
            }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.get, "assessments/submitted", requires: .assessmentRead) { (_: Request, context: NodeRequestContext) -> PageView<AssessmentView> in
            let items = try await db.perform { db in try db.submittedAssessments(in: context.scope).map(AssessmentView.init) }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.get, "assessments/:id", requires: .assessmentRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<AssessmentView> in
            let stored = try await visible(try request.uuidParameter(context), context)
            return tagged(AssessmentView(stored), etag: stored.etag)
        }
        routes.route(.patch, "assessments/:id", requires: .assessmentWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<AssessmentView> in
            let current = try await writable(try request.uuidParameter(context), context)
            let draft = try await request.json(Assessment.Draft.self, context: context)
            let next = try current.model.edited(draft, today: today)
            try await checkReferences(next, context)
            return try await save(next, request, context)
        }
        routes.route(.post, "assessments/:id/submit", requires: .assessmentWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<AssessmentView> in
            let current = try await writable(try request.uuidParameter(context), context)
            return try await save(try current.model.submitted(nowMillis: clock()), request, context)
        }
        routes.route(.post, "assessments/:id/approve", requires: .assessmentApprove) { (request: Request, context: NodeRequestContext) -> EditedResponse<AssessmentView> in
            let current = try await writable(try request.uuidParameter(context), context)
            let next = try current.model.approved(by: context.actor, approverStaffId: context.operatorAccount?.staffId, nowMillis: clock())
            return try await save(next, request, context)
        }
        routes.route(.post, "assessments/:id/return", requires: .assessmentApprove) { (request: Request, context: NodeRequestContext) -> EditedResponse<AssessmentView> in
            let current = try await writable(try request.uuidParameter(context), context)
            let ret = try await request.json(Assessment.Return.self, context: context)
            let next = try current.model.returned(ret, by: context.actor, approverStaffId: context.operatorAccount?.staffId, nowMillis: clock())
            return try await save(next, request, context)
        }
        addPlanRoutes(to: routes)
        return routes
    }

    private func create(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<AssessmentView> {
        let elder = try await writableElder(try request.uuidParameter(context), context)
        var draft = try await request.json(Assessment.Draft.self, context: context)
        // An assessor of a third-party organisation assesses for it unless the draft says otherwise.
        if draft.organisationId == nil, let own = context.operatorAccount?.organisationId { draft.organisationId = own.uuidString }
        let assessment = try Assessment(validating: draft, elderId: elder.model.id, home: elder.model.home, createdBy: context.actor, today: today)
        try await checkReferences(assessment, context)
        let stored = try await db.perform { try $0.createAssessment(assessment, actor: context.actor) }
        var response = tagged(AssessmentView(stored), etag: stored.etag, status: .created)
        response.headers[.location] = "/api/v1/assessments/\(stored.model.id.uuidString)"
        return response
    }

    private func save(_ next: Assessment, _ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<AssessmentView> {
        let stored = try await db.perform { [ifMatch = request.ifMatch] in try $0.updateAssessment(next, ifMatch: ifMatch, actor: context.actor) }
        return tagged(AssessmentView(stored), etag: stored.etag)
    }

    /// The assessors are staff of the registry, the organisation is a registered one, and the
    /// plan (when named) is one of this elder's.
    private func checkReferences(_ assessment: Assessment, _ context: NodeRequestContext) async throws {
        let errors = try await db.perform { db in
            var v = Validator()
            for (index, id) in assessment.assessorIds.enumerated() where try db.staff(id: id) == nil {
                v.fail("assessorIds[\(index)]", en: "no staff record \(id) in the registry", zh: "从业人员档案中没有该评估员")
            }
            if let organisation = assessment.organisationId, try db.organisation(id: organisation) == nil {
                v.fail("organisationId", en: "no organisation with id \(organisation) in the registry", zh: "没有该评估机构")
            }
            if let plan = assessment.planId {
                let owner = try db.assessmentPlan(id: plan, in: context.scope)?.model.elderId
                if owner != assessment.elderId {
                    v.fail("planId", en: "no assessment plan \(plan) of this elder", zh: "此老人没有该评估计划")
                }
            }
            return v.errors
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }

    private func visible(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Assessment> {
        guard let stored = try await db.perform({ try $0.assessment(id: id, in: context.scope) }) else {
            throw APIError(.notFound, "no assessment with id \(id)")
        }
        return stored
    }

    /// An assessment the account can see, whose elder this node may write.
    private func writable(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Assessment> {
        let current = try await visible(id, context)
        _ = try await writableElder(current.model.elderId, context)
        return current
    }

    func writableElder(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Elder> {
        guard let elder = try await db.perform({ try $0.elder(id: id, in: context.scope) }) else { throw APIError(.notFound, "no elder with id \(id)") }
        guard db.node.contains(elder.model.home) else {
            throw APIError(.forbidden, en: "elder \(id) is homed at \(elder.model.home), outside this node (\(db.node))", zh: "该老人不在本节点辖区之内")
        }
        return elder
    }
}

extension Assessment.Draft: StrictDraft {}
extension Assessment.AdjustmentsDraft: StrictDraft {}
extension Assessment.Return: StrictDraft {}
