import CareModel
import Foundation

extension WireWindowCase {
    init(_ c: WindowCase) {
        self.init()
        elderID = c.elderId.uuidString
        kind = c.kind.rawValue
        channel = c.channel.rawValue
        summary = c.summary
        documents = c.documents
        if let complaintId = c.complaintId { complaintID = complaintId.uuidString }
        takenAt = c.takenAt.rawValue
        takenBy = c.takenBy
        receivedAtMillis = c.receivedAtMillis
        dueAtMillis = c.dueAtMillis
    }
}

extension WindowCase {
    /// A case from a peer; `id` and `home` are the change's.
    init(wire: WireWindowCase, id: UUID, home: DivisionCode) throws(WireError) {
        try self.init(
            id: id, home: home, elderId: FieldCheck.uuid(wire.elderID, "elder_id"), kind: FieldCheck.code(wire.kind, "kind"),
            channel: FieldCheck.code(wire.channel, "channel"), summary: FieldCheck.required(wire.summary, "summary"),
            documents: wire.documents, complaintId: FieldCheck.uuid(wire.complaintID, present: wire.hasComplaintID, "complaint_id"),
            takenAt: FieldCheck.division(wire.takenAt, "taken_at"), takenBy: FieldCheck.required(wire.takenBy, "taken_by"),
            receivedAtMillis: wire.receivedAtMillis, dueAtMillis: wire.dueAtMillis)
    }
}

extension WireCaseEvent {
    init(_ event: CaseEvent) {
        self.init()
        caseID = event.caseId.uuidString
        elderID = event.elderId.uuidString
        step = event.step.rawValue
        actor = event.actor
        note = event.note
        if let orderId = event.orderId { orderID = orderId.uuidString }
    }
}

extension CaseEvent {
    /// A case step from a peer; `id`, `home` and `version` are the change's. The note may be
    /// empty (the record's rules say for which steps).
    init(wire: WireCaseEvent, id: UUID, home: DivisionCode, version: Version) throws(WireError) {
        try self.init(
            id: id, caseId: FieldCheck.uuid(wire.caseID, "case_id"), elderId: FieldCheck.uuid(wire.elderID, "elder_id"), home: home,
            step: FieldCheck.code(wire.step, "step"), version: version, actor: FieldCheck.required(wire.actor, "actor"), note: wire.note,
            orderId: FieldCheck.uuid(wire.orderID, present: wire.hasOrderID, "order_id"))
    }
}

extension WindowCase: WireMapped {
    static let wireKind = WireEntityKind.windowCase
    static func message(in record: WireChange.OneOf_Record) -> WireWindowCase? { if case .windowCase(let message) = record { message } else { nil } }
    static func record(_ message: WireWindowCase) -> WireChange.OneOf_Record { .windowCase(message) }
    var wireMessage: WireWindowCase { WireWindowCase(self) }
    static func decode(_ message: WireWindowCase, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try WindowCase(wire: message, id: id, home: home) }
}

extension CaseEvent: WireMapped {
    static let wireKind = WireEntityKind.caseEvent
    static func message(in record: WireChange.OneOf_Record) -> WireCaseEvent? { if case .caseEvent(let message) = record { message } else { nil } }
    static func record(_ message: WireCaseEvent) -> WireChange.OneOf_Record { .caseEvent(message) }
    var wireMessage: WireCaseEvent { WireCaseEvent(self) }
    static func decode(_ message: WireCaseEvent, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try CaseEvent(wire: message, id: id, home: home, version: version) }
}
