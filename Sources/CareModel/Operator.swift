import Foundation

/// An operator account. Its columns are plain and its id a UUID, with `home` the division
/// code of its jurisdiction, so that accounts can replicate down the tree like other records.
public struct Operator: Hashable, Sendable, Identifiable {
    public var id: UUID
    public var name: String
    public var displayName: String?
    public var role: OperatorRole
    /// The jurisdiction: a division code at or below the node the account was made at.
    public var home: DivisionCode
    /// The service organisation a caregiver or organisation admin works for.
    public var organisationId: UUID?
    /// The staff record a caregiver works as: orders name their worker by it.
    public var staffId: UUID?
    public var passwordHash: String
    /// An initial or reset password: every route but changing it answers 403 until it is changed.
    public var mustChangePassword: Bool
    public var disabled: Bool

    public init(
        id: UUID = UUID(), name: String, displayName: String? = nil, role: OperatorRole, home: DivisionCode,
        organisationId: UUID? = nil, staffId: UUID? = nil, passwordHash: String, mustChangePassword: Bool = false,
        disabled: Bool = false
    ) {
        self.id = id
        self.name = name
        self.displayName = displayName
        self.role = role
        self.home = home
        self.organisationId = organisationId
        self.staffId = staffId
        self.passwordHash = passwordHash
        self.mustChangePassword = mustChangePassword
        self.disabled = disabled
    }

    /// What the account may see and change, as the store filters by it.
    public var jurisdiction: Jurisdiction {
        Jurisdiction(
            division: home,
            // A caregiver's organisation too: its dispatched orders with no worker yet are theirs
            // to see and accept.
            organisationId: role == .organisationAdmin || role == .caregiver ? organisationId : nil,
            workerId: role == .caregiver ? (staffId ?? Jurisdiction.nobody) : nil)
    }

    public var permissions: Set<Permission> { role.permissions }
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

    /// The display name shown beside the login name (a person's name in Chinese, say).
    public static let displayNameMaxLength = 50

    /// Checks a new password (GB/T 22239-2019 level 2, identification and authentication): at
    /// least 8 characters from at least 3 of the 4 classes upper case, lower case, digit and
    /// other; no control characters, so that what bcrypt hashes is exactly what was typed; and
    /// at most 72 bytes of UTF-8, because bcrypt would silently ignore the rest.
    public static func checkPassword(_ password: String?, _ field: String = "password", _ v: inout Validator) -> String? {
        guard let password = v.required(password, field) else { return nil }
        if TextRule.forbiddenScalar(in: password, multiline: false) != nil {
            v.fail(field, en: "\(field) must not contain control characters", zh: "\(field) 不能包含控制字符")
            return nil
        }
        if password.count < passwordMinCharacters || password.utf8.count > passwordBytes.upperBound {
            v.fail(field, en: "\(field) must be at least \(passwordMinCharacters) characters and at most \(passwordBytes.upperBound) bytes of UTF-8", zh: "\(field) 至少\(passwordMinCharacters)个字符，且不超过\(passwordBytes.upperBound)字节")
            return nil
        }
        let classes = passwordClasses(password)
        if classes < 3 {
            v.fail(field, en: "\(field) must mix at least 3 of: upper-case letters, lower-case letters, digits, other characters (it has \(classes))", zh: "\(field) 须包含大写字母、小写字母、数字、其他字符中的至少三类（当前\(classes)类）")
            return nil
        }
        return password
    }

    public static let passwordMinCharacters = 8

    /// How many of the four character classes a password draws from.
    public static func passwordClasses(_ password: String) -> Int {
        var upper = false, lower = false, digit = false, other = false
        for scalar in password.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: upper = true
            case 0x61...0x7A: lower = true
            case 0x30...0x39: digit = true
            default: other = true
            }
        }
        return [upper, lower, digit, other].filter { $0 }.count
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
        _ = v.text(displayName, "displayName", max: Self.displayNameMaxLength, optional: true)
        if passwordHash.isEmpty { v.fail("passwordHash", en: "passwordHash is required", zh: "密码散列为必填项") }
        if role.needsOrganisation && organisationId == nil {
            v.fail("organisationId", en: "a \(role.label.en) account needs organisationId", zh: "\(role.label.zh)账号须指定服务组织")
        }
        if role.needsStaffRecord && staffId == nil {
            v.fail("staffId", en: "a \(role.label.en) account needs staffId (the staff record orders name as their worker)", zh: "\(role.label.zh)账号须关联从业人员档案")
        }
        return v.errors
    }
}

extension Operator: ReplicatedRecord {
    public static let kind = EntityKind.operatorAccount
    public static let label = Label(en: "operator account", zh: "操作员账号")
    public static let mergeClass = MergeClass.account
    public static let collection = "operators"
}
