import CareModel
import Foundation
import GRDB

/// A complaint with its folded handling state.
public struct ComplaintSummary: Sendable {
    public var complaint: Complaint
    public var status: ComplaintStatus
    /// When the current stage falls overdue; nil once closed.
    public var dueAtMillis: Int64?
    public var version: Version

    public func isOverdue(nowMillis: Int64) -> Bool { dueAtMillis.map { $0 < nowMillis } ?? false }
}

extension AppDatabase {
    public func createComplaint(_ complaint: Complaint, actor: String) throws -> ComplaintSummary {
        try write { db in
            _ = try insertFact(ComplaintTable.self, complaint, actor: actor, db)
            return try Self.complaintSummary(complaint.id, db)!
        }
    }

    /// Appends a handling step; refused with the allowed steps when the complaint's status
    /// cannot take it.
    public func appendComplaintEvent(_ event: ComplaintEvent, actor: String) throws -> ComplaintSummary {
        try write { db in
            guard let complaint = try ComplaintTable.fetch(event.complaintId, db) else {
                throw StoreError.notFound(.complaint, event.complaintId)
            }
            let before = try ComplaintFold.state(of: event.complaintId, db)
            guard event.step.allowedFrom.contains(before.status) else {
                let allowed = ComplaintStep.allowed(from: before.status).map(\.rawValue).joined(separator: ", ")
                throw StoreError.conflict("cannot \(event.step.rawValue) a complaint that is \(before.status.rawValue); allowed next: \(allowed.isEmpty ? "none" : allowed)")
            }
            var event = event
            event.home = complaint.model.home
            event.version = try nextVersion(db)
            _ = try insertFact(ComplaintEventTable.self, event, version: event.version, actor: actor, db)
            try ComplaintFold.refresh(event.complaintId, db)
            return try Self.complaintSummary(event.complaintId, db)!
        }
    }

    public func complaint(id: UUID) throws -> (summary: ComplaintSummary, state: ComplaintState)? {
        try read { db in
            guard let summary = try Self.complaintSummary(id, db) else { return nil }
            return (summary, try ComplaintFold.state(of: id, db))
        }
    }

    /// Complaints in a subtree, optionally only those past their stage's deadline at `overdueAt`.
    public func complaints(_ filter: ListFilter, overdueAt: Int64? = nil) throws -> Page<ComplaintSummary> {
        var filter = filter
        if let overdueAt { filter.conditions.append("status != 'closed' AND due_at_millis < \(overdueAt)") }
        return try read { db in
            let (sql, arguments) = Self.listSQL(table: ComplaintTable.table, filter, nameColumn: nil)
            let items = try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.complaintSummary)
            return Page(
                items: items, next: items.count == filter.limit ? items.last?.complaint.id.canonicalString : nil,
                total: try Self.count(ComplaintTable.table, filter, nameColumn: nil, db))
        }
    }

    static func complaintSummary(_ id: UUID, _ db: Database) throws -> ComplaintSummary? {
        try Row.fetchOne(db, sql: "SELECT * FROM complaint WHERE id = ?", arguments: [id.canonicalString]).map(complaintSummary)
    }

    static func complaintSummary(_ row: Row) throws -> ComplaintSummary {
        let stored = try ComplaintTable.decode(row)
        let stateVersion: Int64 = row["state_version"]
        return ComplaintSummary(
            complaint: stored.model, status: try row.code("status", as: ComplaintStatus.self), dueAtMillis: row["due_at_millis"],
            version: Version(hlc: HLC(packed: max(stateVersion, stored.meta.version.hlc.packed)), origin: stored.meta.version.origin))
    }
}
