import CareModel
import CareStore
import Foundation
import Hummingbird

/// An elder's health record (健康档案, Anhui §5.3.2.6): check-ups, chronic conditions and their
/// follow-ups, the station's list of follow-ups due, and the risk reminders (`RiskRules`). `clock` is the node's injected wall
/// clock, so a test can make a follow-up fall overdue.
struct HealthController {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    var today: String { VitalsSummary.day(clock()) }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "elders/:id/health", requires: .healthRead) { (request: Request, context: NodeRequestContext) -> HealthRecordView in
            let id = try request.uuidParameter(context)
            return try await db.perform { db in
                let elder = try visibleElder(id, context)
                try db.recordAudit([AuditEntry(
                    home: db.node, atMillis: clock(), actor: context.actor, action: AuditAction.healthRecordRead, subjectKind: EntityKind.elder.rawValue,
                    subject: elder.model.id.uuidString, source: context.sourceAddress)])
                return try record(elder.model.id)
            }
        }
        routes.route(.post, "elders/:id/checkups", requires: .healthWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<CheckupView> in
            let elder = try await writableElder(try request.uuidParameter(context), context)
            let draft = try await request.json(Checkup.Draft.self, context: context)
            let checkup = try Checkup(
                validating: draft, elderId: elder.model.id, home: elder.model.home, station: db.node, enteredBy: context.actor, nowMillis: clock())
            let stored = try await db.perform { try $0.createCheckup(checkup, actor: context.actor) }
            var response = tagged(CheckupView(stored), etag: stored.etag, status: .created)
            response.headers[.location] = "/api/v1/elders/\(elder.model.id.uuidString)/health"
            return response
        }
        routes.route(.post, "elders/:id/conditions", requires: .healthWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<ConditionView> in
            let elder = try await writableElder(try request.uuidParameter(context), context)
            let draft = try await request.json(ChronicCondition.Draft.self, context: context)
            let condition = try ChronicCondition(validating: draft, elderId: elder.model.id, home: elder.model.home, today: today)
            let stored = try await db.perform { try $0.createCondition(condition, actor: context.actor) }
            var response = tagged(ConditionView(stored, lastFollowUp: nil, today: today), etag: stored.etag, status: .created)
            response.headers[.location] = "/api/v1/conditions/\(condition.id.uuidString)"
            return response
        }
        routes.route(.patch, "conditions/:id", requires: .healthWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<ConditionView> in
            let current = try await visibleCondition(try request.uuidParameter(context), context)
            _ = try await writableElder(current.model.elderId, context)
            let patch = try await request.json(ChronicCondition.Draft.self, context: context)
            let next = try current.model.patched(patch, today: today)
            let (stored, last) = try await db.perform { [ifMatch = request.ifMatch] db in
                (try db.updateCondition(next, ifMatch: ifMatch, actor: context.actor),
                 try db.healthRecord(elderId: next.elderId).followUps.first { $0.conditionId == next.id })
            }
            return tagged(ConditionView(stored, lastFollowUp: last, today: today), etag: stored.etag)
        }
        routes.route(.post, "conditions/:id/follow-ups", requires: .healthWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<FollowUpView> in
            let condition = try await visibleCondition(try request.uuidParameter(context), context)
            _ = try await writableElder(condition.model.elderId, context)
            let draft = try await request.json(FollowUp.Draft.self, context: context)
            let followUp = try FollowUp(validating: draft, condition: condition.model, by: context.actor, today: today, nowMillis: clock())
            let stored = try await db.perform { try $0.createFollowUp(followUp, actor: context.actor) }
            return tagged(FollowUpView(stored.model), etag: stored.etag, status: .created)
        }
        routes.route(.get, "health/follow-ups/due", requires: .healthRead) { (request: Request, context: NodeRequestContext) -> PageView<DueView> in
            let within = try request.query("within", DivisionCode.init)
            let today = today
            let (entries, names) = try await db.perform { db in
                let entries = try db.followUpsDue(scope: context.scope, within: within, today: today)
                return (entries, try db.elderNames(entries.map(\.condition.elderId)))
            }
            let items = entries.map { e in
                DueView(
                    conditionId: e.condition.id, elderId: e.condition.elderId, elderName: names[e.condition.elderId] ?? "",
                    home: e.condition.home.rawValue, disease: e.condition.disease.rawValue, dueOn: e.due.dueOn, state: e.due.state.rawValue,
                    daysLate: e.due.daysLate, lastFollowUp: e.lastFollowUp?.date)
            }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.get, "health/risks", requires: .healthRead) { (_: Request, context: NodeRequestContext) -> PageView<RiskView> in
            let today = today
            let entries = try await db.perform { try $0.riskReminders(scope: context.scope, today: today) }
            return PageView(items: entries.map(RiskView.init), next: nil, total: entries.count)
        }
        routes.route(.get, "health/reference", requires: .healthRead) { _, _ -> ReferenceView in ReferenceView() }
        addPrescriptionRoutes(to: routes)
        return routes
    }

    private func record(_ elderId: UUID) throws -> HealthRecordView {
        let record = try db.healthRecord(elderId: elderId)
        let today = today
        return HealthRecordView(
            elderId: elderId, today: today, checkups: record.checkups.map(CheckupView.init),
            conditions: record.conditions.map { c in ConditionView(c, lastFollowUp: record.followUps.first { $0.conditionId == c.model.id }, today: today) },
            followUps: record.followUps.map(FollowUpView.init), prescriptions: try db.prescriptions(elderId: elderId).map(PrescriptionView.init))
    }

    func visibleElder(_ id: UUID, _ context: NodeRequestContext) throws -> Stored<Elder> {
        guard let elder = try db.elder(id: id, in: context.scope) else { throw APIError(.notFound, "no elder with id \(id)") }
        return elder
    }

    /// The elder, when this node and the account may write its health record.
    func writableElder(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Elder> {
        let elder = try await db.perform { _ in try visibleElder(id, context) }
        guard db.node.contains(elder.model.home) else {
            throw APIError(.forbidden, en: "elder \(id) is homed at \(elder.model.home), outside this node (\(db.node))", zh: "该老人不在本节点辖区之内")
        }
        return elder
    }

    private func visibleCondition(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<ChronicCondition> {
        guard let condition = try await db.perform({ try $0.condition(id: id, in: context.scope) }) else { throw APIError(.notFound, "no chronic condition with id \(id)") }
        return condition
    }
}
