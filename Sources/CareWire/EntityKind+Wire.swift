import CareModel

extension WireEntityKind {
    /// The wire form of a kind of record.
    public init(_ kind: EntityKind) {
        self = switch kind {
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

    /// The value's name in `records.proto`, for error messages.
    var protoName: String {
        switch self {
        case .unspecified: "ENTITY_KIND_UNSPECIFIED"
        case .elder: "ELDER"
        case .device: "DEVICE"
        case .organisation: "ORGANISATION"
        case .staff: "STAFF"
        case .order: "ORDER"
        case .orderEvent: "ORDER_EVENT"
        case .evaluation: "EVALUATION"
        case .conflict: "CONFLICT"
        case .complaint: "COMPLAINT"
        case .complaintEvent: "COMPLAINT_EVENT"
        case .alert: "ALERT"
        case .alertEvent: "ALERT_EVENT"
        case .vitalsSummary: "VITALS_SUMMARY"
        case .UNRECOGNIZED(let value): "\(value)"
        }
    }
}

extension EntityKind {
    /// A kind of record from a peer.
    /// - Throws: `WireError` for `ENTITY_KIND_UNSPECIFIED` and for numbers this node does not know.
    public init(wire: WireEntityKind) throws(WireError) {
        switch wire {
        case .elder: self = .elder
        case .device: self = .device
        case .organisation: self = .organisation
        case .staff: self = .staff
        case .order: self = .order
        case .orderEvent: self = .orderEvent
        case .evaluation: self = .evaluation
        case .conflict: self = .conflict
        case .complaint: self = .complaint
        case .complaintEvent: self = .complaintEvent
        case .alert: self = .alert
        case .alertEvent: self = .alertEvent
        case .vitalsSummary: self = .vitalsSummary
        case .unspecified, .UNRECOGNIZED:
            throw WireError(field: "", problem: "unknown entity kind \(wire.rawValue)")
        }
    }
}
