import CareModel
import Foundation
import GRDB

/// A window case: a fact homed with its elder, whose status is the fold of its steps.
enum WindowCaseTable: ElderDependentTable {
    static let table = "window_case"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: CaseFold.self, id: model.id) }
    static let columns = [
        "id", "home", "elder_id", "kind", "channel", "summary", "documents", "complaint_id", "taken_at", "taken_by",
        "received_at_millis", "due_at_millis", "version", "origin", "status", "state_version",
    ]

    /// A new case starts received; `CaseFold.refresh` keeps the state columns current.
    static func values(_ c: WindowCase, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            c.id.canonicalString, c.home.rawValue, c.elderId.canonicalString, c.kind.rawValue, c.channel.rawValue, c.summary,
            JSONColumn.encode(c.documents), c.complaintId?.canonicalString, c.takenAt.rawValue, c.takenBy, c.receivedAtMillis,
            c.dueAtMillis, meta.version.hlc.packed, meta.version.origin, CaseStatus.received.rawValue, meta.version.hlc.packed,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<WindowCase> {
        let windowCase = WindowCase(
            id: try row.uuid("id"), home: try row.division("home"), elderId: try row.uuid("elder_id"),
            kind: try row.code("kind", as: CaseKind.self), channel: try row.code("channel", as: IntakeChannel.self),
            summary: row["summary"], documents: try JSONColumn.decode([String].self, row["documents"], column: "documents"),
            complaintId: try row.optionalUUID("complaint_id"), takenAt: try row.division("taken_at"), takenBy: row["taken_by"],
            receivedAtMillis: row["received_at_millis"], dueAtMillis: row["due_at_millis"])
        return Stored(model: windowCase, meta: RecordMeta(version: row.version()))
    }

    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        try insertOnceFollowingElder(change, context, db)
    }

    static func rehomed(_ model: WindowCase, to home: DivisionCode) -> WindowCase {
        var model = model
        model.home = home
        return model
    }

    /// Written again with the new home (which resets the state columns), then refolded.
    static func rehome(_ current: Stored<WindowCase>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        try database.rehomeFact(Self.self, current, to: home, actor: actor, db)
        try CaseFold.refresh(current.model.id, db)
    }
}

enum CaseEventTable: ElderDependentTable {
    static let table = "case_event"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: CaseFold.self, id: model.caseId) }
    static let columns = ["id", "case_id", "elder_id", "home", "step", "actor", "note", "order_id", "version", "origin"]

    static func values(_ e: CaseEvent, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            e.id.canonicalString, e.caseId.canonicalString, e.elderId.canonicalString, e.home.rawValue, e.step.rawValue, e.actor, e.note,
            e.orderId?.canonicalString, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<CaseEvent> {
        let version = row.version()
        let event = CaseEvent(
            id: try row.uuid("id"), caseId: try row.uuid("case_id"), elderId: try row.uuid("elder_id"), home: try row.division("home"),
            step: try row.code("step", as: CaseStep.self), version: version, actor: row["actor"], note: row["note"],
            orderId: try row.optionalUUID("order_id"))
        return Stored(model: event, meta: RecordMeta(version: version))
    }

    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        try insertOnceFollowingElder(change, context, db)
    }

    /// The same step, whatever version it carries (a moved step carries its move's).
    static func sameFact(_ a: CaseEvent, _ b: CaseEvent) -> Bool {
        var a = a
        a.version = b.version
        return a == b
    }

    static func rehomed(_ model: CaseEvent, to home: DivisionCode) -> CaseEvent {
        var model = model
        model.home = home
        return model
    }

    /// A step's version is its place in the fold, and a move gives it a new one: the steps are
    /// moved in their fold order (`AppDatabase.rehomeDependents` reads them by version), so the
    /// new versions keep that order and the fold gives the same state after the move.
    static func rehome(_ current: Stored<CaseEvent>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        try database.rehomeFact(Self.self, current, to: home, actor: actor, db)
        try CaseFold.refresh(current.model.caseId, db)
    }
}

/// Keeps a case's status equal to the fold of its steps.
enum CaseFold {
    static func state(of caseId: UUID, _ db: Database) throws -> CaseState? {
        guard let kind = try String.fetchOne(db, sql: "SELECT kind FROM window_case WHERE id = ?", arguments: [caseId.canonicalString])
            .flatMap(CaseKind.init(rawValue:))
        else { return nil }
        // Only steps homed with their case count (see SyncScope.dependentRefusal).
        let statement = try db.cachedStatement(sql: """
            SELECT e.* FROM case_event e JOIN window_case c ON c.id = e.case_id AND c.home = e.home
            WHERE e.case_id = ?
            """)
        let events = try Row.fetchAll(statement, arguments: [caseId.canonicalString]).map { try CaseEventTable.decode($0).model }
        return CaseState.fold(events, kind: kind)
    }

    @discardableResult
    static func refresh(_ caseId: UUID, _ db: Database) throws -> CaseState? {
        guard let state = try state(of: caseId, db) else { return nil }
        try db.execute(
            sql: "UPDATE window_case SET status = ?, state_version = max(version, ?) WHERE id = ?",
            arguments: [state.status.rawValue, state.applied.last?.version.hlc.packed ?? 0, caseId.canonicalString])
        return state
    }
}

extension CaseFold: RecordFold {
    static func refold(_ id: UUID, _ db: Database) throws { _ = try refresh(id, db) }
}
