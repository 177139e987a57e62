import CareModel
import Foundation
import GRDB

/// What the audit API filters by; every filter is optional and they combine with AND.
public struct AuditFilter: Sendable {
    /// Entries made at nodes in this subtree, and at this node itself (an account bound below
    /// the node still sees the node's own trail).
    public var within: DivisionCode?
    public var actor: String?
    public var subject: String?
    public var action: String?
    /// `[from, to)` in milliseconds.
    public var from: Int64?
    public var to: Int64?
    public var limit = 50
    /// The `next` of the previous page.
    public var after: String?

    public init() {}
}

extension AppDatabase {
    /// Appends one entry to the audit trail, in its own transaction.
    public func recordAudit(_ entry: AuditEntry) throws {
        try write { db in try insertAudit(entry, db) }
    }

    /// Appends entries in one transaction.
    public func recordAudit(_ entries: [AuditEntry]) throws {
        try write { db in
            for entry in entries { try insertAudit(entry, db) }
        }
    }

    /// The audit trail newest first; the page cursor is `<at>.<id>` of the last entry.
    public func auditEntries(_ filter: AuditFilter) throws -> Page<AuditEntry> {
        var sql = "SELECT * FROM audit_entry WHERE 1"
        var arguments: [any DatabaseValueConvertible] = []
        if let within = filter.within {
            sql += " AND (home LIKE ? OR home = ?)"
            arguments += [within.rawValue + "%", node.rawValue]
        }
        for (column, value) in [("actor", filter.actor), ("subject", filter.subject), ("action", filter.action)] {
            if let value {
                sql += " AND \(column) = ?"
                arguments.append(value)
            }
        }
        if let from = filter.from {
            sql += " AND at >= ?"
            arguments.append(from)
        }
        if let to = filter.to {
            sql += " AND at < ?"
            arguments.append(to)
        }
        if let after = filter.after, let cursor = Self.auditCursor(after) {
            sql += " AND (at < ? OR (at = ? AND id < ?))"
            arguments += [cursor.at, cursor.at, cursor.id]
        }
        sql += " ORDER BY at DESC, id DESC LIMIT ?"
        arguments.append(filter.limit)
        return try read { db in
            let items = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                AuditEntry(
                    id: try row.uuid("id"), home: DivisionCode(row["home"] as String) ?? node, atMillis: row["at"],
                    actor: row["actor"], action: row["action"], subjectKind: row["subject_kind"], subject: row["subject"],
                    detail: row["detail"], reason: row["reason"], source: row["source"])
            }
            let next = items.count == filter.limit ? items.last.map { "\($0.atMillis).\($0.id.canonicalString)" } : nil
            return Page(items: items, next: next)
        }
    }

    /// Reads a cursor this store gave out; nil for anything else.
    public static func auditCursor(_ text: String) -> (at: Int64, id: String)? {
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let at = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else { return nil }
        return (at, id.canonicalString)
    }
}
