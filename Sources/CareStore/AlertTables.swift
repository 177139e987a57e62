import CareModel
import Foundation
import GRDB

enum AlertTable: RecordTable {
    static let table = "alert"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: AlertFold.self, id: model.id) }
    static let columns = [
        "id", "home", "elder_id", "device_serial", "condition", "measure", "value", "severity", "message", "message_zh",
        "place", "raised_at_millis", "version", "origin", "status", "count", "last_seen_millis", "state_version",
    ]

    /// A new alert starts raised; `AlertFold.refresh` keeps the state columns current.
    static func values(_ a: Alert, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            a.id.canonicalString, a.home.rawValue, a.elderId.canonicalString, a.deviceSerial, a.condition, a.measure, a.value,
            a.severity.rawValue, a.message, a.messageZh, a.place, a.raisedAtMillis, meta.version.hlc.packed, meta.version.origin,
            AlertStatus.raised.rawValue, 1, a.raisedAtMillis, meta.version.hlc.packed,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Alert> {
        let alert = Alert(
            id: try row.uuid("id"), home: try row.division("home"), elderId: try row.uuid("elder_id"),
            deviceSerial: row["device_serial"], condition: row["condition"], measure: row["measure"], value: row["value"],
            severity: try row.code("severity", as: AlertSeverity.self), message: row["message"], messageZh: row["message_zh"],
            place: row["place"], raisedAtMillis: row["raised_at_millis"])
        return Stored(model: alert, meta: RecordMeta(version: row.version()))
    }
}

enum AlertEventTable: RecordTable {
    static let table = "alert_event"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: AlertFold.self, id: model.alertId) }
    static let columns = ["id", "alert_id", "home", "step", "actor", "note", "action", "order_id", "tier", "at_millis", "version", "origin"]

    static func values(_ e: AlertEvent, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            e.id.canonicalString, e.alertId.canonicalString, e.home.rawValue, e.step.rawValue, e.actor, e.note, e.action?.rawValue,
            e.orderId?.canonicalString, e.tier?.rawValue, e.atMillis, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<AlertEvent> {
        let version = row.version()
        let action: String? = row["action"]
        let tier: String? = row["tier"]
        let event = AlertEvent(
            id: try row.uuid("id"), alertId: try row.uuid("alert_id"), home: try row.division("home"),
            step: try row.code("step", as: AlertStep.self), version: version, actor: row["actor"], note: row["note"],
            action: action.flatMap(AlertAction.init(rawValue:)), orderId: try row.optionalUUID("order_id"),
            tier: tier.flatMap(NodeRole.init(rawValue:)), atMillis: row["at_millis"])
        return Stored(model: event, meta: RecordMeta(version: version))
    }
}

enum VitalsSummaryTable: RecordTable {
    static let table = "vitals_summary"
    static let columns = ["id", "home", "elder_id", "measure", "day", "count", "minimum", "maximum", "mean", "abnormal", "version", "origin"]

    static func values(_ s: VitalsSummary, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            s.id.canonicalString, s.home.rawValue, s.elderId.canonicalString, s.measure.rawValue, s.day, s.count, s.minimum, s.maximum,
            s.mean, s.abnormal, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<VitalsSummary> {
        let summary = VitalsSummary(
            home: try row.division("home"), elderId: try row.uuid("elder_id"), measure: try row.code("measure", as: Measure.self),
            day: row["day"], count: row["count"], minimum: row["minimum"], maximum: row["maximum"], mean: row["mean"],
            abnormal: row["abnormal"])
        return Stored(model: summary, meta: RecordMeta(version: row.version()))
    }
}

/// Keeps an alert's state columns equal to the fold of its events.
enum AlertFold {
    static func state(of alertId: UUID, raisedAtMillis: Int64, _ db: Database) throws -> AlertState {
        // Only events homed with their alert count (see SyncScope.dependentRefusal).
        let statement = try db.cachedStatement(sql: """
            SELECT e.* FROM alert_event e JOIN alert a ON a.id = e.alert_id AND a.home = e.home WHERE e.alert_id = ?
            """)
        let events = try Row.fetchAll(statement, arguments: [alertId.canonicalString]).map { try AlertEventTable.decode($0).model }
        return AlertState.fold(events, raisedAtMillis: raisedAtMillis)
    }

    @discardableResult
    static func refresh(_ alertId: UUID, _ db: Database) throws -> AlertState? {
        guard let raised = try Int64.fetchOne(db, sql: "SELECT raised_at_millis FROM alert WHERE id = ?", arguments: [alertId.canonicalString])
        else { return nil }
        let state = try state(of: alertId, raisedAtMillis: raised, db)
        // state_version only grows, so a console following the stream sees every change once.
        try db.execute(sql: """
            UPDATE alert SET status = ?, count = ?, last_seen_millis = ?, escalated_to = ?,
              state_version = max(state_version, ?, version) WHERE id = ?
            """, arguments: [
                state.status.rawValue, state.count, state.lastSeenMillis ?? raised, state.escalatedTo?.rawValue,
                state.applied.map(\.version.hlc.packed).max() ?? 0, alertId.canonicalString,
            ])
        return state
    }
}

extension AlertFold: RecordFold {
    static func refold(_ id: UUID, _ db: Database) throws { _ = try refresh(id, db) }
}
