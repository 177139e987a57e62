import CareModel
import Foundation
import GRDB

/// An alert with its folded state.
public struct AlertSummary: Sendable {
    public var alert: Alert
    public var status: AlertStatus
    public var count: Int
    public var lastSeenMillis: Int64
    public var escalatedTo: NodeRole?
    /// Grows with every change of the alert or its state: the SSE stream's position.
    public var stateVersion: Int64
}

extension AppDatabase {
    /// An operator's step on an alert: refused (409) when the status does not allow it.
    public func appendAlertEvent(_ event: AlertEvent, actor: String) throws -> AlertSummary {
        try write { db in
            guard let alert = try AlertTable.fetch(event.alertId, db) else { throw StoreError.notFound(.alert, event.alertId) }
            let state = try AlertFold.state(of: event.alertId, raisedAtMillis: alert.model.raisedAtMillis, db)
            guard event.step.allowedFrom.contains(state.status) else {
                let next = AlertStep.allowed(from: state.status).map(\.rawValue).joined(separator: ", ")
                throw StoreError.conflict("cannot \(event.step.rawValue) an alert that is \(state.status.rawValue); allowed next: \(next.isEmpty ? "none" : next)")
            }
            var event = event
            event.home = alert.model.home
            event.version = try nextVersion(db)
            _ = try insertFact(AlertEventTable.self, event, version: event.version, actor: actor, db)
            try AlertFold.refresh(event.alertId, db)
            return try Self.alertSummary(event.alertId, db)!
        }
    }

    public func alert(id: UUID) throws -> (summary: AlertSummary, state: AlertState)? {
        try read { db in
            guard let summary = try Self.alertSummary(id, db) else { return nil }
            return (summary, try AlertFold.state(of: id, raisedAtMillis: summary.alert.raisedAtMillis, db))
        }
    }

    public func alerts(_ filter: ListFilter) throws -> Page<AlertSummary> {
        try read { db in
            try Self.page(AlertTable.table, filter, nameColumn: nil, db, Self.alertSummary)
        }
    }

    /// Alerts whose record or state changed after `stateVersion`, oldest change first.
    public func alertsChanged(after stateVersion: Int64, limit: Int, in scope: Jurisdiction? = nil) throws -> [AlertSummary] {
        let (condition, arguments) = scope?.condition(table: AlertTable.table) ?? ("1", [])
        return try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM alert WHERE state_version > ? AND (\(condition)) ORDER BY state_version LIMIT ?",
                arguments: StatementArguments([stateVersion] + arguments + [limit])
            ).map(Self.alertSummary)
        }
    }

    public func latestAlertStateVersion() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(state_version) FROM alert") ?? 0 }
    }

    static func alertSummary(_ id: UUID, _ db: Database) throws -> AlertSummary? {
        try Row.fetchOne(db, sql: "SELECT * FROM alert WHERE id = ?", arguments: [id.canonicalString]).map(alertSummary)
    }

    static func alertSummary(_ row: Row) throws -> AlertSummary {
        let tier: String? = row["escalated_to"]
        return AlertSummary(
            alert: try AlertTable.decode(row).model, status: try row.code("status", as: AlertStatus.self), count: row["count"],
            lastSeenMillis: row["last_seen_millis"], escalatedTo: tier.flatMap(NodeRole.init(rawValue:)), stateVersion: row["state_version"])
    }

    // MARK: Timed rules

    /// Escalates unacknowledged critical alerts that have waited too long, as far as this
    /// node may take them: a station hands them to its street, a street to the county, and a
    /// street or county escalates from what it holds when the station below is offline.
    @discardableResult
    public func escalateAlerts(nowMillis: Int64) throws -> Int {
        let reach: NodeRole = node.role == .community ? .street : .county
        return try write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, raised_at_millis, escalated_to FROM alert
                WHERE severity = 'critical' AND status = 'raised' AND raised_at_millis <= ?
                """, arguments: [nowMillis - 5 * 60_000])
            var escalated = 0
            for row in rows {
                guard let id = UUID(uuidString: row["id"]) else { continue }
                let current = (row["escalated_to"] as String?).flatMap(NodeRole.init(rawValue:))
                guard let due = AlertState.escalationDue(severity: .critical, status: .raised, raisedAtMillis: row["raised_at_millis"], nowMillis: nowMillis)
                else { continue }
                let target = due.rank <= reach.rank ? due : reach
                if let current, current.rank >= target.rank { continue }
                if node.role == .county && target != .county { continue }
                guard let alert = try AlertTable.fetch(id, db) else { continue }
                let event = AlertEvent(
                    alertId: id, home: alert.model.home, step: .escalate, version: try nextVersion(db), actor: "escalation@\(node)",
                    note: "unacknowledged for \((nowMillis - alert.model.raisedAtMillis) / 60_000) min", tier: target)
                _ = try insertFact(AlertEventTable.self, event, version: event.version, actor: "escalation", db)
                try AlertFold.refresh(id, db)
                escalated += 1
            }
            return escalated
        }
    }

    /// The rules that fire on time passing rather than on a report: out of bed at night too
    /// long, and elders living alone with no activity for a day. Also drops raw readings past
    /// their retention. Returns the alerts raised.
    @discardableResult
    public func runTimedRules(nowMillis: Int64, retentionDays: Int = 180) throws -> [UUID] {
        try write { db in
            var outcome = IngestOutcome()
            let outOfBed = try Row.fetchAll(db, sql: """
                SELECT serial, elder_id, out_of_bed_since FROM device_activity WHERE out_of_bed_since <= ?
                """, arguments: [nowMillis - AlertRules.outOfBedMillis])
            for row in outOfBed {
                try db.execute(sql: "UPDATE device_activity SET out_of_bed_since = NULL WHERE serial = ?", arguments: [row["serial"] as String])
                guard let elder = try UUID(uuidString: row["elder_id"]).flatMap({ try ElderTable.fetch($0, db)?.model }) else { continue }
                let since: Int64 = row["out_of_bed_since"]
                try raise(AlertRules.outOfBedTooLong(minutes: (nowMillis - since) / 60_000), elder: elder, serial: row["serial"], at: nowMillis, now: nowMillis, &outcome, db)
            }
            let quiet = try Row.fetchAll(db, sql: """
                SELECT a.elder_id, max(a.last_seen_millis) AS seen, min(a.serial) AS serial FROM device_activity a
                JOIN elder e ON e.id = a.elder_id WHERE e.living_situation = 'alone' AND e.deleted = 0
                GROUP BY a.elder_id HAVING seen <= ?
                """, arguments: [nowMillis - AlertRules.inactivityMillis])
            for row in quiet {
                let seen: Int64 = row["seen"]
                // One alert per quiet spell: once raised (and perhaps resolved), wait for activity.
                let alreadyRaised = try Bool.fetchOne(db, sql: """
                    SELECT EXISTS (SELECT 1 FROM alert WHERE elder_id = ? AND condition = 'inactive' AND raised_at_millis >= ?)
                    """, arguments: [row["elder_id"] as String, seen]) ?? false
                if alreadyRaised { continue }
                guard let elder = try UUID(uuidString: row["elder_id"]).flatMap({ try ElderTable.fetch($0, db)?.model }) else { continue }
                try raise(AlertRules.inactive(hours: (nowMillis - seen) / 3_600_000), elder: elder, serial: row["serial"], at: nowMillis, now: nowMillis, &outcome, db)
            }
            try db.execute(sql: "DELETE FROM reading WHERE at_millis < ?", arguments: [nowMillis - Int64(retentionDays) * 86_400_000])
            return outcome.raised
        }
    }

    // MARK: Health data

    public func vitals(elderId: UUID, measure: Measure?, fromDay: String, toDay: String) throws -> [VitalsSummary] {
        try read { db in
            // A duplicate record merged into this elder brings its summaries along.
            var sql = """
                SELECT * FROM vitals_summary WHERE elder_id IN (SELECT id FROM elder WHERE id = ? OR merged_into = ?)
                AND day >= ? AND day <= ?
                """
            var arguments: [any DatabaseValueConvertible] = [elderId.canonicalString, elderId.canonicalString, fromDay, toDay]
            if let measure {
                sql += " AND measure = ?"
                arguments.append(measure.rawValue)
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY measure, day", arguments: StatementArguments(arguments))
                .map { try VitalsSummaryTable.decode($0).model }
        }
    }

    /// Queues texts for the SMS gateway, which sends them and sets `sent_at`.
    public func queueSMS(_ messages: [(phone: String, text: String)], alertId: UUID) throws {
        try write { db in
            for message in messages {
                try db.execute(
                    sql: "INSERT INTO sms_outbox (phone, text, alert_id, queued_at) VALUES (?, ?, ?, ?)",
                    arguments: [message.phone, message.text, alertId.canonicalString, clock.wallMillis])
            }
        }
    }

    public func smsQueued(alertId: UUID) throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sms_outbox WHERE alert_id = ?)", arguments: [alertId.canonicalString]) ?? false }
    }

    /// How far a notification sink has got in the alert changes (a `state_version`).
    public func notificationPosition(sink: String) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT value FROM node_state WHERE key = ?", arguments: ["notify." + sink]) }
    }

    public func saveNotificationPosition(_ position: Int64, sink: String) throws {
        try write { db in
            try db.execute(
                sql: "INSERT INTO node_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: ["notify." + sink, position])
        }
    }

    public func smsOutbox() throws -> [(phone: String, text: String)] {
        try read { db in try Row.fetchAll(db, sql: "SELECT phone, text FROM sms_outbox ORDER BY id").map { ($0["phone"], $0["text"]) } }
    }
}

/// Alerts of one condition raised in a period: how many, and how many of them critical.
public struct AlertConditionCount: Sendable, Codable, Equatable {
    public var condition: String
    public var count: Int
    public var critical: Int

    public init(condition: String, count: Int, critical: Int) {
        self.condition = condition
        self.count = count
        self.critical = critical
    }
}

extension AppDatabase {
    /// Alerts raised in `[from, to)` within `within` and the account's jurisdiction, counted by
    /// condition, the most frequent first. Whole days and months come from the kept counts
    /// (`AlertCountSummary`) when every division asked for is a street or the county and the
    /// account sees alerts by division; the rest from the alerts themselves (v27's
    /// `alert_raised` index reads a period alone). `summary: false` reads everything from the
    /// alerts, which the kept counts must always equal.
    public func alertCounts(within: DivisionCode, scope: Jurisdiction?, from: Int64, to: Int64, summary: Bool = true) throws -> [AlertConditionCount] {
        let divisions = [within] + (scope.map { [$0.division] } ?? [])
        let kept = summary && scope?.isByOrder != true && divisions.allSatisfy { $0.role != .community }
        // Not hourly: the counts have no hour table.
        let plan = kept ? QualitySummary.plan(from: from, to: to, now: clock.wallMillis) : QualitySummary.Plan(raw: from < to ? [from..<to] : [])
        return try read { db in
            var counts: [String: (raised: Int, critical: Int)] = [:]
            func add(_ part: [String: (raised: Int, critical: Int)], _ sign: Int) {
                for (condition, n) in part {
                    let old = counts[condition] ?? (0, 0)
                    counts[condition] = (old.raised + sign * n.raised, old.critical + sign * n.critical)
                }
            }
            try plan.forEachPart(
                raw: { range, sign in add(try Self.alertCounts(within: within, scope: scope, from: range.lowerBound, to: range.upperBound, db), sign) },
                summed: { period, range, sign in add(try AlertCountSummary.summed(period, range.lowerBound, range.upperBound, within: divisions, db), sign) })
            return counts.filter { $0.value.raised != 0 }
                .map { AlertConditionCount(condition: $0.key, count: $0.value.raised, critical: $0.value.critical) }
                .sorted { ($0.count, $1.condition) > ($1.count, $0.condition) }
        }
    }

    /// The alerts raised in `[from, to)` counted from the records.
    private static func alertCounts(within: DivisionCode, scope: Jurisdiction?, from: Int64, to: Int64, _ db: Database) throws -> [String: (raised: Int, critical: Int)] {
        let (condition, arguments) = scope?.condition(table: AlertTable.table) ?? ("1", [])
        var counts: [String: (raised: Int, critical: Int)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT condition, count(*) AS n, sum(severity = '\(AlertSeverity.critical.rawValue)') AS critical FROM alert
            WHERE raised_at_millis >= ? AND raised_at_millis < ? AND home LIKE ? AND (\(condition))
            GROUP BY condition
            """, arguments: StatementArguments([from, to, within.rawValue + "%"] + arguments)) {
            counts[row["condition"]] = (row["n"], row["critical"])
        }
        return counts
    }
}
