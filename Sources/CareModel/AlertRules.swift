import Foundation

public enum AlertSeverity: String, CodeTable, Comparable {
    case warning, critical

    public var label: Label {
        switch self {
        case .warning: Label(en: "warning", zh: "预警")
        case .critical: Label(en: "critical", zh: "紧急")
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .warning && rhs == .critical }
}

/// A condition a rule found: what it is (its key folds repeats together), how bad, and words
/// for the operator.
public struct AlertCondition: Hashable, Sendable {
    /// Stable per kind of condition, e.g. "heartRate.high" or "fall".
    public var key: String
    public var severity: AlertSeverity
    public var measure: String
    public var value: Double?
    public var message: Label
}

/// Normal ranges per measure (Anhui §5.3.2.8 defaults): a value outside the warning band is a
/// warning, outside the critical band critical.
public struct Threshold: Hashable, Sendable, Codable {
    public var low: Double?
    public var high: Double?
    public var criticalLow: Double?
    public var criticalHigh: Double?

    public init(low: Double? = nil, high: Double? = nil, criticalLow: Double? = nil, criticalHigh: Double? = nil) {
        self.low = low
        self.high = high
        self.criticalLow = criticalLow
        self.criticalHigh = criticalHigh
    }
}

public enum AlertRules {
    public static let defaults: [Measure: Threshold] = [
        .systolic: Threshold(low: 90, high: 140, criticalLow: 70, criticalHigh: 180),
        .diastolic: Threshold(low: 60, high: 90, criticalLow: 40, criticalHigh: 120),
        .heartRate: Threshold(low: 60, high: 100, criticalLow: 40, criticalHigh: 130),
        .spo2: Threshold(low: 95, criticalLow: 90),
        .glucose: Threshold(low: 3.9, high: 7.0, criticalLow: 2.8, criticalHigh: 16.7),
        .temperature: Threshold(high: 37.3, criticalHigh: 39.5),
    ]
    /// Heart rate asleep (22:00–06:00 China Standard Time) is normal at 55–95.
    public static let heartRateAsleep = Threshold(low: 55, high: 95, criticalLow: 40, criticalHigh: 130)
    /// Out of bed at night longer than this raises a warning.
    public static let outOfBedMillis: Int64 = 30 * 60_000
    /// Living alone with no presence or reading for this long raises a warning.
    public static let inactivityMillis: Int64 = 24 * 3_600_000
    /// A repeat of an open alert's condition within this window folds into it.
    public static let repeatWindowMillis: Int64 = 30 * 60_000
    public static let geofenceRadiusMeters = 1000.0

    /// Whether `millis` falls in the night (22:00–06:00 China Standard Time).
    public static func isNight(_ millis: Int64) -> Bool {
        let hour = ((millis / 3_600_000) + 8) % 24
        return hour >= 22 || hour < 6
    }

    /// Checks a measurement against the elder's thresholds (the defaults where the community
    /// has not set the elder's own).
    public static func evaluate(_ reading: Reading, overrides: [Measure: Threshold] = [:]) -> AlertCondition? {
        let threshold = overrides[reading.measure]
            ?? (reading.measure == .heartRate && isNight(reading.atMillis) ? heartRateAsleep : defaults[reading.measure]!)
        let v = reading.value
        let name = reading.measure.label
        let shown = "\(v.formatted(.number.precision(.fractionLength(0...1)))) \(reading.measure.unit)"
        func condition(_ direction: String, _ severity: AlertSeverity) -> AlertCondition {
            let en = direction == "high" ? "high" : "low"
            let zh = direction == "high" ? "偏高" : "偏低"
            return AlertCondition(
                key: "\(reading.measure.rawValue).\(direction)", severity: severity, measure: reading.measure.rawValue, value: v,
                message: Label(en: "\(name.en) \(en): \(shown)", zh: "\(name.zh)\(zh)：\(shown)"))
        }
        if let c = threshold.criticalHigh, v > c { return condition("high", .critical) }
        if let c = threshold.criticalLow, v < c { return condition("low", .critical) }
        if let h = threshold.high, v > h { return condition("high", .warning) }
        if let l = threshold.low, v < l { return condition("low", .warning) }
        return nil
    }

    /// What a signal means at once: a critical alert (detectors, falls, calls), a warning
    /// (geofence), or nothing yet (out of bed is judged later by how long it lasts; device
    /// health is a maintenance notice, not an alert).
    public static func evaluate(_ signal: SignalReport, home: Coordinates?) -> AlertCondition? {
        let name = signal.signal.label
        switch signal.signal {
        case .call, .smoke, .gas, .water, .fall:
            return AlertCondition(key: signal.signal.rawValue, severity: .critical, measure: signal.signal.rawValue, value: nil, message: name)
        case .leftFence:
            var distance: Double?
            if let at = signal.location, let home { distance = at.distance(to: home) }
            if let distance, distance <= geofenceRadiusMeters { return nil }
            let metres = distance.map { " (\(Int($0.rounded())) m)" } ?? ""
            return AlertCondition(
                key: "leftFence", severity: .warning, measure: "location", value: distance,
                message: Label(en: name.en + metres, zh: name.zh + metres))
        case .outOfBed, .backInBed, .presence, .lowBattery, .offline:
            return nil
        }
    }

    public static func outOfBedTooLong(minutes: Int64) -> AlertCondition {
        AlertCondition(
            key: "outOfBed", severity: .warning, measure: "outOfBed", value: Double(minutes),
            message: Label(en: "out of bed at night for \(minutes) min", zh: "夜间离床\(minutes)分钟未归"))
    }

    public static func inactive(hours: Int64) -> AlertCondition {
        AlertCondition(
            key: "inactive", severity: .warning, measure: "activity", value: Double(hours),
            message: Label(en: "living alone: no activity or reading for \(hours) h", zh: "独居老人\(hours)小时无活动或数据"))
    }
}
