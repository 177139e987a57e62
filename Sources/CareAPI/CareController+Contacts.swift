import CareModel
import CareStore
import Foundation
import Hummingbird

extension CareController {
    /// Records a contact; a concern found with `raise` becomes a service order (channel
    /// `proactiveCare`) or an alert in the same transaction. Everything is checked before
    /// anything is written: a bad draft writes neither.
    func recordContact(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<RecordedContactView> {
        let elder = try await careElder(try request.uuidParameter(context), context, forWriting: true)
        let draft = try await request.json(CareContact.Draft.self, context: context)
        let now = clock()
        let (contact, followUp) = try CareContact.validate(draft, elderId: elder.model.id, home: elder.model.home, by: context.actor, nowMillis: now)
        var order: ServiceOrder?
        var alert: Alert?
        switch followUp?.kind {
        case .order:
            order = ServiceOrder(
                home: elder.model.home, elderId: elder.model.id, category: followUp!.category!, channel: .proactiveCare,
                notes: contact.notes, takenAt: db.node, takenBy: context.actor, requestedAtMillis: db.clock.wallMillis)
        case .alert:
            alert = contact.concernAlert(severity: followUp!.severity, place: elder.model.address.text, nowMillis: now)
        case nil:
            break
        }
        let stored = try await db.perform { [contact, order, alert] in
            try $0.recordCareContact(contact, order: order, alert: alert, actor: context.actor)
        }
        let view = RecordedContactView(contact: CareContactView(stored), orderId: order?.id, alertId: alert?.id)
        var response = tagged(view, etag: stored.etag, status: .created)
        response.headers[.location] = "/api/v1/elders/\(elder.model.id.uuidString)/care-contacts"
        return response
    }

    /// The elder, when the account may see its care: within the account's scope, or the elder
    /// of a plan assigned to the caller (a caregiver's visits, which are not orders). Writing
    /// also needs the elder within this node, and an account that does not set plans may only
    /// record the contacts of a plan assigned to it.
    func careElder(_ id: UUID, _ context: NodeRequestContext, forWriting: Bool = false) async throws -> Stored<Elder> {
        let (elder, plan) = try await db.perform { db -> (Stored<Elder>?, Stored<CarePlan>?) in
            let plan = try db.carePlan(elderId: id)
            if let elder = try db.elder(id: id, in: context.scope) { return (elder, plan) }
            guard let plan, plan.model.assignee == context.actor, let scope = context.scope, scope.division.contains(plan.model.home) else {
                return (nil, plan)
            }
            return (try db.elder(id: id), plan)
        }
        guard let elder else { throw APIError(.notFound, "no elder with id \(id)") }
        guard forWriting else { return elder }
        guard db.node.contains(elder.model.home) else {
            throw APIError(.forbidden, en: "elder \(id) is homed at \(elder.model.home), outside this node (\(db.node))", zh: "该老人不在本节点辖区之内")
        }
        if !context.has(.carePlan) && plan?.model.assignee != context.actor {
            throw APIError(
                .forbidden, en: "the elder's care is not assigned to you (\(context.actor))",
                zh: "该老人的关怀计划不由您负责")
        }
        return elder
    }

    /// The elder, when this node and the account may set its plan.
    func writableElder(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Elder> {
        guard let elder = try await db.perform({ try $0.elder(id: id, in: context.scope) }) else {
            throw APIError(.notFound, "no elder with id \(id)")
        }
        guard db.node.contains(elder.model.home) else {
            throw APIError(.forbidden, en: "elder \(id) is homed at \(elder.model.home), outside this node (\(db.node))", zh: "该老人不在本节点辖区之内")
        }
        return elder
    }

    /// The assignee is an active account held here that records contacts and whose
    /// jurisdiction covers the elder.
    func checkAssignee(_ name: String, elder: Elder) async throws {
        let account = try await db.perform { try $0.operatorNamed(name) }
        var v = Validator()
        if let account {
            if account.disabled {
                v.fail("assignee", en: "the account \(name) is disabled", zh: "负责人账号“\(name)”已停用")
            } else if !account.role.allows(.careWrite) {
                v.fail("assignee", en: "the account \(name) (\(account.role.rawValue)) cannot record care contacts", zh: "负责人账号“\(name)”无权登记关怀记录")
            } else if !account.home.contains(elder.home) {
                v.fail("assignee", en: "the account \(name) works at \(account.home), which does not cover the elder's \(elder.home)", zh: "负责人账号“\(name)”的辖区不包含该老人")
            }
        } else {
            v.fail("assignee", en: "no operator account named \(name) at this node", zh: "本节点没有名为“\(name)”的操作员账号")
        }
        try v.check()
    }
}
