import CareModel
import Foundation
import GRDB

/// The call center's records. A call that concerns an elder lives with the elder and moves
/// with it, as the elder's profile fields do: the move is an edit of its `home` field.
enum CallRecordTable: ElderDependentTable {
    static let table = "call_record"
    static let columns = [
        "id", "home", "direction", "number", "number_key", "device_serial", "started_at_millis", "taken_at", "agent",
        "elder_id", "matched_by", "purpose", "outcome", "duration_seconds", "completed_at_millis", "note",
        "order_id", "alert_id", "complaint_id", "callback_of", "recording",
        "version", "origin", "deleted", "stamps",
    ]

    static func values(_ c: CallRecord, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            c.id.canonicalString, c.home.rawValue, c.direction.rawValue, c.number, c.number.map(PhoneKey.of), c.deviceSerial,
            c.startedAtMillis, c.takenAt.rawValue, c.agent, c.elderId?.canonicalString, c.matchedBy?.rawValue, c.purpose?.rawValue,
            c.outcome?.rawValue, c.durationSeconds, c.completedAtMillis, c.note, c.orderId?.canonicalString, c.alertId?.canonicalString,
            c.complaintId?.canonicalString, c.callbackOf?.canonicalString, c.recording,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<CallRecord> {
        func code<T: CodeTable>(_ column: String, _ type: T.Type) throws -> T? {
            (row[column] as String?) == nil ? nil : try row.code(column, as: type)
        }
        let call = CallRecord(
            id: try row.uuid("id"), home: try row.division("home"), direction: try row.code("direction", as: CallDirection.self),
            number: row["number"], deviceSerial: row["device_serial"], startedAtMillis: row["started_at_millis"],
            takenAt: try row.division("taken_at"), agent: row["agent"], elderId: try row.optionalUUID("elder_id"),
            matchedBy: try code("matched_by", CallMatch.self), purpose: try code("purpose", CallPurpose.self),
            outcome: try code("outcome", CallOutcome.self), durationSeconds: row["duration_seconds"],
            completedAtMillis: row["completed_at_millis"], note: row["note"], orderId: try row.optionalUUID("order_id"),
            alertId: try row.optionalUUID("alert_id"), complaintId: try row.optionalUUID("complaint_id"),
            callbackOf: try row.optionalUUID("callback_of"), recording: row["recording"])
        return Stored(model: call, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }

    static func rehomed(_ model: CallRecord, to home: DivisionCode) -> CallRecord {
        var model = model
        model.home = home
        return model
    }

    /// A profile: the move is an edit of its `home` field, merged like any other field.
    static func rehome(_ current: Stored<CallRecord>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        guard !current.meta.deleted else { return }
        _ = try database.writeProfile(Self.self, rehomed(current.model, to: home), expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
    }
}
