import CareModel
import CareStore
import Foundation
import Hummingbird

struct AssessmentPlanView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let dueOn: String
    let reason: String
    let organisationId: UUID?
    let assessorIds: [UUID]
    let note: String?
    let plannedBy: String
    let cancelled: Bool
    let done: Bool
    let version: String

    init(_ stored: Stored<AssessmentPlan>, done: Bool) {
        let p = stored.model
        id = p.id
        home = p.home.rawValue
        elderId = p.elderId
        dueOn = p.dueOn
        reason = p.reason.rawValue
        organisationId = p.organisationId
        assessorIds = p.assessorIds
        note = p.note
        plannedBy = p.plannedBy
        cancelled = p.cancelled
        self.done = done
        version = stored.etag
    }

    init(_ summary: PlanSummary) { self.init(summary.plan, done: summary.done) }
}

/// Assessment plans (评估方案设置): who is to be assessed when, by which organisation and
/// assessors. Set and rescheduled by the assessors' side (`assessment.write`).
extension AssessmentController {
    func addPlanRoutes(to routes: RouteCollection<NodeRequestContext>) {
        routes.route(.get, "assessment-plans", requires: .assessmentRead) { (_: Request, context: NodeRequestContext) -> PageView<AssessmentPlanView> in
            let items = try await db.perform { db in try db.assessmentPlans(in: context.scope).map(AssessmentPlanView.init) }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.get, "elders/:id/assessment-plans", requires: .assessmentRead) { (request: Request, context: NodeRequestContext) -> PageView<AssessmentPlanView> in
            let id = try request.uuidParameter(context)
            let items = try await db.perform { db in
                guard let elder = try db.elder(id: id, in: context.scope) else { throw APIError(.notFound, "no elder with id \(id)") }
                return try db.assessmentPlans(in: context.scope, elderId: elder.model.id).map(AssessmentPlanView.init)
            }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.post, "elders/:id/assessment-plans", requires: .assessmentWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<AssessmentPlanView> in
            let elder = try await writableElder(try request.uuidParameter(context), context)
            var draft = try await request.json(AssessmentPlan.Draft.self, context: context)
            if draft.organisationId == nil, let own = context.operatorAccount?.organisationId { draft.organisationId = own.uuidString }
            let plan = try AssessmentPlan(validating: draft, elderId: elder.model.id, home: elder.model.home, plannedBy: context.actor)
            try await checkPlanReferences(plan)
            let stored = try await db.perform { try $0.savePlan(plan, creating: true, ifMatch: nil, actor: context.actor) }
            var response = tagged(AssessmentPlanView(stored, done: false), etag: stored.etag, status: .created)
            response.headers[.location] = "/api/v1/assessment-plans/\(stored.model.id.uuidString)"
            return response
        }
        routes.route(.patch, "assessment-plans/:id", requires: .assessmentWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<AssessmentPlanView> in
            let id = try request.uuidParameter(context)
            guard let current = try await db.perform({ try $0.assessmentPlan(id: id, in: context.scope) }) else {
                throw APIError(.notFound, "no assessment plan with id \(id)")
            }
            let elder = try await writableElder(current.model.elderId, context)
            let draft = try await request.json(AssessmentPlan.Draft.self, context: context)
            let plan = try AssessmentPlan(
                validating: draft, elderId: elder.model.id, home: elder.model.home, plannedBy: context.actor, current: current.model)
            try await checkPlanReferences(plan)
            let stored = try await db.perform { [ifMatch = request.ifMatch] in try $0.savePlan(plan, creating: false, ifMatch: ifMatch, actor: context.actor) }
            return tagged(AssessmentPlanView(stored, done: false), etag: stored.etag)
        }
    }

    private func checkPlanReferences(_ plan: AssessmentPlan) async throws {
        let errors = try await db.perform { db in
            var v = Validator()
            for (index, id) in plan.assessorIds.enumerated() where try db.staff(id: id) == nil {
                v.fail("assessorIds[\(index)]", en: "no staff record \(id) in the registry", zh: "从业人员档案中没有该评估员")
            }
            if let organisation = plan.organisationId, try db.organisation(id: organisation) == nil {
                v.fail("organisationId", en: "no organisation with id \(organisation) in the registry", zh: "没有该评估机构")
            }
            return v.errors
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

extension AssessmentPlan.Draft: StrictDraft {}
