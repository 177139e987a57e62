import CareModel
import CareStore
import Foundation
import GRDB

/// Checks a federation after a fault schedule: every node holds exactly what its scope says,
/// row for row identical to the county's copy (content and versions), every acknowledged
/// write is everywhere it belongs, and every database passes `PRAGMA integrity_check`.
struct ChaosChecker {
    let nodes: any ChaosNodes
    let ledger: [ChaosWorld.Acknowledged]
    var topology: Topology { nodes.topology }

    /// Tables compared: every replicated table, from the store's registry, with whether every
    /// node holds all of it (the county registry, the time bank of the one county) or only its subtree. Raw readings and local
    /// tables are not replicated and not compared.
    static let tables: [(name: String, everywhere: Bool)] = ReplicatedTable.all.map { ($0.name, $0.everywhere || $0.countyWide) }
    static let localColumns: [String: Set<String>] = Dictionary(uniqueKeysWithValues: ReplicatedTable.all.map { ($0.name, Set($0.localColumns)) })

    /// Waits for the nodes to agree (or `timeout`), then reports every difference.
    func check(timeout: Duration) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        var problems = try differences()
        while !problems.isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
            problems = try differences()
        }
        for code in topology.codes {
            let result = try nodes.read(code) { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            if result != ["ok"] { problems.append("\(code): integrity_check says \(result.joined(separator: "; "))") }
            problems += try nodes.read(code, Self.duplicateConflicts).map { "\(code): \($0)" }
        }
        return problems
    }

    func differences() throws -> [String] {
        let county = topology.codes[0]
        var problems: [String] = []
        var snapshots: [DivisionCode: [String: [String: String]]] = [:]
        for code in topology.codes {
            snapshots[code] = try nodes.read(code, Self.snapshot)
        }
        for entry in ledger {
            let table = Self.table(of: entry.kind)
            for code in topology.codes where entry.kind.mergeClass == .registry || code.contains(entry.home) {
                if snapshots[code]?[table]?[entry.id.uuidString] == nil {
                    problems.append("\(code) lacks acknowledged \(entry.kind.rawValue) \(entry.id) homed at \(entry.home)")
                }
            }
        }
        let reference = snapshots[county]!
        for code in topology.codes.dropFirst() {
            for (table, everywhere) in Self.tables {
                let expected = (reference[table] ?? [:]).filter { everywhere || Self.home(of: $0.value).map(code.contains) == true }
                let actual = snapshots[code]?[table] ?? [:]
                for (id, row) in expected where actual[id] != row {
                    problems.append(actual[id] == nil ? "\(code) lacks \(table) \(id)" : "\(code) differs from the county on \(table) \(id): \(Self.delta(row, actual[id]!))")
                }
                for id in actual.keys where expected[id] == nil {
                    problems.append("\(code) holds \(table) \(id) that its scope excludes or the county lacks")
                }
            }
        }
        return problems
    }

    /// Every replicated table as id → the row's columns in order, as text.
    static func snapshot(_ db: Database) throws -> [String: [String: String]] {
        var tables: [String: [String: String]] = [:]
        for (table, _) in Self.tables {
            var rows: [String: String] = [:]
            // Rows with no origin never travel (a node's own first admin, its record-write audit).
            let local = localColumns[table] ?? []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE origin <> ''") {
                let id: String = row["id"]
                rows[id] = row.columnNames.filter { !local.contains($0) }
                    .map { "\($0)=\(row[$0].map { String(describing: $0) } ?? "null")" }.joined(separator: " ")
            }
            tables[table] = rows
        }
        return tables
    }

    /// One concurrent edit of one field is one conflict, wherever it was detected: the same
    /// pair of versions recorded twice (say once at the station and once at the county) is a
    /// duplicate.
    static func duplicateConflicts(_ db: Database) throws -> [String] {
        try Row.fetchAll(db, sql: """
            SELECT entity_id, field, winner_version, loser_version, COUNT(*) AS copies FROM conflict
            GROUP BY entity_id, field, winner_version, winner_origin, loser_version, loser_origin HAVING copies > 1
            """).map { row in
            let entity: String = row["entity_id"], field: String = row["field"], copies: Int = row["copies"]
            return "\(copies) conflict rows for one concurrent edit of \(field) on \(entity)"
        }
    }

    /// The columns where two rows differ, as `column: county → here`.
    static func delta(_ county: String, _ here: String) -> String {
        let a = county.split(separator: " "), b = here.split(separator: " ")
        return zip(a, b).filter { $0 != $1 }.map { "\($0) → \($1.split(separator: "=", maxSplits: 1).last ?? "")" }.joined(separator: ", ")
    }

    static func home(of row: String) -> DivisionCode? {
        guard let range = row.range(of: "home=") else { return nil }
        return DivisionCode(String(row[range.upperBound...].prefix { $0 != " " }))
    }

    static func table(of kind: EntityKind) -> String {
        ReplicatedTable.all.first { $0.kind == kind }!.name
    }
}
