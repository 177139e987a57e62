import CareModel
import Foundation
import GRDB

/// The county's checklists: registry, the newest version wins.
enum InspectionTemplateTable: RecordTable {
    static let table = "inspection_template"
    static let columns = ["id", "home", "title", "target", "items", "retired", "version", "origin", "deleted"]

    static func values(_ t: InspectionTemplate, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            t.id.canonicalString, t.home.rawValue, t.title, t.target.rawValue, JSONColumn.encode(t.items), t.retired, meta.version.hlc.packed,
            meta.version.origin, meta.deleted,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<InspectionTemplate> {
        let template = InspectionTemplate(
            id: try row.uuid("id"), home: try row.division("home"), title: row["title"], target: try row.code("target", as: InspectionTarget.self),
            items: try JSONColumn.decode([ChecklistItem].self, row["items"], column: "items"), retired: row["retired"])
        return Stored(model: template, meta: RecordMeta(version: row.version(), deleted: row["deleted"]))
    }
}

/// Inspections: facts homed where they take place, whose status is the fold of their steps
/// (`InspectionFold` keeps the state columns current).
enum InspectionTable: RecordTable {
    static let table = "inspection"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: InspectionFold.self, id: model.id) }
    static let columns = [
        "id", "home", "target", "organisation_id", "template_id", "planned_on", "inspector", "planned_by", "planned_at_millis", "note",
        "version", "origin", "status", "open_findings", "next_due_millis", "state_version",
    ]

    static func values(_ i: Inspection, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            i.id.canonicalString, i.home.rawValue, i.target.rawValue, i.organisationId?.canonicalString, i.templateId.canonicalString, i.plannedOn,
            i.inspector, i.plannedBy, i.plannedAtMillis, i.note, meta.version.hlc.packed, meta.version.origin,
            InspectionStatus.planned.rawValue, 0, nil, meta.version.hlc.packed,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Inspection> {
        let inspection = Inspection(
            id: try row.uuid("id"), home: try row.division("home"), target: try row.code("target", as: InspectionTarget.self),
            organisationId: try row.optionalUUID("organisation_id"), templateId: try row.uuid("template_id"), plannedOn: row["planned_on"],
            inspector: row["inspector"], plannedBy: row["planned_by"], plannedAtMillis: row["planned_at_millis"], note: row["note"])
        return Stored(model: inspection, meta: RecordMeta(version: row.version()))
    }
}

/// An inspection's steps: facts homed with it, inserted once.
enum InspectionEventTable: RecordTable {
    static let table = "inspection_event"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: InspectionFold.self, id: model.inspectionId) }
    static let columns = [
        "id", "inspection_id", "home", "step", "finding_id", "item", "severity", "note", "photos", "due_at_millis", "actor", "at_millis",
        "version", "origin",
    ]

    static func values(_ e: InspectionEvent, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            e.id.canonicalString, e.inspectionId.canonicalString, e.home.rawValue, e.step.rawValue, e.findingId?.canonicalString, e.item, e.severity?.rawValue,
            e.note, JSONColumn.encode(e.photos), e.dueAtMillis, e.actor, e.atMillis, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<InspectionEvent> {
        let version = row.version()
        let severity: String? = row["severity"]
        let event = InspectionEvent(
            id: try row.uuid("id"), inspectionId: try row.uuid("inspection_id"), home: try row.division("home"),
            step: try row.code("step", as: InspectionStep.self), version: version, findingId: try row.optionalUUID("finding_id"),
            item: row["item"], severity: try severity.map { _ in try row.code("severity", as: FindingSeverity.self) }, note: row["note"],
            photos: try JSONColumn.decode([String].self, row["photos"], column: "photos"), dueAtMillis: row["due_at_millis"],
            actor: row["actor"], atMillis: row["at_millis"])
        return Stored(model: event, meta: RecordMeta(version: version))
    }
}

/// Keeps an inspection's state columns equal to the fold of its steps: its status, how many
/// findings are not yet accepted, and the earliest deadline of those still open.
enum InspectionFold {
    static func state(of id: UUID, _ db: Database) throws -> InspectionState? {
        guard try InspectionTable.fetch(id, db) != nil else { return nil }
        // Only steps homed with their inspection count (see SyncScope.dependentRefusal).
        let statement = try db.cachedStatement(sql: """
            SELECT e.* FROM inspection_event e JOIN inspection i ON i.id = e.inspection_id AND i.home = e.home
            WHERE e.inspection_id = ?
            """)
        let events = try Row.fetchAll(statement, arguments: [id.canonicalString]).map { try InspectionEventTable.decode($0).model }
        return InspectionState.fold(events)
    }

    @discardableResult
    static func refresh(_ id: UUID, _ db: Database) throws -> InspectionState? {
        guard let state = try state(of: id, db) else { return nil }
        let nextDue = state.findings.filter { $0.state == .open }.map(\.dueAtMillis).min()
        try db.execute(
            sql: "UPDATE inspection SET status = ?, open_findings = ?, next_due_millis = ?, state_version = max(version, ?) WHERE id = ?",
            arguments: [state.status.rawValue, state.openFindings, nextDue, state.applied.last?.version.hlc.packed ?? 0, id.canonicalString])
        return state
    }
}

extension InspectionFold: RecordFold {
    static func refold(_ id: UUID, _ db: Database) throws { _ = try refresh(id, db) }
}
