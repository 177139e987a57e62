import CareModel
import Foundation
import GRDB

/// A window case with its folded status.
public struct CaseSummary: Sendable {
    public var windowCase: WindowCase
    public var status: CaseStatus
    public var version: Version

    public func isOverdue(nowMillis: Int64) -> Bool { status.isOpen && windowCase.dueAtMillis < nowMillis }
}

extension AppDatabase {
    /// Stores a case homed where its elder is; a complaint case opens its complaint record in
    /// the same transaction, through the complaint path, homed with the elder too.
    public func createCase(_ windowCase: WindowCase, complaint: Complaint?, actor: String) throws -> CaseSummary {
        try write { db in
            var windowCase = windowCase
            windowCase.home = try Self.liveElderHome(windowCase.elderId, db)
            if var complaint {
                if complaint.orderId == nil { complaint.home = windowCase.home }
                _ = try insertFact(ComplaintTable.self, complaint, actor: actor, db)
                windowCase.complaintId = complaint.id
            }
            try windowCase.validate()
            _ = try insertFact(WindowCaseTable.self, windowCase, actor: actor, db)
            return try Self.caseSummary(windowCase.id, db)!
        }
    }

    /// Appends a handling step; refused with the allowed steps when the case's status cannot
    /// take it.
    public func appendCaseEvent(_ event: CaseEvent, actor: String) throws -> CaseSummary {
        try write { db in
            guard let stored = try WindowCaseTable.fetch(event.caseId, db), let before = try CaseFold.state(of: event.caseId, db) else {
                throw StoreError.notFound(.windowCase, event.caseId)
            }
            let kind = stored.model.kind
            guard event.step.allowedFrom(kind).contains(before.status) else {
                let allowed = CaseStep.allowed(from: before.status, kind: kind).map(\.rawValue).joined(separator: ", ")
                throw StoreError.conflict("cannot \(event.step.rawValue) a \(kind.rawValue) case that is \(before.status.rawValue); allowed next: \(allowed.isEmpty ? "none" : allowed)")
            }
            var event = event
            event.home = stored.model.home
            event.elderId = stored.model.elderId
            event.version = try nextVersion(db)
            try event.validate()
            _ = try insertFact(CaseEventTable.self, event, version: event.version, actor: actor, db)
            try CaseFold.refresh(event.caseId, db)
            return try Self.caseSummary(event.caseId, db)!
        }
    }

    public func windowCase(id: UUID) throws -> (summary: CaseSummary, state: CaseState)? {
        try read { db in
            guard let summary = try Self.caseSummary(id, db), let state = try CaseFold.state(of: id, db) else { return nil }
            return (summary, state)
        }
    }

    public func windowCase(id: UUID, in scope: Jurisdiction?) throws -> (summary: CaseSummary, state: CaseState)? {
        try isVisible(WindowCaseTable.table, id: id, to: scope) ? windowCase(id: id) : nil
    }

    /// Cases in a subtree, optionally only the open ones past their deadline at `overdueAt`.
    public func cases(_ filter: ListFilter, overdueAt: Int64? = nil) throws -> Page<CaseSummary> {
        var filter = filter
        if let overdueAt { filter.conditions.append("status != 'closed' AND due_at_millis < \(overdueAt)") }
        return try read { db in
            try Self.page(WindowCaseTable.table, filter, nameColumn: nil, db, Self.caseSummary)
        }
    }

    static func caseSummary(_ id: UUID, _ db: Database) throws -> CaseSummary? {
        try Row.fetchOne(db, sql: "SELECT * FROM window_case WHERE id = ?", arguments: [id.canonicalString]).map(caseSummary)
    }

    static func caseSummary(_ row: Row) throws -> CaseSummary {
        let stored = try WindowCaseTable.decode(row)
        let stateVersion: Int64 = row["state_version"]
        return CaseSummary(
            windowCase: stored.model, status: try row.code("status", as: CaseStatus.self),
            version: Version(hlc: HLC(packed: max(stateVersion, stored.meta.version.hlc.packed)), origin: stored.meta.version.origin))
    }
}
