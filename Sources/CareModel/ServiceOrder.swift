import Foundation

/// A service request (服务工单): who needs what, taken where and how. The request itself never
/// changes; what happens to it is a set of `OrderEvent`s, and its state is their fold.
public struct ServiceOrder: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The elder's community (12 digits).
    public var home: DivisionCode
    public var elderId: UUID
    public var category: ServiceCategory
    public var channel: IntakeChannel
    /// When the service is wanted (ISO 8601), for bookings; nil means as soon as possible.
    public var wantedAt: String?
    public var notes: String?
    /// Node that took the request and the operator who entered it.
    public var takenAt: DivisionCode
    public var takenBy: String
    /// Wall-clock milliseconds when it was taken.
    public var requestedAtMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, elderId: UUID, category: ServiceCategory, channel: IntakeChannel,
        wantedAt: String? = nil, notes: String? = nil, takenAt: DivisionCode, takenBy: String, requestedAtMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.elderId = elderId
        self.category = category
        self.channel = channel
        self.wantedAt = wantedAt
        self.notes = notes
        self.takenAt = takenAt
        self.takenBy = takenBy
        self.requestedAtMillis = requestedAtMillis
    }

    /// The request as an operator sends it; `home` comes from the elder.
    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var elderId: String?
        public var category: String?
        public var channel: String?
        public var wantedAt: String?
        public var notes: String?

        public init() {}
    }

    /// Checks the fields that do not need the store; the caller resolves the elder.
    public static func validate(_ draft: Draft) throws(ValidationFailure) -> (id: UUID, elderId: UUID, category: ServiceCategory, channel: IntakeChannel, wantedAt: String?, notes: String?) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let elderId = v.uuid(draft.elderId, "elderId")
        let category = v.code(draft.category, "category", as: ServiceCategory.self)
        let channel = v.code(draft.channel, "channel", as: IntakeChannel.self)
        // The text rule first: a date parser may read past (or stop at) what would not be stored.
        let wantedAt = v.text(draft.wantedAt, "wantedAt", max: 40, optional: true)
        if let wanted = wantedAt, ISO8601DateFormatter().date(from: wanted) == nil {
            v.fail("wantedAt", en: "wantedAt '\(wanted)' must be an ISO 8601 date-time such as 2026-11-23T09:30:00+08:00", zh: "预约时间格式应为ISO 8601，例如 2026-11-23T09:30:00+08:00")
        }
        let notes = v.text(draft.notes, "notes", max: 500, optional: true, multiline: true)
        try v.check()
        return (id!, elderId!, category!, channel!, wantedAt, notes)
    }
}

/// Where an order stands; a status only moves forward, except that a refusal sends it back
/// to dispatch.
public enum OrderStatus: String, CodeTable, Comparable {
    case requested, referred, dispatched, accepted, checkedIn, completed, rated, returnVisited, closed, cancelled

    public var label: Label {
        switch self {
        case .requested: Label(en: "requested", zh: "待派单")
        case .referred: Label(en: "referred", zh: "已转介")
        case .dispatched: Label(en: "dispatched", zh: "已派单")
        case .accepted: Label(en: "accepted", zh: "已接单")
        case .checkedIn: Label(en: "in service", zh: "服务中")
        case .completed: Label(en: "completed", zh: "已完成")
        case .rated: Label(en: "rated", zh: "已评价")
        case .returnVisited: Label(en: "return-visited", zh: "已回访")
        case .closed: Label(en: "closed", zh: "已关闭")
        case .cancelled: Label(en: "cancelled", zh: "已取消")
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: OrderStatus, rhs: OrderStatus) -> Bool { lhs.rank < rhs.rank }

    /// Statuses in which the visit has not begun: an order in one of them past its due time
    /// is overdue.
    public static let notBegun: Set<OrderStatus> = [.requested, .referred, .dispatched, .accepted]
    /// Statuses in which an order is with an organisation and not yet done: its queue.
    public static let withOrganisation: Set<OrderStatus> = [.referred, .dispatched, .accepted, .checkedIn]
    /// Handed to an organisation (dispatched by the county or a station, or referred by a
    /// street) and not yet accepted by one of its workers.
    public static let offered: Set<OrderStatus> = [.referred, .dispatched]
    /// Orders still to be served: waiting, with an organisation or a worker, or being served (the map's open work).
    public static let open: Set<OrderStatus> = notBegun.union([.checkedIn])

    /// The overdue rule, once: due before `nowMillis` and not begun.
    public static func isOverdue(_ status: OrderStatus, dueAtMillis: Int64, nowMillis: Int64) -> Bool {
        notBegun.contains(status) && dueAtMillis < nowMillis
    }
}

public enum OrderEventKind: String, CodeTable {
    case dispatch, refer, refuse, accept, checkIn, complete, rate, returnVisit, close, cancel

    public var label: Label {
        switch self {
        case .dispatch: Label(en: "dispatch", zh: "派单")
        case .refer: Label(en: "refer", zh: "转介")
        case .refuse: Label(en: "refuse", zh: "拒单")
        case .accept: Label(en: "accept", zh: "接单")
        case .checkIn: Label(en: "check in", zh: "签到")
        case .complete: Label(en: "complete", zh: "完成服务")
        case .rate: Label(en: "rate", zh: "评价")
        case .returnVisit: Label(en: "return visit", zh: "回访")
        case .close: Label(en: "close", zh: "关闭")
        case .cancel: Label(en: "cancel", zh: "取消")
        }
    }

    /// The statuses from which this step may be taken.
    public var allowedFrom: Set<OrderStatus> {
        switch self {
        case .dispatch, .refer: [.requested]
        case .refuse: [.referred, .dispatched]
        case .accept: [.referred, .dispatched]
        case .checkIn: [.accepted]
        case .complete: [.checkedIn]
        case .rate: [.completed, .returnVisited]
        case .returnVisit: [.completed, .rated]
        case .close: [.completed, .rated, .returnVisited]
        case .cancel: [.requested, .referred, .dispatched, .accepted]
        }
    }

    /// Steps that hand the order to an organisation: a dispatch (county dispatch room, or a
    /// station assigning locally) or a street's referral (转介).
    public var assignsOrganisation: Bool { self == .dispatch || self == .refer }

    /// The steps allowed from a status, for 409 answers.
    public static func allowed(from status: OrderStatus) -> [OrderEventKind] {
        allCases.filter { $0.allowedFrom.contains(status) }
    }
}

/// One immutable step in an order's life: who did what, when, where and why.
public struct OrderEvent: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var orderId: UUID
    /// Same home as the order.
    public var home: DivisionCode
    public var kind: OrderEventKind
    /// Set by the store when the event is written; orders the fold.
    public var version: Version
    public var actor: String
    public var channel: IntakeChannel?
    public var reason: String?
    public var organisationId: UUID?
    public var workerId: UUID?
    /// For a re-dispatch: the dispatch event this one replaces.
    public var supersedes: UUID?
    /// Step-specific facts (location, items done, face-check result…), kept as given.
    public var details: [String: String]

    public init(
        id: UUID = UUID(), orderId: UUID, home: DivisionCode, kind: OrderEventKind, version: Version, actor: String,
        channel: IntakeChannel? = nil, reason: String? = nil, organisationId: UUID? = nil, workerId: UUID? = nil,
        supersedes: UUID? = nil, details: [String: String] = [:]
    ) {
        self.id = id
        self.orderId = orderId
        self.home = home
        self.kind = kind
        self.version = version
        self.actor = actor
        self.channel = channel
        self.reason = reason
        self.organisationId = organisationId
        self.workerId = workerId
        self.supersedes = supersedes
        self.details = details
    }
}

extension ServiceOrder {
    /// How long after the request an unbooked order is due to begin.
    public static let defaultResponseMillis: Int64 = 24 * 3_600_000
    /// How late a check-in may be and still count as on time.
    public static let onTimeToleranceMillis: Int64 = 15 * 60_000

    /// When the visit is due to begin: the booked time, or a day after the request.
    public var dueAtMillis: Int64 {
        if let wantedAt, let date = try? Date(wantedAt, strategy: .iso8601) {
            return Int64((date.timeIntervalSince1970 * 1000).rounded())
        }
        return requestedAtMillis + Self.defaultResponseMillis
    }
}

extension ServiceOrder: ReplicatedRecord {
    public static let kind = EntityKind.order
    public static let label = Label(en: "service order", zh: "服务工单")
    public static let mergeClass = MergeClass.fact
    public static let lane = Lane.urgent
}

extension OrderEvent: ReplicatedRecord {
    public static let kind = EntityKind.orderEvent
    public static let label = Label(en: "service order event", zh: "工单事件")
    public static let mergeClass = MergeClass.fact
    public static let lane = Lane.urgent
    public var parent: RecordReference? { RecordReference(.order, orderId) }
}
