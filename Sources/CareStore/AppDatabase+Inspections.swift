import CareModel
import Foundation
import GRDB

/// An inspection with its folded state, as the inspection table holds it.
public struct InspectionSummary: Sendable {
    public var inspection: Inspection
    public var status: InspectionStatus
    public var openFindings: Int
    /// The earliest deadline among findings still to rectify.
    public var nextDueMillis: Int64?
    public var version: Version
}

/// One finding still to rectify, with its inspection: a line of the rectification list.
public struct RectificationItem: Sendable {
    public var summary: InspectionSummary
    public var finding: FindingState
}

/// Why the store refused an inspection step, in English and Chinese (409).
public struct InspectionRefusal: Error, Sendable {
    public let reason: Label
}

extension AppDatabase {
    // MARK: Templates (county registry)

    public func setInspectionTemplate(_ template: InspectionTemplate, expect: Expectation, actor: String) throws -> Stored<InspectionTemplate> {
        try template.validate()
        return try writeRegistry(InspectionTemplateTable.self, template, expect: expect, deleted: false, actor: actor)
    }

    public func inspectionTemplates(includeRetired: Bool) throws -> [Stored<InspectionTemplate>] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM inspection_template WHERE deleted = 0 AND (? OR retired = 0) ORDER BY title, id", arguments: [includeRetired])
                .map(InspectionTemplateTable.decode)
        }
    }

    public func inspectionTemplate(id: UUID) throws -> Stored<InspectionTemplate>? {
        try read { db in try InspectionTemplateTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    // MARK: Inspections

    public func planInspection(_ inspection: Inspection, actor: String) throws -> InspectionSummary {
        try inspection.validate()
        return try write { db in
            _ = try insertFact(InspectionTable.self, inspection, actor: actor, db)
            try InspectionFold.refresh(inspection.id, db)
            return try Self.inspectionSummary(inspection.id, db)!
        }
    }

    /// Appends a step; refused with the reason when the inspection's state cannot take it. A
    /// `credit` event (a rejection at the county) is written in the same transaction.
    public func appendInspectionEvent(_ event: InspectionEvent, credit: CreditEvent? = nil, actor: String) throws -> InspectionSummary {
        try write { db in
            guard let stored = try InspectionTable.fetch(event.inspectionId, db), let before = try InspectionFold.state(of: event.inspectionId, db) else {
                throw StoreError.notFound(.inspection, event.inspectionId)
            }
            var event = event
            event.home = stored.model.home
            event.version = try nextVersion(db)
            if let refusal = before.refusal(of: event) { throw InspectionRefusal(reason: refusal) }
            try event.validate()
            _ = try insertFact(InspectionEventTable.self, event, version: event.version, actor: actor, db)
            if let credit { _ = try recordCredit(credit.record(home: node, recordedBy: actor, nowMillis: clock.wallMillis), actor: actor, db) }
            try InspectionFold.refresh(event.inspectionId, db)
            return try Self.inspectionSummary(event.inspectionId, db)!
        }
    }

    public func inspection(id: UUID, in scope: Jurisdiction?) throws -> (summary: InspectionSummary, state: InspectionState)? {
        guard try isVisible(InspectionTable.table, id: id, to: scope) else { return nil }
        return try read { db in
            guard let summary = try Self.inspectionSummary(id, db), let state = try InspectionFold.state(of: id, db) else { return nil }
            return (summary, state)
        }
    }

    /// Inspections in a subtree, optionally of one status or organisation (`filter.equals`).
    public func inspections(_ filter: ListFilter) throws -> Page<InspectionSummary> {
        try read { db in
            try Self.page(InspectionTable.table, filter, nameColumn: nil, db, Self.inspectionSummary)
        }
    }

    /// Every finding in `scope` still to rectify, soonest deadline first.
    public func rectifications(scope: Jurisdiction?, within: DivisionCode?) throws -> [RectificationItem] {
        let (condition, arguments) = scope?.condition(table: InspectionTable.table) ?? ("1", [])
        return try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM inspection WHERE open_findings > 0 AND status IN ('inspecting', 'rectifying') AND home LIKE ? AND (\(condition))
                """, arguments: StatementArguments([(within?.rawValue ?? "") + "%"] + arguments))
            var items: [RectificationItem] = []
            for row in rows {
                let summary = try Self.inspectionSummary(row)
                guard let state = try InspectionFold.state(of: summary.inspection.id, db) else { continue }
                items += state.findings.filter { $0.state != .accepted }.map { RectificationItem(summary: summary, finding: $0) }
            }
            return items.sorted { ($0.finding.dueAtMillis, $0.finding.finding.id.canonicalString) < ($1.finding.dueAtMillis, $1.finding.finding.id.canonicalString) }
        }
    }

    static func inspectionSummary(_ id: UUID, _ db: Database) throws -> InspectionSummary? {
        try Row.fetchOne(db, sql: "SELECT * FROM inspection WHERE id = ?", arguments: [id.canonicalString]).map(inspectionSummary)
    }

    static func inspectionSummary(_ row: Row) throws -> InspectionSummary {
        let stored = try InspectionTable.decode(row)
        let stateVersion: Int64 = row["state_version"]
        return InspectionSummary(
            inspection: stored.model, status: try row.code("status", as: InspectionStatus.self), openFindings: row["open_findings"],
            nextDueMillis: row["next_due_millis"],
            version: Version(hlc: HLC(packed: max(stateVersion, stored.meta.version.hlc.packed)), origin: stored.meta.version.origin))
    }
}
