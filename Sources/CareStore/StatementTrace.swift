import Foundation
import GRDB
import Synchronization

/// The SELECT statements stores run, for `carenode bench` to show SQLite's plan for each
/// console query. A store traces only when it was opened while `enabled` was set (the
/// benchmark's); a node's own never does.
public enum StatementTrace {
    private static let state = Mutex<(enabled: Bool, observer: (@Sendable (_ path: String, _ sql: String) -> Void)?)>((false, nil))

    /// Stores opened from now on report their statements to whatever `observe` installs.
    public static func enable() { state.withLock { $0.enabled = true } }

    static var enabled: Bool { state.withLock { $0.enabled } }

    /// Calls `observer` with every SELECT (its arguments expanded) that a traced store runs,
    /// and the path of that store's database file, until the next call; nil stops it.
    public static func observe(_ observer: (@Sendable (_ path: String, _ sql: String) -> Void)?) { state.withLock { $0.observer = observer } }

    static func install(_ db: Database, path: String) {
        db.trace(options: .statement) { event in
            guard case .statement(let statement) = event, let observer = state.withLock({ $0.observer }) else { return }
            let sql = statement.expandedSQL
            if sql.prefix(6).uppercased() == "SELECT" { observer(path, sql) }
        }
    }

    /// SQLite's plan for each statement, read on its own connection to the database at `path`.
    public static func plans(databaseAt path: String, _ statements: [String]) throws -> [QueryPlan] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            // The store's own SQL functions, so every statement it runs can be planned.
            AppDatabase.addPhoneKey(db)
            return try statements.map { sql in
                let rows = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql)
                return QueryPlan(sql: sql, steps: rows.map { $0["detail"] as String? ?? "" })
            }
        }
    }
}
