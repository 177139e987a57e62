import CareModel
import Crypto
import Foundation
import GRDB

/// What one device report did.
public struct IngestOutcome: Sendable, Equatable {
    public var readings = 0
    public var signals = 0
    /// Alerts raised by this report, and open alerts it repeated.
    public var raised: [UUID] = []
    public var repeated: [UUID] = []
    public var maintenanceNotices = 0
}

extension AppDatabase {
    // MARK: Device credentials

    /// Issues a new token for a device (replacing any earlier one); only its hash is kept.
    public func issueDeviceToken(serial: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO device_credential (serial, token_hash, issued_at) VALUES (?, ?, ?)",
                arguments: [serial, Self.sha256(Data(token.utf8)), clock.wallMillis])
        }
        return token
    }

    /// Whether `token` is the device's current token (compared as hashes, in constant time).
    public func verifyDeviceToken(serial: String, token: String) throws -> Bool {
        guard let stored = try read({ db in
            try String.fetchOne(db, sql: "SELECT token_hash FROM device_credential WHERE serial = ?", arguments: [serial])
        }) else { return false }
        let given = Self.sha256(Data(token.utf8))
        return given.utf8.count == stored.utf8.count && zip(given.utf8, stored.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The live device with this serial, and the elder it is assigned to.
    public func deviceAssignment(serial: String) throws -> (device: Device, elder: Elder?)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM device WHERE serial = ? AND deleted = 0", arguments: [serial]) else { return nil }
            let device = try DeviceTable.decode(row).model
            let elder = try device.elderId.flatMap { try ElderTable.fetch($0, db) }.flatMap { $0.meta.deleted ? nil : $0.model }
            return (device, elder)
        }
    }

    /// Counts a refused report by reason; nothing of the report is stored.
    public func countIngestRejection(_ reason: String) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO ingest_rejection (reason, count, last_at) VALUES (?, 1, ?)
                ON CONFLICT(reason) DO UPDATE SET count = count + 1, last_at = excluded.last_at
                """, arguments: [reason, clock.wallMillis])
        }
    }

    public func ingestRejections() throws -> [String: Int] {
        try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT reason, count FROM ingest_rejection").map { ($0["reason"], $0["count"]) })
        }
    }

    // MARK: Ingest

    /// Stores a device's report and acts on it, in one transaction: raw readings (local),
    /// the day's summaries (replicated, one change per measure and day per report), alerts
    /// raised or repeats folded into the open one, and maintenance notices.
    ///
    /// Readings are judged against the elder's effective thresholds (`ThresholdPrecedence`:
    /// the elder's override, else the county's default for the elder's active chronic
    /// conditions, else the county's general default, else `AlertRules.defaults`), looked up
    /// once for the whole report.
    public func ingest(_ report: DeviceReport, device: Device, elder: Elder, nowMillis: Int64) throws -> IngestOutcome {
        try write { db in
            var outcome = IngestOutcome()
            var summaries: [String: VitalsSummary] = [:]
            let thresholds = report.readings.isEmpty ? [:] : try Self.alertOverrides(elderId: elder.id, node: node, db)
            for reading in report.readings {
                try db.cachedStatement(sql: "INSERT INTO reading (elder_id, device_serial, measure, value, at_millis) VALUES (?, ?, ?, ?, ?)")
                    .execute(arguments: [elder.id.canonicalString, device.serial, reading.measure.rawValue, reading.value, reading.atMillis])
                let condition = AlertRules.evaluate(reading, overrides: thresholds)
                let day = VitalsSummary.day(reading.atMillis)
                let key = reading.measure.rawValue + day
                let current = try summaries[key] ?? VitalsSummaryTable.fetch(
                    VitalsSummary.id(elderId: elder.id, measure: reading.measure, day: day), db)?.model
                summaries[key] = current?.adding(reading.value, abnormal: condition != nil) ?? VitalsSummary(
                    home: elder.home, elderId: elder.id, measure: reading.measure, day: day, count: 1,
                    minimum: reading.value, maximum: reading.value, mean: reading.value, abnormal: condition == nil ? 0 : 1)
                if let condition { try raise(condition, elder: elder, serial: device.serial, at: reading.atMillis, now: nowMillis, &outcome, db) }
                outcome.readings += 1
            }
            for summary in summaries.values.sorted(by: { $0.id.canonicalString < $1.id.canonicalString }) {
                let stored = Stored(model: summary, meta: RecordMeta(version: try nextVersion(db)))
                try VitalsSummaryTable.save(summary, stored.meta, db)
                try ChangeLog.append(VitalsSummaryTable.envelope(stored), source: nil, db)
            }
            for signal in report.signals {
                try signalSeen(signal, device: device, elder: elder, now: nowMillis, &outcome, db)
                outcome.signals += 1
            }
            let last = (report.readings.map(\.atMillis) + report.signals.filter { $0.signal != .offline }.map(\.atMillis)).max()
            if let last {
                try db.execute(sql: """
                    INSERT INTO device_activity (serial, elder_id, last_seen_millis) VALUES (?, ?, ?)
                    ON CONFLICT(serial) DO UPDATE SET elder_id = excluded.elder_id, last_seen_millis = max(last_seen_millis, excluded.last_seen_millis)
                    """, arguments: [device.serial, elder.id.canonicalString, last])
            }
            return outcome
        }
    }

    private func signalSeen(_ signal: SignalReport, device: Device, elder: Elder, now: Int64, _ outcome: inout IngestOutcome, _ db: Database) throws {
        switch signal.signal {
        case .lowBattery, .offline:
            try db.execute(
                sql: "INSERT INTO maintenance_notice (device_serial, signal, at_millis) VALUES (?, ?, ?)",
                arguments: [device.serial, signal.signal.rawValue, signal.atMillis])
            outcome.maintenanceNotices += 1
        case .outOfBed where AlertRules.isNight(signal.atMillis):
            try db.execute(sql: """
                INSERT INTO device_activity (serial, elder_id, last_seen_millis, out_of_bed_since) VALUES (?, ?, ?, ?)
                ON CONFLICT(serial) DO UPDATE SET out_of_bed_since = coalesce(out_of_bed_since, excluded.out_of_bed_since)
                """, arguments: [device.serial, elder.id.canonicalString, signal.atMillis, signal.atMillis])
        case .backInBed:
            try db.execute(sql: "UPDATE device_activity SET out_of_bed_since = NULL WHERE serial = ?", arguments: [device.serial])
        default:
            if let condition = AlertRules.evaluate(signal, home: elder.address.location) {
                try raise(condition, elder: elder, serial: device.serial, at: signal.atMillis, now: now, &outcome, db)
            }
        }
    }

    /// Raises an alert, or folds the condition into the elder's open alert for it when that
    /// was last seen within the repeat window.
    func raise(_ condition: AlertCondition, elder: Elder, serial: String, at: Int64, now: Int64, _ outcome: inout IngestOutcome, _ db: Database) throws {
        let open = try Row.fetchOne(db, sql: """
            SELECT id, last_seen_millis FROM alert WHERE elder_id = ? AND condition = ? AND status IN \(SQLList.codes(AlertStatus.open))
            ORDER BY last_seen_millis DESC LIMIT 1
            """, arguments: [elder.id.canonicalString, condition.key])
        if let open, let id = UUID(uuidString: open["id"]) {
            let lastSeen: Int64 = open["last_seen_millis"]
            if at - lastSeen <= AlertRules.repeatWindowMillis {
                let event = AlertEvent(alertId: id, home: elder.home, step: .repeated, version: try nextVersion(db), actor: "device:\(serial)", atMillis: max(at, lastSeen))
                _ = try insertFact(AlertEventTable.self, event, version: event.version, actor: "device:\(serial)", db)
                try AlertFold.refresh(id, db)
                outcome.repeated.append(id)
                return
            }
        }
        let alert = Alert(home: elder.home, elderId: elder.id, deviceSerial: serial, condition: condition, place: elder.address.text, raisedAtMillis: now)
        _ = try insertFact(AlertTable.self, alert, actor: "device:\(serial)", db)
        if condition.key == DeviceSignal.call.rawValue { try recordOneKeyCall(alert: alert, elder: elder, serial: serial, now: now, db) }
        outcome.raised.append(alert.id)
    }
}
