import Foundation

/// What an elder or a family comes to the street's one-stop window for (Anhui §5.2.2.2 服务受理,
/// "业务咨询、服务预约、事项办理、投诉建议"): each visit or call is one case.
public enum CaseKind: String, CodeTable {
    case consultation, booking, application, complaint

    public var label: Label {
        switch self {
        case .consultation: Label(en: "consultation", zh: "业务咨询")
        case .booking: Label(en: "service booking", zh: "服务预约")
        case .application: Label(en: "application", zh: "事项办理（申请）")
        case .complaint: Label(en: "complaint or suggestion", zh: "投诉建议")
        }
    }
}

/// How many days a case of each kind may stay open before it is overdue, counted from its
/// receipt. A node may set its own (`NodeConfiguration.caseDeadlines`); the deadline is fixed
/// on the case when it is taken, so every node agrees on it.
///
/// Sources of the defaults: an application is decided within 20 days, borrowing the time limit
/// of the Administrative Licensing Law of the PRC (《中华人民共和国行政许可法》第四十二条,
/// "应当自受理行政许可申请之日起二十日内作出行政许可决定"); a complaint is closed within 15 days,
/// the close deadline of `ComplaintStatus` (GB/T 17242). The standard sets no time limit for
/// a consultation or a booking: 1 and 3 days are this project's defaults, stated here so that
/// a county can replace them.
public struct CaseDeadlines: Sendable, Hashable, Codable {
    public var days: [CaseKind: Int]

    public init(days: [CaseKind: Int]) { self.days = days }

    public static let standard = CaseDeadlines(days: [.consultation: 1, .booking: 3, .application: 20, .complaint: 15])

    /// The days allowed for `kind` (the standard default when the node sets none).
    public func days(for kind: CaseKind) -> Int { days[kind] ?? Self.standard.days[kind]! }

    /// When a case of `kind` received at `receivedAtMillis` falls overdue.
    public func dueAtMillis(_ kind: CaseKind, receivedAtMillis: Int64) -> Int64 {
        receivedAtMillis + Int64(days(for: kind)) * 86_400_000
    }
}

public enum CaseStatus: String, CodeTable {
    case received, handling, submitted, approved, returned, closed

    public var label: Label {
        switch self {
        case .received: Label(en: "received", zh: "已受理")
        case .handling: Label(en: "in hand", zh: "办理中")
        case .submitted: Label(en: "submitted to the county", zh: "已报县级审批")
        case .approved: Label(en: "approved by the county", zh: "县级已批准")
        case .returned: Label(en: "returned by the county", zh: "县级已退回")
        case .closed: Label(en: "closed", zh: "已办结")
        }
    }

    public var isOpen: Bool { self != .closed }
}

/// The steps of a case, as a table: which statuses each may follow, for which kinds, and the
/// status it leads to. An application travels street → county → street: the street submits
/// it, the county approves or returns it, the street tells the elder and closes it (or submits
/// it again after a return).
public enum CaseStep: String, CodeTable {
    case handle, note, submit, approve, `return`, toOrder, close

    public var label: Label {
        switch self {
        case .handle: Label(en: "start handling", zh: "开始办理")
        case .note: Label(en: "handling note", zh: "办理记录")
        case .submit: Label(en: "submit to the county", zh: "报送县级审批")
        case .approve: Label(en: "approve", zh: "审批通过")
        case .return: Label(en: "return", zh: "退回")
        case .toOrder: Label(en: "turn into a service order", zh: "转为服务工单")
        case .close: Label(en: "close with the result", zh: "办结")
        }
    }

    /// The kinds of case the step applies to.
    public var kinds: Set<CaseKind> {
        switch self {
        case .handle, .note, .close: Set(CaseKind.allCases)
        case .submit, .approve, .return: [.application]
        case .toOrder: [.booking]
        }
    }

    /// The statuses the step may follow, for a case of `kind`.
    public func allowedFrom(_ kind: CaseKind) -> Set<CaseStatus> {
        guard kinds.contains(kind) else { return [] }
        switch self {
        case .handle: return [.received]
        case .note: return [.received, .handling, .submitted, .approved, .returned]
        case .submit: return [.received, .handling, .returned]
        case .approve, .return: return [.submitted]
        case .toOrder: return [.received, .handling]
        // An application is closed only once the county has decided it.
        case .close: return kind == .application ? [.approved, .returned] : [.received, .handling]
        }
    }

    /// The status the step leads to; a note keeps the status.
    public var leadsTo: CaseStatus? {
        switch self {
        case .handle: .handling
        case .note: nil
        case .submit: .submitted
        case .approve: .approved
        case .return: .returned
        case .toOrder, .close: .closed
        }
    }

    /// A decision of the county's (`case.approve`); every other step is the handling desk's.
    public var isDecision: Bool { self == .approve || self == .return }

    public static func allowed(from status: CaseStatus, kind: CaseKind) -> [CaseStep] {
        allCases.filter { $0.allowedFrom(kind).contains(status) }
    }
}

/// A case (事项) taken at the window, by phone or at a station: it never changes once taken;
/// its handling is a set of events. It lives with its elder (the elder's community is its
/// home) and moves when the elder does.
public struct WindowCase: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var elderId: UUID
    public var kind: CaseKind
    public var channel: IntakeChannel
    public var summary: String
    /// Documents handed in (scans or photos), as blob SHA-256 digests.
    public var documents: [String]
    /// The complaint record a complaint case opened (through the complaint path).
    public var complaintId: UUID?
    public var takenAt: DivisionCode
    public var takenBy: String
    public var receivedAtMillis: Int64
    /// Fixed when the case was taken, from the taking node's `CaseDeadlines`.
    public var dueAtMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, elderId: UUID, kind: CaseKind, channel: IntakeChannel, summary: String,
        documents: [String] = [], complaintId: UUID? = nil, takenAt: DivisionCode, takenBy: String, receivedAtMillis: Int64,
        dueAtMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.elderId = elderId
        self.kind = kind
        self.channel = channel
        self.summary = summary
        self.documents = documents
        self.complaintId = complaintId
        self.takenAt = takenAt
        self.takenBy = takenBy
        self.receivedAtMillis = receivedAtMillis
        self.dueAtMillis = dueAtMillis
    }
}

/// One step in a case's handling.
public struct CaseEvent: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var caseId: UUID
    /// The case's elder, so that the step moves with the elder.
    public var elderId: UUID
    public var home: DivisionCode
    public var step: CaseStep
    public var version: Version
    public var actor: String
    public var note: String
    /// The service order a booking became (`toOrder`).
    public var orderId: UUID?

    public init(
        id: UUID = UUID(), caseId: UUID, elderId: UUID, home: DivisionCode, step: CaseStep, version: Version, actor: String, note: String,
        orderId: UUID? = nil
    ) {
        self.id = id
        self.caseId = caseId
        self.elderId = elderId
        self.home = home
        self.step = step
        self.version = version
        self.actor = actor
        self.note = note
        self.orderId = orderId
    }
}

public struct CaseState: Hashable, Sendable {
    public var status: CaseStatus = .received
    public var applied: [CaseEvent] = []
    /// Steps that did not fit (two tiers took the same stage at once); kept, not applied.
    public var ignored: [CaseEvent] = []

    public init() {}

    /// The county's latest decision on an application, if any.
    public var decision: CaseEvent? { applied.last { $0.step.isDecision } }
    /// The service order a booking became.
    public var orderId: UUID? { applied.last { $0.step == .toOrder }?.orderId }
    /// The result recorded when the case was closed.
    public var result: String? { applied.last { $0.step == .close || $0.step == .toOrder }?.note }

    public func isOverdue(_ windowCase: WindowCase, nowMillis: Int64) -> Bool {
        status.isOpen && windowCase.dueAtMillis < nowMillis
    }

    /// A fold in version order, like a complaint's: the same set of events gives the same state
    /// on every node. Only the county decides (approve, return), and only a submitted case, so
    /// whatever the street writes meanwhile (notes) never displaces a decision; a step that no
    /// longer fits is kept as ignored, never dropped.
    public static func fold(_ events: some Sequence<CaseEvent>, kind: CaseKind) -> CaseState {
        var seen = Set<UUID>()
        let ordered = events.filter { seen.insert($0.id).inserted }.sorted {
            $0.version != $1.version ? $0.version < $1.version : $0.id.canonicalString < $1.id.canonicalString
        }
        var state = CaseState()
        for event in ordered {
            guard event.step.allowedFrom(kind).contains(state.status) else {
                state.ignored.append(event)
                continue
            }
            if let next = event.step.leadsTo { state.status = next }
            state.applied.append(event)
        }
        return state
    }
}

extension WindowCase: ReplicatedRecord {
    public static let kind = EntityKind.windowCase
    public static let label = Label(en: "window case", zh: "受理事项")
    /// A fact: what was asked at the window stays asked. Homed with its elder.
    public static let mergeClass = MergeClass.fact
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
}

extension CaseEvent: ReplicatedRecord {
    public static let kind = EntityKind.caseEvent
    public static let label = Label(en: "case step", zh: "事项办理记录")
    public static let mergeClass = MergeClass.fact
    public var parent: RecordReference? { RecordReference(.windowCase, caseId) }
}
