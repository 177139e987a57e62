import CareModel
import CareWire
import Foundation
import GRDB
import SwiftProtobuf

/// One entry of the change log: what changed, where it belongs, and the protobuf `Change`
/// exactly as it goes on the wire.
public struct LogEntry: Sendable {
    public var seq: Int64
    public var lane: Lane
    public var kind: EntityKind
    public var entityId: String
    public var home: String
    public var version: CareModel.Version
    /// The peer this change was received from; nil for a change made here.
    public var source: String?
    public var payload: Data
}

/// A position in the change log, one per lane.
public struct LogCursor: Hashable, Sendable, Codable {
    public var urgent: Int64
    public var bulk: Int64

    public static let start = LogCursor(urgent: 0, bulk: 0)

    public init(urgent: Int64, bulk: Int64) {
        self.urgent = urgent
        self.bulk = bulk
    }

    public subscript(lane: Lane) -> Int64 {
        get { lane == .urgent ? urgent : bulk }
        set { if lane == .urgent { urgent = newValue } else { bulk = newValue } }
    }
}

/// Which entries a peer is owed.
public enum LogScope: Sendable {
    /// Everything our parent did not send us: our own changes and those relayed from children.
    case toParent(DivisionCode)
    /// What a child's subtree needs (records homed inside it, and registry data above it),
    /// minus what came from that child.
    case toChild(DivisionCode)
}

enum ChangeLog {
    /// Appends in the caller's transaction: the outbox is written with the record or not at all.
    static func append(_ envelope: ChangeEnvelope, payload: Data? = nil, source: String?, movedFrom: DivisionCode? = nil, _ db: Database) throws {
        // A record made here meets the rules every receiver applies to it: one that did not
        // would be refused upstream and stay on this node alone. (A relayed change passed them
        // when it was decoded.)
        if source == nil {
            let broken = envelope.body.validationErrors
            if !broken.isEmpty { throw StoreError.invalid(ValidationFailure(broken)) }
        }
        let bytes = try payload ?? WireChange(envelope).canonicalBytes()
        let statement = try db.cachedStatement(sql: """
            INSERT INTO change_log (lane, kind, entity_id, home, moved_from, version, origin, source, logged_at, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Ten values for ten placeholders: GRDB's argument check is not needed.
        statement.setUncheckedArguments([
            envelope.kind.lane.rawValue, envelope.kind.rawValue, envelope.id.canonicalString, envelope.home.rawValue,
            movedFrom?.rawValue, envelope.version.hlc.packed, envelope.version.origin, source,
            HybridLogicalClock.systemMillis(), bytes,
        ])
        try statement.execute()
    }

    /// The newest sequence number ever given out (AUTOINCREMENT keeps it in sqlite_sequence).
    static func head(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = 'change_log'")) ?? 0
    }

    /// `SyncScope.owes` as a query over `change_log`.
    static func scopeSQL(_ scope: LogScope) -> (sql: String, arguments: StatementArguments) {
        switch scope {
        case .toParent(let parent):
            return ("(source IS NULL OR source <> ?)", [parent.rawValue])
        case .toChild(let child):
            // Kinds that flow up only are not sent down from above the child.
            let above = SyncScope.upOnly.isEmpty ? "? LIKE home || '%'" : "(? LIKE home || '%' AND kind NOT IN \(SQLList.codes(SyncScope.upOnly)))"
            return (
                "(source IS NULL OR source <> ?) AND (home LIKE ? OR \(above) OR moved_from LIKE ?)",
                [child.rawValue, child.rawValue + "%", child.rawValue, child.rawValue + "%"]
            )
        }
    }

    static func entries(lane: Lane, after position: Int64, scope: LogScope, limit: Int, _ db: Database) throws -> [LogEntry] {
        let filter = scopeSQL(scope)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT seq, kind, entity_id, home, version, origin, source, payload FROM change_log
                WHERE lane = ? AND seq > ? AND \(filter.sql) ORDER BY seq LIMIT ?
                """,
            arguments: [lane.rawValue, position] + filter.arguments + [limit])
        return try rows.map { row in
            let kind: EntityKind = try row.code("kind", as: EntityKind.self)
            let payload: Data = row["payload"]
            let source: String? = row["source"]
            return LogEntry(
                seq: row["seq"], lane: lane, kind: kind, entityId: row["entity_id"], home: row["home"],
                version: row.version(), source: source, payload: payload)
        }
    }

    static func count(lane: Lane, after position: Int64, scope: LogScope, _ db: Database) throws -> (count: Int, oldest: Int64?) {
        let filter = scopeSQL(scope)
        let row = try Row.fetchOne(
            db, sql: "SELECT count(*), min(logged_at) FROM change_log WHERE lane = ? AND seq > ? AND \(filter.sql)",
            arguments: [lane.rawValue, position] + filter.arguments)
        return (row?[0] ?? 0, row?[1])
    }
}

extension AppDatabase {
    /// Entries after `cursor` that `scope` is owed: urgent lane first, then bulk, at most `limit`.
    public func pendingChanges(after cursor: LogCursor, scope: LogScope, limit: Int) throws -> (entries: [LogEntry], next: LogCursor, hasMore: Bool) {
        try read { db in
            var next = cursor
            let urgent = try ChangeLog.entries(lane: .urgent, after: cursor.urgent, scope: scope, limit: limit + 1, db)
            var entries = Array(urgent.prefix(limit))
            var hasMore = urgent.count > limit
            if let last = entries.last { next.urgent = last.seq }
            if entries.count < limit {
                let room = limit - entries.count
                let bulk = try ChangeLog.entries(lane: .bulk, after: cursor.bulk, scope: scope, limit: room + 1, db)
                entries += bulk.prefix(room)
                hasMore = hasMore || bulk.count > room
                if let last = bulk.prefix(room).last { next.bulk = last.seq }
            }
            // Entries skipped by the scope still advance the cursor, so a peer never rescans them.
            if !hasMore {
                next.urgent = max(next.urgent, try Self.lastSeq(lane: .urgent, db))
                next.bulk = max(next.bulk, try Self.lastSeq(lane: .bulk, db))
            }
            return (entries, next, hasMore)
        }
    }

    /// How many entries `scope` is still owed after `cursor`, and the age of the oldest.
    public func backlog(after cursor: LogCursor, scope: LogScope) throws -> (count: Int, oldestLoggedAt: Int64?) {
        try read { db in
            let urgent = try ChangeLog.count(lane: .urgent, after: cursor.urgent, scope: scope, db)
            let bulk = try ChangeLog.count(lane: .bulk, after: cursor.bulk, scope: scope, db)
            return (urgent.count + bulk.count, [urgent.oldest, bulk.oldest].compactMap { $0 }.min())
        }
    }

    /// Whether `scope` is owed any entry after `cursor`: stops at the first one, where
    /// `backlog` counts them all.
    public func hasPending(after cursor: LogCursor, scope: LogScope) throws -> Bool {
        try read { db in
            let filter = ChangeLog.scopeSQL(scope)
            for lane in Lane.allCases {
                let found = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM change_log WHERE lane = ? AND seq > ? AND \(filter.sql))",
                    arguments: [lane.rawValue, cursor[lane]] + filter.arguments) ?? false
                if found { return true }
            }
            return false
        }
    }

    /// The newest log position, per lane.
    public func logHead() throws -> LogCursor {
        try read { db in LogCursor(urgent: try Self.lastSeq(lane: .urgent, db), bulk: try Self.lastSeq(lane: .bulk, db)) }
    }

    static func lastSeq(lane: Lane, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(seq) FROM change_log WHERE lane = ?", arguments: [lane.rawValue]) ?? 0
    }

    /// A stored cursor for `peer` in one direction ("push", "pull", "served").
    public func cursor(peer: String, direction: String) throws -> LogCursor {
        try read { db in
            var cursor = LogCursor.start
            for row in try Row.fetchAll(db, sql: "SELECT lane, position FROM peer_cursor WHERE peer = ? AND direction = ?", arguments: [peer, direction]) {
                if let lane = Lane(rawValue: row["lane"]) { cursor[lane] = row["position"] }
            }
            return cursor
        }
    }

    public func saveCursor(_ cursor: LogCursor, peer: String, direction: String) throws {
        try write { db in try Self.saveCursor(cursor, peer: peer, direction: direction, db) }
    }

    static func saveCursor(_ cursor: LogCursor, peer: String, direction: String, _ db: Database) throws {
        for lane in Lane.allCases {
            try db.execute(
                sql: """
                    INSERT INTO peer_cursor (peer, direction, lane, position, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(peer, direction, lane) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
                    """,
                arguments: [peer, direction, lane.rawValue, cursor[lane], HybridLogicalClock.systemMillis()])
        }
    }
}
