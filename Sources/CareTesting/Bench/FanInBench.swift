import CareAPI
import CareModel
import CarePKI
import CareStore
import Foundation
import Logging
import NIOHTTP1

/// Many communities pushing at once: a county with `streets` streets of `communities`
/// communities each. Every community writes its changes while it is offline (stopped, as in
/// catch-up); then all start again together, and the county's intake is timed until it holds
/// every change.
extension Benchmarks {
    public struct FanInFigures: Sendable {
        public var streets: Int
        public var communities: Int
        public var written: Int
        public var seconds: Double
        /// Changes the county took in per second, from every community together.
        public var rate: Double
        /// CPU time the process (every node) used meanwhile.
        public var cpuSeconds: Double
        /// An operator's `GET /api/v1/elders` at the county while every child reconnects and
        /// drains, sorted (milliseconds): what the dispatch room feels during a catch-up. Each
        /// list of elders also writes its audit entry, so it waits for the writer too.
        public var operatorLatencies: [Double]
        /// `GET /api/v1/orders` in turn with the elder lists: a read that writes nothing.
        public var readLatencies: [Double]
    }

    /// The topology of the scenario: county 420107, streets 420107001…, communities …001001….
    static func fanInTopology(streets: Int, communities: Int) throws -> Topology {
        var nodes: [Topology.Node] = [.init(code: county.rawValue, name: "county")]
        for s in 1...streets {
            let street = county.rawValue + String(format: "%03d", s)
            nodes.append(.init(code: street, name: "street \(s)"))
            for c in 1...communities {
                nodes.append(.init(code: street + String(format: "%03d", c), name: "community \(s).\(c)"))
            }
        }
        return try Topology(name: "fan-in", nodes: nodes)
    }

    public func fanIn(streets: Int, communities: Int, changesPerCommunity: Int) async throws -> FanInFigures {
        let topology = try Self.fanInTopology(streets: streets, communities: communities)
        let folder = directory.appendingPathComponent("fan-in")
        progress("fan-in: starting \(topology.nodes.count) nodes")
        let federation = try await Federation.start(topology, directory: folder, batchSize: batchSize, logLevel: .error)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let figures = try await fanIn(federation, streets: streets, communities: communities, changesPerCommunity: changesPerCommunity)
            await federation.shutdown()
            return figures
        } catch {
            await federation.shutdown()
            throw error
        }
    }

    private func fanIn(_ federation: Federation, streets: Int, communities: Int, changesPerCommunity: Int) async throws -> FanInFigures {
        let leaves = federation.topology.codes.filter { $0.role == .community }
        for leaf in leaves { await federation.stop(leaf) }
        var written = 0
        for (index, leaf) in leaves.enumerated() {
            // Distinct serials per community keep citizen IDs unique across the county.
            written += try Workload.write(
                changes: changesPerCommunity, at: federation.db(leaf), seed: UInt64(index + 1),
                firstSerial: index * (changesPerCommunity + 1))
            if index % 5 == 4 || index == leaves.count - 1 {
                progress("fan-in: \(index + 1)/\(leaves.count) communities hold their changes (\(written) in all)")
            }
        }
        try federation.db(Self.county).addOperator(Operator(name: "bench", role: .admin, home: Self.county, passwordHash: PasswordHashing.hash("bench-operator")))
        let operatorClient = try OperatorClient(baseURL: federation.url(Self.county), caPEM: federation.authority.certificatePEM)
        defer { Task { await operatorClient.shutdown() } }
        let token = try await operatorClient.login(name: "bench", password: "bench-operator")
        progress("fan-in: all \(leaves.count) communities back online")
        let started = ContinuousClock.now
        let cpuBefore = processCPUSeconds()
        // One operator working at the county the whole time, one request after another: a list
        // of elders (audited, so a read and a write), then a list of orders (a read only).
        let sampler = Task { () -> (lists: [Double], reads: [Double]) in
            var lists: [Double] = []
            var reads: [Double] = []
            while !Task.isCancelled {
                if let elapsed = await Self.timed(operatorClient, "/api/v1/elders?limit=50", token) { lists.append(elapsed) }
                if let elapsed = await Self.timed(operatorClient, "/api/v1/orders?limit=50", token) { reads.append(elapsed) }
            }
            return (lists, reads)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for leaf in leaves { group.addTask { try await federation.restart(leaf) } }
            try await group.waitForAll()
        }
        let seconds = try await waitForLog(at: federation.db(Self.county), count: written, since: started, label: "fan-in")
        sampler.cancel()
        let sampled = await sampler.value
        return FanInFigures(
            streets: streets, communities: communities, written: written, seconds: seconds, rate: Double(written) / seconds,
            cpuSeconds: processCPUSeconds() - cpuBefore, operatorLatencies: sampled.lists.sorted(), readLatencies: sampled.reads.sorted())
    }

    /// Milliseconds one successful GET took, nil when it failed.
    private static func timed(_ client: OperatorClient, _ path: String, _ token: String) async -> Double? {
        let sent = ContinuousClock.now
        guard let reply = try? await client.send(.GET, path, token: token), reply.status == 200 else { return nil }
        let elapsed = (ContinuousClock.now - sent).components
        return Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15
    }
}
