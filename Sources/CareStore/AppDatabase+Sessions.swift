import CareModel
import Foundation
import GRDB

/// A signed-in session as the auth middleware checks it.
public struct SessionRecord: Sendable {
    public var account: Operator
    public var createdAtMillis: Int64
    public var lastSeenAtMillis: Int64

    /// Why the session has ended at `now`, or nil while it is live (GB/T 22239 session control).
    public func ended(at now: Int64) -> String? {
        if now - createdAtMillis >= AccountPolicy.maxSessionMillis { return "the session ended 12 hours after sign-in" }
        if now - lastSeenAtMillis >= AccountPolicy.idleMillis { return "the session ended after 30 idle minutes" }
        if account.disabled { return "the account is disabled" }
        return nil
    }
}

extension AppDatabase {
    /// Until when the account is locked, if it is locked at `now`.
    public func lockedUntil(_ account: Operator, at now: Int64) throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT locked_until FROM sign_in_state WHERE operator_id = ?", arguments: [account.id.canonicalString])
        }.flatMap { $0 > now ? $0 : nil }
    }

    /// Counts a wrong password; the failure that makes `AccountPolicy.maxFailedSignIns` in a
    /// row locks the account and returns until when. Both are audited.
    public func recordFailedSignIn(_ account: Operator, origin: AuditOrigin) throws -> Int64? {
        try write { db in
            let failures = try Int.fetchOne(db, sql: """
                INSERT INTO sign_in_state (operator_id, failures) VALUES (?, 1)
                ON CONFLICT(operator_id) DO UPDATE SET failures = failures + 1
                RETURNING failures
                """, arguments: [account.id.canonicalString]) ?? 1
            try insertAudit(signInEntry(AuditAction.signInFailed, account.name, origin, detail: "wrong password (\(failures) in a row)"), db)
            guard failures >= AccountPolicy.maxFailedSignIns else { return nil }
            let until = origin.atMillis + AccountPolicy.lockoutMillis
            try db.execute(
                sql: "UPDATE sign_in_state SET failures = 0, locked_until = ? WHERE operator_id = ?",
                arguments: [until, account.id.canonicalString])
            try insertAudit(signInEntry(AuditAction.lockedOut, account.name, origin, detail: "locked for 15 minutes after \(failures) failed sign-ins"), db)
            return until
        }
    }

    /// Audits a refused sign-in that is not a wrong password of a known account.
    public func recordRefusedSignIn(name: String, detail: String, origin: AuditOrigin) throws {
        try write { db in try insertAudit(signInEntry(AuditAction.signInFailed, name, origin, detail: detail), db) }
    }

    /// Opens a session under the hash of its token (the token itself is never stored), clears
    /// the failure count and audits the sign-in.
    public func openSession(tokenHash: String, for account: Operator, origin: AuditOrigin) throws {
        try write { db in
            try db.execute(
                sql: "DELETE FROM session WHERE expires_at <= ? OR last_seen_at <= ?",
                arguments: [origin.atMillis, origin.atMillis - AccountPolicy.idleMillis])
            try db.execute(sql: "DELETE FROM sign_in_state WHERE operator_id = ?", arguments: [account.id.canonicalString])
            try db.execute(sql: """
                INSERT INTO session (token_hash, operator_id, expires_at, created_at, last_seen_at, source) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [
                    tokenHash, account.id.canonicalString, origin.atMillis + AccountPolicy.maxSessionMillis, origin.atMillis,
                    origin.atMillis, origin.source,
                ])
            try insertAudit(signInEntry(AuditAction.signIn, account.name, origin, detail: nil), db)
        }
    }

    /// The session a token hash names, live or not.
    public func session(tokenHash: String) throws -> SessionRecord? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT created_at, last_seen_at, operator_id FROM session WHERE token_hash = ?", arguments: [tokenHash]),
                let account = try Row.fetchOne(db, sql: "SELECT * FROM operator WHERE id = ?", arguments: [row["operator_id"] as String]).map(decodeOperator)
            else { return nil }
            return SessionRecord(account: account, createdAtMillis: row["created_at"], lastSeenAtMillis: row["last_seen_at"])
        }
    }

    /// Records that the session was used at `now`.
    public func touchSession(tokenHash: String, at now: Int64) throws {
        try write { db in
            try db.execute(sql: "UPDATE session SET last_seen_at = max(last_seen_at, ?) WHERE token_hash = ?", arguments: [now, tokenHash])
        }
    }

    /// Ends a session (sign-out, or found expired) and audits why.
    public func endSession(tokenHash: String, account: Operator, action: String, detail: String?, origin: AuditOrigin) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash])
            try insertAudit(signInEntry(action, account.name, origin, detail: detail), db)
        }
    }

    /// Live sessions of an account, for tests and the account view.
    public func sessionCount(of account: UUID) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM session WHERE operator_id = ?", arguments: [account.canonicalString]) ?? 0 }
    }

    private func signInEntry(_ action: String, _ name: String, _ origin: AuditOrigin, detail: String?) -> AuditEntry {
        AuditEntry(
            home: node, atMillis: origin.atMillis, actor: origin.actor, action: action, subjectKind: "session", subject: name,
            detail: detail, source: origin.source)
    }
}
