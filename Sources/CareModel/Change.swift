import Foundation

/// The state a change carries, by kind of record.
public enum RecordBody: Hashable, Sendable {
    case elder(Elder)
    case device(Device)
    case organisation(ServiceOrganisation)
    case staff(Staff)
    case order(ServiceOrder)
    case orderEvent(OrderEvent)
    case evaluation(Evaluation)
    case conflict(Conflict)
    case complaint(Complaint)
    case complaintEvent(ComplaintEvent)
    case alert(Alert)
    case alertEvent(AlertEvent)
    case vitalsSummary(VitalsSummary)

    public var kind: EntityKind {
        switch self {
        case .elder: .elder
        case .device: .device
        case .organisation: .organisation
        case .staff: .staff
        case .order: .order
        case .orderEvent: .orderEvent
        case .evaluation: .evaluation
        case .conflict: .conflict
        case .complaint: .complaint
        case .complaintEvent: .complaintEvent
        case .alert: .alert
        case .alertEvent: .alertEvent
        case .vitalsSummary: .vitalsSummary
        }
    }
}

/// One change of one record as it travels between nodes: identity, place in the tree,
/// version, tombstone flag, per-field stamps for profile records, and the full state.
public struct ChangeEnvelope: Hashable, Sendable {
    public var id: UUID
    public var home: DivisionCode
    public var version: Version
    public var deleted: Bool
    public var stamps: [String: FieldStamp]
    public var body: RecordBody

    public init(id: UUID, home: DivisionCode, version: Version, deleted: Bool = false, stamps: [String: FieldStamp] = [:], body: RecordBody) {
        self.id = id
        self.home = home
        self.version = version
        self.deleted = deleted
        self.stamps = stamps
        self.body = body
    }

    public var kind: EntityKind { body.kind }
}
