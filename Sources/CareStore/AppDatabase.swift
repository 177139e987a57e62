import CareModel
import Foundation
import GRDB

/// The node's database. Its methods are the only writers: each keeps the records, the change
/// log (outbox) and the clock consistent in one transaction.
public struct AppDatabase: Sendable {
    /// The GRDB writer: a WAL `DatabasePool` for a node, a `DatabaseQueue` in unit tests. Only
    /// this file touches it: writes go through `write`, which wakes the change signal.
    private let writer: any DatabaseWriter
    /// The node this database belongs to; stamped as `origin` on every local write.
    public let node: DivisionCode
    public let clock: HybridLogicalClock
    /// Wakes the sync loop and long polls when a change is logged.
    public let changes: ChangeSignal
    /// Where blob bytes (photos, voice ratings) are kept, beside the database file.
    public let blobDirectory: URL
    /// Where sync batches queue for the writer, one at a time (`applyInTurn`).
    let replicationTurns = TurnGate()

    /// Opens (creating if needed) `<directory>/<code>.sqlite` in WAL mode and migrates it.
    public static func open(directory: URL, node: DivisionCode, maxSkewMillis: Int64 = 5 * 60 * 1000, wallClock: @escaping HybridLogicalClock.WallClock = HybridLogicalClock.systemMillis) throws -> AppDatabase {
        try PrivateFiles.directory(directory)
        let path = directory.appendingPathComponent("\(node.rawValue).sqlite").path
        var config = Configuration()
        let traced = StatementTrace.enabled
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA busy_timeout = 5000")
            // Readers keep 8 MiB of pages (SQLite's default is 2 MiB): a page of 500 alerts with
            // their elders' names touches about a thousand pages, which the default cache
            // re-read from the file on every request (a sixth of its time in pread).
            if db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -8192") }
            // Statement journals in memory: an insert or update whose triggers keep the summary
            // tables and name grams current opens one, and SQLite wrote each to a temporary file,
            // a page per change (a third of the apply path's time was in those writes).
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try Self.prepareTriggers(db)
            if traced { StatementTrace.install(db, path: path) }
        }
        try PrivateFiles.prepareDatabase(path)
        let pool = try DatabasePool(path: path, configuration: config)
        return try AppDatabase(
            pool, node: node, blobDirectory: directory.appendingPathComponent("blobs-\(node.rawValue)"),
            maxSkewMillis: maxSkewMillis, wallClock: wallClock)
    }

    /// An in-memory database, for unit tests of the store.
    /// The elder name grams' triggers (Migrations+Scale.swift) follow every row a write removes:
    /// the store's upserts are INSERT OR REPLACE, whose delete fires delete triggers only
    /// with recursive triggers on.
    static func prepareTriggers(_ db: Database) throws {
        try db.execute(sql: "PRAGMA recursive_triggers = ON")
    }

    public static func inMemory(node: DivisionCode, wallClock: @escaping HybridLogicalClock.WallClock = HybridLogicalClock.systemMillis) throws -> AppDatabase {
        let blobs = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-blobs-\(UUID().canonicalString)")
        var config = Configuration()
        config.prepareDatabase { db in try Self.prepareTriggers(db) }
        return try AppDatabase(DatabaseQueue(configuration: config), node: node, blobDirectory: blobs, wallClock: wallClock)
    }

    public init(_ writer: any DatabaseWriter, node: DivisionCode, blobDirectory: URL, maxSkewMillis: Int64 = 5 * 60 * 1000, wallClock: @escaping HybridLogicalClock.WallClock = HybridLogicalClock.systemMillis) throws {
        self.writer = writer
        self.node = node
        self.blobDirectory = blobDirectory
        let applied = try writer.read { db in try Self.migrator.appliedIdentifiers(db) }
        try Self.migrator.migrate(writer)
        if !applied.contains("v5-accounts") {
            // The migration cannot know which node it runs at; entries moved from the old
            // audit table happened here.
            try writer.write { db in try db.execute(sql: "UPDATE audit_entry SET home = ? WHERE home = ''", arguments: [node.rawValue]) }
        }
        if !applied.contains("v6-replicated-accounts") {
            // Accounts made before jurisdictions were stored belong to the node itself.
            try writer.write { db in try db.execute(sql: "UPDATE operator SET home = ? WHERE home IS NULL", arguments: [node.rawValue]) }
        }
        let last = try writer.read { db in try NodeState.lastHLC(db) }
        clock = HybridLogicalClock(last: last, maxSkewMillis: maxSkewMillis, wallClock: wallClock)
        changes = ChangeSignal(head: try writer.read { db in try ChangeLog.head(db) })
    }

    /// A new version for a local write, persisted with the write so that a restart never
    /// issues a smaller one, even with the wall clock set back.
    func nextVersion(_ db: Database) throws -> Version {
        let hlc = clock.now()
        try NodeState.recordHLC(hlc, db)
        return Version(hlc: hlc, origin: node.rawValue)
    }

    /// Copies the write-ahead log into the database file and empties it, as after a bulk
    /// load: otherwise the first write a node makes afterwards pays for checkpointing it all.
    public func checkpoint() throws {
        try writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    /// Runs `body` in one write transaction, then wakes whoever waits for news of the change
    /// log if the transaction logged a change.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        let (result, head) = try writer.write { db in
            let result = try body(db)
            return (result, try ChangeLog.head(db))
        }
        changes.committed(head: head)
        return result
    }

    /// A read transaction on a snapshot. Public for inspection (the chaos checker, the benches,
    /// tests that look at what a hostile peer left behind); nothing outside CareStore writes.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }
}

/// Small per-node settings kept in the database.
enum NodeState {
    static func lastHLC(_ db: Database) throws -> HLC {
        let stored = try Int64.fetchOne(db, sql: "SELECT value FROM node_state WHERE key = 'hlc'") ?? 0
        // Changes received from peers carry their own clocks; never restart below them either.
        let logged = try Int64.fetchOne(db, sql: "SELECT max(version) FROM change_log") ?? 0
        return HLC(packed: max(stored, logged))
    }

    static func recordHLC(_ hlc: HLC, _ db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT INTO node_state(key, value) VALUES ('hlc', ?) ON CONFLICT(key) DO UPDATE SET value = max(value, excluded.value)"
        ).execute(arguments: [hlc.packed])
    }
}
