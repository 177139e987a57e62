import Foundation

/// A device in an elder's home or at a station (001 §4.3), run by its community.
public struct Device: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The community (12 digits) that runs the device.
    public var home: DivisionCode
    public var type: DeviceType
    public var serial: String
    public var elderId: UUID?
    public var status: DeviceStatus

    public init(id: UUID = UUID(), home: DivisionCode, type: DeviceType, serial: String, elderId: UUID? = nil, status: DeviceStatus = .active) {
        self.id = id
        self.home = home
        self.type = type
        self.serial = serial
        self.elderId = elderId
        self.status = status
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var home: String?
        public var type: String?
        public var serial: String?
        public var elderId: String?
        public var status: String?

        public init() {}

        public func overlaid(with patch: Draft) -> Draft {
            var result = self
            result.home = patch.home ?? home
            result.type = patch.type ?? type
            result.serial = patch.serial ?? serial
            result.elderId = patch.elderId ?? elderId
            result.status = patch.status ?? status
            return result
        }
    }

    public var draft: Draft {
        var d = Draft()
        d.id = id.canonicalString
        d.home = home.rawValue
        d.type = type.rawValue
        d.serial = serial
        d.elderId = elderId?.canonicalString
        d.status = status.rawValue
        return d
    }

    public init(validating draft: Draft, id defaultID: UUID = UUID()) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? defaultID : v.uuid(draft.id, "id")
        let home = v.division(draft.home, "home", role: .community)
        let type = v.code(draft.type, "type", as: DeviceType.self)
        let serial = v.required(draft.serial, "serial")
        if let serial { Self.checkSerial(serial, "serial", &v) }
        let elderId = v.uuid(draft.elderId, "elderId", optional: true)
        let status = draft.status == nil ? DeviceStatus.active : v.code(draft.status, "status", as: DeviceStatus.self)
        try v.check()
        self.init(id: id!, home: home!, type: type!, serial: serial!, elderId: elderId, status: status!)
    }
}

extension Device {
    /// A serial as devices report it: 1–64 ASCII letters, digits and - _ . : (it appears in
    /// MQTT topics and URLs, so nothing else is allowed).
    public static func checkSerial(_ serial: String, _ field: String, _ v: inout Validator) {
        guard v.text(serial, field, max: 64) != nil else { return }
        if !serial.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) {
            v.fail(field, en: "\(field) may contain only letters, digits and - _ . :", zh: "设备序列号只能包含字母、数字及 - _ . :")
        }
    }
}

extension Device: ReplicatedRecord {
    public static let kind = EntityKind.device
    public static let label = Label(en: "device", zh: "设备")
    public static let mergeClass = MergeClass.profile
}
