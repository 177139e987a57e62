import Foundation

extension Validator {
    /// An ISO 8601 date-time an operator gives for something done (`2026-11-23T09:30:00+08:00`),
    /// in milliseconds: `nowMillis` when absent; refused when it is more than `aheadMillis`
    /// ahead of this node's clock or more than `backdateMillis` behind it.
    public mutating func instant(
        _ text: String?, _ field: String, nowMillis: Int64, backdateMillis: Int64, aheadMillis: Int64 = 5 * 60_000
    ) -> Int64? {
        guard let text = self.text(text, field, max: 40, optional: true) else { return text == nil ? nowMillis : nil }
        guard let date = ISO8601DateFormatter().date(from: text) else {
            fail(field, en: "\(field) '\(text)' must be an ISO 8601 date-time such as 2026-11-23T09:30:00+08:00", zh: "\(field) 时间格式应为ISO 8601，例如 2026-11-23T09:30:00+08:00")
            return nil
        }
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        if millis > nowMillis + aheadMillis {
            fail(field, en: "\(field) \(text) is in the future", zh: "\(field) 时间不能晚于当前时间")
            return nil
        }
        if millis < nowMillis - backdateMillis {
            let days = backdateMillis / 86_400_000
            fail(field, en: "\(field) \(text) is more than \(days) days ago", zh: "\(field) 只能补录\(days)天以内的记录")
            return nil
        }
        return millis
    }
}
