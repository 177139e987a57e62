import CareModel
import Foundation
import GRDB

/// Filters for the account list.
public struct OperatorFilter: Sendable {
    /// Accounts whose jurisdiction lies here or below.
    public var within: DivisionCode?
    public var role: OperatorRole?
    public var limit = 50
    /// Id of the last account of the previous page.
    public var after: String?

    public init(within: DivisionCode? = nil, role: OperatorRole? = nil, limit: Int = 50, after: String? = nil) {
        self.within = within
        self.role = role
        self.limit = limit
        self.after = after
    }
}

/// Where an account change came from, for its audit entry.
public struct AuditOrigin: Sendable {
    public var actor: String
    public var atMillis: Int64
    public var source: String?

    public init(actor: String, atMillis: Int64, source: String? = nil) {
        self.actor = actor
        self.atMillis = atMillis
        self.source = source
    }
}

extension AppDatabase {
    /// Adds an account; the caller hashes the password. `carenode user add` and the test and
    /// demo fixtures call it without an origin.
    public func addOperator(_ account: Operator, origin: AuditOrigin? = nil) throws {
        try ValidationFailure.check(account)
        // Accounts made through the API at the county or a street replicate to the nodes their
        // jurisdiction covers; the first admin (`carenode user add`) and a community's own stay here.
        let replicates = origin != nil && node.role != .community
        let origin = origin ?? AuditOrigin(actor: "carenode", atMillis: clock.wallMillis)
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM operator WHERE name = ?", arguments: [account.name]) == true {
                throw StoreError.conflict("an operator named '\(account.name)' already exists")
            }
            try db.execute(sql: """
                INSERT INTO operator (id, name, role, password_hash, created_at, display_name, home, organisation_id, staff_id,
                  must_change_password, disabled, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    account.id.canonicalString, account.name, account.role.rawValue, account.passwordHash, origin.atMillis,
                    account.displayName, account.home.rawValue, account.organisationId?.canonicalString, account.staffId?.canonicalString,
                    account.mustChangePassword, account.disabled, origin.atMillis,
                ])
            try logAccount(account.id, replicate: replicates, db)
            try insertAudit(entry(AuditAction.operatorCreated, account, origin, detail: "role \(account.role.rawValue), jurisdiction \(account.home)"), db)
        }
    }

    /// Writes an edited account and audits it under `action`. Disabling it or setting its
    /// password ends its sessions, but for `keepingSession` (the operator who changed their
    /// own password stays signed in).
    public func updateOperator(_ account: Operator, action: String, detail: String?, origin: AuditOrigin, keepingSession: String? = nil) throws {
        try ValidationFailure.check(account)
        try write { db in
            let current = try Row.fetchOne(db, sql: "SELECT password_hash FROM operator WHERE id = ?", arguments: [account.id.canonicalString])
            guard let current else { throw StoreError.conflict("no operator account with id \(account.id)") }
            if node.role == .community, let stored = try OperatorTable.fetch(account.id, db), !stored.meta.version.origin.isEmpty {
                // A replicated account is the county's or a street's: here only its password changes.
                var passwordOnly = account
                passwordOnly.passwordHash = stored.model.passwordHash
                passwordOnly.mustChangePassword = stored.model.mustChangePassword
                if passwordOnly != stored.model {
                    throw StoreError.forbidden("account \(account.name) was made at \(stored.meta.version.origin): change its role, jurisdiction or status there; a community changes only its password")
                }
            }
            try db.execute(sql: """
                UPDATE operator SET role = ?, password_hash = ?, display_name = ?, home = ?, organisation_id = ?, staff_id = ?,
                  must_change_password = ?, disabled = ?, updated_at = ? WHERE id = ?
                """, arguments: [
                    account.role.rawValue, account.passwordHash, account.displayName, account.home.rawValue,
                    account.organisationId?.canonicalString, account.staffId?.canonicalString, account.mustChangePassword, account.disabled,
                    origin.atMillis, account.id.canonicalString,
                ])
            if account.disabled || (current["password_hash"] as String) != account.passwordHash {
                try db.execute(
                    sql: "DELETE FROM session WHERE operator_id = ? AND token_hash IS NOT ?",
                    arguments: [account.id.canonicalString, keepingSession])
            }
            if !account.disabled && action == AuditAction.operatorEnabled {
                try db.execute(sql: "DELETE FROM sign_in_state WHERE operator_id = ?", arguments: [account.id.canonicalString])
            }
            try logAccount(account.id, replicate: false, db)
            try insertAudit(entry(action, account, origin, detail: detail), db)
        }
    }

    public func operatorNamed(_ name: String) throws -> Operator? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM operator WHERE name = ?", arguments: [name]).map(decodeOperator) }
    }

    public func operatorAccount(id: UUID) throws -> Operator? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM operator WHERE id = ?", arguments: [id.canonicalString]).map(decodeOperator) }
    }

    public func operators(_ filter: OperatorFilter) throws -> Page<Operator> {
        var sql = "SELECT * FROM operator WHERE 1"
        var arguments: [any DatabaseValueConvertible] = []
        if let within = filter.within {
            // Accounts made before jurisdictions were stored belong to the node itself.
            sql += " AND coalesce(home, ?) LIKE ?"
            arguments += [node.rawValue, within.rawValue + "%"]
        }
        if let role = filter.role {
            sql += " AND role = ?"
            arguments.append(role.rawValue)
        }
        let countSQL = sql.replacingOccurrences(of: "SELECT *", with: "SELECT count(*)")
        let countArguments = arguments
        if let after = filter.after {
            sql += " AND id > ?"
            arguments.append(after)
        }
        sql += " ORDER BY id LIMIT ?"
        arguments.append(filter.limit)
        return try read { db in
            let items = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(decodeOperator)
            let total = try Int.fetchOne(db, sql: countSQL, arguments: StatementArguments(countArguments)) ?? 0
            return Page(items: items, next: items.count == filter.limit ? items.last?.id.canonicalString : nil, total: total)
        }
    }

    public func operatorCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM operator") ?? 0 }
    }

    func entry(_ action: String, _ account: Operator, _ origin: AuditOrigin, detail: String?) -> AuditEntry {
        AuditEntry(
            home: node, atMillis: origin.atMillis, actor: origin.actor, action: action, subjectKind: "operator",
            subject: account.name, detail: detail, source: origin.source)
    }

    func decodeOperator(_ row: Row) throws -> Operator {
        let home: String? = row["home"]
        return Operator(
            id: try row.uuid("id"), name: row["name"], displayName: row["display_name"],
            role: try row.code("role", as: OperatorRole.self),
            home: home.flatMap(DivisionCode.init) ?? node,
            organisationId: try row.optionalUUID("organisation_id"), staffId: try row.optionalUUID("staff_id"),
            passwordHash: row["password_hash"], mustChangePassword: row["must_change_password"], disabled: row["disabled"])
    }
}

extension ValidationFailure {
    /// Throws the record's validation errors, if any.
    static func check(_ record: some ValidatedRecord) throws {
        let errors = record.validationErrors
        if !errors.isEmpty { throw StoreError.invalid(ValidationFailure(errors)) }
    }
}
