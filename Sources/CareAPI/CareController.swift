import CareModel
import CareStore
import Foundation
import Hummingbird

/// Proactive care (主动关怀): an elder's plan (`care.plan`), the contacts made and their
/// outcome (`care.write`; a concern becomes a service order or an alert in the same write),
/// each worker's due list and the street's escalation list (`care.read`), and the county's
/// rule per care group (`care.plan` at the county node).
///
/// Due lists and escalations are computed on this node's injected clock from the plans,
/// contacts and inactivity alerts it holds: a street holds its communities' plans and
/// contacts, so it sees care escalate even while a station is offline (`CareDue`).
struct CareController {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    var today: String { VitalsSummary.day(clock()) }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "elders/:id/care", requires: .careRead) { (request: Request, context: NodeRequestContext) -> ElderCareView in
            let elder = try await careElder(try request.uuidParameter(context), context)
            let now = clock()
            return try await db.perform { db in
                let groups = try db.careGroups(of: elder.model)
                let item = try db.careItems(scope: nil, assignee: nil, elderId: elder.model.id, nowMillis: now).first
                return ElderCareView(
                    elderId: elder.model.id, groups: groups.map(\.rawValue),
                    plan: item.map { CarePlanView($0.plan, meta: $0.meta, revealPhone: context.has(.carePlan)) }, due: item.map { CareDueView($0.due) })
            }
        }
        routes.route(.put, "elders/:id/care-plan", requires: .carePlan) { (request: Request, context: NodeRequestContext) -> EditedResponse<CarePlanView> in
            let elder = try await writableElder(try request.uuidParameter(context), context)
            let draft = try await request.json(CarePlan.Draft.self, context: context)
            let groups = try await db.perform { try $0.careGroups(of: elder.model) }
            var plan = try CarePlan(
                validating: draft, elderId: elder.model.id, home: elder.model.home, elderGroups: groups, setBy: context.actor, today: today,
                nowMillis: clock())
            try await checkAssignee(plan.assignee, elder: elder.model)
            plan.home = elder.model.home
            let stored = try await db.perform { [ifMatch = request.ifMatch, plan] in try $0.setCarePlan(plan, ifMatch: ifMatch, actor: context.actor) }
            let defaults = try await db.perform { try $0.careDefaults() }
            let effective = EffectiveCarePlan(
                stored.model, defaults: Dictionary(defaults.compactMap { $0.edit.map { ($0.model.group, $0.model) } }, uniquingKeysWith: { a, _ in a }),
                county: db.node.county)
            return tagged(CarePlanView(effective, meta: stored.meta, revealPhone: true), etag: stored.etag)
        }
        routes.route(.delete, "elders/:id/care-plan", requires: .carePlan) { (request: Request, context: NodeRequestContext) -> HTTPResponse.Status in
            let elder = try await writableElder(try request.uuidParameter(context), context)
            try await db.perform { [ifMatch = request.ifMatch] in try $0.removeCarePlan(elderId: elder.model.id, ifMatch: ifMatch, actor: context.actor) }
            return .noContent
        }
        routes.route(.get, "elders/:id/care-contacts", requires: .careRead) { (request: Request, context: NodeRequestContext) -> PageView<CareContactView> in
            let elder = try await careElder(try request.uuidParameter(context), context)
            let items = try await db.perform { try $0.careContacts(elderId: elder.model.id) }.map(CareContactView.init)
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.post, "elders/:id/care-contacts", requires: .careWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<RecordedContactView> in
            try await recordContact(request, context)
        }
        routes.route(.get, "care/due", requires: .careRead) { (request: Request, context: NodeRequestContext) -> PageView<CareItemView> in
            // Someone who sets plans may look at another worker's list, or every plan's.
            let assignee = try request.textQuery("assignee")
            let all = try request.query("all") { Bool($0) } ?? false
            if (assignee != nil || all) && !context.has(.carePlan) {
                throw APIError.lacks(.carePlan, role: context.operatorAccount!.role)
            }
            let includeLater = try request.query("includeLater") { Bool($0) } ?? false
            let now = clock()
            let items = try await db.perform { db in
                try db.careItems(scope: context.scope, assignee: all ? nil : (assignee ?? context.actor), nowMillis: now)
            }.filter { includeLater || $0.due.state != .later }.map(CareItemView.init)
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.get, "care/escalations", requires: .careRead) { (request: Request, context: NodeRequestContext) -> PageView<CareItemView> in
            let within = try request.query("within", DivisionCode.init)
            let now = clock()
            let items = try await db.perform { db in
                try db.careItems(scope: context.scope, within: within, nowMillis: now)
            }.filter { $0.due.state == .escalated }.map(CareItemView.init)
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.get, "care/defaults", requires: .careRead) { (_: Request, _: NodeRequestContext) -> PageView<CareDefaultView> in
            let items = try await db.perform { try $0.careDefaults() }.map(CareDefaultView.init)
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.put, "care/defaults/:group", requires: .carePlan) { (request: Request, context: NodeRequestContext) -> CareDefaultView in
            let group = try Self.group(context)
            let draft = try await request.json(CareDefault.Draft.self, context: context)
            let rule = try CareDefault(validating: draft, group: group, county: db.node.county)
            try countyOnly()
            return try await db.perform { db in
                _ = try db.setCareDefault(rule, actor: context.actor)
                return CareDefaultView(try db.careDefaults().first { $0.current.group == group }!)
            }
        }
        routes.route(.delete, "care/defaults/:group", requires: .carePlan) { (_: Request, context: NodeRequestContext) -> HTTPResponse.Status in
            let group = try Self.group(context)
            try countyOnly()
            try await db.perform { try $0.removeCareDefault(group: group, actor: context.actor) }
            return .noContent
        }
        return routes
    }

    static func group(_ context: NodeRequestContext) throws -> CareGroup {
        var v = Validator()
        let group = v.code(context.parameters.get("group"), "group", as: CareGroup.self)
        try v.check()
        return group!
    }

    private func countyOnly() throws {
        guard db.node.role == .county else {
            throw APIError(
                .forbidden, en: "care rules belong to the county registry: set them on the county node, not on this \(db.node.role.rawValue) node",
                zh: "关怀默认规则由县级指导中心维护，请在县级节点设置")
        }
    }
}

extension CareDefault.Draft: StrictDraft {}
extension CarePlan.Draft: StrictDraft {}
extension CareContact.Draft: StrictDraft {}
extension CareContact.Raise: StrictDraft {}
