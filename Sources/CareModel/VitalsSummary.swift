import Foundation

/// One elder's readings of one measure on one day (China Standard Time): raw readings stay at
/// the community, these summaries replicate up for trends (`GET /elders/{id}/vitals`).
public struct VitalsSummary: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var elderId: UUID
    public var measure: Measure
    /// YYYY-MM-DD.
    public var day: String
    public var count: Int
    public var minimum: Double
    public var maximum: Double
    public var mean: Double
    public var abnormal: Int

    public init(home: DivisionCode, elderId: UUID, measure: Measure, day: String, count: Int, minimum: Double, maximum: Double, mean: Double, abnormal: Int) {
        id = Self.id(elderId: elderId, measure: measure, day: day)
        self.home = home
        self.elderId = elderId
        self.measure = measure
        self.day = day
        self.count = count
        self.minimum = minimum
        self.maximum = maximum
        self.mean = mean
        self.abnormal = abnormal
    }

    /// The same elder, measure and day is the same record wherever it is computed.
    public static func id(elderId: UUID, measure: Measure, day: String) -> UUID {
        StableID.make("vitals", elderId.canonicalString, measure.rawValue, day)
    }

    /// The calendar day of `millis` in China Standard Time.
    public static func day(_ millis: Int64) -> String {
        let days = (millis + 8 * 3_600_000) / 86_400_000
        let date = Date(timeIntervalSince1970: Double(days) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// This summary with one more reading folded in.
    public func adding(_ value: Double, abnormal isAbnormal: Bool) -> VitalsSummary {
        var next = self
        next.count = count + 1
        next.minimum = Swift.min(minimum, value)
        next.maximum = Swift.max(maximum, value)
        // The running mean drifts by rounding (98 added to a mean of 98 can give 98.00000000000001):
        // kept within the extremes, as every receiver checks.
        next.mean = Swift.min(Swift.max((mean * Double(count) + value) / Double(count + 1), next.minimum), next.maximum)
        next.abnormal = abnormal + (isAbnormal ? 1 : 0)
        return next
    }
}

extension VitalsSummary: ReplicatedRecord {
    public static let kind = EntityKind.vitalsSummary
    public static let label = Label(en: "daily vitals summary", zh: "健康数据日汇总")
    public static let mergeClass = MergeClass.summary
    public static let collection = "vitalsSummaries"
}
