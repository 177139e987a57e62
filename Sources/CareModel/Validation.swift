/// One thing wrong with one field of an input, in the operators' two languages.
public struct FieldError: Error, Codable, Hashable, Sendable {
    public let field: String
    public let message: String
    public let messageZh: String

    public init(field: String, _ label: Label) {
        self.field = field
        message = label.en
        messageZh = label.zh
    }
}

/// Every problem found in an input; nothing is written when an input has any.
public struct ValidationFailure: Error, Sendable, CustomStringConvertible {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    public var description: String { errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ") }
}

/// Collects field errors while a draft is turned into a record.
public struct Validator {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func fail(_ field: String, en: String, zh: String) {
        errors.append(FieldError(field: field, Label(en: en, zh: zh)))
    }

    /// Keeps errors found by another check (a nested validation) with ours.
    public mutating func add(_ more: [FieldError]) { errors += more }

    public mutating func required<T>(_ value: T?, _ field: String) -> T? {
        if value == nil { fail(field, en: "\(field) is required", zh: "\(field) 为必填项") }
        return value
    }

    public mutating func code<T: CodeTable>(_ value: String?, _ field: String, as type: T.Type, optional: Bool = false) -> T? {
        guard let value else {
            if !optional { fail(field, en: "\(field) is required", zh: "\(field) 为必填项") }
            return nil
        }
        guard let code = T(rawValue: value) else {
            fail(field, en: "\(field) '\(value)' is not one of: \(T.codeList)", zh: "\(field) 取值“\(value)”无效，应为：\(T.codeList)")
            return nil
        }
        return code
    }

    public mutating func codes<T: CodeTable>(_ values: [String]?, _ field: String, as type: T.Type, minimum: Int = 0) -> [T]? {
        let values = values ?? []
        if values.count < minimum {
            fail(field, en: "\(field) needs at least \(minimum) entry", zh: "\(field) 至少需要\(minimum)项")
            return nil
        }
        var result: [T] = []
        for (index, value) in values.enumerated() {
            guard let code = code(value, "\(field)[\(index)]", as: T.self) else { continue }
            if !result.contains(code) { result.append(code) }
        }
        return result
    }

    public mutating func division(_ value: String?, _ field: String, role: NodeRole? = nil, optional: Bool = false) -> DivisionCode? {
        guard let value else {
            if !optional { fail(field, en: "\(field) is required", zh: "\(field) 为必填项") }
            return nil
        }
        do {
            let code = try DivisionCode(validating: value)
            if let role, code.role != role {
                fail(field, en: "\(field) must be a \(role.rawValue) code of \(role.codeLength) digits", zh: "\(field) 应为\(role.codeLength)位\(role.label.zh)区划代码")
                return nil
            }
            return code
        } catch {
            fail(field, en: error.description, zh: "\(field) 区划代码无效：应为6、9或12位数字")
            return nil
        }
    }

    public mutating func phone(_ value: String?, _ field: String, optional: Bool = false) -> String? {
        guard let text = text(value, field, max: 20, optional: optional) else { return nil }
        let digits = text.filter(\.isNumber)
        let allowed = text.allSatisfy { $0.isASCII && ($0.isNumber || "+-() ".contains($0)) }
        guard allowed, digits.count >= 7 else {
            fail(field, en: "\(field) '\(text)' is not a phone number", zh: "\(field)“\(text)”不是有效的电话号码")
            return nil
        }
        return text
    }

    public mutating func range(_ value: Int?, _ field: String, _ bounds: ClosedRange<Int>, optional: Bool = false) -> Int? {
        guard let value else {
            if !optional { fail(field, en: "\(field) is required", zh: "\(field) 为必填项") }
            return nil
        }
        guard bounds.contains(value) else {
            fail(field, en: "\(field) must be between \(bounds.lowerBound) and \(bounds.upperBound)", zh: "\(field) 应在\(bounds.lowerBound)到\(bounds.upperBound)之间")
            return nil
        }
        return value
    }

    public mutating func uuid(_ value: String?, _ field: String, optional: Bool = false) -> UUID? {
        guard let value else {
            if !optional { fail(field, en: "\(field) is required", zh: "\(field) 为必填项") }
            return nil
        }
        guard let id = UUID(uuidString: value) else {
            fail(field, en: "\(field) '\(value)' is not a UUID", zh: "\(field)“\(value)”不是有效的UUID")
            return nil
        }
        return id
    }

    /// Throws the collected errors, if any.
    public func check() throws(ValidationFailure) {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

import Foundation
