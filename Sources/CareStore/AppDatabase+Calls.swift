import CareModel
import Foundation
import GRDB

/// An elder a ringing number belongs to, and how.
public struct CallerMatch: Sendable {
    public var elder: Stored<Elder>
    public var matchedBy: CallMatch

    public init(elder: Stored<Elder>, matchedBy: CallMatch) {
        self.elder = elder
        self.matchedBy = matchedBy
    }
}

/// The agent's queue: calls still open, and missed incoming calls no callback has returned.
public struct CallQueue: Sendable {
    public var open: [Stored<CallRecord>]
    public var callbacksDue: [Stored<CallRecord>]
}

/// One agent's day: calls taken, answered, missed, and the average handling time of the
/// answered ones (talk time, in seconds).
public struct CallFigures: Sendable, Hashable {
    public var agent: String
    public var day: String
    public var calls: Int
    public var answered: Int
    public var missed: Int
    public var averageHandlingSeconds: Double?
}

extension AppDatabase {
    // MARK: Writes

    /// Takes a ringing call: finds the elders whose phone or an emergency contact's phone is
    /// the number (within `scope`), and stores the call with the elder when exactly one
    /// matches, homed with that elder; otherwise unmatched, homed here, for the agent to choose.
    public func takeIncomingCall(_ call: CallRecord, scope: Jurisdiction?, actor: String) throws -> (call: Stored<CallRecord>, callers: [CallerMatch]) {
        try write { db in
            let callers = try Self.callers(number: call.number ?? "", scope: scope, db)
            var call = call
            if callers.count == 1, let only = callers.first {
                call.elderId = only.elder.model.id
                call.matchedBy = only.matchedBy
                call.home = only.elder.model.home
            }
            try call.validate()
            let stored = try writeProfile(CallRecordTable.self, call, expect: .absent, deleted: false, actor: actor, db)
            return (stored, callers)
        }
    }

    /// Stores a new call (an outgoing call, a callback), homed with its elder when it has one.
    public func createCall(_ call: CallRecord, actor: String) throws -> Stored<CallRecord> {
        try write { db in
            var call = call
            if let elderId = call.elderId { call.home = try Self.liveElderHome(elderId, db) }
            try call.validate()
            return try writeProfile(CallRecordTable.self, call, expect: .absent, deleted: false, actor: actor, db)
        }
    }

    /// Completes a call, creating the order and the complaint it produced in the same
    /// transaction (through the same writes as `createOrder` and `createComplaint`) and linking
    /// them to it: all are written or none.
    public func completeCall(_ call: CallRecord, ifMatch: String?, order: ServiceOrder?, complaint: Complaint?, actor: String) throws -> Stored<CallRecord> {
        try write { db in
            var call = call
            if let elderId = call.elderId { call.home = try Self.liveElderHome(elderId, db) }
            if let order {
                call.orderId = try insertOrder(order, actor: actor, db).model.id
            }
            if var complaint {
                if complaint.orderId == nil, let orderId = call.orderId, order != nil { complaint.orderId = orderId }
                call.complaintId = try insertFact(ComplaintTable.self, complaint, actor: actor, db).model.id
            }
            try call.validate()
            return try writeProfile(CallRecordTable.self, call, expect: .present(ifMatch: ifMatch), deleted: false, actor: actor, db)
        }
    }

    /// A one-key call (一键呼叫, Anhui §5.3.2.3) raised an alert: the call is recorded too, open
    /// for an agent, with the alert linked, in the ingest's transaction.
    func recordOneKeyCall(alert: Alert, elder: Elder, serial: String, now: Int64, _ db: Database) throws {
        let call = CallRecord(
            home: elder.home, direction: .incoming, number: nil, deviceSerial: serial, startedAtMillis: now, takenAt: node,
            agent: "device:\(serial)", elderId: elder.id, matchedBy: .device, purpose: .emergency, alertId: alert.id)
        _ = try writeProfile(CallRecordTable.self, call, expect: .absent, deleted: false, actor: "device:\(serial)", db)
    }

    // MARK: Reads

    public func call(id: UUID, in scope: Jurisdiction?) throws -> Stored<CallRecord>? {
        guard try isVisible(CallRecordTable.table, id: id, to: scope) else { return nil }
        return try read { db in try CallRecordTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// The elders `number` belongs to, as `takeIncomingCall` matches them.
    public func callers(number: String, scope: Jurisdiction?) throws -> [CallerMatch] {
        try read { db in try Self.callers(number: number, scope: scope, db) }
    }

    /// Calls in `scope` (under `within`, of `elderId`), newest first.
    public func calls(scope: Jurisdiction?, within: DivisionCode?, elderId: UUID?, limit: Int) throws -> [Stored<CallRecord>] {
        try read { db in
            var (sql, arguments) = Self.callScope(scope, within)
            if let elderId {
                sql += " AND elder_id = ?"
                arguments.append(elderId.canonicalString)
            }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM call_record WHERE \(sql) ORDER BY started_at_millis DESC, id LIMIT ?",
                arguments: StatementArguments(arguments + [limit])
            ).map(CallRecordTable.decode)
        }
    }

    public func callQueue(scope: Jurisdiction?, within: DivisionCode?) throws -> CallQueue {
        try read { db in
            let (sql, arguments) = Self.callScope(scope, within)
            let open = try Row.fetchAll(
                db, sql: "SELECT * FROM call_record WHERE \(sql) AND outcome IS NULL ORDER BY started_at_millis LIMIT 200",
                arguments: StatementArguments(arguments)
            ).map(CallRecordTable.decode)
            let due = try Row.fetchAll(db, sql: """
                SELECT * FROM call_record WHERE \(sql) AND direction = 'incoming' AND outcome IN \(SQLList.codes(CallOutcome.allCases.filter(\.owesCallback)))
                AND NOT EXISTS (SELECT 1 FROM call_record b WHERE b.callback_of = call_record.id AND b.deleted = 0)
                ORDER BY started_at_millis LIMIT 200
                """, arguments: StatementArguments(arguments)).map(CallRecordTable.decode)
            return CallQueue(open: open, callbacksDue: due)
        }
    }

    /// Figures per agent and per day (China Standard Time) for calls started in
    /// `[fromMillis, toMillis)`, the newest day first.
    public func callFigures(scope: Jurisdiction?, within: DivisionCode?, fromMillis: Int64, toMillis: Int64) throws -> [CallFigures] {
        try read { db in
            let (sql, arguments) = Self.callScope(scope, within)
            let missed = SQLList.codes(CallOutcome.allCases.filter(\.owesCallback))
            return try Row.fetchAll(db, sql: """
                SELECT agent, date((started_at_millis + 28800000) / 1000, 'unixepoch') AS day, count(*) AS calls,
                  sum(outcome = 'answered') AS answered,
                  sum(direction = 'incoming' AND outcome IN \(missed)) AS missed,
                  avg(CASE WHEN outcome = 'answered' THEN duration_seconds END) AS aht
                FROM call_record WHERE \(sql) AND started_at_millis >= ? AND started_at_millis < ?
                GROUP BY agent, day ORDER BY day DESC, agent
                """, arguments: StatementArguments(arguments + [fromMillis, toMillis])
            ).map { row in
                CallFigures(agent: row["agent"], day: row["day"], calls: row["calls"], answered: row["answered"] ?? 0,
                    missed: row["missed"] ?? 0, averageHandlingSeconds: row["aht"])
            }
        }
    }

    /// Calls written or changed here (locally or by sync) after change-log position `seq`,
    /// each with the position of its latest change, oldest first: what the console's event
    /// stream sends.
    public func callsChanged(after seq: Int64, limit: Int, in scope: Jurisdiction?) throws -> [(position: Int64, call: Stored<CallRecord>)] {
        try read { db in
            let (condition, arguments) = scope?.condition(table: CallRecordTable.table, alias: "c") ?? ("1", [])
            return try Row.fetchAll(db, sql: """
                SELECT c.*, l.seq AS position FROM (
                  SELECT entity_id, max(seq) AS seq FROM change_log WHERE seq > ? AND kind = ? GROUP BY entity_id) l
                JOIN call_record c ON c.id = l.entity_id WHERE c.deleted = 0 AND (\(condition)) ORDER BY l.seq LIMIT ?
                """, arguments: StatementArguments([seq, EntityKind.callRecord.rawValue] + arguments + [limit])
            ).map { (position: $0["position"], call: try CallRecordTable.decode($0)) }
        }
    }

    /// The change log's newest position.
    public func changeLogHead() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM change_log") ?? 0 }
    }

    // MARK: Matching

    /// `phone_key(text)`: a number as `PhoneKey` compares it, for the caller match below.
    static func addPhoneKey(_ db: Database) {
        db.add(function: DatabaseFunction("phone_key", argumentCount: 1, pure: true) { values in
            String.fromDatabaseValue(values[0]).map(PhoneKey.of)
        })
    }

    static func callers(number: String, scope: Jurisdiction?, _ db: Database) throws -> [CallerMatch] {
        let key = PhoneKey.of(number)
        guard key.count >= 5 else { return [] }
        addPhoneKey(db)
        let (condition, arguments) = scope?.condition(table: ElderTable.table) ?? ("1", [])
        let rows = try Row.fetchAll(db, sql: """
            SELECT * FROM elder WHERE deleted = 0 AND merged_into IS NULL AND (\(condition)) AND (phone_key(phone) = ?
              OR EXISTS (SELECT 1 FROM json_each(elder.emergency_contacts) j WHERE phone_key(json_extract(j.value, '$.phone')) = ?))
            LIMIT 20
            """, arguments: StatementArguments(arguments + [key, key]))
        return try rows.map { row in
            let elder = try ElderTable.decode(row)
            let own = elder.model.phone.map(PhoneKey.of) == key
            return CallerMatch(elder: elder, matchedBy: own ? .elderPhone : .emergencyContact)
        }
        .sorted { ($0.matchedBy == .elderPhone ? 0 : 1, $0.elder.model.name) < ($1.matchedBy == .elderPhone ? 0 : 1, $1.elder.model.name) }
    }

    private static func callScope(_ scope: Jurisdiction?, _ within: DivisionCode?) -> (String, [any DatabaseValueConvertible]) {
        var (sql, arguments) = scope?.condition(table: CallRecordTable.table) ?? ("1", [])
        sql = "deleted = 0 AND (\(sql))"
        if let within {
            sql += " AND home LIKE ?"
            arguments.append(within.rawValue + "%")
        }
        return (sql, arguments)
    }
}
