import Foundation

extension VitalsSummary: ValidatedRecord {
    /// A day's summary as the community computes it: keyed by elder, measure and day, with at
    /// least one reading, finite figures in order, and no more abnormal readings than readings.
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if !CalendarDate.isValid(day) { v.fail("day", en: "day '\(day)' must be a date YYYY-MM-DD", zh: "日期格式应为YYYY-MM-DD") }
        if id != Self.id(elderId: elderId, measure: measure, day: day) {
            v.fail("id", en: "id is not the summary id of this elder, measure and day", zh: "汇总记录编号与老人、指标、日期不符")
        }
        if count < 1 { v.fail("count", en: "count must be at least 1", zh: "读数条数至少为1") }
        if !(0...max(count, 0)).contains(abnormal) {
            v.fail("abnormal", en: "abnormal must be between 0 and count (\(count))", zh: "异常条数应在0到读数条数之间")
        }
        if ![minimum, maximum, mean].allSatisfy(\.isFinite) || !(minimum <= mean && mean <= maximum) {
            v.fail("mean", en: "minimum, mean and maximum must be finite and in that order", zh: "最小值、平均值、最大值应为有限数值且依次不减")
        }
        return v.errors
    }
}
