import CareModel
import CareStore
import Foundation
import Hummingbird

/// What families filed through the public channel, for the desks that handle it: the county's
/// dispatch room, a street's window, a community station (`public.read`, `public.handle`),
/// each within its jurisdiction. A service request becomes a service order for the registered
/// elder the operator identifies (the order path: homed with the elder, channel `web`); a
/// complaint enters the complaint lifecycle (GB/T 17242) against the organisation the family
/// named or the operator identifies; a suggestion is answered directly. The handover and the
/// new record are written in one transaction, and the family reads the status and the public
/// answer by its tracking number at the county once they sync up.
struct PublicSubmissionController {
    let db: AppDatabase

    struct SubmissionView: ResponseEncodable, Decodable, Sendable {
        let id: UUID
        let home: String
        let kind: String
        let tracking: String
        let name: String?
        let contactPhone: String
        let address: String?
        let category: String?
        let organisationId: UUID?
        let description: String
        let submittedAt: Date
        let status: String
        let takenTarget: String?
        let takenRecordId: UUID?
        let takenBy: String?
        let takenAt: Date?
        let answer: String?
        let answeredBy: String?
        let answeredAt: Date?
        let version: String

        init(_ stored: Stored<PublicSubmission>) {
            let s = stored.model
            id = s.id
            home = s.home.rawValue
            kind = s.kind.rawValue
            tracking = s.tracking
            name = s.name
            contactPhone = s.contactPhone
            address = s.address
            category = s.category?.rawValue
            organisationId = s.organisationId
            description = s.description
            submittedAt = date(millis: s.submittedAtMillis)
            status = s.status.rawValue
            takenTarget = s.taken?.target.rawValue
            takenRecordId = s.taken?.recordId
            takenBy = s.taken?.by
            takenAt = s.taken.map { date(millis: $0.atMillis) }
            answer = s.answer?.text
            answeredBy = s.answer?.by
            answeredAt = s.answer.map { date(millis: $0.atMillis) }
            version = "\"\(stored.meta.version.hlc.packed)-\(stored.meta.version.origin)\""
        }
    }

    struct SubmissionList: ResponseEncodable, Decodable, Sendable {
        let items: [SubmissionView]
        let total: Int
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, requires: .publicRead) { (request: Request, context: NodeRequestContext) -> SubmissionList in
            let status = try request.codeQuery("status", PublicSubmissionStatus.self).flatMap(PublicSubmissionStatus.init(rawValue:))
            let asked = try request.query("within", DivisionCode.init)
            let scope = context.scope?.division ?? db.node
            guard asked.map({ scope.contains($0) || $0.contains(scope) }) ?? true else {
                throw APIError(.forbidden, en: "\(asked!) is outside your jurisdiction (\(scope))", zh: "不在您的辖区之内")
            }
            let within = asked.map { scope.contains($0) ? $0 : scope } ?? scope
            let items = try await db.perform { try $0.publicSubmissions(within: within, status: status, limit: 500) }
            return SubmissionList(items: items.map(SubmissionView.init), total: items.count)
        }
        routes.route(.get, ":id", requires: .publicRead) { (request: Request, context: NodeRequestContext) -> SubmissionView in
            SubmissionView(try await submission(try request.uuidParameter(context), context))
        }
        routes.route(.post, ":id/take", requires: .publicHandle) { (request: Request, context: NodeRequestContext) -> EditedResponse<SubmissionView> in
            let id = try request.uuidParameter(context)
            let draft = try await request.json(PublicSubmission.TakeDraft.self, context: context)
            let current = try await submission(id, context)
            let handover = try await handover(of: current.model, draft, context)
            let taken = try await db.perform { try $0.takePublicSubmission(id: id, actor: context.actor) { _ in handover } }
            return EditedResponse(status: .created, response: SubmissionView(taken.submission))
        }
        routes.route(.post, ":id/answer", requires: .publicHandle) { (request: Request, context: NodeRequestContext) -> EditedResponse<SubmissionView> in
            let id = try request.uuidParameter(context)
            let draft = try await request.json(PublicSubmission.AnswerDraft.self, context: context)
            _ = try await submission(id, context)
            let actor = context.actor
            let stored = try await db.perform { db in
                try db.answerPublicSubmission(id: id, actor: actor) { try $0.answered(draft, by: actor, nowMillis: db.clock.wallMillis) }
            }
            return EditedResponse(status: .created, response: SubmissionView(stored))
        }
        return routes
    }

    /// The submission, if it lies within the account's jurisdiction (else 404, as if absent).
    private func submission(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<PublicSubmission> {
        guard let stored = try await db.perform({ try $0.publicSubmission(id: id) }),
              context.scope?.contains(stored.model.home) ?? true else {
            throw APIError(.notFound, en: "no public submission with id \(id)", zh: "没有该公众诉求")
        }
        return stored
    }

    /// The order or complaint a submission becomes, built by the same rules as
    /// `POST /orders` and `POST /complaints`.
    private func handover(of s: PublicSubmission, _ draft: PublicSubmission.TakeDraft, _ context: NodeRequestContext) async throws -> PublicHandover {
        if s.taken != nil || s.answer != nil {
            throw APIError(.conflict, en: "public submission \(s.tracking) is already \(s.status.rawValue)", zh: "该诉求已办理")
        }
        switch s.kind {
        case .suggestion:
            throw APIError(.conflict, en: "a suggestion is answered directly (POST …/answer), not turned into a record", zh: "建议类诉求请直接答复")
        case .service:
            var v = Validator()
            let elderId = v.uuid(draft.elderId, "elderId")
            if draft.organisationId != nil { v.fail("organisationId", en: "a service request becomes an order; the dispatch room chooses the organisation", zh: "服务申请转为工单后由调度派单，无需指定服务组织") }
            var order = ServiceOrder.Draft()
            order.elderId = draft.elderId
            order.category = s.category?.rawValue
            order.channel = IntakeChannel.web.rawValue
            order.wantedAt = draft.wantedAt
            order.notes = String("公众服务申请 \(s.tracking)：\(s.description)".prefix(500))
            try v.check()
            let fields = try ServiceOrder.validate(order)
            guard let elder = try await db.perform({ try $0.elder(id: elderId!, in: context.scope) }) else {
                throw APIError.invalid("elderId", en: "no elder with id \(elderId!) in your jurisdiction", zh: "您的辖区内没有该老人档案")
            }
            return .order(ServiceOrder(
                id: fields.id, home: elder.model.home, elderId: elder.model.id, category: fields.category, channel: fields.channel,
                wantedAt: fields.wantedAt, notes: fields.notes, takenAt: db.node, takenBy: context.actor, requestedAtMillis: db.clock.wallMillis))
        case .complaint:
            var v = Validator()
            let named = v.uuid(draft.organisationId, "organisationId", optional: true)
            if draft.elderId != nil { v.fail("elderId", en: "a complaint is taken against an organisation, not for an elder", zh: "投诉针对服务组织，无需指定老人") }
            if s.organisationId != nil, let named, named != s.organisationId {
                v.fail("organisationId", en: "the family named organisation \(s.organisationId!); the complaint stands against it", zh: "投诉人已指定服务组织，不能更改")
            }
            guard let organisationId = s.organisationId ?? named else {
                v.fail("organisationId", en: "name the organisation the complaint concerns (organisationId)", zh: "请指定被投诉的服务组织")
                try v.check()
                throw APIError(.internalServerError, "unreachable")
            }
            try v.check()
            guard try await db.perform({ try $0.organisation(id: organisationId) }) != nil else {
                throw APIError.invalid("organisationId", en: "no organisation with id \(organisationId) at this node", zh: "本节点没有该服务组织")
            }
            var complaint = Complaint.Draft()
            complaint.organisationId = organisationId.uuidString
            complaint.home = s.home.rawValue
            complaint.complainant = s.name ?? "公众（未留姓名）"
            complaint.channel = IntakeChannel.web.rawValue
            complaint.description = s.description
            let fields = try Complaint.validate(complaint)
            return .complaint(Complaint(
                id: fields.id, home: s.home, orderId: nil, organisationId: organisationId, complainant: fields.complainant,
                channel: fields.channel, description: fields.description, takenAt: db.node, takenBy: context.actor,
                receivedAtMillis: db.clock.wallMillis))
        }
    }
}

extension PublicSubmission.Draft: StrictDraft {}
extension PublicSubmission.TakeDraft: StrictDraft {}
extension PublicSubmission.AnswerDraft: StrictDraft {}
