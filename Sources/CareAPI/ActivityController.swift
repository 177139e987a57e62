import CareModel
import CareStore
import Foundation
import Hummingbird

/// Activities (文娱活动, Anhui §5.3.2.5: booking, records, ratings). A community station puts
/// activities on its calendar (`activity.write`); an elder is booked by the station, the
/// street window or the call center (`activity.book`), and past the places waits in turn;
/// a booking is cancelled at any of them and the waiting list moves up wherever the
/// cancellation arrives. Attendance is taken by hand or from a face-recognition device at the
/// station (`activity.write`); an elder who came rates the activity afterwards
/// (`activity.book`). Figures count bookings by status per station over a period.
struct ActivityController {
    let db: AppDatabase
    let info: NodeInfo
    let clock: HybridLogicalClock.WallClock

    static let listLimit = 500
    /// How far ahead of this node's clock a device's reading may be (its own clock drifts).
    static let deviceAheadMillis: Int64 = 5 * 60_000

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "activities", requires: .activityRead) { (request: Request, context: NodeRequestContext) -> PageView<StationActivityView> in
            let within = try within(request, context)
            let period = try period(request, defaultDays: (-30, 60))
            let all = try request.query("cancelled", Bool.init) == true
            let now = clock()
            let items = try await db.perform { try $0.stationActivities(within: within, period: period.millis, includeCancelled: all, limit: Self.listLimit) }
            return PageView(items: items.map { StationActivityView($0, nowMillis: now) }, next: nil, total: items.count)
        }
        routes.route(.get, "activities/figures", requires: .activityRead) { (request: Request, context: NodeRequestContext) -> ActivityFiguresView in
            let within = try within(request, context)
            let period = try period(request, defaultDays: (-30, 0))
            let now = clock()
            let byStation = try await db.perform { try $0.activityFigures(within: within, period: period.millis, nowMillis: now) }
            let stations = byStation.keys.sorted { $0.rawValue < $1.rawValue }.map { ActivityFiguresView.Station(home: $0.rawValue, figures: FiguresView(byStation[$0]!)) }
            let total = byStation.values.reduce(ActivityFigures(), +)
            return ActivityFiguresView(within: within.rawValue, from: period.from, to: period.to, stations: stations, total: FiguresView(total))
        }
        routes.route(.post, "activities", requires: .activityWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<ActivityDetailView> in
            guard info.role == .community else {
                throw APIError(
                    .forbidden, en: "activities are run by a community station; this node is a \(info.role.rawValue): make it at the station",
                    zh: "文娱活动由社区养老服务站组织，请在服务站创建")
            }
            try inJurisdiction(db.node, context)
            let draft = try await request.json(Activity.Draft.self, context: context)
            let activity = try Activity(validating: draft, home: db.node, createdBy: context.actor)
            let stored = try await db.perform { try $0.saveStationActivity(activity, new: true, ifMatch: nil, actor: context.actor) }
            let now = clock()
            let view = try await db.perform { try $0.activityDetailView(ActivityWithRoll(activity: stored, bookings: []), nowMillis: now) }
            var response = tagged(view, etag: stored.etag, status: .created)
            response.headers[.location] = "/api/v1/activities/\(stored.model.id.uuidString)"
            return response
        }
        routes.route(.get, "activities/:id", requires: .activityRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<ActivityDetailView> in
            let held = try await activity(try request.uuidParameter(context), context)
            let now = clock()
            return tagged(try await db.perform { try $0.activityDetailView(held, nowMillis: now) }, etag: held.activity.etag)
        }
        routes.route(.put, "activities/:id", requires: .activityWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<ActivityDetailView> in
            let held = try await activity(try request.uuidParameter(context), context)
            let current = held.activity.model
            let draft = try await request.json(Activity.Draft.self, context: context)
            var next = try Activity(validating: draft, id: current.id, home: current.home, createdBy: current.createdBy)
            next.home = current.home
            let stored = try await db.perform { [ifMatch = request.ifMatch, next] in
                try $0.saveStationActivity(next, new: false, ifMatch: ifMatch, actor: context.actor)
            }
            let now = clock()
            let view = try await db.perform { db in try db.activityDetailView(try db.stationActivity(id: stored.model.id)!, nowMillis: now) }
            return tagged(view, etag: stored.etag)
        }
        routes.route(.post, "activities/:id/bookings", requires: .activityBook) { (request: Request, context: NodeRequestContext) -> EditedResponse<BookingResultView> in
            let held = try await activity(try request.uuidParameter(context), context)
            let draft = try await request.json(ActivityBooking.Draft.self, context: context)
            var v = Validator()
            let elderId = v.uuid(draft.elderId, "elderId")
            try v.check()
            guard let elder = try await db.perform({ try $0.elder(id: elderId!, in: context.scope)?.model }) else {
                throw APIError.invalid("elderId", en: "no elder with id \(elderId!) in your jurisdiction at this node", zh: "本节点您的辖区内没有该老人")
            }
            let now = clock()
            let result = try await db.perform { db in
                try db.bookActivity(activityId: held.activity.model.id, elderId: elder.id, actor: context.actor) { activity, current in
                    try ActivityBooking.booking(draft, activity: activity, elder: elder, current: current, bookedBy: context.actor, nowMillis: now)
                }
            }
            let view = try await db.perform { try $0.bookingResultView(result.booking, result.list, nowMillis: now) }
            return tagged(view, etag: result.booking.etag, status: .created)
        }
        routes.route(.post, "activity-bookings/:id/cancel", requires: .activityBook) { (request: Request, context: NodeRequestContext) -> EditedResponse<BookingResultView> in
            let draft = try await request.json(ActivityBooking.CancelDraft.self, context: context)
            let now = clock()
            return try await change(request, context) { booking, activity, _ in
                try booking.cancelled(draft, activity: activity, by: context.actor, nowMillis: now)
            }
        }
        routes.route(.post, "activity-bookings/:id/attendance", requires: .activityWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<BookingResultView> in
            let now = clock()
            return try await change(request, context) { booking, activity, roll in
                try booking.attending(
                    at: now, source: .hand, deviceSerial: nil, standing: roll.entry(booking: booking.id), activity: activity, recordedBy: context.actor)
            }
        }
        routes.route(.post, "activity-bookings/:id/rating", requires: .activityBook) { (request: Request, context: NodeRequestContext) -> EditedResponse<BookingResultView> in
            let draft = try await request.json(ActivityBooking.RatingDraft.self, context: context)
            let now = clock()
            return try await change(request, context) { booking, activity, _ in
                try booking.rated(draft, activity: activity, by: context.actor, nowMillis: now)
            }
        }
        routes.route(.get, "elders/:id/activities", requires: .activityRead) { (request: Request, context: NodeRequestContext) -> PageView<ElderActivityView> in
            let elderId = try request.uuidParameter(context)
            guard try await db.perform({ try $0.elder(id: elderId, in: context.scope) }) != nil else {
                throw APIError(.notFound, en: "no elder with id \(elderId)", zh: "未找到该老人")
            }
            let items = try await db.perform { db in
                try db.activityBookings(elderId: elderId).compactMap { booking -> ElderActivityView? in
                    guard let held = try db.stationActivity(id: booking.model.activityId), let entry = held.roll.entry(booking: booking.model.id) else { return nil }
                    return ElderActivityView(activity: held.activity.model, booking: BookingView(entry, elderName: nil, etag: booking.etag))
                }
            }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.post, "activities/attendance-events", requires: .activityWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<BookingResultView> in
            try await deviceEvent(request, context)
        }
        return routes
    }

    /// The subtree a list covers: `within`, or the account's jurisdiction, or this node's.
    private func within(_ request: Request, _ context: NodeRequestContext) throws -> DivisionCode {
        let within = try request.query("within", DivisionCode.init) ?? context.scope?.division ?? db.node
        if let scope = context.scope, !scope.contains(within) {
            throw APIError(.forbidden, en: "\(within) is outside your jurisdiction (\(scope.division))", zh: "\(within) 不在您的辖区（\(scope.division)）之内")
        }
        return within
    }

    /// `from` and `to` (YYYY-MM-DD, China Standard Time days), defaulting to days around today.
    private func period(_ request: Request, defaultDays: (Int, Int)) throws -> (from: String, to: String, millis: Range<Int64>) {
        let today = VitalsSummary.day(clock())
        var v = Validator()
        let from = try request.textQuery("from") ?? CalendarDate.adding(days: defaultDays.0, to: today)
        let to = try request.textQuery("to") ?? CalendarDate.adding(days: defaultDays.1, to: today)
        for (name, day) in [("from", from), ("to", to)] where !CalendarDate.isValid(day) {
            v.fail(name, en: "\(name) '\(day)' must be a date YYYY-MM-DD", zh: "日期格式应为YYYY-MM-DD")
        }
        if CalendarDate.isValid(from), CalendarDate.isValid(to), from > to { v.fail("to", en: "to must not come before from", zh: "结束日期不能早于开始日期") }
        try v.check()
        return (from, to, CalendarDate.chinaMillis(from: from, through: to))
    }

    private func inJurisdiction(_ home: DivisionCode, _ context: NodeRequestContext) throws {
        if let scope = context.scope, !scope.contains(home) || scope.isByOrder {
            throw APIError(.forbidden, en: "\(home) is outside your jurisdiction (\(scope.division))", zh: "\(home) 不在您的辖区（\(scope.division)）之内")
        }
    }

    /// The activity with its list, when the account's jurisdiction covers it (else 404).
    private func activity(_ id: UUID, _ context: NodeRequestContext) async throws -> ActivityWithRoll {
        guard let held = try await db.perform({ try $0.stationActivity(id: id) }),
            context.scope.map({ $0.contains(held.activity.model.home) && !$0.isByOrder }) ?? true
        else { throw APIError(.notFound, en: "no activity with id \(id)", zh: "未找到该文娱活动") }
        return held
    }

    private func change(
        _ request: Request, _ context: NodeRequestContext,
        _ make: @escaping @Sendable (ActivityBooking, Activity, ActivityRoll) throws -> ActivityBooking
    ) async throws -> EditedResponse<BookingResultView> {
        let id = try request.uuidParameter(context)
        guard let booking = try await db.perform({ try $0.activityBooking(id: id) }),
            context.scope.map({ $0.contains(booking.model.home) && !$0.isByOrder }) ?? true
        else { throw APIError(.notFound, en: "no activity booking with id \(id)", zh: "未找到该活动预约") }
        let now = clock()
        let result = try await db.perform { [ifMatch = request.ifMatch] db in try db.changeBooking(id: id, ifMatch: ifMatch, actor: context.actor, make) }
        return tagged(try await db.perform { try $0.bookingResultView(result.booking, result.list, nowMillis: now) }, etag: result.booking.etag)
    }

    /// A face-recognition device at the station saw an elder: the attendance of the activity
    /// under way (or about to start) for which the elder has a place. The device must be a
    /// face-recognition device of this station, active, and bound to the station (no elder) or
    /// to that elder. A second sighting of an elder already recorded changes nothing (200).
    private func deviceEvent(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<BookingResultView> {
        guard info.role == .community else {
            throw APIError(.forbidden, en: "a face-recognition device reports to its own station, not to a \(info.role.rawValue)", zh: "人脸识别设备只向所在服务站上报")
        }
        try inJurisdiction(db.node, context)
        let draft = try await request.json(ActivityBooking.DeviceEventDraft.self, context: context)
        let now = clock()
        var v = Validator()
        let serial = v.text(draft.deviceSerial, "deviceSerial", max: 64)
        let elderId = v.uuid(draft.elderId, "elderId")
        let at = v.required(draft.atMillis, "atMillis")
        if let at, at < 0 || at > now + Self.deviceAheadMillis {
            v.fail("atMillis", en: "atMillis \(at) is not a time the device could have seen the elder (this node's clock reads \(now))", zh: "识别时间无效")
        }
        try v.check()
        let (assignment, elder) = try await db.perform { db in (try db.deviceAssignment(serial: serial!), try db.elder(id: elderId!)?.model) }
        guard let device = assignment?.device, device.home == db.node else {
            throw APIError.invalid("deviceSerial", en: "no device with serial \(serial!) is registered at this station", zh: "本服务站未登记该设备")
        }
        if device.type != .faceRecognition {
            v.fail("deviceSerial", en: "device \(device.serial) is a \(device.type.rawValue), not a face-recognition device", zh: "该设备不是人脸识别设备")
        }
        if device.status != .active { v.fail("deviceSerial", en: "device \(device.serial) is \(device.status.rawValue)", zh: "该设备未启用") }
        if let bound = device.elderId, bound != elderId {
            v.fail("elderId", en: "device \(device.serial) is bound to another elder", zh: "该设备绑定的是其他老人")
        }
        guard let elder, elder.home == db.node else {
            throw APIError.invalid("elderId", en: "no elder with id \(elderId!) at this station", zh: "本服务站没有该老人")
        }
        try v.check()
        let candidates = try await db.perform { db in
            try db.stationActivities(
                within: db.node, period: (at! - Activity.longestMillis)..<(at! + Activity.earlyArrivalMillis + 1), includeCancelled: false, limit: Self.listLimit)
        }.filter { at! >= $0.activity.model.startsAtMillis - Activity.earlyArrivalMillis && at! <= $0.activity.model.endsAtMillis }
        let mine = candidates.compactMap { held in held.roll.entry(elder: elder.id).map { (held, $0) } }.filter { $0.1.standing != .cancelled }
        if let done = mine.first(where: { $0.1.booking.attendance != nil }), let stored = done.0.bookings.first(where: { $0.model.id == done.1.booking.id }) {
            return tagged(try await db.perform { try $0.bookingResultView(stored, done.0, nowMillis: now) }, etag: stored.etag)
        }
        guard let chosen = mine.first(where: { $0.1.standing == .confirmed }) ?? mine.first else {
            throw APIError.invalid("elderId", en: "\(elder.name) has no booking for an activity under way at this station", zh: "该老人没有预约当前进行中的活动")
        }
        let result = try await db.perform { db in
            try db.changeBooking(id: chosen.1.booking.id, ifMatch: nil, actor: context.actor) { booking, activity, roll in
                // A device's clock a little ahead is taken as now, so no record carries a time
                // ahead of the federation's clocks (a parent refuses readings from the future).
                try booking.attending(
                    at: min(at!, now), source: .faceDevice, deviceSerial: device.serial, standing: roll.entry(booking: booking.id), activity: activity,
                    recordedBy: context.actor)
            }
        }
        return tagged(try await db.perform { try $0.bookingResultView(result.booking, result.list, nowMillis: now) }, etag: result.booking.etag, status: .created)
    }
}

extension Activity.Draft: StrictDraft {}
extension ActivityBooking.Draft: StrictDraft {}
extension ActivityBooking.CancelDraft: StrictDraft {}
extension ActivityBooking.RatingDraft: StrictDraft {}
extension ActivityBooking.DeviceEventDraft: StrictDraft {}
