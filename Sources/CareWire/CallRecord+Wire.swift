import CareModel
import Foundation

extension WireCallRecord {
    init(_ c: CallRecord) {
        self.init()
        direction = c.direction.rawValue
        if let number = c.number { self.number = number }
        if let deviceSerial = c.deviceSerial { self.deviceSerial = deviceSerial }
        startedAtMillis = c.startedAtMillis
        takenAt = c.takenAt.rawValue
        agent = c.agent
        if let elderId = c.elderId { elderID = elderId.uuidString }
        if let matchedBy = c.matchedBy { self.matchedBy = matchedBy.rawValue }
        if let purpose = c.purpose { self.purpose = purpose.rawValue }
        if let outcome = c.outcome { self.outcome = outcome.rawValue }
        if let duration = c.durationSeconds { durationSeconds = Int32(clamping: duration) }
        if let completed = c.completedAtMillis { completedAtMillis = completed }
        if let note = c.note { self.note = note }
        if let orderId = c.orderId { orderID = orderId.uuidString }
        if let alertId = c.alertId { alertID = alertId.uuidString }
        if let complaintId = c.complaintId { complaintID = complaintId.uuidString }
        if let callbackOf = c.callbackOf { self.callbackOf = callbackOf.uuidString }
        if let recording = c.recording { self.recording = recording }
    }
}

extension CallRecord {
    /// A call from a peer; `id` and `home` are the change's. Each field is checked as it comes
    /// in; the record's own rules (`validationErrors`) are applied at the sync boundary.
    init(wire: WireCallRecord, id: UUID, home: DivisionCode) throws(WireError) {
        try self.init(
            id: id, home: home, direction: FieldCheck.code(wire.direction, "direction"),
            number: wire.hasNumber ? wire.number : nil, deviceSerial: wire.hasDeviceSerial ? wire.deviceSerial : nil,
            startedAtMillis: wire.startedAtMillis, takenAt: FieldCheck.division(wire.takenAt, "taken_at"),
            agent: FieldCheck.required(wire.agent, "agent"),
            elderId: FieldCheck.uuid(wire.elderID, present: wire.hasElderID, "elder_id"),
            matchedBy: FieldCheck.code(wire.matchedBy, present: wire.hasMatchedBy, "matched_by"),
            purpose: FieldCheck.code(wire.purpose, present: wire.hasPurpose, "purpose"),
            outcome: FieldCheck.code(wire.outcome, present: wire.hasOutcome, "outcome"),
            durationSeconds: FieldCheck.range(wire.durationSeconds, present: wire.hasDurationSeconds, "duration_seconds", CallRecord.durationRange),
            completedAtMillis: wire.hasCompletedAtMillis ? wire.completedAtMillis : nil, note: wire.hasNote ? wire.note : nil,
            orderId: FieldCheck.uuid(wire.orderID, present: wire.hasOrderID, "order_id"),
            alertId: FieldCheck.uuid(wire.alertID, present: wire.hasAlertID, "alert_id"),
            complaintId: FieldCheck.uuid(wire.complaintID, present: wire.hasComplaintID, "complaint_id"),
            callbackOf: FieldCheck.uuid(wire.callbackOf, present: wire.hasCallbackOf, "callback_of"),
            recording: wire.hasRecording ? wire.recording : nil)
    }
}

extension CallRecord: WireMapped {
    static let wireKind = WireEntityKind.callRecord
    static func message(in record: WireChange.OneOf_Record) -> WireCallRecord? { if case .callRecord(let message) = record { message } else { nil } }
    static func record(_ message: WireCallRecord) -> WireChange.OneOf_Record { .callRecord(message) }
    var wireMessage: WireCallRecord { WireCallRecord(self) }
    static func decode(_ message: WireCallRecord, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try CallRecord(wire: message, id: id, home: home) }
}
