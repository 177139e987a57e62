import Foundation

/// What an operator account may do; jurisdiction is the node's subtree.
public enum OperatorRole: String, CodeTable {
    case admin, dispatcher, clerk, caregiver, inspector, viewer

    public var label: Label {
        switch self {
        case .admin: Label(en: "administrator", zh: "系统管理员")
        case .dispatcher: Label(en: "dispatcher", zh: "调度员")
        case .clerk: Label(en: "service window clerk", zh: "窗口受理员")
        case .caregiver: Label(en: "caregiver / service worker", zh: "服务人员")
        case .inspector: Label(en: "inspector", zh: "监管人员")
        case .viewer: Label(en: "viewer", zh: "只读用户")
        }
    }
}

/// An operator account on one node.
public struct Operator: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var name: String
    public var role: OperatorRole
    public var passwordHash: String

    public init(id: UUID = UUID(), name: String, role: OperatorRole, passwordHash: String) {
        self.id = id
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
    }
}

extension Operator {
    /// The longest login name, in characters.
    public static let nameMaxLength = 50
    /// Who wrote a record: an operator's name, or the node's own writers (`device:<serial>`,
    /// `escalation@<code>`), which are longer than a login name.
    public static let actorMaxLength = 100
    /// bcrypt reads at most 72 bytes of a password and stops at a NUL: a longer password would
    /// be silently cut, so it is refused instead.
    public static let passwordBytes = 8...72

    /// Checks a login name for a new account (the same text rule as every record field).
    public static func checkName(_ name: String?, _ field: String = "name", _ v: inout Validator) -> String? {
        v.text(name, field, max: nameMaxLength)
    }

    /// Checks a new password: 8–72 bytes of UTF-8 and no control characters, so that what
    /// bcrypt hashes is exactly what the operator typed.
    public static func checkPassword(_ password: String?, _ field: String = "password", _ v: inout Validator) -> String? {
        guard let password = v.required(password, field) else { return nil }
        if TextRule.forbiddenScalar(in: password, multiline: false) != nil {
            v.fail(field, en: "\(field) must not contain control characters", zh: "\(field) 不能包含控制字符")
            return nil
        }
        guard passwordBytes.contains(password.utf8.count) else {
            v.fail(field, en: "\(field) must be \(passwordBytes.lowerBound)–\(passwordBytes.upperBound) bytes of UTF-8 (bcrypt reads no more)", zh: "\(field) 长度应为\(passwordBytes.lowerBound)至\(passwordBytes.upperBound)字节")
            return nil
        }
        return password
    }
}

extension Validator {
    /// The writer named on a record or event.
    public mutating func checkActor(_ actor: String, _ field: String = "actor") {
        checkText(actor, field, max: Operator.actorMaxLength)
    }
}

extension Operator: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = Self.checkName(name, "name", &v)
        if passwordHash.isEmpty { v.fail("passwordHash", en: "passwordHash is required", zh: "密码散列为必填项") }
        return v.errors
    }
}
