import CareModel
import CareStore
import Foundation
import Hummingbird

/// Referral (服务转介, Anhui §5.2.2.4): the street centre passes a request to an organisation
/// on the platform or to a third party (`referral.write`, at a street node only); the
/// organisation's admin answers it at its node, or the street records a third party's answer
/// (`referral.answer`), then how it went. The street's queue lists the unanswered first and
/// marks those past their answer window. `clock` is the node's injected wall clock.
struct ReferralController {
    let db: AppDatabase
    let info: NodeInfo
    let clock: HybridLogicalClock.WallClock

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.post, requires: .referralWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<ReferralView> in
            try await create(request, context)
        }
        routes.route(.get, requires: .referralRead) { (request: Request, context: NodeRequestContext) -> PageView<ReferralView> in
            try await list(request, context)
        }
        routes.route(.get, ":id", requires: .referralRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<ReferralView> in
            let current = try await visible(try request.uuidParameter(context), context)
            return try await tagged(view(current), etag: current.etag)
        }
        routes.route(.post, ":id/answer", requires: .referralAnswer) { (request: Request, context: NodeRequestContext) -> EditedResponse<ReferralView> in
            let current = try await writable(try request.uuidParameter(context), context)
            let draft = try await request.json(Referral.ReplyDraft.self, context: context)
            let next = try current.model.replied(draft, by: context.actor, nowMillis: clock())
            let stored: Stored<Referral>
            do {
                stored = try await db.perform { [ifMatch = request.ifMatch] in try $0.replyToReferral(next, ifMatch: ifMatch, actor: context.actor) }
            } catch StoreError.conflict(let reason) {
                throw APIError(.conflict, reason)
            }
            return try await tagged(view(stored), etag: stored.etag)
        }
        routes.route(.post, ":id/feedback", requires: .referralAnswer) { (request: Request, context: NodeRequestContext) -> EditedResponse<ReferralView> in
            let current = try await writable(try request.uuidParameter(context), context)
            let draft = try await request.json(Referral.FeedbackDraft.self, context: context)
            let next = try current.model.fedBack(draft, by: context.actor, nowMillis: clock())
            let stored = try await db.perform { [ifMatch = request.ifMatch] in try $0.updateReferral(next, ifMatch: ifMatch, actor: context.actor) }
            return try await tagged(view(stored), etag: stored.etag)
        }
        return routes
    }

    private func create(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<ReferralView> {
        guard info.role == .street else {
            throw APIError(.forbidden, en: "a referral (转介) is made at a street centre; this node is a \(info.role.rawValue)", zh: "服务转介由街道养老服务中心办理")
        }
        let draft = try await request.json(Referral.Draft.self, context: context)
        let ids = try Referral.ids(in: draft)
        guard let elder = try await db.perform({ try $0.elder(id: ids.elder, in: context.scope) }) else {
            throw OrderStepRules.invalid("elderId", en: "no elder with id \(ids.elder) at this node", zh: "未找到该老人档案")
        }
        let (order, organisation) = try await db.perform { db -> ((ServiceOrder, OrderStatus)?, ServiceOrganisation?) in
            let order = try ids.order.flatMap { try db.order(id: $0, in: context.scope) }.map { ($0.order, $0.status) }
            return (order, try ids.organisation.flatMap { try db.organisation(id: $0)?.model })
        }
        if let caseId = ids.case {
            guard let found = try await db.perform({ try $0.windowCase(id: caseId, in: context.scope) }),
                found.summary.windowCase.elderId == elder.model.id
            else {
                throw OrderStepRules.invalid("caseId", en: "no window case \(caseId) of this elder at this node", zh: "未找到该老人的这项受理事项")
            }
        }
        let referral = try Referral(
            validating: draft, elder: elder.model, order: order, caseId: ids.case, organisation: organisation, street: db.node,
            referredBy: context.actor, nowMillis: clock())
        if let organisation {
            if let order {
                try await OrderStepRules.checkOrganisation(organisation.id, for: order.0, db: db)
            } else if organisation.creditStatus == .blacklisted {
                throw OrderStepRules.invalid("toOrganisationId", en: "\(organisation.name) is on the credit blacklist and may not be referred to", zh: "该服务组织已列入失信黑名单")
            }
        }
        let stored: Stored<Referral>
        do {
            stored = try await db.perform { try $0.createReferral(referral, actor: context.actor) }
        } catch StoreError.conflict(let reason) {
            throw APIError(.conflict, reason)
        }
        var response = try await tagged(view(stored), etag: stored.etag, status: .created)
        response.headers[.location] = "/api/v1/referrals/\(stored.model.id.uuidString)"
        return response
    }

    private func list(_ request: Request, _ context: NodeRequestContext) async throws -> PageView<ReferralView> {
        var filter = ReferralFilter()
        filter.status = try request.codeQuery("status", ReferralStatus.self).flatMap(ReferralStatus.init(rawValue:))
        filter.elderId = try request.query("elderId", UUID.init(uuidString:))
        filter.organisationId = try request.query("organisationId", UUID.init(uuidString:))
        filter.limit = try request.query("limit") { Int($0).flatMap { (1...500).contains($0) ? $0 : nil } } ?? 200
        let now = clock()
        if try request.query("overdue", Bool.init) == true { filter.overdueAtMillis = now }
        let items = try await db.perform { [filter] db in try db.referralViews(try db.referrals(filter, scope: context.scope), nowMillis: now) }
        return PageView(items: items, next: nil, total: items.count)
    }

    private func visible(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Referral> {
        guard let current = try await db.perform({ try $0.referral(id: id, in: context.scope) }) else {
            throw APIError(.notFound, en: "no referral with id \(id)", zh: "未找到该转介记录")
        }
        return current
    }

    /// A referral the account can see, whose elder lives in this node's subtree.
    private func writable(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Referral> {
        let current = try await visible(id, context)
        guard db.node.contains(current.model.home) else {
            throw APIError(.forbidden, en: "referral \(id) is homed at \(current.model.home), outside this node (\(db.node))", zh: "该转介不在本节点辖区之内")
        }
        return current
    }

    private func view(_ stored: Stored<Referral>) async throws -> ReferralView {
        let now = clock()
        return try await db.perform { db in try db.referralViews([stored], nowMillis: now)[0] }
    }
}

extension Referral.Draft: StrictDraft {}
extension Referral.ReplyDraft: StrictDraft {}
extension Referral.FeedbackDraft: StrictDraft {}
