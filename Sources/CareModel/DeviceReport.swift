import Foundation

/// What a health device measures (Anhui §4.1.4), with the unit it must be sent in and the
/// range a real reading can have (outside it the device is broken, not the elder ill).
public enum Measure: String, CodeTable {
    case systolic, diastolic, heartRate, spo2, glucose, temperature

    public var label: Label {
        switch self {
        case .systolic: Label(en: "systolic blood pressure", zh: "收缩压")
        case .diastolic: Label(en: "diastolic blood pressure", zh: "舒张压")
        case .heartRate: Label(en: "heart rate", zh: "心率")
        case .spo2: Label(en: "blood oxygen", zh: "血氧饱和度")
        case .glucose: Label(en: "blood glucose", zh: "血糖")
        case .temperature: Label(en: "body temperature", zh: "体温")
        }
    }

    public var unit: String {
        switch self {
        case .systolic, .diastolic: "mmHg"
        case .heartRate: "bpm"
        case .spo2: "%"
        case .glucose: "mmol/L"
        case .temperature: "°C"
        }
    }

    public var plausible: ClosedRange<Double> {
        switch self {
        case .systolic: 40...300
        case .diastolic: 20...200
        case .heartRate: 20...250
        case .spo2: 50...100
        case .glucose: 1...40
        case .temperature: 30...45
        }
    }
}

/// Something a device reports rather than measures (Anhui §5.3.2.3, §5.3.2.8).
public enum DeviceSignal: String, CodeTable {
    case call, leftFence, outOfBed, backInBed, smoke, gas, water, fall, presence, lowBattery, offline

    public var label: Label {
        switch self {
        case .call: Label(en: "one-key call", zh: "一键呼叫")
        case .leftFence: Label(en: "left the safe area", zh: "离开电子围栏")
        case .outOfBed: Label(en: "out of bed", zh: "离床")
        case .backInBed: Label(en: "back in bed", zh: "回床")
        case .smoke: Label(en: "smoke", zh: "烟雾报警")
        case .gas: Label(en: "gas leak", zh: "燃气泄漏")
        case .water: Label(en: "water leak", zh: "水浸报警")
        case .fall: Label(en: "fall", zh: "跌倒")
        case .presence: Label(en: "presence", zh: "有人活动")
        case .lowBattery: Label(en: "low battery", zh: "电量低")
        case .offline: Label(en: "device offline", zh: "设备离线")
        }
    }
}

public struct Reading: Hashable, Sendable {
    public var measure: Measure
    public var value: Double
    public var atMillis: Int64

    public init(measure: Measure, value: Double, atMillis: Int64) {
        self.measure = measure
        self.value = value
        self.atMillis = atMillis
    }
}

public struct SignalReport: Hashable, Sendable {
    public var signal: DeviceSignal
    public var atMillis: Int64
    /// Where the device was, for geofence signals and location reports.
    public var location: Coordinates?

    public init(signal: DeviceSignal, atMillis: Int64, location: Coordinates?) {
        self.signal = signal
        self.atMillis = atMillis
        self.location = location
    }
}

/// One batch from a device, as `POST /api/v1/devices/{serial}/readings` or an MQTT message
/// carries it: measurements, signals, or both.
public struct DeviceReport: Hashable, Sendable {
    public var readings: [Reading]
    public var signals: [SignalReport]

    /// Readings further ahead than this are refused: the device clock is wrong.
    public static let maxAheadMillis: Int64 = 5 * 60_000
    /// Readings older than this are refused: too late to act on and likely replayed.
    public static let maxAgeMillis: Int64 = 7 * 86_400_000
    public static let maxBatch = 1000

    /// A report already checked (tests and tools that bypass the JSON form).
    public init(readings: [Reading], signals: [SignalReport]) {
        self.readings = readings
        self.signals = signals
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var readings: [ReadingDraft]?
        public var events: [EventDraft]?
        /// MQTT only: the device token, which HTTP sends in the Authorization header.
        public var token: String?
        public init() {}
    }

    public struct ReadingDraft: Codable, Sendable, Equatable {
        public var measure: String?
        public var value: Double?
        public var unit: String?
        public var timestamp: String?
        public init(measure: String? = nil, value: Double? = nil, unit: String? = nil, timestamp: String? = nil) {
            self.measure = measure
            self.value = value
            self.unit = unit
            self.timestamp = timestamp
        }
    }

    public struct EventDraft: Codable, Sendable, Equatable {
        public var event: String?
        public var timestamp: String?
        public var latitude: Double?
        public var longitude: Double?
        public init(event: String? = nil, timestamp: String? = nil, latitude: Double? = nil, longitude: Double? = nil) {
            self.event = event
            self.timestamp = timestamp
            self.latitude = latitude
            self.longitude = longitude
        }
    }

    /// Checks every entry; one bad entry refuses the whole batch, naming it, so a device
    /// never has half a batch stored.
    public init(validating draft: Draft, nowMillis: Int64) throws(ValidationFailure) {
        var v = Validator()
        let readingDrafts = draft.readings ?? []
        let eventDrafts = draft.events ?? []
        if readingDrafts.isEmpty && eventDrafts.isEmpty {
            v.fail("readings", en: "a report carries at least one reading or event", zh: "上报内容不能为空")
        }
        if readingDrafts.count + eventDrafts.count > Self.maxBatch {
            v.fail("readings", en: "at most \(Self.maxBatch) readings and events per report", zh: "单次上报条数过多")
        }
        var readings: [Reading] = []
        for (i, r) in readingDrafts.enumerated() {
            let field = "readings[\(i)]"
            let measure = v.code(r.measure, "\(field).measure", as: Measure.self)
            let at = Self.time(r.timestamp, "\(field).timestamp", nowMillis, &v)
            guard let measure, let value = v.required(r.value, "\(field).value") else { continue }
            if r.unit != measure.unit {
                v.fail("\(field).unit", en: "\(field).unit must be \(measure.unit) for \(measure.rawValue)", zh: "\(measure.label.zh)单位应为\(measure.unit)")
            } else if !measure.plausible.contains(value) {
                v.fail("\(field).value", en: "\(value) \(measure.unit) is not a possible \(measure.label.en)", zh: "\(measure.label.zh)数值不合理")
            } else if let at {
                readings.append(Reading(measure: measure, value: value, atMillis: at))
            }
        }
        var signals: [SignalReport] = []
        for (i, e) in eventDrafts.enumerated() {
            let field = "events[\(i)]"
            let signal = v.code(e.event, "\(field).event", as: DeviceSignal.self)
            let at = Self.time(e.timestamp, "\(field).timestamp", nowMillis, &v)
            let location = v.coordinates(latitude: e.latitude, longitude: e.longitude, field)
            if let signal, let at { signals.append(SignalReport(signal: signal, atMillis: at, location: location)) }
        }
        try v.check()
        self.readings = readings
        self.signals = signals
    }

    private static func time(_ text: String?, _ field: String, _ now: Int64, _ v: inout Validator) -> Int64? {
        guard let text = v.required(text, field) else { return nil }
        guard let date = try? Date(text, strategy: .iso8601) else {
            v.fail(field, en: "\(field) '\(text)' is not an ISO 8601 date-time", zh: "时间格式应为ISO 8601")
            return nil
        }
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        if millis > now + maxAheadMillis || millis < now - maxAgeMillis {
            v.fail(field, en: "\(field) \(text) is out of range: more than 5 minutes ahead or 7 days old", zh: "上报时间超出允许范围")
            return nil
        }
        return millis
    }
}
