import Foundation

/// The rule every piece of text obeys before it reaches a record, whichever way it arrives:
/// it is stored exactly as given or refused, never trimmed or cut short.
///
/// SQLite receives Swift strings as C strings, so an embedded NUL would silently end the stored
/// value; other control characters break logs, CSV exports and consoles. Whitespace at either end
/// is refused rather than trimmed, because a trimmed value is not what the sender holds, and the
/// two copies would then differ across the federation.
public enum TextRule {
    /// The problem with `text`, or nil when it may be stored as it is.
    /// - Parameters:
    ///   - max: the limit in characters (grapheme clusters, as an operator counts them).
    ///   - multiline: free-text notes may hold tabs and line breaks (LF, or CR LF); nothing else may.
    public static func problem(_ text: String, _ field: String, max: Int, multiline: Bool = false) -> Label? {
        if text.isEmpty {
            return Label(en: "\(field) must not be empty", zh: "\(field) 不能为空")
        }
        if let scalar = forbiddenScalar(in: text, multiline: multiline) {
            let code = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            let allowed = multiline ? "only tab and line breaks are allowed" : "line breaks and tabs are allowed only in notes"
            return Label(
                en: "\(field) contains the control character \(code); \(allowed)",
                zh: "\(field) 含有控制字符 \(code)，" + (multiline ? "仅允许制表符和换行" : "仅备注类字段允许换行和制表符"))
        }
        if text.first!.isWhitespace || text.last!.isWhitespace {
            return Label(
                en: "\(field) must not begin or end with whitespace; send the text exactly as it should be stored",
                zh: "\(field) 首尾不能有空白字符，请去掉首尾空格后再提交")
        }
        if text.count > max {
            return Label(en: "\(field) must be at most \(max) characters", zh: "\(field) 不能超过\(max)个字符")
        }
        return nil
    }

    /// Unicode general category Cc, and the line and paragraph separators that JSON allows
    /// unescaped but many readers take as line ends.
    public static func forbiddenScalar(in text: String, multiline: Bool) -> Unicode.Scalar? {
        var pendingReturn: Unicode.Scalar?
        for scalar in text.unicodeScalars {
            if let lone = pendingReturn {
                if scalar != "\n" { return lone }
                pendingReturn = nil
            }
            let isControl = scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
            guard isControl else { continue }
            if multiline && (scalar == "\t" || scalar == "\n") { continue }
            // A carriage return is allowed only as the first half of CR LF.
            if multiline && scalar == "\r" {
                pendingReturn = scalar
                continue
            }
            return scalar
        }
        return pendingReturn
    }
}

extension Validator {
    /// Text of at most `max` characters, stored exactly or refused (see `TextRule`). An
    /// optional field that is absent or empty is nil.
    /// - Parameter multiline: true only for free-text notes, comments and descriptions.
    public mutating func text(_ value: String?, _ field: String, max: Int = 100, optional: Bool = false, multiline: Bool = false) -> String? {
        guard let value, !(optional && value.isEmpty) else {
            if !optional { fail(field, en: "\(field) is required", zh: "\(field) 为必填项") }
            return nil
        }
        if let problem = TextRule.problem(value, field, max: max, multiline: multiline) {
            fail(field, en: problem.en, zh: problem.zh)
            return nil
        }
        return value
    }

    /// Text already on a finished record (from sync, an import or the store): the same rule
    /// as `text`, where an optional field may be absent but never empty.
    public mutating func checkText(_ value: String?, _ field: String, max: Int = 100, optional: Bool = false, multiline: Bool = false) {
        guard let value else {
            if !optional { fail(field, en: "\(field) is required", zh: "\(field) 为必填项") }
            return
        }
        _ = text(value, field, max: max, multiline: multiline)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
