import CareModel
import CareStore
import Foundation
import Hummingbird

/// Centralised care (集中照护, Anhui §5.3.2.4): admissions to day or full care at a community
/// station (`stay.write`), the care given in a stay (`stay.record`: meals, bathing, medication,
/// nursing), leave and return, room and bed changes and discharge (`stay.write`), and occupancy
/// and meal counts per station and day (`stay.read`), which a street or the county computes
/// from the stays its stations have sent up. Times are read on the node's injected clock.
struct StayController {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "stays", requires: .stayRead) { (request: Request, context: NodeRequestContext) -> PageView<StayView> in
            try await list(request, context)
        }
        routes.route(.post, "stays", requires: .stayWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<StayDetailView> in
            try await admit(request, context)
        }
        routes.route(.get, "stays/occupancy", requires: .stayRead) { (request: Request, context: NodeRequestContext) -> OccupancyView in
            try await occupancy(request, context)
        }
        routes.route(.get, "stays/:id", requires: .stayRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<StayDetailView> in
            try await detail(try request.uuidParameter(context), context)
        }
        // Care needs `stay.record`, a turn of the stay `stay.write`: checked once the body names the item.
        routes.routeRequiringPermissionOfBody(.post, "stays/:id/records") { (request: Request, context: NodeRequestContext) -> EditedResponse<StayDetailView> in
            try await record(request, context)
        }
        return routes
    }

    private func list(_ request: Request, _ context: NodeRequestContext) async throws -> PageView<StayView> {
        let query = try ListQuery(request, sortable: StaySortField.self, default: ListSort(.admittedAt, descending: true))
        var filter = ListFilter(limit: query.limit, after: query.cursor)
        filter.order = query.order
        filter.scope = context.scope
        filter.within = try request.query("within", DivisionCode.init)
        if let status = try request.codeQuery("status", StayStatus.self) { filter.equals[.status] = status }
        if let kind = try request.codeQuery("kind", StayKind.self) { filter.equals[.kind] = kind }
        filter.elder = try request.query("elderId", UUID.init(uuidString:))
        let (page, names) = try await db.perform { [filter] db in
            let page = try db.stays(filter)
            var names: [UUID: String] = [:]
            for id in Set(page.items.map(\.stay.elderId)) { names[id] = try db.elder(id: id)?.model.name }
            return (page, names)
        }
        return PageView(page) { StayView($0, elderName: names[$0.stay.elderId]) }
    }

    /// Admits the elder named in the body, at the level of its latest approved assessment (or
    /// its file's), with its own emergency contacts unless the body names others.
    private func admit(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<StayDetailView> {
        let draft = try await request.json(Stay.Draft.self, context: context)
        let now = clock()
        let fields = try Stay.validate(draft, nowMillis: now)
        guard let elder = try await db.perform({ try $0.elder(id: fields.elderId, in: context.scope) }), !elder.meta.deleted else {
            throw APIError.invalid("elderId", en: "no elder with id \(fields.elderId) at this node", zh: "未找到该老人档案")
        }
        try stationOnly(elder.model.home, what: "elder \(elder.model.id)")
        guard let level = try await db.perform({ try $0.admissionLevel(elderId: elder.model.id) }) else {
            throw APIError.invalid("elderId", en: "no elder with id \(fields.elderId) at this node", zh: "未找到该老人档案")
        }
        let stay = Stay(
            id: fields.id, home: elder.model.home, elderId: elder.model.id, kind: fields.kind, room: fields.room, bed: fields.bed,
            careLevel: level.level, assessmentId: level.assessmentId, contractFrom: fields.contractFrom, contractTo: fields.contractTo,
            contacts: fields.contacts ?? elder.model.emergencyContacts, admittedAtMillis: fields.admittedAtMillis, admittedBy: context.actor,
            note: fields.note)
        try await refusing { _ = try await db.perform { try $0.admit(stay, actor: context.actor) } }
        var response = try await detail(stay.id, context)
        response.status = .created
        response.headers[.location] = "/api/v1/stays/\(stay.id.uuidString)"
        return response
    }

    private func record(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<StayDetailView> {
        let id = try request.uuidParameter(context)
        let draft = try await request.json(CareRecord.Draft.self, context: context)
        if let item = draft.item.flatMap(CareRecordItem.init(rawValue:)) {
            try context.require(item.isCare ? .stayRecord : .stayWrite)
        } else {
            try context.require(.stayRead)
            var v = Validator()
            _ = v.code(draft.item, "item", as: CareRecordItem.self)
            try v.check()
        }
        guard let current = try await db.perform({ try $0.stay(id: id, in: context.scope) }) else {
            throw APIError(.notFound, en: "no care stay with id \(id)", zh: "未找到该入住记录")
        }
        let stay = current.summary.stay
        try stationOnly(stay.home, what: "stay \(id)")
        let record = try CareRecord(validating: draft, stay: stay, recordedBy: context.actor, nowMillis: clock())
        try await refusing { _ = try await db.perform { try $0.appendCareRecord(record, actor: context.actor) } }
        var response = try await detail(id, context)
        response.status = .created
        return response
    }

    /// `from` and `to` (YYYY-MM-DD, China time, both included; default: today) and `within`.
    private func occupancy(_ request: Request, _ context: NodeRequestContext) async throws -> OccupancyView {
        let today = VitalsSummary.day(clock())
        var v = Validator()
        let from = QueryDate.check(try request.textQuery("from") ?? today, "from", &v)
        let to = QueryDate.check(try request.textQuery("to") ?? from ?? today, "to", &v)
        if let from, let to {
            let days = CalendarDate.days(from: from, to: to)
            if days < 0 {
                v.fail("to", en: "to must not come before from", zh: "结束日期不能早于开始日期")
            } else if days >= OccupancyDay.periodDaysMax {
                v.fail("to", en: "a period is at most \(OccupancyDay.periodDaysMax) days", zh: "统计期间不能超过\(OccupancyDay.periodDaysMax)天")
            }
        }
        try v.check()
        let within = try request.query("within", DivisionCode.init)
        let period = CalendarDate.chinaMillis(from: from!, through: to!)
        let stays = try await db.perform { try $0.staysOverlapping(period, scope: context.scope, within: within) }
        return OccupancyView(from: from!, to: to!, rows: OccupancyDay.count(stays, from: from!, to: to!))
    }

    private func detail(_ id: UUID, _ context: NodeRequestContext) async throws -> EditedResponse<StayDetailView> {
        guard let (summary, state, elder) = try await db.perform({ db -> (StaySummary, StayState, Stored<Elder>?)? in
            guard let found = try db.stay(id: id, in: context.scope) else { return nil }
            return (found.summary, found.state, try db.elder(id: found.summary.stay.elderId))
        }) else { throw APIError(.notFound, en: "no care stay with id \(id)", zh: "未找到该入住记录") }
        let view = StayView(summary, elderName: elder?.model.name)
        return tagged(
            StayDetailView(
                stay: view, contacts: summary.stay.contacts.map(maskedContact),
                records: state.applied.reversed().map(CareRecordView.init), ignoredRecords: state.ignored.map(CareRecordView.init)),
            etag: view.version)
    }

    /// A stay is run by its station, which keeps it while offline: only the community node the
    /// elder is homed at admits and records, so no two nodes write one stay apart.
    private func stationOnly(_ home: DivisionCode, what: String) throws {
        guard db.node == home else {
            throw APIError(
                .forbidden, en: "\(what) is homed at \(home): stays are kept at that community station, not at this node (\(db.node))",
                zh: "集中照护由老人所在社区站点办理，本节点不能办理")
        }
    }

    /// Runs a write, answering the store's refusal as 409 in English and Chinese.
    private func refusing(_ write: () async throws -> Void) async throws {
        do {
            try await write()
        } catch let refusal as StayRefusal {
            throw APIError(.conflict, en: refusal.reason.en, zh: refusal.reason.zh)
        }
    }
}

/// Calendar days as the query string gives them.
enum QueryDate {
    static func check(_ text: String, _ field: String, _ v: inout Validator) -> String? {
        guard CalendarDate.isValid(text) else {
            v.fail(field, en: "\(field) '\(text)' is not a date YYYY-MM-DD", zh: "\(field)“\(text)”不是有效日期（YYYY-MM-DD）")
            return nil
        }
        return text
    }
}

extension Stay.Draft: StrictDraft {}
extension CareRecord.Draft: StrictDraft {}
