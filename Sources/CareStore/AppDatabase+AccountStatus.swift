import CareModel
import Foundation
import GRDB

/// What an administrator sees of an account beside its record: whether failed sign-ins have
/// locked it, and when it last signed in.
public struct AccountStatus: Sendable, Equatable {
    /// Until when the account is locked, if it is locked now.
    public var lockedUntil: Int64?
    /// The latest sign-in the audit trail holds for the account (at this node or one below it
    /// whose trail has come up).
    public var lastSignInAt: Int64?

    public init(lockedUntil: Int64? = nil, lastSignInAt: Int64? = nil) {
        self.lockedUntil = lockedUntil
        self.lastSignInAt = lastSignInAt
    }
}

extension AppDatabase {
    /// The status of each account, as of `now`.
    public func accountStatus(of accounts: [Operator], at now: Int64) throws -> [UUID: AccountStatus] {
        try read { db in
            var answer: [UUID: AccountStatus] = [:]
            for account in accounts {
                let until = try Int64.fetchOne(
                    db, sql: "SELECT locked_until FROM sign_in_state WHERE operator_id = ?", arguments: [account.id.canonicalString])
                let signedIn = try Int64.fetchOne(
                    db, sql: "SELECT max(at) FROM audit_entry WHERE subject = ? AND subject_kind = 'session' AND action = ?",
                    arguments: [account.name, AuditAction.signIn])
                answer[account.id] = AccountStatus(lockedUntil: until.flatMap { $0 > now ? $0 : nil }, lastSignInAt: signedIn)
            }
            return answer
        }
    }

    /// Lifts a lockout and forgets the failed sign-ins counted so far; audited as an unlock.
    /// Returns whether the account was locked.
    @discardableResult
    public func unlockOperator(_ account: Operator, origin: AuditOrigin) throws -> Bool {
        try write { db in
            let until = try Int64.fetchOne(
                db, sql: "SELECT locked_until FROM sign_in_state WHERE operator_id = ?", arguments: [account.id.canonicalString])
            let wasLocked = (until ?? 0) > origin.atMillis
            try db.execute(sql: "DELETE FROM sign_in_state WHERE operator_id = ?", arguments: [account.id.canonicalString])
            try insertAudit(
                entry(AuditAction.operatorUnlocked, account, origin, detail: wasLocked ? "lockout lifted" : "failed sign-ins cleared"), db)
            return wasLocked
        }
    }
}
