import CareModel
import CareStore
import Foundation
import Hummingbird

/// Volunteers and the time bank (志愿服务, Anhui §5.2.2.6). Volunteers and their ledger are
/// held by every node of the county, so a station can redeem hours earned at another; a
/// redemption that would overdraw the balance this node knows is refused (422), and an
/// overdraft found when entries made apart meet is a conflict the street settles.
struct TimeBankController {
    let db: AppDatabase
    let info: NodeInfo
    let clock: HybridLogicalClock.WallClock

    static let listLimit = 200

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "volunteers", requires: .volunteerRead) { (request: Request, context: NodeRequestContext) -> PageView<VolunteerView> in
            let within = try request.query("within", DivisionCode.init)
            if let within, let scope = context.scope, !Self.covers(scope, within) {
                throw APIError(.forbidden, en: "\(within) is outside your county", zh: "\(within) 不在您所在的县（区）")
            }
            let text = try request.textQuery("q")
            // A name or phone is looked up across the county (a volunteer from another community
            // redeems here); the plain list is the account's own jurisdiction.
            let area = within ?? (text?.isEmpty == false ? nil : context.scope?.division)
            let items = try await db.perform { try $0.volunteers(within: area, matching: text, limit: Self.listLimit) }
            return PageView(items: items.map { VolunteerView($0) }, next: nil, total: items.count)
        }
        routes.route(.post, "volunteers", requires: .volunteerWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<VolunteerView> in
            let draft = try await request.json(Volunteer.Draft.self, context: context)
            let elder = try await namedElder(draft.elderId, context)
            let volunteer = try Volunteer(validating: draft, elder: elder, registeredBy: context.actor)
            try writable(community: volunteer.community, context)
            let stored = try await db.perform { try $0.createVolunteer(volunteer, actor: context.actor) }
            var response = tagged(VolunteerView(stored, balance: 0), etag: stored.etag, status: .created)
            response.headers[.location] = "/api/v1/volunteers/\(stored.model.id.uuidString)"
            return response
        }
        routes.route(.get, "volunteers/:id", requires: .volunteerRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<LedgerView> in
            try await ledger(try request.uuidParameter(context), context)
        }
        routes.route(.patch, "volunteers/:id", requires: .volunteerWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<VolunteerView> in
            let current = try await visibleVolunteer(try request.uuidParameter(context), context)
            try writable(community: current.model.community, context)
            let draft = try await request.json(Volunteer.Draft.self, context: context)
            let elder = try await namedElder(draft.elderId, context)
            let next = try Volunteer(validating: draft, current: current.model, elder: elder, registeredBy: context.actor)
            try writable(community: next.community, context)
            let stored = try await db.perform { [ifMatch = request.ifMatch] in try $0.updateVolunteer(next, ifMatch: ifMatch, actor: context.actor) }
            return tagged(VolunteerView(stored), etag: stored.etag)
        }
        routes.route(.get, "volunteers/:id/ledger", requires: .volunteerRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<LedgerView> in
            try await ledger(try request.uuidParameter(context), context)
        }
        routes.route(.post, "volunteers/:id/redeem", requires: .timebankRedeem) { (request: Request, context: NodeRequestContext) -> EditedResponse<LedgerView> in
            try await redeem(request, context)
        }
        addActivityRoutes(to: routes)
        addOverdraftRoutes(to: routes)
        return routes
    }

    /// Whether an account of jurisdiction `scope` may look at `division`: anything in its own
    /// county, since the time bank is shared across the county.
    static func covers(_ scope: Jurisdiction, _ division: DivisionCode) -> Bool {
        !scope.isByOrder && scope.division.county == division.county
    }

    /// The ledger of a volunteer, with the balance folded here.
    func ledger(_ id: UUID, _ context: NodeRequestContext) async throws -> EditedResponse<LedgerView> {
        let volunteer = try await visibleVolunteer(id, context)
        let (entries, open) = try await db.perform { db in
            (try db.ledger(volunteerId: id), try db.overdrafts(includeSettled: false).filter { $0.model.entityId == id }.map(\.model.id))
        }
        return tagged(LedgerView(volunteer, entries, openOverdrafts: open), etag: volunteer.etag)
    }

    func visibleVolunteer(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Volunteer> {
        guard let volunteer = try await db.perform({ try $0.volunteer(id: id) }),
            context.scope.map({ Self.covers($0, volunteer.model.home) }) ?? true
        else { throw APIError(.notFound, en: "no volunteer with id \(id)", zh: "未找到该志愿者") }
        return volunteer
    }

    /// A volunteer is registered and edited by the node and the account whose subtree holds
    /// their community.
    func writable(community: DivisionCode, _ context: NodeRequestContext) throws {
        guard db.node.contains(community) else {
            throw APIError(.forbidden, en: "community \(community) is outside this node (\(db.node)): register the volunteer there", zh: "该社区不在本节点辖区之内")
        }
        if let scope = context.scope, !scope.contains(community) {
            throw APIError(.forbidden, en: "community \(community) is outside your jurisdiction (\(scope.division))", zh: "该社区不在您的辖区之内")
        }
    }

    /// The elder a volunteer draft names, as the account sees it (nil when it names none or
    /// one not held).
    private func namedElder(_ text: String?, _ context: NodeRequestContext) async throws -> Elder? {
        guard let id = text.flatMap(UUID.init(uuidString:)) else { return nil }
        return try await db.perform { try $0.elder(id: id, in: context.scope)?.model }
    }

    private func redeem(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<LedgerView> {
        let volunteer = try await visibleVolunteer(try request.uuidParameter(context), context)
        let draft = try await request.json(TimeEntry.RedemptionDraft.self, context: context)
        var v = Validator()
        let minutes = v.range(draft.minutes, "minutes", 1...TimeEntry.minutesMax)
        let orderId = v.uuid(draft.orderId, "orderId")
        let relation = v.code(draft.relation, "relation", as: RedemptionRelation.self)
        let note = v.text(draft.note, "note", max: TimeEntry.noteMax, optional: true) ?? ""
        try v.check()
        guard let order = try await db.perform({ try $0.order(id: orderId!, in: context.scope) }) else {
            throw ValidationFailure([FieldError(field: "orderId", Label(en: "no service order \(orderId!) at this node", zh: "本节点未找到该服务工单"))])
        }
        guard db.node.contains(order.order.home) else {
            throw APIError(.forbidden, en: "order \(order.order.id) is homed at \(order.order.home), outside this node (\(db.node))", zh: "该工单不在本节点辖区之内")
        }
        if order.status == .cancelled {
            throw ValidationFailure([FieldError(field: "orderId", Label(en: "order \(order.order.id) was cancelled", zh: "该工单已取消"))])
        }
        if relation == .own, volunteer.model.elderId != order.order.elderId {
            throw ValidationFailure([FieldError(field: "relation", Label(
                en: "the order is not for the volunteer's own elder record: pay for it as a family member's service", zh: "该工单的服务对象不是志愿者本人"))])
        }
        if volunteer.model.status != .active {
            throw ValidationFailure([FieldError(field: "volunteerId", Label(
                en: "volunteer \(volunteer.model.name) is \(volunteer.model.status.rawValue), not active", zh: "该志愿者当前不在册"))])
        }
        let entry = TimeEntry(
            home: volunteer.model.home, volunteerId: volunteer.model.id, kind: .redeem, minutes: minutes!, orderId: order.order.id,
            forElderId: order.order.elderId, relation: relation, note: note, node: db.node, operator: context.actor, atMillis: clock())
        _ = try await db.perform { try $0.writeDebit(entry, actor: context.actor) }
        var response = try await ledger(volunteer.model.id, context)
        response.status = .created
        return response
    }
}
