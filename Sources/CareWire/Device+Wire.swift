import CareModel
import Foundation

extension WireDevice {
    init(_ device: Device) {
        self.init()
        type = device.type.rawValue
        serial = device.serial
        if let elderId = device.elderId { elderID = elderId.uuidString }
        status = device.status.rawValue
    }
}

extension Device {
    /// A device from a peer; `id` and `home` are the change's.
    init(wire: WireDevice, id: UUID, home: DivisionCode) throws(WireError) {
        try self.init(
            id: id, home: home, type: FieldCheck.code(wire.type, "type"), serial: FieldCheck.required(wire.serial, "serial"),
            elderId: FieldCheck.uuid(wire.elderID, present: wire.hasElderID, "elder_id"),
            status: FieldCheck.code(wire.status, "status"))
    }
}

extension Device: WireMapped {
    static let wireKind = WireEntityKind.device
    static func message(in record: WireChange.OneOf_Record) -> WireDevice? { if case .device(let message) = record { message } else { nil } }
    static func record(_ message: WireDevice) -> WireChange.OneOf_Record { .device(message) }
    var wireMessage: WireDevice { WireDevice(self) }
    static func decode(_ message: WireDevice, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try Device(wire: message, id: id, home: home) }
}
