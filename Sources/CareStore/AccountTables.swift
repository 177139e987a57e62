import CareModel
import Foundation
import GRDB

/// Operator accounts as replicated records. Sign-in state and sessions stay in their own local
/// tables; a replicated change that disables an account or sets its password ends its sessions.
enum OperatorTable: RecordTable {
    static let table = "operator"
    /// Kept per node: when each node first stored and last changed the account.
    static let localColumns = ["created_at", "updated_at"]
    static let columns = [
        "id", "name", "display_name", "role", "home", "organisation_id", "staff_id", "password_hash",
        "must_change_password", "disabled", "created_at", "updated_at", "version", "origin",
    ]

    static func values(_ a: Operator, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            a.id.canonicalString, a.name, a.displayName, a.role.rawValue, a.home.rawValue, a.organisationId?.canonicalString,
            a.staffId?.canonicalString, a.passwordHash, a.mustChangePassword, a.disabled, meta.version.hlc.millis,
            meta.version.hlc.millis, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Operator> {
        let account = Operator(
            id: try row.uuid("id"), name: row["name"], displayName: row["display_name"],
            role: try row.code("role", as: OperatorRole.self), home: try row.division("home"),
            organisationId: try row.optionalUUID("organisation_id"), staffId: try row.optionalUUID("staff_id"),
            passwordHash: row["password_hash"], mustChangePassword: row["must_change_password"], disabled: row["disabled"])
        return Stored(model: account, meta: RecordMeta(version: row.version()))
    }

    private static let updateInPlace: String = {
        let assignments = columns.filter { $0 != "id" && $0 != "created_at" }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ",")
        return "INSERT INTO operator (\(columns.joined(separator: ","))) VALUES (\(placeholders)) ON CONFLICT(id) DO UPDATE SET \(assignments)"
    }()

    /// An update in place: `INSERT OR REPLACE` would delete the row first, and with it (by the
    /// foreign key) every session of the account.
    static func save(_ a: Operator, _ meta: RecordMeta, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: updateInPlace)
        statement.setUncheckedArguments(StatementArguments(values(a, meta)))
        try statement.execute()
    }

    /// Accounts merge whole, newest first, after two checks: what a node below a street may
    /// change (`SyncScope.accountRefusal`), and login names, which are unique on every node.
    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        guard let incoming = model(change.body) else { throw StoreError.corrupt("change body does not match its kind") }
        let local = try fetch(change.id, db)
        if case .child(let child) = context.side, let reason = SyncScope.accountRefusal(change, child: child, stored: local?.model) {
            return .refused(reason)
        }
        if let holder = try String.fetchOne(db, sql: "SELECT id FROM operator WHERE name = ? AND id <> ?", arguments: [incoming.name, incoming.id.canonicalString]) {
            return .refused("an operator account named '\(incoming.name)' is already held here (id \(holder)): login names are unique on every node")
        }
        let merged = try replaceIfNewer(change, context, db)
        if case .changed = merged, let local, incoming.disabled || incoming.passwordHash != local.model.passwordHash {
            try db.execute(sql: "DELETE FROM session WHERE operator_id = ?", arguments: [incoming.id.canonicalString])
        }
        return merged
    }
}

/// The audit trail as facts: written once where it happened, and sent up.
enum AuditEntryTable: RecordTable {
    static let table = "audit_entry"
    static let columns = ["id", "home", "at", "actor", "action", "subject_kind", "subject", "detail", "reason", "source", "version", "origin"]

    static func values(_ e: AuditEntry, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            e.id.canonicalString, e.home.rawValue, e.atMillis, e.actor, e.action, e.subjectKind, e.subject, e.detail, e.reason,
            e.source, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<AuditEntry> {
        let entry = AuditEntry(
            id: try row.uuid("id"), home: try row.division("home"), atMillis: row["at"], actor: row["actor"], action: row["action"],
            subjectKind: row["subject_kind"], subject: row["subject"], detail: row["detail"], reason: row["reason"], source: row["source"])
        return Stored(model: entry, meta: RecordMeta(version: row.version()))
    }
}

extension AppDatabase {
    /// Gives a locally written account its next version and logs it to travel, when this node
    /// writes replicated accounts (the county and streets) and the account is one of them.
    /// Accounts made with `carenode user add` (origin '') stay on their node.
    func logAccount(_ id: UUID, replicate: Bool, _ db: Database) throws {
        let origin = try String.fetchOne(db, sql: "SELECT origin FROM operator WHERE id = ?", arguments: [id.canonicalString]) ?? ""
        guard replicate || !origin.isEmpty else { return }
        let version = try nextVersion(db)
        try db.execute(
            sql: "UPDATE operator SET version = ?, origin = ? WHERE id = ?",
            arguments: [version.hlc.packed, version.origin, id.canonicalString])
        guard let stored = try OperatorTable.fetch(id, db) else { return }
        try ChangeLog.append(OperatorTable.envelope(stored), source: nil, db)
    }

    /// Appends an audit entry and, unless told not to, logs it to travel up (GB/T 22239: the
    /// county supervises its stations' trails). A local entry keeps the zero version.
    func insertAudit(_ entry: AuditEntry, replicate: Bool = true, _ db: Database) throws {
        let meta = RecordMeta(version: replicate ? try nextVersion(db) : .zero)
        _ = try AuditEntryTable.insertIfAbsent(entry, meta, db)
        if replicate { try ChangeLog.append(AuditEntryTable.envelope(Stored(model: entry, meta: meta)), source: nil, db) }
    }
}
