import CareModel
import Foundation

extension WireComplaint {
    init(_ complaint: Complaint) {
        self.init()
        if let orderId = complaint.orderId { orderID = orderId.uuidString }
        if let organisationId = complaint.organisationId { organisationID = organisationId.uuidString }
        complainant = complaint.complainant
        channel = complaint.channel.rawValue
        description_p = complaint.description
        takenAt = complaint.takenAt.rawValue
        takenBy = complaint.takenBy
        receivedAtMillis = complaint.receivedAtMillis
    }
}

extension Complaint {
    /// A complaint from a peer; `id` and `home` are the change's.
    init(wire: WireComplaint, id: UUID, home: DivisionCode) throws(WireError) {
        try self.init(
            id: id, home: home, orderId: FieldCheck.uuid(wire.orderID, present: wire.hasOrderID, "order_id"),
            organisationId: FieldCheck.uuid(wire.organisationID, present: wire.hasOrganisationID, "organisation_id"),
            complainant: FieldCheck.required(wire.complainant, "complainant"), channel: FieldCheck.code(wire.channel, "channel"),
            description: FieldCheck.required(wire.description_p, "description"),
            takenAt: FieldCheck.division(wire.takenAt, "taken_at"), takenBy: FieldCheck.required(wire.takenBy, "taken_by"),
            receivedAtMillis: wire.receivedAtMillis)
    }
}

extension WireComplaintEvent {
    init(_ event: ComplaintEvent) {
        self.init()
        complaintID = event.complaintId.uuidString
        step = event.step.rawValue
        actor = event.actor
        note = event.note
    }
}

extension ComplaintEvent {
    /// A complaint event from a peer; `id`, `home` and `version` are the change's.
    init(wire: WireComplaintEvent, id: UUID, home: DivisionCode, version: Version) throws(WireError) {
        try self.init(
            id: id, complaintId: FieldCheck.uuid(wire.complaintID, "complaint_id"), home: home,
            step: FieldCheck.code(wire.step, "step"), version: version, actor: FieldCheck.required(wire.actor, "actor"),
            note: FieldCheck.required(wire.note, "note"))
    }
}

extension Complaint: WireMapped {
    static let wireKind = WireEntityKind.complaint
    static func message(in record: WireChange.OneOf_Record) -> WireComplaint? { if case .complaint(let message) = record { message } else { nil } }
    static func record(_ message: WireComplaint) -> WireChange.OneOf_Record { .complaint(message) }
    var wireMessage: WireComplaint { WireComplaint(self) }
    static func decode(_ message: WireComplaint, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try Complaint(wire: message, id: id, home: home) }
}

extension ComplaintEvent: WireMapped {
    static let wireKind = WireEntityKind.complaintEvent
    static func message(in record: WireChange.OneOf_Record) -> WireComplaintEvent? { if case .complaintEvent(let message) = record { message } else { nil } }
    static func record(_ message: WireComplaintEvent) -> WireChange.OneOf_Record { .complaintEvent(message) }
    var wireMessage: WireComplaintEvent { WireComplaintEvent(self) }
    static func decode(_ message: WireComplaintEvent, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try ComplaintEvent(wire: message, id: id, home: home, version: version) }
}
