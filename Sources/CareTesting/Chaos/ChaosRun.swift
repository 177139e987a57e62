import CareModel
import CareStore
import Foundation
import Logging

/// One seeded fault schedule over a federation (issue 5): random writes at every tier mixed
/// with link cuts and restorations, graceful restarts, and replayed push batches; then every
/// link comes back and `ChaosChecker` compares the nodes. The same seed gives the same
/// schedule, so a failing seed can be replayed with `carenode chaos --seed S`.
public struct ChaosRun: Sendable {
    public var seed: UInt64
    public var steps: Int
    public var topology: Topology
    public var directory: URL
    public var progress: @Sendable (String) -> Void = { _ in }

    public init(seed: UInt64, steps: Int, topology: Topology, directory: URL) {
        self.seed = seed
        self.steps = steps
        self.topology = topology
        self.directory = directory
    }

    public struct Outcome: Sendable {
        public var seed: UInt64
        public var actions: [String]
        public var acknowledged: Int
        public var problems: [String]
        public var passed: Bool { problems.isEmpty }
    }

    public func run() async throws -> Outcome {
        let logLevel = ProcessInfo.processInfo.environment["CARENODE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        let federation = try await Federation.start(topology, directory: directory, batchSize: 50, logLevel: logLevel)
        do {
            let outcome = try await drive(federation)
            await federation.shutdown()
            try? FileManager.default.removeItem(at: directory)
            return outcome
        } catch {
            await federation.shutdown()
            throw error
        }
    }

    private func drive(_ federation: Federation) async throws -> Outcome {
        var random = SplitMix64(seed: seed)
        var world = ChaosWorld(topology: topology)
        let county = topology.codes[0]
        var actions: [String] = []
        let organisation = try federation.db(county).createOrganisation(ServiceOrganisation(
            home: county, name: "混沌测试服务中心", type: .homeCareCenter, categories: ServiceCategory.allCases,
            communities: world.communities, address: Address(text: "青山区")), actor: "chaos")
        world.acknowledge(.organisation, organisation.model.id, home: county)

        for step in 0..<steps {
            let roll = Int.random(in: 0..<100, using: &random)
            let action: String
            switch roll {
            case 0..<30: action = try world.writeElder(federation, &random)
            case 30..<42: action = try world.editElder(federation, &random)
            case 42..<60: action = try world.stepOrder(federation, organisation: organisation.model.id, &random)
            case 60..<66: action = try world.evaluate(federation, &random)
            case 66..<78: action = world.toggleLink(federation, &random)
            case 78..<88: action = try await world.restart(federation, &random)
            case 88..<94: action = try await world.replayPushes(federation, &random)
            default:
                try await Task.sleep(for: .milliseconds(Int.random(in: 10...200, using: &random)))
                action = "pause"
            }
            actions.append("\(step): \(action)")
            progress("seed \(seed) step \(step + 1)/\(steps): \(action)")
        }
        progress("seed \(seed): all links back, waiting for convergence")
        world.heal(federation)
        var checker = ChaosChecker(topology: topology, federation: federation, ledger: world.ledger)
        let problems = try await checker.check(timeout: .seconds(90))
        return Outcome(seed: seed, actions: actions, acknowledged: world.ledger.count, problems: problems)
    }
}
