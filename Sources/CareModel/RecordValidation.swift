import Foundation

/// A finished record that can be checked as it stands, whichever way it arrived (operator API,
/// CSV import, sync). The rules are the ones the operator API applies to a draft, written once:
/// kinds with a full draft check their own draft through the draft rules, the others call the
/// same rule helpers the draft path calls.
public protocol ValidatedRecord: Sendable {
    /// Every rule the record breaks, against its field, in English and Chinese; empty when the
    /// record may be stored.
    var validationErrors: [FieldError] { get }
}

extension ValidatedRecord {
    /// Throws every rule the record breaks; nothing should be written when it throws.
    public func validate() throws(ValidationFailure) {
        let errors = validationErrors
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

extension Validator {
    /// Runs a check that throws its own failure and keeps its field errors with ours.
    public mutating func collect<T>(_ check: () throws(ValidationFailure) -> T) -> T? {
        do {
            return try check()
        } catch {
            add(error.errors)
            return nil
        }
    }

    /// Checks a record through the draft rules: the record's draft must validate, and give back
    /// the same record. A difference means the record holds something the rules would have
    /// changed (a duplicate, a missing default), reported against the fields that differ.
    mutating func throughDraft<R: Equatable, D>(
        _ record: R, draft: (R) -> D, rebuild: (D) throws(ValidationFailure) -> R
    ) {
        let given = draft(record)
        guard let rebuilt = collect({ () throws(ValidationFailure) -> R in try rebuild(given) }), rebuilt != record else { return }
        let ours = Mirror(reflecting: given).children
        let theirs = Dictionary(Mirror(reflecting: draft(rebuilt)).children.compactMap { child in child.label.map { ($0, child.value) } }, uniquingKeysWith: { a, _ in a })
        var named = false
        for child in ours {
            guard let label = child.label, String(describing: child.value) != theirs[label].map({ String(describing: $0) }) else { continue }
            fail(label, en: "\(label) is not in the form the rules give it (a duplicate or an unset default)", zh: "\(label) 含有重复项或缺少默认值")
            named = true
        }
        if !named { fail("record", en: "the record is not in the form the rules give it", zh: "记录格式不符合规则") }
    }
}

extension Validator {
    /// The last millisecond of the year 9999: no time a node or an operator gives lies past it,
    /// and anything up to it can have days or years added without overflow.
    public static let latestMillis: Int64 = 253_402_300_799_999

    /// A wall-clock time in milliseconds, from 1970 to the end of 9999; anything else is a
    /// corrupt or hostile value, not a time any node wrote. True when it is one.
    @discardableResult
    public mutating func checkMillis(_ millis: Int64, _ field: String) -> Bool {
        if millis < 0 {
            fail(field, en: "\(field) \(millis) is not a time: it must not be negative", zh: "\(field) 时间戳不能为负数")
            return false
        }
        if millis > Self.latestMillis {
            fail(field, en: "\(field) \(millis) is not a time: it lies past the year 9999", zh: "\(field) 时间戳超出有效范围")
            return false
        }
        return true
    }

    /// A required time in milliseconds that an operator gives: nil (and a failure) when it is
    /// absent or not a time, so arithmetic on what comes back cannot overflow.
    public mutating func millis(_ value: Int64?, _ field: String) -> Int64? {
        guard let value = required(value, field) else { return nil }
        return checkMillis(value, field) ? value : nil
    }
}

