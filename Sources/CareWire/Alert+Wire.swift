import CareModel
import Foundation

extension WireAlert {
    init(_ alert: Alert) {
        self.init()
        elderID = alert.elderId.uuidString
        deviceSerial = alert.deviceSerial
        condition = alert.condition
        measure = alert.measure
        if let value = alert.value { self.value = value }
        severity = alert.severity.rawValue
        message = alert.message
        messageZh = alert.messageZh
        place = alert.place
        raisedAtMillis = alert.raisedAtMillis
    }
}

extension Alert {
    /// An alert from a peer; `id` and `home` are the change's.
    init(wire: WireAlert, id: UUID, home: DivisionCode) throws(WireError) {
        try self.init(
            id: id, home: home, elderId: FieldCheck.uuid(wire.elderID, "elder_id"),
            deviceSerial: FieldCheck.required(wire.deviceSerial, "device_serial"),
            condition: FieldCheck.required(wire.condition, "condition"), measure: FieldCheck.required(wire.measure, "measure"),
            value: wire.hasValue ? wire.value : nil, severity: FieldCheck.code(wire.severity, "severity"),
            message: FieldCheck.required(wire.message, "message"), messageZh: wire.messageZh, place: wire.place,
            raisedAtMillis: wire.raisedAtMillis)
    }
}

extension WireAlertEvent {
    init(_ event: AlertEvent) {
        self.init()
        alertID = event.alertId.uuidString
        step = event.step.rawValue
        actor = event.actor
        if let note = event.note { self.note = note }
        if let action = event.action { self.action = action.rawValue }
        if let orderId = event.orderId { orderID = orderId.uuidString }
        if let tier = event.tier { self.tier = tier.rawValue }
        if let atMillis = event.atMillis { self.atMillis = atMillis }
    }
}

extension AlertEvent {
    /// An alert event from a peer; `id`, `home` and `version` are the change's.
    init(wire: WireAlertEvent, id: UUID, home: DivisionCode, version: Version) throws(WireError) {
        var tier: NodeRole?
        if wire.hasTier {
            guard let role = NodeRole(rawValue: wire.tier) else { throw WireError(field: "tier", problem: "'\(wire.tier)' is not a tier") }
            tier = role
        }
        try self.init(
            id: id, alertId: FieldCheck.uuid(wire.alertID, "alert_id"), home: home, step: FieldCheck.code(wire.step, "step"),
            version: version, actor: FieldCheck.required(wire.actor, "actor"), note: wire.hasNote ? wire.note : nil,
            action: FieldCheck.code(wire.action, present: wire.hasAction, "action"),
            orderId: FieldCheck.uuid(wire.orderID, present: wire.hasOrderID, "order_id"), tier: tier,
            atMillis: wire.hasAtMillis ? wire.atMillis : nil)
    }
}

extension WireVitalsSummary {
    init(_ s: VitalsSummary) {
        self.init()
        elderID = s.elderId.uuidString
        measure = s.measure.rawValue
        day = s.day
        count = Int32(clamping: s.count)
        minimum = s.minimum
        maximum = s.maximum
        mean = s.mean
        abnormal = Int32(clamping: s.abnormal)
    }
}

extension VitalsSummary {
    /// A summary from a peer; its id must be the one its elder, measure and day give.
    init(wire: WireVitalsSummary, id: UUID, home: DivisionCode) throws(WireError) {
        let elderId = try FieldCheck.uuid(wire.elderID, "elder_id")
        let measure: Measure = try FieldCheck.code(wire.measure, "measure")
        guard wire.day.count == 10 else { throw WireError(field: "day", problem: "'\(wire.day)' is not a YYYY-MM-DD day") }
        self.init(
            home: home, elderId: elderId, measure: measure, day: wire.day, count: Int(wire.count), minimum: wire.minimum,
            maximum: wire.maximum, mean: wire.mean, abnormal: Int(wire.abnormal))
        guard self.id == id else { throw WireError(field: "", problem: "summary id \(id) does not match its elder, measure and day") }
    }
}

extension Alert: WireMapped {
    static let wireKind = WireEntityKind.alert
    static func message(in record: WireChange.OneOf_Record) -> WireAlert? { if case .alert(let message) = record { message } else { nil } }
    static func record(_ message: WireAlert) -> WireChange.OneOf_Record { .alert(message) }
    var wireMessage: WireAlert { WireAlert(self) }
    static func decode(_ message: WireAlert, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try Alert(wire: message, id: id, home: home) }
}

extension AlertEvent: WireMapped {
    static let wireKind = WireEntityKind.alertEvent
    static func message(in record: WireChange.OneOf_Record) -> WireAlertEvent? { if case .alertEvent(let message) = record { message } else { nil } }
    static func record(_ message: WireAlertEvent) -> WireChange.OneOf_Record { .alertEvent(message) }
    var wireMessage: WireAlertEvent { WireAlertEvent(self) }
    static func decode(_ message: WireAlertEvent, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try AlertEvent(wire: message, id: id, home: home, version: version) }
}

extension VitalsSummary: WireMapped {
    static let wireKind = WireEntityKind.vitalsSummary
    static func message(in record: WireChange.OneOf_Record) -> WireVitalsSummary? { if case .vitalsSummary(let message) = record { message } else { nil } }
    static func record(_ message: WireVitalsSummary) -> WireChange.OneOf_Record { .vitalsSummary(message) }
    var wireMessage: WireVitalsSummary { WireVitalsSummary(self) }
    static func decode(_ message: WireVitalsSummary, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try VitalsSummary(wire: message, id: id, home: home) }
}
