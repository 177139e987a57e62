import CareModel
import Foundation

extension WireChange.OneOf_Record {
    /// The wire form of a record; ids, homes and an order event's version travel on the change.
    init(_ body: RecordBody) {
        self = switch body {
        case .elder(let elder): .elder(WireElder(elder))
        case .device(let device): .device(WireDevice(device))
        case .organisation(let organisation): .organisation(WireOrganisation(organisation))
        case .staff(let staff): .staff(WireStaff(staff))
        case .order(let order): .order(WireOrder(order))
        case .orderEvent(let event): .orderEvent(WireOrderEvent(event))
        case .evaluation(let evaluation): .evaluation(WireEvaluation(evaluation))
        case .conflict(let conflict): .conflict(WireConflict(conflict))
        case .complaint(let complaint): .complaint(WireComplaint(complaint))
        case .complaintEvent(let event): .complaintEvent(WireComplaintEvent(event))
        case .alert(let alert): .alert(WireAlert(alert))
        case .alertEvent(let event): .alertEvent(WireAlertEvent(event))
        case .vitalsSummary(let summary): .vitalsSummary(WireVitalsSummary(summary))
        }
    }

    /// The kind of record this case holds.
    var kind: EntityKind {
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

    /// The case's field name in `records.proto`, which prefixes the paths in errors.
    var fieldName: String {
        switch self {
        case .elder: "elder"
        case .device: "device"
        case .organisation: "organisation"
        case .staff: "staff"
        case .order: "order"
        case .orderEvent: "order_event"
        case .evaluation: "evaluation"
        case .conflict: "conflict"
        case .complaint: "complaint"
        case .complaintEvent: "complaint_event"
        case .alert: "alert"
        case .alertEvent: "alert_event"
        case .vitalsSummary: "vitals_summary"
        }
    }
}

extension RecordBody {
    /// A record from a peer, given the identity, place and version its change carries.
    init(wire record: WireChange.OneOf_Record, id: UUID, home: DivisionCode, version: Version) throws(WireError) {
        do throws(WireError) {
            self = switch record {
            case .elder(let wire): try .elder(Elder(wire: wire, id: id, home: home))
            case .device(let wire): try .device(Device(wire: wire, id: id, home: home))
            case .organisation(let wire): try .organisation(ServiceOrganisation(wire: wire, id: id, home: home))
            case .staff(let wire): try .staff(Staff(wire: wire, id: id, home: home))
            case .order(let wire): try .order(ServiceOrder(wire: wire, id: id, home: home))
            case .orderEvent(let wire): try .orderEvent(OrderEvent(wire: wire, id: id, home: home, version: version))
            case .evaluation(let wire): try .evaluation(Evaluation(wire: wire, id: id, home: home))
            case .conflict(let wire): try .conflict(Conflict(wire: wire, id: id, home: home))
            case .complaint(let wire): try .complaint(Complaint(wire: wire, id: id, home: home))
            case .complaintEvent(let wire): try .complaintEvent(ComplaintEvent(wire: wire, id: id, home: home, version: version))
            case .alert(let wire): try .alert(Alert(wire: wire, id: id, home: home))
            case .alertEvent(let wire): try .alertEvent(AlertEvent(wire: wire, id: id, home: home, version: version))
            case .vitalsSummary(let wire): try .vitalsSummary(VitalsSummary(wire: wire, id: id, home: home))
            }
        } catch {
            throw error.within(record.fieldName)
        }
    }
}
