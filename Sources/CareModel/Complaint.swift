import Foundation

/// A complaint (投诉, handled as GB/T 17242 describes): about an order or an organisation,
/// taken at any tier. Like an order it never changes; its handling is a set of events.
public struct Complaint: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The community of the order or elder it concerns.
    public var home: DivisionCode
    public var orderId: UUID?
    public var organisationId: UUID?
    public var complainant: String
    public var channel: IntakeChannel
    public var description: String
    public var takenAt: DivisionCode
    public var takenBy: String
    public var receivedAtMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, orderId: UUID?, organisationId: UUID?, complainant: String,
        channel: IntakeChannel, description: String, takenAt: DivisionCode, takenBy: String, receivedAtMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.orderId = orderId
        self.organisationId = organisationId
        self.complainant = complainant
        self.channel = channel
        self.description = description
        self.takenAt = takenAt
        self.takenBy = takenBy
        self.receivedAtMillis = receivedAtMillis
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var orderId: String?
        public var organisationId: String?
        /// Required when there is no order: the elder's community.
        public var home: String?
        public var complainant: String?
        public var channel: String?
        public var description: String?
        public init() {}
    }

    /// Checks what does not need the store; `home` and the organisation come from the order
    /// when there is one.
    public static func validate(_ draft: Draft) throws(ValidationFailure) -> (id: UUID, orderId: UUID?, organisationId: UUID?, home: DivisionCode?, complainant: String, channel: IntakeChannel, description: String) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let orderId = v.uuid(draft.orderId, "orderId", optional: true)
        let organisationId = v.uuid(draft.organisationId, "organisationId", optional: true)
        if draft.orderId == nil && draft.organisationId == nil {
            v.fail("orderId", en: "a complaint concerns an order (orderId) or an organisation (organisationId)", zh: "投诉须关联工单或服务组织")
        }
        let home = draft.orderId == nil ? v.division(draft.home, "home", role: .community) : nil
        let complainant = v.text(draft.complainant, "complainant", max: 50)
        let channel = v.code(draft.channel, "channel", as: IntakeChannel.self)
        let description = v.text(draft.description, "description", max: 2000, multiline: true)
        try v.check()
        return (id!, orderId, organisationId, home, complainant!, channel!, description!)
    }
}

public enum ComplaintStatus: String, CodeTable, Comparable {
    case received, acknowledged, investigating, responded, closed

    public var label: Label {
        switch self {
        case .received: Label(en: "received", zh: "已受理")
        case .acknowledged: Label(en: "acknowledged", zh: "已确认")
        case .investigating: Label(en: "investigating", zh: "调查中")
        case .responded: Label(en: "responded", zh: "已答复")
        case .closed: Label(en: "closed", zh: "已办结")
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    /// How long a complaint may stay in this status before it is overdue, counted from its
    /// receipt: acknowledge within 1 day, start investigating within 2, answer within 7 and
    /// close within 15. Closed complaints are never overdue.
    public var deadlineMillis: Int64? {
        let day: Int64 = 86_400_000
        switch self {
        case .received: return day
        case .acknowledged: return 2 * day
        case .investigating: return 7 * day
        case .responded: return 15 * day
        case .closed: return nil
        }
    }
}

public enum ComplaintStep: String, CodeTable {
    case acknowledge, investigate, respond, close, followUp

    public var label: Label {
        switch self {
        case .acknowledge: Label(en: "acknowledge", zh: "确认受理")
        case .investigate: Label(en: "investigate", zh: "开始调查")
        case .respond: Label(en: "respond", zh: "答复")
        case .close: Label(en: "close", zh: "办结")
        case .followUp: Label(en: "follow up", zh: "跟踪回访")
        }
    }

    public var allowedFrom: Set<ComplaintStatus> {
        switch self {
        case .acknowledge: [.received]
        case .investigate: [.acknowledged]
        case .respond: [.investigating]
        case .close: [.responded]
        case .followUp: [.responded, .closed]
        }
    }

    /// The status a step leads to; a follow-up keeps the status.
    public var leadsTo: ComplaintStatus? {
        switch self {
        case .acknowledge: .acknowledged
        case .investigate: .investigating
        case .respond: .responded
        case .close: .closed
        case .followUp: nil
        }
    }

    public static func allowed(from status: ComplaintStatus) -> [ComplaintStep] {
        allCases.filter { $0.allowedFrom.contains(status) }
    }
}

/// One step in a complaint's handling.
public struct ComplaintEvent: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var complaintId: UUID
    public var home: DivisionCode
    public var step: ComplaintStep
    public var version: Version
    public var actor: String
    public var note: String

    public init(id: UUID = UUID(), complaintId: UUID, home: DivisionCode, step: ComplaintStep, version: Version, actor: String, note: String) {
        self.id = id
        self.complaintId = complaintId
        self.home = home
        self.step = step
        self.version = version
        self.actor = actor
        self.note = note
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var step: String?
        public var note: String?
        public init() {}
    }

    public init(validating draft: Draft, complaint: Complaint, actor: String) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let step = v.code(draft.step, "step", as: ComplaintStep.self)
        let note = v.text(draft.note, "note", max: ComplaintEvent.noteMax, multiline: true)
        try v.check()
        self.init(id: id!, complaintId: complaint.id, home: complaint.home, step: step!, version: .zero, actor: actor, note: note!)
    }
}

public struct ComplaintState: Hashable, Sendable {
    public var status: ComplaintStatus = .received
    public var applied: [ComplaintEvent] = []
    /// Steps that did not fit (e.g. two tiers acknowledged at once); kept, not applied.
    public var ignored: [ComplaintEvent] = []

    public init() {}

    /// When the current stage is overdue, counted from receipt; nil once closed.
    public func dueAtMillis(receivedAtMillis: Int64) -> Int64? {
        status.deadlineMillis.map { receivedAtMillis + $0 }
    }

    /// A fold in version order, like an order's: the same set of events gives the same state
    /// on every node. A duplicate stage taken concurrently at two tiers is kept as ignored.
    public static func fold(_ events: some Sequence<ComplaintEvent>) -> ComplaintState {
        var seen = Set<UUID>()
        let ordered = events.filter { seen.insert($0.id).inserted }.sorted {
            $0.version != $1.version ? $0.version < $1.version : $0.id.canonicalString < $1.id.canonicalString
        }
        var state = ComplaintState()
        for event in ordered {
            guard event.step.allowedFrom.contains(state.status) else {
                state.ignored.append(event)
                continue
            }
            if let next = event.step.leadsTo { state.status = next }
            state.applied.append(event)
        }
        return state
    }
}

extension Complaint: ReplicatedRecord {
    public static let kind = EntityKind.complaint
    public static let label = Label(en: "complaint", zh: "投诉")
    public static let mergeClass = MergeClass.fact
    public var parent: RecordReference? { orderId.map { RecordReference(.order, $0) } }
}

extension ComplaintEvent: ReplicatedRecord {
    public static let kind = EntityKind.complaintEvent
    public static let label = Label(en: "complaint event", zh: "投诉处理记录")
    public static let mergeClass = MergeClass.fact
    public var parent: RecordReference? { RecordReference(.complaint, complaintId) }
}
