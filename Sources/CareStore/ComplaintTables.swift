import CareModel
import Foundation
import GRDB

enum ComplaintTable: RecordTable {
    static let table = "complaint"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: ComplaintFold.self, id: model.id) }
    static let columns = [
        "id", "home", "order_id", "organisation_id", "complainant", "channel", "description", "taken_at", "taken_by",
        "received_at_millis", "version", "origin", "status", "due_at_millis", "state_version",
    ]

    /// A new complaint starts received; `ComplaintFold.refresh` keeps the state columns current.
    static func values(_ c: Complaint, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            c.id.canonicalString, c.home.rawValue, c.orderId?.canonicalString, c.organisationId?.canonicalString, c.complainant,
            c.channel.rawValue, c.description, c.takenAt.rawValue, c.takenBy, c.receivedAtMillis,
            meta.version.hlc.packed, meta.version.origin, ComplaintStatus.received.rawValue,
            ComplaintState().dueAtMillis(receivedAtMillis: c.receivedAtMillis), meta.version.hlc.packed,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Complaint> {
        let complaint = Complaint(
            id: try row.uuid("id"), home: try row.division("home"), orderId: try row.optionalUUID("order_id"),
            organisationId: try row.optionalUUID("organisation_id"), complainant: row["complainant"],
            channel: try row.code("channel", as: IntakeChannel.self), description: row["description"],
            takenAt: try row.division("taken_at"), takenBy: row["taken_by"], receivedAtMillis: row["received_at_millis"])
        return Stored(model: complaint, meta: RecordMeta(version: row.version()))
    }
}

enum ComplaintEventTable: RecordTable {
    static let table = "complaint_event"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: ComplaintFold.self, id: model.complaintId) }
    static let columns = ["id", "complaint_id", "home", "step", "actor", "note", "version", "origin"]

    static func values(_ e: ComplaintEvent, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            e.id.canonicalString, e.complaintId.canonicalString, e.home.rawValue, e.step.rawValue, e.actor, e.note,
            meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<ComplaintEvent> {
        let version = row.version()
        let event = ComplaintEvent(
            id: try row.uuid("id"), complaintId: try row.uuid("complaint_id"), home: try row.division("home"),
            step: try row.code("step", as: ComplaintStep.self), version: version, actor: row["actor"], note: row["note"])
        return Stored(model: event, meta: RecordMeta(version: version))
    }
}

/// Keeps a complaint's status and deadline equal to the fold of its events.
enum ComplaintFold {
    static func state(of complaintId: UUID, _ db: Database) throws -> ComplaintState {
        // Only events homed with their complaint count (see SyncScope.dependentRefusal).
        let statement = try db.cachedStatement(sql: """
            SELECT e.* FROM complaint_event e JOIN complaint c ON c.id = e.complaint_id AND c.home = e.home
            WHERE e.complaint_id = ?
            """)
        let events = try Row.fetchAll(statement, arguments: [complaintId.canonicalString]).map { try ComplaintEventTable.decode($0).model }
        return ComplaintState.fold(events)
    }

    @discardableResult
    static func refresh(_ complaintId: UUID, _ db: Database) throws -> ComplaintState {
        let state = try state(of: complaintId, db)
        guard let received = try Int64.fetchOne(
            db, sql: "SELECT received_at_millis FROM complaint WHERE id = ?", arguments: [complaintId.canonicalString])
        else { return state }
        try db.execute(
            sql: "UPDATE complaint SET status = ?, due_at_millis = ?, state_version = max(version, ?) WHERE id = ?",
            arguments: [
                state.status.rawValue, state.dueAtMillis(receivedAtMillis: received),
                state.applied.last?.version.hlc.packed ?? 0, complaintId.canonicalString,
            ])
        return state
    }
}

extension ComplaintFold: RecordFold {
    static func refold(_ id: UUID, _ db: Database) throws { _ = try refresh(id, db) }
}
