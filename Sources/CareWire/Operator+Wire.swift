import CareModel
import Foundation

// Operator accounts and the audit trail: the account replicates with its bcrypt hash only.

extension WireOperatorAccount {
    init(_ account: Operator) {
        self.init()
        name = account.name
        if let displayName = account.displayName { self.displayName = displayName }
        role = account.role.rawValue
        if let organisationId = account.organisationId { organisationID = organisationId.uuidString }
        if let staffId = account.staffId { staffID = staffId.uuidString }
        passwordHash = account.passwordHash
        mustChangePassword = account.mustChangePassword
        disabled = account.disabled
    }
}

extension Operator {
    /// The bcrypt forms a password hash may take (`$2a$`, `$2b$`, `$2y$`, a two-digit cost and
    /// 53 characters of bcrypt's base64): anything else would let no one, or anyone, sign in.
    static func isBcryptHash(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"), bytes[3] == UInt8(ascii: "$"),
            [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]), bytes[6] == UInt8(ascii: "$")
        else { return false }
        let digits = bytes[4...5].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let alphabet = bytes[7...].allSatisfy { byte in
            byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
        }
        return digits && alphabet
    }

    /// An account from a peer; `id` and `home` (its jurisdiction) are the change's.
    init(wire: WireOperatorAccount, id: UUID, home: DivisionCode) throws(WireError) {
        guard Self.isBcryptHash(wire.passwordHash) else {
            throw WireError(field: "password_hash", problem: "is not a bcrypt hash ($2b$ with a cost and 53 characters)")
        }
        try self.init(
            id: id, name: FieldCheck.required(wire.name, "name"), displayName: wire.hasDisplayName ? wire.displayName : nil,
            role: FieldCheck.code(wire.role, "role"), home: home,
            organisationId: FieldCheck.uuid(wire.organisationID, present: wire.hasOrganisationID, "organisation_id"),
            staffId: FieldCheck.uuid(wire.staffID, present: wire.hasStaffID, "staff_id"),
            passwordHash: wire.passwordHash, mustChangePassword: wire.mustChangePassword, disabled: wire.disabled)
    }
}

extension WireAuditEntry {
    init(_ entry: AuditEntry) {
        self.init()
        atMillis = entry.atMillis
        actor = entry.actor
        action = entry.action
        subjectKind = entry.subjectKind
        subject = entry.subject
        if let detail = entry.detail { self.detail = detail }
        if let reason = entry.reason { self.reason = reason }
        if let source = entry.source { self.source = source }
    }
}

extension AuditEntry {
    /// An entry from a peer; `id` and `home` (the node it happened at) are the change's.
    init(wire: WireAuditEntry, id: UUID, home: DivisionCode) throws(WireError) {
        try self.init(
            id: id, home: home, atMillis: wire.atMillis, actor: FieldCheck.required(wire.actor, "actor"),
            action: FieldCheck.required(wire.action, "action"), subjectKind: FieldCheck.required(wire.subjectKind, "subject_kind"),
            subject: wire.subject, detail: wire.hasDetail ? wire.detail : nil, reason: wire.hasReason ? wire.reason : nil,
            source: wire.hasSource ? wire.source : nil)
    }
}

extension Operator: WireMapped {
    static let wireKind = WireEntityKind.operatorAccount
    static func message(in record: WireChange.OneOf_Record) -> WireOperatorAccount? { if case .operatorAccount(let message) = record { message } else { nil } }
    static func record(_ message: WireOperatorAccount) -> WireChange.OneOf_Record { .operatorAccount(message) }
    var wireMessage: WireOperatorAccount { WireOperatorAccount(self) }
    static func decode(_ message: WireOperatorAccount, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try Operator(wire: message, id: id, home: home) }
}

extension AuditEntry: WireMapped {
    static let wireKind = WireEntityKind.auditEntry
    static func message(in record: WireChange.OneOf_Record) -> WireAuditEntry? { if case .auditEntry(let message) = record { message } else { nil } }
    static func record(_ message: WireAuditEntry) -> WireChange.OneOf_Record { .auditEntry(message) }
    var wireMessage: WireAuditEntry { WireAuditEntry(self) }
    static func decode(_ message: WireAuditEntry, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try AuditEntry(wire: message, id: id, home: home) }
}
