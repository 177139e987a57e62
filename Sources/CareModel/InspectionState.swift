import Foundation

/// Where one finding's rectification stands.
public enum RectificationState: String, CodeTable {
    case open, answered, accepted

    public var label: Label {
        switch self {
        case .open: Label(en: "to rectify", zh: "待整改")
        case .answered: Label(en: "answered, awaiting re-inspection", zh: "已反馈待复查")
        case .accepted: Label(en: "accepted", zh: "复查通过")
        }
    }
}

/// A finding with its rectification: the answers given, the verdicts, its current deadline.
public struct FindingState: Sendable, Hashable {
    public var finding: InspectionEvent
    public var state: RectificationState = .open
    public var dueAtMillis: Int64
    /// Answers and verdicts, in fold order.
    public var steps: [InspectionEvent] = []
    public var rejections = 0

    public init(finding: InspectionEvent) {
        self.finding = finding
        self.dueAtMillis = finding.dueAtMillis ?? finding.atMillis
    }

    /// How the deadline stands at `nowMillis`: only an open finding is the organisation's to
    /// answer, so only an open one falls due or overdue.
    public func urgency(nowMillis: Int64) -> RectificationUrgency {
        guard state == .open else { return .none }
        if dueAtMillis < nowMillis { return .overdue }
        if dueAtMillis - nowMillis <= Int64(RectificationDeadlines.reminderHours) * 3_600_000 { return .dueSoon }
        return .none
    }
}

public enum RectificationUrgency: String, Sendable, Codable {
    /// Open, the deadline more than a day away (or nothing to do).
    case none
    /// Open, the deadline within a day: the organisation is reminded.
    case dueSoon
    /// Open past the deadline: escalated to the county.
    case overdue
}

/// An inspection's state: the fold of its steps in version order, so the same steps give the
/// same state at every node. A step that no longer fits (an answer to a finding already
/// accepted, a second verdict written apart) is kept as ignored, never dropped.
public struct InspectionState: Sendable, Hashable {
    public var status: InspectionStatus = .planned
    public var findings: [FindingState] = []
    public var concluded = false
    public var applied: [InspectionEvent] = []
    public var ignored: [InspectionEvent] = []

    public init() {}

    public func finding(_ id: UUID) -> FindingState? { findings.first { $0.finding.id == id } }

    public static func fold(_ events: some Sequence<InspectionEvent>) -> InspectionState {
        var seen = Set<UUID>()
        let ordered = events.filter { seen.insert($0.id).inserted }.sorted {
            $0.version != $1.version ? $0.version < $1.version : $0.id.canonicalString < $1.id.canonicalString
        }
        var state = InspectionState()
        for event in ordered {
            if state.apply(event) { state.applied.append(event) } else { state.ignored.append(event) }
        }
        return state
    }

    /// Why `event` cannot be taken now, or nil.
    public func refusal(of event: InspectionEvent) -> Label? {
        var copy = self
        guard !copy.apply(event) else { return nil }
        let step = event.step
        let findingId = event.findingId
        if step.namesFinding {
            guard let findingId, let finding = finding(findingId) else {
                return Label(en: "no finding \(findingId?.canonicalString ?? "(none named)") in this inspection", zh: "该检查中没有这项问题")
            }
            return Label(
                en: "cannot \(step.rawValue) a finding that is \(finding.state.rawValue)",
                zh: "该问题当前为“\(finding.state.label.zh)”，不能\(step.label.zh)")
        }
        return Label(
            en: "cannot \(step.rawValue) an inspection that is \(status.rawValue)", zh: "该检查当前为“\(status.label.zh)”，不能\(step.label.zh)")
    }

    /// Applies `event` when it fits; false when it does not.
    mutating func apply(_ event: InspectionEvent) -> Bool {
        switch event.step {
        case .finding:
            guard status == .planned || status == .inspecting else { return false }
            findings.append(FindingState(finding: event))
            status = .inspecting
        case .conclude:
            guard status == .planned || status == .inspecting else { return false }
            concluded = true
            settle()
        case .cancel:
            guard status == .planned || status == .inspecting else { return false }
            status = .cancelled
        case .answer, .accept, .reject:
            guard status == .inspecting || status == .rectifying, let index = findings.firstIndex(where: { $0.finding.id == event.findingId }) else {
                return false
            }
            var finding = findings[index]
            switch (event.step, finding.state) {
            case (.answer, .open): finding.state = .answered
            case (.accept, .answered): finding.state = .accepted
            case (.reject, .answered):
                finding.state = .open
                finding.rejections += 1
                if let due = event.dueAtMillis { finding.dueAtMillis = due }
            default: return false
            }
            finding.steps.append(event)
            findings[index] = finding
            if concluded { settle() }
        }
        return true
    }

    /// After the visit: rectifying while any finding is not accepted, else closed.
    private mutating func settle() {
        status = findings.allSatisfy { $0.state == .accepted } ? .closed : .rectifying
    }

    public var openFindings: Int { findings.filter { $0.state != .accepted }.count }
}
