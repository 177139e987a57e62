import Foundation

/// Sign-in and session limits of GB/T 22239-2019 level 2 (identification, authentication and
/// session control), in one place so the API, the store and the tests agree.
public enum AccountPolicy {
    /// Consecutive failed sign-ins that lock an account.
    public static let maxFailedSignIns = 5
    /// How long a locked account stays locked.
    public static let lockoutMillis: Int64 = 15 * 60_000
    /// A session unused this long has ended.
    public static let idleMillis: Int64 = 30 * 60_000
    /// A session ends this long after sign-in however busy it is.
    public static let maxSessionMillis: Int64 = 12 * 3_600_000
    /// How stale a session's last-use time may get before a request records it again: writing
    /// it on every request would make every read a write transaction, and the idle limit only
    /// needs minute precision.
    public static let touchIntervalMillis: Int64 = 30_000
    /// Why an operator reads personal data unmasked: required, and kept in the audit trail.
    public static let reasonCharacters = 1...200
}

/// One entry of the audit trail: who did what to which subject, when, at which node and from
/// which address. Plain columns and a UUID id, with `home` the node it happened at, so that
/// entries can travel up to the county as facts.
public struct AuditEntry: Hashable, Sendable, Identifiable {
    public var id: UUID
    /// The node the action happened at.
    public var home: DivisionCode
    public var atMillis: Int64
    public var actor: String
    public var action: String
    /// What the action was about: a kind (`elder`, `operator`, `session`…) and an id or name.
    public var subjectKind: String
    public var subject: String
    public var detail: String?
    /// The operator's stated reason, for reads of personal data.
    public var reason: String?
    /// The client's IP address, for actions an operator made over the API.
    public var source: String?

    public init(
        id: UUID = UUID(), home: DivisionCode, atMillis: Int64, actor: String, action: String, subjectKind: String,
        subject: String, detail: String? = nil, reason: String? = nil, source: String? = nil
    ) {
        self.id = id
        self.home = home
        self.atMillis = atMillis
        self.actor = actor
        self.action = action
        self.subjectKind = subjectKind
        self.subject = subject
        self.detail = detail
        self.reason = reason
        self.source = source
    }
}

/// The actions the audit trail names (plus the record writes, named `create`, `update`,
/// `delete`, `resolve`… by the store).
public enum AuditAction {
    public static let signIn = "session.signIn"
    public static let signInFailed = "session.signInFailed"
    public static let lockedOut = "session.lockedOut"
    public static let signOut = "session.signOut"
    public static let sessionExpired = "session.expired"
    public static let passwordChanged = "operator.passwordChanged"
    public static let operatorCreated = "operator.create"
    public static let operatorUpdated = "operator.update"
    public static let operatorDisabled = "operator.disable"
    public static let operatorEnabled = "operator.enable"
    public static let passwordReset = "operator.resetPassword"
    public static let operatorUnlocked = "operator.unlock"
    public static let elderRead = "elder.read"
    /// A read of an elder's health record (check-ups, conditions, follow-ups): health data is
    /// sensitive personal information (GB/T 35273 §3.2), so each read is logged like a profile read.
    public static let healthRecordRead = "health.read"
    public static let elderList = "elder.list"
    public static let elderRevealed = "elder.reveal"
    /// A dataset exported as a file (`GET /api/v1/exports/{dataset}`).
    public static let dataExport = "data.export"
    /// A CSV file imported (`POST /api/v1/imports/{dataset}`, not a preview): the counts; each
    /// record written has its own `create` entry.
    public static let dataImport = "data.import"
}
