import Foundation

/// A smart alert (智能预警, Anhui §5.3.2.8): raised where the device reports, immutable; what
/// happens to it is a set of `AlertEvent`s folded into its state, like an order's.
public struct Alert: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The elder's community.
    public var home: DivisionCode
    public var elderId: UUID
    public var deviceSerial: String
    /// The condition's key: repeats with the same key fold into the open alert.
    public var condition: String
    public var measure: String
    public var value: Double?
    public var severity: AlertSeverity
    public var message: String
    public var messageZh: String
    /// Where: the elder's address as registered.
    public var place: String
    public var raisedAtMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, elderId: UUID, deviceSerial: String, condition: AlertCondition, place: String, raisedAtMillis: Int64
    ) {
        self.init(
            id: id, home: home, elderId: elderId, deviceSerial: deviceSerial, condition: condition.key, measure: condition.measure,
            value: condition.value, severity: condition.severity, message: condition.message.en, messageZh: condition.message.zh,
            place: place, raisedAtMillis: raisedAtMillis)
    }

    public init(
        id: UUID, home: DivisionCode, elderId: UUID, deviceSerial: String, condition: String, measure: String, value: Double?,
        severity: AlertSeverity, message: String, messageZh: String, place: String, raisedAtMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.elderId = elderId
        self.deviceSerial = deviceSerial
        self.condition = condition
        self.measure = measure
        self.value = value
        self.severity = severity
        self.message = message
        self.messageZh = messageZh
        self.place = place
        self.raisedAtMillis = raisedAtMillis
    }
}

public enum AlertStatus: String, CodeTable, Comparable {
    case raised, acknowledged, handled, resolved, falseAlarm

    public var label: Label {
        switch self {
        case .raised: Label(en: "raised", zh: "待处理")
        case .acknowledged: Label(en: "acknowledged", zh: "已确认")
        case .handled: Label(en: "handled", zh: "处置中")
        case .resolved: Label(en: "resolved", zh: "已解除")
        case .falseAlarm: Label(en: "false alarm", zh: "误报")
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    public var isOpen: Bool { self < .resolved }
    /// The statuses of an alert still to be dealt with.
    public static let open: Set<AlertStatus> = Set(allCases.filter(\.isOpen))
}

public enum AlertStep: String, CodeTable {
    case acknowledge, handle, resolve, falseAlarm, repeated, escalate

    public var label: Label {
        switch self {
        case .acknowledge: Label(en: "acknowledge", zh: "确认")
        case .handle: Label(en: "handle", zh: "处置")
        case .resolve: Label(en: "resolve", zh: "解除")
        case .falseAlarm: Label(en: "false alarm", zh: "标记误报")
        case .repeated: Label(en: "repeated", zh: "重复触发")
        case .escalate: Label(en: "escalate", zh: "升级")
        }
    }

    /// Steps an operator takes; `repeated` and `escalate` are written by the node itself.
    public static let operatorSteps: [AlertStep] = [.acknowledge, .handle, .resolve, .falseAlarm]

    /// The statuses an operator may take this step from: the alert transition table. The
    /// node's own steps (`repeated`, `escalate`) are not an operator's to take at all.
    public var allowedFrom: Set<AlertStatus> {
        switch self {
        case .acknowledge: [.raised]
        case .handle: [.raised, .acknowledged]
        case .resolve, .falseAlarm: [.raised, .acknowledged, .handled]
        case .repeated, .escalate: []
        }
    }

    /// The operator steps open to an alert in `status`.
    public static func allowed(from status: AlertStatus) -> [AlertStep] {
        operatorSteps.filter { $0.allowedFrom.contains(status) }
    }
}

/// How an alert was handled (§5.3.2.8): a service order, a call to family or emergency
/// contacts, or a visit.
public enum AlertAction: String, CodeTable {
    case serviceOrder, calledFamily, calledEmergency, visit

    public var label: Label {
        switch self {
        case .serviceOrder: Label(en: "service order created", zh: "生成服务工单")
        case .calledFamily: Label(en: "family called", zh: "联系家属")
        case .calledEmergency: Label(en: "emergency services called", zh: "呼叫急救")
        case .visit: Label(en: "visit", zh: "上门查看")
        }
    }
}

public struct AlertEvent: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var alertId: UUID
    public var home: DivisionCode
    public var step: AlertStep
    public var version: Version
    public var actor: String
    public var note: String?
    public var action: AlertAction?
    public var orderId: UUID?
    /// For an escalation: the tier it went to.
    public var tier: NodeRole?
    /// For a repeat: when the condition was seen again.
    public var atMillis: Int64?

    public init(
        id: UUID = UUID(), alertId: UUID, home: DivisionCode, step: AlertStep, version: Version = .zero, actor: String,
        note: String? = nil, action: AlertAction? = nil, orderId: UUID? = nil, tier: NodeRole? = nil, atMillis: Int64? = nil
    ) {
        self.id = id
        self.alertId = alertId
        self.home = home
        self.step = step
        self.version = version
        self.actor = actor
        self.note = note
        self.action = action
        self.orderId = orderId
        self.tier = tier
        self.atMillis = atMillis
    }
}

public struct AlertState: Hashable, Sendable {
    public var status: AlertStatus = .raised
    /// How many times the condition was seen: 1 plus the repeats folded in.
    public var count = 1
    public var lastSeenMillis: Int64?
    /// The highest tier it was escalated to; nil while at the community.
    public var escalatedTo: NodeRole?
    public var action: AlertAction?
    public var applied: [AlertEvent] = []

    public init() {}

    /// Order-independent like every fold here: operator steps move the status forward only
    /// (a late "acknowledge" after "resolve" changes nothing), repeats count, escalation keeps
    /// the highest tier.
    public static func fold(_ events: some Sequence<AlertEvent>, raisedAtMillis: Int64) -> AlertState {
        var seen = Set<UUID>()
        let ordered = events.filter { seen.insert($0.id).inserted }.sorted {
            $0.version != $1.version ? $0.version < $1.version : $0.id.canonicalString < $1.id.canonicalString
        }
        var state = AlertState()
        state.lastSeenMillis = raisedAtMillis
        for event in ordered {
            switch event.step {
            case .repeated:
                state.count += 1
                state.lastSeenMillis = max(state.lastSeenMillis ?? 0, event.atMillis ?? event.version.hlc.millis)
            case .escalate:
                if let tier = event.tier, state.escalatedTo.map({ tier.rank > $0.rank }) ?? true { state.escalatedTo = tier }
            case .acknowledge: state.status = max(state.status, .acknowledged)
            case .handle:
                state.status = max(state.status, .handled)
                state.action = event.action ?? state.action
            case .resolve, .falseAlarm:
                // The first closing step stands; a concurrent other one does not flip it.
                if state.status.isOpen { state.status = event.step == .resolve ? .resolved : .falseAlarm }
            }
            state.applied.append(event)
        }
        return state
    }

    /// The tier an unacknowledged critical alert should have reached by `nowMillis`: the
    /// street after 5 minutes, the county dispatch room after 10.
    public static func escalationDue(severity: AlertSeverity, status: AlertStatus, raisedAtMillis: Int64, nowMillis: Int64) -> NodeRole? {
        guard severity == .critical, status == .raised else { return nil }
        let age = nowMillis - raisedAtMillis
        if age >= 10 * 60_000 { return .county }
        if age >= 5 * 60_000 { return .street }
        return nil
    }
}

extension NodeRole {
    /// community 0, street 1, county 2.
    public var rank: Int {
        switch self {
        case .community: 0
        case .street: 1
        case .county: 2
        }
    }
}

extension Alert: ReplicatedRecord {
    public static let kind = EntityKind.alert
    public static let label = Label(en: "alert", zh: "预警")
    public static let mergeClass = MergeClass.fact
    public static let lane = Lane.urgent
}

extension AlertEvent: ReplicatedRecord {
    public static let kind = EntityKind.alertEvent
    public static let label = Label(en: "alert event", zh: "预警处置记录")
    public static let mergeClass = MergeClass.fact
    public static let lane = Lane.urgent
    public var parent: RecordReference? { RecordReference(.alert, alertId) }
}
