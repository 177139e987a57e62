import CareModel
import CareStore
import Foundation
import Hummingbird

/// The call center (呼叫中心, Anhui §4.3.2; one-key calls §5.3.2.3): a ringing number pops up
/// its elder, the agent completes the call and may create an order or a complaint from it in
/// the same step; callbacks and return visits are outgoing calls; the agent's queue and the
/// figures per agent and day. `clock` is the node's injected wall clock.
struct CallController {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.post, "incoming", requires: .callHandle) { (request: Request, context: NodeRequestContext) -> EditedResponse<CallPopupView> in
            let draft = try await request.json(CallRecord.IncomingDraft.self, context: context)
            let call = try CallRecord(validating: draft, takenAt: db.node, agent: context.actor, nowMillis: clock())
            let reveal = context.has(.elderIdentity)
            let now = clock()
            let popup = try await db.perform { db in
                let (stored, callers) = try db.takeIncomingCall(call, scope: context.scope, actor: context.actor)
                // Showing the callers' records is a read of them (GB/T 35273), masked.
                try db.recordAudit(callers.map {
                    AuditEntry(
                        home: db.node, atMillis: now, actor: context.actor, action: AuditAction.elderRead, subjectKind: EntityKind.elder.rawValue,
                        subject: $0.elder.model.id.uuidString, detail: "caller pop-up of call \(stored.model.id.uuidString)", source: context.sourceAddress)
                })
                return try CallPopupView.make(stored, matches: callers, scope: context.scope, reveal: reveal, db)
            }
            var response = tagged(popup, etag: popup.call.version, status: .created)
            response.headers[.location] = "/api/v1/calls/\(popup.call.id.uuidString)"
            return response
        }
        routes.route(.post, "outgoing", requires: .callHandle) { (request: Request, context: NodeRequestContext) -> EditedResponse<CallView> in
            try await outgoing(request, context)
        }
        routes.route(.get, requires: .callRead) { (request: Request, context: NodeRequestContext) -> PageView<CallView> in
            let within = try request.query("within", DivisionCode.init)
            let elderId = try request.query("elderId", UUID.init(uuidString:))
            let reveal = context.has(.elderIdentity)
            let calls = try await db.perform { try $0.calls(scope: context.scope, within: within, elderId: elderId, limit: 200) }
            return PageView(items: calls.map { CallView($0, reveal: reveal) }, next: nil, total: calls.count)
        }
        routes.route(.get, "queue", requires: .callRead) { (request: Request, context: NodeRequestContext) -> CallQueueView in
            let within = try request.query("within", DivisionCode.init)
            let reveal = context.has(.elderIdentity)
            let queue = try await db.perform { try $0.callQueue(scope: context.scope, within: within) }
            return CallQueueView(open: queue.open.map { CallView($0, reveal: reveal) }, callbacksDue: queue.callbacksDue.map { CallView($0, reveal: reveal) })
        }
        routes.route(.get, "figures", requires: .callRead) { (request: Request, context: NodeRequestContext) -> CallFiguresView in
            try await figures(request, context)
        }
        routes.route(.get, ":id", requires: .callRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<CallPopupView> in
            let id = try request.uuidParameter(context)
            let reveal = context.has(.elderIdentity)
            let popup = try await db.perform { db -> CallPopupView? in
                guard let stored = try db.call(id: id, in: context.scope) else { return nil }
                return try CallPopupView.make(stored, matches: nil, scope: context.scope, reveal: reveal, db)
            }
            guard let popup else { throw APIError(.notFound, "no call with id \(id)") }
            return tagged(popup, etag: popup.call.version)
        }
        routes.route(.patch, ":id", requires: .callHandle) { (request: Request, context: NodeRequestContext) -> EditedResponse<CallPopupView> in
            try await complete(request, context)
        }
        return routes
    }

    private func outgoing(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<CallView> {
        let draft = try await request.json(CallRecord.OutgoingDraft.self, context: context)
        let fields = try CallRecord.validate(draft)
        guard let elder = try await db.perform({ try $0.elder(id: fields.elderId, in: context.scope) }) else {
            throw APIError.invalid("elderId", en: "no elder with id \(fields.elderId) at this node", zh: "本节点没有该老人档案")
        }
        guard let number = fields.number ?? elder.model.phone else {
            throw APIError.invalid("number", en: "the elder has no phone on record: give the number called", zh: "该老人未登记电话，请填写拨打的号码")
        }
        if let missed = fields.callbackOf {
            let original = try await db.perform { try $0.call(id: missed, in: context.scope) }
            guard let original, original.model.direction == .incoming, original.model.outcome?.owesCallback == true else {
                throw APIError.invalid("callbackOf", en: "callbackOf must name a missed incoming call held here", zh: "回拨须关联本节点的未接来电")
            }
        }
        if let orderId = fields.orderId, try await db.perform({ try $0.order(id: orderId, in: context.scope) }) == nil {
            throw APIError.invalid("orderId", en: "no service order with id \(orderId) at this node", zh: "本节点没有该服务工单")
        }
        let call = CallRecord(
            id: fields.id, home: elder.model.home, direction: .outgoing, number: number, startedAtMillis: clock(), takenAt: db.node,
            agent: context.actor, elderId: elder.model.id, matchedBy: .chosen, purpose: fields.purpose, orderId: fields.orderId,
            callbackOf: fields.callbackOf)
        let stored = try await db.perform { try $0.createCall(call, actor: context.actor) }
        var response = tagged(CallView(stored, reveal: context.has(.elderIdentity)), etag: stored.etag, status: .created)
        response.headers[.location] = "/api/v1/calls/\(call.id.uuidString)"
        return response
    }

    /// Completes a call; `order` and `complaint` in the body create those records from it,
    /// each with the permission and rules of its own route, field errors named under
    /// `order.` and `complaint.`.
    private func complete(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<CallPopupView> {
        let id = try request.uuidParameter(context)
        let draft = try await request.json(CallRecord.CompletionDraft.self, context: context)
        if draft.order != nil { try context.require(.orderCreate) }
        if draft.complaint != nil { try context.require(.complaintCreate) }
        guard let current = try await db.perform({ try $0.call(id: id, in: context.scope) }) else { throw APIError(.notFound, "no call with id \(id)") }
        guard db.node.contains(current.model.home) else {
            throw APIError(.forbidden, en: "call \(id) is homed at \(current.model.home), outside this node (\(db.node))", zh: "该通话记录不在本节点辖区之内")
        }
        var elder: (id: UUID, home: DivisionCode)?
        if let text = draft.elderId, let elderId = UUID(uuidString: text) {
            guard let found = try await db.perform({ try $0.elder(id: elderId, in: context.scope) }) else {
                throw APIError.invalid("elderId", en: "no elder with id \(elderId) at this node", zh: "本节点没有该老人档案")
            }
            elder = (found.model.id, found.model.home)
        }
        let now = clock()
        let next = try current.model.completed(draft, elder: elder, nowMillis: now)
        try await checkLinks(draft, next, context)
        var order: ServiceOrder?
        if var orderDraft = draft.order, let elderId = next.elderId {
            orderDraft.elderId = orderDraft.elderId ?? elderId.uuidString
            orderDraft.channel = orderDraft.channel ?? (next.deviceSerial == nil ? IntakeChannel.phone : .deviceCall).rawValue
            let fields = try nested("order") { () throws(ValidationFailure) in try ServiceOrder.validate(orderDraft) }
            guard fields.elderId == elderId else {
                throw APIError.invalid("order.elderId", en: "an order from a call is for the call's elder \(elderId)", zh: "由来电生成的工单须为来电老人")
            }
            order = ServiceOrder(
                id: fields.id, home: next.home, elderId: elderId, category: fields.category, channel: fields.channel,
                wantedAt: fields.wantedAt, notes: fields.notes, takenAt: db.node, takenBy: context.actor, requestedAtMillis: now)
        }
        var complaint: Complaint?
        if var complaintDraft = draft.complaint {
            complaintDraft.channel = complaintDraft.channel ?? IntakeChannel.phone.rawValue
            if complaintDraft.orderId == nil, complaintDraft.organisationId == nil, let order { complaintDraft.orderId = order.id.uuidString }
            if complaintDraft.orderId == nil, complaintDraft.home == nil, next.elderId != nil { complaintDraft.home = next.home.rawValue }
            let fields = try nested("complaint") { () throws(ValidationFailure) in try Complaint.validate(complaintDraft) }
            var home = fields.home
            var organisationId = fields.organisationId
            if let orderId = fields.orderId, orderId != order?.id {
                guard let existing = try await db.perform({ try $0.order(id: orderId, in: context.scope) }) else {
                    throw APIError.invalid("complaint.orderId", en: "no service order with id \(orderId) at this node", zh: "本节点没有该服务工单")
                }
                home = existing.order.home
                organisationId = organisationId ?? existing.organisationId
            } else if fields.orderId != nil {
                home = next.home
            }
            if let organisationId, try await db.perform({ try $0.organisation(id: organisationId) }) == nil {
                throw APIError.invalid("complaint.organisationId", en: "no organisation with id \(organisationId) at this node", zh: "本节点没有该服务组织")
            }
            guard let home, db.node.contains(home), context.scope?.contains(home) ?? true else {
                throw APIError(.forbidden, en: "the complaint's home is outside this node or your jurisdiction", zh: "投诉不在您的辖区之内")
            }
            complaint = Complaint(
                id: fields.id, home: home, orderId: fields.orderId, organisationId: organisationId, complainant: fields.complainant,
                channel: fields.channel, description: fields.description, takenAt: db.node, takenBy: context.actor, receivedAtMillis: now)
        }
        let reveal = context.has(.elderIdentity)
        let popup = try await db.perform { [next, order, complaint, ifMatch = request.ifMatch] db in
            let stored = try db.completeCall(next, ifMatch: ifMatch, order: order, complaint: complaint, actor: context.actor)
            return try CallPopupView.make(stored, matches: nil, scope: context.scope, reveal: reveal, db)
        }
        return tagged(popup, etag: popup.call.version)
    }

    /// The records a completion links must be held here and, for the recording, be audio.
    private func checkLinks(_ draft: CallRecord.CompletionDraft, _ next: CallRecord, _ context: NodeRequestContext) async throws {
        if draft.orderId != nil, let orderId = next.orderId, try await db.perform({ try $0.order(id: orderId, in: context.scope) }) == nil {
            throw APIError.invalid("orderId", en: "no service order with id \(orderId) at this node", zh: "本节点没有该服务工单")
        }
        if draft.alertId != nil, let alertId = next.alertId, try await db.perform({ try $0.alert(id: alertId, in: context.scope) }) == nil {
            throw APIError.invalid("alertId", en: "no alert with id \(alertId) at this node", zh: "本节点没有该预警")
        }
        if draft.complaintId != nil, let complaintId = next.complaintId, try await db.perform({ try $0.complaint(id: complaintId, in: context.scope) }) == nil {
            throw APIError.invalid("complaintId", en: "no complaint with id \(complaintId) at this node", zh: "本节点没有该投诉")
        }
        if draft.recording != nil, let hash = next.recording {
            let info = try await db.perform { try $0.blobInfo(sha256: hash) }
            guard let info, info.type.kind == .audio else {
                throw APIError.invalid("recording", en: "recording must be an audio blob uploaded here (POST /api/v1/blobs)", zh: "录音须为已上传到本节点的音频文件")
            }
        }
    }

    private func figures(_ request: Request, _ context: NodeRequestContext) async throws -> CallFiguresView {
        let today = VitalsSummary.day(clock())
        var v = Validator()
        let from = try request.textQuery("from") ?? CalendarDate.adding(days: -6, to: today)
        let to = try request.textQuery("to") ?? today
        for (name, day) in [("from", from), ("to", to)] where !CalendarDate.isValid(day) {
            v.fail(name, en: "\(name) '\(day)' must be a date YYYY-MM-DD", zh: "日期格式应为YYYY-MM-DD")
        }
        if CalendarDate.isValid(from), CalendarDate.isValid(to), from > to { v.fail("to", en: "to must not come before from", zh: "结束日期不能早于开始日期") }
        try v.check()
        let within = try request.query("within", DivisionCode.init)
        let period = CalendarDate.chinaMillis(from: from, through: to)
        let rows = try await db.perform { try $0.callFigures(scope: context.scope, within: within, fromMillis: period.lowerBound, toMillis: period.upperBound) }
        func row(_ f: CallFigures) -> CallFiguresView.Row {
            .init(agent: f.agent, day: f.day, calls: f.calls, answered: f.answered, missed: f.missed, averageHandlingSeconds: f.averageHandlingSeconds)
        }
        let answered = rows.reduce(0) { $0 + $1.answered }
        let talk = rows.reduce(0.0) { $0 + ($1.averageHandlingSeconds ?? 0) * Double($1.answered) }
        let total = CallFiguresView.Row(
            agent: "", day: "", calls: rows.reduce(0) { $0 + $1.calls }, answered: answered, missed: rows.reduce(0) { $0 + $1.missed },
            averageHandlingSeconds: answered == 0 ? nil : talk / Double(answered))
        return CallFiguresView(from: from, to: to, rows: rows.map(row), total: total)
    }
}

/// Runs a draft check of a nested object, naming its fields under `prefix`.
private func nested<T>(_ prefix: String, _ check: () throws(ValidationFailure) -> T) throws -> T {
    do {
        return try check()
    } catch {
        throw APIError.validation(ValidationFailure(error.errors.map {
            FieldError(field: "\(prefix).\($0.field)", Label(en: $0.message, zh: $0.messageZh))
        }))
    }
}

/// The calls part of the console's event stream: each call taken or changed here (locally
/// or by sync) as `event: call` with its pop-up. Call events carry no `id:`, so the stream's
/// resume position stays the alerts'; a stream that (re)connects starts with the incoming
/// calls still ringing, taken within `ringingMillis`, then everything changed after it opened.
struct CallEvents: Sendable {
    let db: AppDatabase
    let scope: Jurisdiction?
    let reveal: Bool

    /// How long a ringing call is still popped up on a console that connects.
    static let ringingMillis: Int64 = 120_000

    func next(after position: inout Int64?) async throws -> String {
        let (scope, reveal) = (scope, reveal)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let popups: [CallPopupView]
        if let from = position {
            let changed = try await db.perform { db in
                try db.callsChanged(after: from, limit: 100, in: scope).map {
                    (position: $0.position, popup: try CallPopupView.make($0.call, matches: nil, scope: scope, reveal: reveal, db))
                }
            }
            position = changed.last?.position ?? from
            popups = changed.map(\.popup)
        } else {
            let (head, ringing) = try await db.perform { db in
                let head = try db.changeLogHead()
                let since = db.clock.wallMillis - Self.ringingMillis
                let open = try db.callQueue(scope: scope, within: nil).open
                    .filter { $0.model.direction == .incoming && $0.model.startedAtMillis >= since }
                return (head, try open.map { try CallPopupView.make($0, matches: nil, scope: scope, reveal: reveal, db) })
            }
            position = head
            popups = ringing
        }
        return try popups.map { "event: call\ndata: \(String(decoding: try encoder.encode($0), as: UTF8.self))\n\n" }.joined()
    }
}
