import CareModel
import CareStore
import CareSync
import CareWire
import Foundation
import GRDB
import Logging

/// The scenarios of `carenode bench`, each measured against the machine's raw SQLite rate.
public struct Benchmarks: Sendable {
    public var applyChanges: Int = 20_000
    public var propagationWrites: Int = 1_000
    public var batchSize: Int = 1_000
    /// The county scenario measures each query for at most this long.
    public var countyPhaseSeconds: Double = 20
    public var directory: URL
    /// Called with a line of progress.
    public var progress: @Sendable (String) -> Void

    public init(directory: URL, progress: @escaping @Sendable (String) -> Void) {
        self.directory = directory
        self.progress = progress
    }

    static let community = DivisionCode("420107001001")!
    static let street = DivisionCode("420107001")!
    static let county = DivisionCode("420107")!

    /// The raw SQLite insert rate for rows shaped like a change-log entry: one prepared
    /// statement reused in one transaction.
    public func limit(rows: Int = 200_000) throws -> Double {
        let path = directory.appendingPathComponent("limit.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE entry (seq INTEGER PRIMARY KEY AUTOINCREMENT, lane INTEGER, kind TEXT, entity_id TEXT, home TEXT,
                  version INTEGER, origin TEXT, source TEXT, logged_at INTEGER, payload BLOB)
                """)
        }
        let payload = Data(repeating: 0x5A, count: 400)
        let started = ContinuousClock.now
        try queue.write { db in
            let statement = try db.makeStatement(sql: "INSERT INTO entry (lane, kind, entity_id, home, version, origin, source, logged_at, payload) VALUES (?,?,?,?,?,?,?,?,?)")
            for index in 0..<rows {
                statement.setUncheckedArguments([1, "elder", UUID().uuidString, "420107001001", Int64(index), "420107001001", nil, Int64(index), payload])
                try statement.execute()
            }
        }
        return Double(rows) / (ContinuousClock.now - started).seconds
    }

    /// Changes per second one push applies at a parent: decode, validate, merge, store, log.
    public func apply() throws -> (rate: Double, bytesPerChange: Double) {
        let source = try AppDatabase.open(directory: directory.appendingPathComponent("apply-source"), node: Self.community)
        progress("apply: writing \(applyChanges) changes at a community")
        _ = try Workload.write(changes: applyChanges, at: source)
        var bodies: [Data] = []
        var cursor = LogCursor.start
        while true {
            let page = try source.pendingChanges(after: cursor, scope: .toParent(Self.street), limit: batchSize)
            if page.entries.isEmpty { break }
            bodies.append(try BatchEncoding.pushRequest(sender: Self.community.rawValue, changes: page.entries.map(\.payload), cursor: WireCursor(page.next), hlc: 0))
            cursor = page.next
        }
        let target = try AppDatabase.open(directory: directory.appendingPathComponent("apply-target"), node: Self.street)
        progress("apply: applying \(bodies.count) pushes at a street")
        var applied = 0
        let started = ContinuousClock.now
        for body in bodies {
            let decoded = try PushDecoding.decode(body)
            applied += try target.apply(decoded.changes, from: .child(Self.community)).applied
        }
        let seconds = (ContinuousClock.now - started).seconds
        let bytes = Double(bodies.reduce(0) { $0 + $1.count }) / Double(max(applied, 1))
        return (Double(applied) / seconds, bytes)
    }

    /// With all links up, how long a write at a community takes to be visible at the county.
    public func propagation() async throws -> [Double] {
        let topology = try Topology(name: "bench", nodes: [
            .init(code: Self.county.rawValue, name: "county"), .init(code: Self.street.rawValue, name: "street"),
            .init(code: Self.community.rawValue, name: "community"),
        ])
        let federation = try await Federation.start(topology, directory: directory.appendingPathComponent("propagation"), batchSize: batchSize, logLevel: .error)
        do {
            let latencies = try await propagation(federation)
            await federation.shutdown()
            return latencies
        } catch {
            await federation.shutdown()
            throw error
        }
    }

    private func propagation(_ federation: Federation) async throws -> [Double] {
        let community = federation.db(Self.community)
        let county = federation.db(Self.county)
        var latencies: [Double] = []
        var random = SplitMix64(seed: 11)
        for index in 0..<propagationWrites {
            var elder = DemoSeed.makeElder(Self.community, serial: index, &random)
            elder.citizenId = Workload.uniqueID(Self.community, serial: index)
            elder.birthDate = elder.citizenId.birthDate
            let started = ContinuousClock.now
            _ = try community.createElder(elder, actor: "bench")
            while try county.elder(id: elder.id) == nil {
                try await Task.sleep(for: .microseconds(200))
            }
            latencies.append((ContinuousClock.now - started).seconds * 1000)
            if index % 200 == 199 { progress("propagation: \(index + 1)/\(propagationWrites)") }
        }
        return latencies.sorted()
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// The p-th percentile (0–100) of sorted values.
public func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let index = min(sorted.count - 1, max(0, Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1))
    return sorted[index]
}
