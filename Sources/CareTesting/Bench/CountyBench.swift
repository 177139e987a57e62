import CareAPI
import CareModel
import CarePKI
import CareStore
import Foundation
import Logging
import NIOHTTP1

/// The county scenario: a county-size database built in bulk, a real county node started on
/// it, and the console's main queries timed with many operators at once over HTTP/2 + TLS.
extension Benchmarks {
    public struct CountyQueryFigures: Sendable {
        public var name: String
        /// One request as sent (the samples vary).
        public var example: String
        /// Sorted, milliseconds.
        public var latencies: [Double]
        /// Answers other than 200, and 200s that listed nothing.
        public var failures: [String]
        public var empty: Int
        public var p50: Double { percentile(latencies, 50) }
        public var p99: Double { percentile(latencies, 99) }
    }

    public struct CountyPlan: Sendable {
        public var query: String
        public var plan: QueryPlan
    }

    public struct CountyFigures: Sendable {
        public var scale: CountyScale
        public var rows: Int
        public var buildSeconds: Double
        public var databaseBytes: Int64
        public var startupSeconds: Double
        public var queries: [CountyQueryFigures]
        public var plans: [CountyPlan]
        public var backupSeconds: Double
        public var backupBytes: Int64
        public var clients: Int
    }

    static let countyOperator = (name: "dispatch-room", password: "county-bench-operator")
    static let countyAuditor = (name: "county-auditor", password: "county-bench-auditor")

    /// Builds the county (or reuses the one at `reuse`), starts its node, measures.
    public func county(_ scale: CountyScale, clients: Int = 20, rounds: Int = 10, reuse: URL? = nil) async throws -> CountyFigures {
        let folder = reuse ?? directory.appendingPathComponent("county")
        let code = CountyData.county
        let data = folder.appendingPathComponent(code.rawValue)
        let databaseFile = data.appendingPathComponent("\(code.rawValue).sqlite")
        let factsFile = folder.appendingPathComponent("facts.json")
        var facts: CountyData.Facts
        var buildSeconds = 0.0
        if FileManager.default.fileExists(atPath: factsFile.path) {
            progress("county: reusing the database at \(databaseFile.path)")
            facts = try JSONDecoder().decode(CountyData.Facts.self, from: Data(contentsOf: factsFile))
        } else {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            progress("county: building \(scale.description)")
            let started = ContinuousClock.now
            facts = try Self.buildCounty(scale, at: data, progress: progress)
            buildSeconds = (ContinuousClock.now - started).seconds
            try JSONEncoder().encode(facts).write(to: factsFile)
            progress("county: built \(facts.rows) rows in \(String(format: "%.1f", buildSeconds)) s")
        }
        let databaseBytes = Self.fileBytes(databaseFile) + Self.fileBytes(URL(fileURLWithPath: databaseFile.path + "-wal"))

        StatementTrace.enable()
        // Start-up: the CA and the node's certificate, the store opened, the server listening.
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("ca"))
        try? FileManager.default.removeItem(at: data.appendingPathComponent("certs"))
        let startBegan = ContinuousClock.now
        let federation = try await Federation.start(
            try Topology(name: "county", nodes: [.init(code: code.rawValue, name: "青山区")]), directory: folder, batchSize: batchSize, logLevel: .error)
        let startupSeconds = (ContinuousClock.now - startBegan).seconds
        progress("county: node up in \(String(format: "%.2f", startupSeconds)) s")
        do {
            let result = try await measure(federation, facts: facts, clients: clients, rounds: rounds, databaseFile: databaseFile)
            progress("county: backup")
            let target = folder.appendingPathComponent("backup-\(UUID().uuidString.prefix(6)).sqlite")
            let backup = try AppDatabase.backup(directory: data, node: code, to: target)
            try? FileManager.default.removeItem(at: target)
            await federation.shutdown()
            return CountyFigures(
                scale: scale, rows: facts.rows, buildSeconds: buildSeconds, databaseBytes: databaseBytes, startupSeconds: startupSeconds,
                queries: result.queries, plans: result.plans, backupSeconds: backup.seconds, backupBytes: backup.bytes, clients: clients)
        } catch {
            await federation.shutdown()
            throw error
        }
    }

    static func buildCounty(_ scale: CountyScale, at data: URL, progress: @escaping @Sendable (String) -> Void) throws -> CountyData.Facts {
        let db = try AppDatabase.open(directory: data, node: CountyData.county)
        try db.addOperator(Operator(name: countyOperator.name, role: .dispatcher, home: CountyData.county, passwordHash: PasswordHashing.hash(countyOperator.password)))
        try db.addOperator(Operator(name: countyAuditor.name, role: .auditor, home: CountyData.county, passwordHash: PasswordHashing.hash(countyAuditor.password)))
        var builder = CountyData(scale: scale, now: HybridLogicalClock.systemMillis(), progress: progress)
        let facts = try builder.build(db)
        try db.checkpoint()
        return facts
    }

    static func fileBytes(_ url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// A console query: its name, a request for it, which account sends it, and where its
    /// answer lists what it found.
    struct CountyQuery: Sendable {
        let name: String
        let auditor: Bool
        let listKey: String
        let path: @Sendable (inout SplitMix64) -> String
    }

    @Sendable static func pick<T>(_ values: [T], _ random: inout SplitMix64) -> T { values[Int.random(in: 0..<values.count, using: &random)] }

    static func countyQueries(_ facts: CountyData.Facts) -> [CountyQuery] {
        let now = Date()
        let yearAgo = now.addingTimeInterval(-365 * 86_400)
        // The twelve calendar months before this one, in China Standard Time: an annual report.
        var china = Calendar(identifier: .gregorian)
        china.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let thisMonth = china.date(from: china.dateComponents([.year, .month], from: now))!
        let monthsAgo = china.date(byAdding: .month, value: -12, to: thisMonth)!
        let dayStyle = Date.ISO8601FormatStyle(timeZone: china.timeZone).year().month().day()
        let (monthsFrom, monthsTo) = (monthsAgo.formatted(dayStyle), thisMonth.formatted(dayStyle))
        let openStatuses = ["dispatched", "accepted"]
        return [
            CountyQuery(name: "elders: search by name", auditor: false, listKey: "items") { r in
                "/api/v1/elders?limit=50&q=" + (pick(facts.names, &r).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            },
            CountyQuery(name: "elders: last 4 digits of citizen ID", auditor: false, listKey: "items") { r in "/api/v1/elders?limit=50&idTail=\(pick(facts.citizenTails, &r))" },
            CountyQuery(name: "elders: by phone", auditor: false, listKey: "items") { r in "/api/v1/elders?limit=50&phone=\(pick(facts.phones, &r))" },
            CountyQuery(name: "orders: by status (open)", auditor: false, listKey: "items") { r in "/api/v1/orders?limit=50&status=\(pick(openStatuses, &r))" },
            CountyQuery(name: "orders: by status (completed)", auditor: false, listKey: "items") { _ in "/api/v1/orders?limit=50&status=completed" },
            CountyQuery(name: "orders: overdue", auditor: false, listKey: "items") { _ in "/api/v1/orders?limit=50&overdue=true" },
            CountyQuery(name: "orders: by organisation", auditor: false, listKey: "items") { r in "/api/v1/orders?limit=50&organisationId=\(pick(facts.organisations, &r).uuidString)" },
            CountyQuery(name: "dispatch queue (waiting, 500)", auditor: false, listKey: "items") { _ in "/api/v1/orders?limit=500&status=requested" },
            CountyQuery(name: "candidates for an order", auditor: false, listKey: "candidates") { r in "/api/v1/orders/\(pick(facts.waitingOrders, &r).uuidString)/candidates" },
            CountyQuery(name: "service quality by street, 12 calendar months", auditor: false, listKey: "groups") { _ in
                "/api/v1/stats/service-quality?groupBy=street&from=\(monthsFrom)&to=\(monthsTo)"
            },
            CountyQuery(name: "service quality by street, 365 days to now", auditor: false, listKey: "groups") { _ in
                "/api/v1/stats/service-quality?groupBy=street&from=\(yearAgo.formatted(.iso8601))&to=\(now.formatted(.iso8601))"
                    .replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: "+", with: "%2B")
            },
            CountyQuery(name: "map: communities (elders, open orders, open alerts)", auditor: false, listKey: "communities") { _ in "/api/v1/map/communities" },
            CountyQuery(name: "map: open orders (page of 500)", auditor: false, listKey: "items") { r in "/api/v1/orders?limit=500&status=\(pick(openStatuses, &r))" },
            CountyQuery(name: "alerts: a page of 500", auditor: false, listKey: "items") { _ in "/api/v1/alerts?limit=500" },
            CountyQuery(name: "dashboard: alerts by condition, 30 days", auditor: false, listKey: "conditions") { _ in "/api/v1/stats/alerts" },
            CountyQuery(name: "audit log by actor", auditor: true, listKey: "items") { r in "/api/v1/audit?limit=50&actor=\(pick(facts.actors, &r))" },
        ]
    }

    private func measure(
        _ federation: Federation, facts: CountyData.Facts, clients count: Int, rounds: Int, databaseFile: URL
    ) async throws -> (queries: [CountyQueryFigures], plans: [CountyPlan]) {
        let url = federation.url(CountyData.county)
        let queries = Self.countyQueries(facts)
        var clients: [(OperatorClient, String, String)] = []
        for _ in 0..<count {
            let client = try OperatorClient(baseURL: url, caPEM: federation.authority.certificatePEM)
            let token = try await client.login(name: Self.countyOperator.name, password: Self.countyOperator.password)
            let audit = try await client.login(name: Self.countyAuditor.name, password: Self.countyAuditor.password)
            clients.append((client, token, audit))
        }
        defer { for (client, _, _) in clients { Task { await client.shutdown() } } }

        // Plans first, one query at a time, so each statement is the query's own.
        progress("county: query plans")
        var plans: [CountyPlan] = []
        var random = SplitMix64(seed: 99)
        for query in queries {
            let collected = StatementLog()
            // Only the county's store: other stores in the process (tests running beside it) trace too.
            let countyPath = databaseFile.resolvingSymlinksInPath().path
            StatementTrace.observe { path, sql in
                if URL(fileURLWithPath: path).resolvingSymlinksInPath().path == countyPath { collected.add(sql) }
            }
            let (client, token, audit) = clients[0]
            _ = try await client.send(.GET, query.path(&random), token: query.auditor ? audit : token, timeout: 600)
            StatementTrace.observe(nil)
            for plan in try StatementTrace.plans(databaseAt: databaseFile.path, collected.statements) {
                plans.append(CountyPlan(query: query.name, plan: plan))
            }
        }

        // Each query in turn, from every operator at once: a slow query shows in its own
        // figures and does not spread to the others'. A phase ends after `rounds` requests per
        // operator or `phaseSeconds`, whichever comes first (each operator sends at least one).
        var figures: [CountyQueryFigures] = []
        for query in queries {
            let phaseStarted = ContinuousClock.now
            let phaseSeconds = self.countyPhaseSeconds
            // Answers are read once the phase is over: the operators' browsers parse them on their
            // own machines, and parsing here would take the cores from the requests still in flight.
            let replies = try await withThrowingTaskGroup(of: [(Double, String, OperatorClient.Reply)].self) { group in
                for (index, (client, token, audit)) in clients.enumerated() {
                    group.addTask {
                        var random = SplitMix64(seed: UInt64(1000 + index))
                        var out: [(Double, String, OperatorClient.Reply)] = []
                        for round in 0..<rounds {
                            if round > 0 && (ContinuousClock.now - phaseStarted).seconds > phaseSeconds { break }
                            let path = query.path(&random)
                            let sent = ContinuousClock.now
                            let reply = try await client.send(.GET, path, token: query.auditor ? audit : token, timeout: 600)
                            out.append(((ContinuousClock.now - sent).seconds * 1000, path, reply))
                        }
                        return out
                    }
                }
                var all: [(Double, String, OperatorClient.Reply)] = []
                for try await part in group { all += part }
                return all
            }
            let samples = replies.map { elapsed, path, reply in
                let listed = (reply.json[query.listKey] as? [Any])?.count ?? 0
                return (elapsed, reply.status == 200 ? nil : "\(reply.status) \(path): \(reply.text.prefix(200))", listed == 0)
            }
            var example = SplitMix64(seed: 99)
            let figure = CountyQueryFigures(
                name: query.name, example: query.path(&example), latencies: samples.map(\.0).sorted(),
                failures: samples.compactMap(\.1), empty: samples.filter(\.2).count)
            progress("county: \(query.name): p50 \(String(format: "%.1f", figure.p50)) ms, p99 \(String(format: "%.1f", figure.p99)) ms (\(samples.count) requests)")
            figures.append(figure)
        }
        return (figures, plans)
    }
}

/// Statements collected from the trace, in the order first seen.
final class StatementLog: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: Set<String> = []
    private var list: [String] = []

    func add(_ sql: String) {
        lock.lock()
        if seen.insert(sql).inserted { list.append(sql) }
        lock.unlock()
    }

    var statements: [String] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
