import CareModel
import Foundation
import GRDB

extension AppDatabase {
    /// Adds an account; the caller hashes the password.
    public func addOperator(_ account: Operator) throws {
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM operator WHERE name = ?", arguments: [account.name]) == true {
                throw StoreError.conflict("an operator named '\(account.name)' already exists")
            }
            try db.execute(
                sql: "INSERT INTO operator (id, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [account.id.uuidString, account.name, account.role.rawValue, account.passwordHash, HybridLogicalClock.systemMillis()])
        }
    }

    public func operatorNamed(_ name: String) throws -> Operator? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM operator WHERE name = ?", arguments: [name]).map(Self.decodeOperator)
        }
    }

    public func operatorCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM operator") ?? 0 }
    }

    /// Stores a session under the hash of its token (the token itself is never stored).
    public func createSession(tokenHash: String, operatorId: UUID, expiresAtMillis: Int64) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM session WHERE expires_at < ?", arguments: [HybridLogicalClock.systemMillis()])
            try db.execute(
                sql: "INSERT INTO session (token_hash, operator_id, expires_at) VALUES (?, ?, ?)",
                arguments: [tokenHash, operatorId.uuidString, expiresAtMillis])
        }
    }

    /// The operator behind a live session, or nil.
    public func operatorForSession(tokenHash: String, nowMillis: Int64) throws -> Operator? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT operator.* FROM session JOIN operator ON operator.id = session.operator_id WHERE token_hash = ? AND expires_at > ?",
                arguments: [tokenHash, nowMillis]
            ).map(Self.decodeOperator)
        }
    }

    private static func decodeOperator(_ row: Row) throws -> Operator {
        Operator(id: try row.uuid("id"), name: row["name"], role: try row.code("role", as: OperatorRole.self), passwordHash: row["password_hash"])
    }
}
