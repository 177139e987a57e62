import CareModel
import CareStore
import Foundation
import Logging

/// One seeded fault schedule over a federation (issue 5): random writes at every tier through
/// the operator API, mixed with link cuts and restorations, graceful restarts, replayed push
/// batches and — with child processes — SIGKILLs, some in the middle of a catch-up. Then every
/// link comes back and `ChaosChecker` compares the nodes. The same seed gives the same
/// schedule, so a failing seed can be replayed with `carenode chaos --seed S`.
public struct ChaosRun: Sendable {
    /// How the nodes run.
    public enum Nodes: Sendable {
        /// All in this process: graceful faults only.
        case inProcess
        /// Each a `carenode serve` child process of this binary, so they can be killed.
        case processes(executable: URL)
    }

    public var seed: UInt64
    public var steps: Int
    public var topology: Topology
    public var directory: URL
    public var nodes: Nodes
    public var progress: @Sendable (String) -> Void = { _ in }

    public init(seed: UInt64, steps: Int, topology: Topology, directory: URL, nodes: Nodes) {
        self.seed = seed
        self.steps = steps
        self.topology = topology
        self.directory = directory
        self.nodes = nodes
    }

    public struct Outcome: Sendable {
        public var seed: UInt64
        public var actions: [String]
        public var acknowledged: Int
        public var problems: [String]
        /// Observations that are not failures, such as a node that needed SIGKILL to stop.
        public var notes: [String]
        public var passed: Bool { problems.isEmpty }
    }

    public func run() async throws -> Outcome {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let running: any ChaosNodes
        switch nodes {
        case .inProcess:
            let logLevel = ProcessInfo.processInfo.environment["CARENODE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
            running = try await InProcessNodes(topology, directory: directory, logLevel: logLevel)
        case .processes(let executable):
            running = try await ProcessFederation.start(topology, directory: directory, executable: executable)
        }
        var world: ChaosWorld?
        do {
            world = try await ChaosWorld.prepare(running)
            let outcome = try await drive(&world!)
            await world?.signOut()
            await running.shutdown()
            if outcome.passed { try? FileManager.default.removeItem(at: directory) }
            return outcome
        } catch {
            await world?.signOut()
            await running.shutdown()
            throw error
        }
    }

    private func drive(_ world: inout ChaosWorld) async throws -> Outcome {
        var random = SplitMix64(seed: seed)
        var actions: [String] = []
        let canKill = world.nodes.canKill
        for step in 0..<steps {
            let roll = Int.random(in: 0..<100, using: &random)
            let action: String
            switch roll {
            case 0..<28: action = try await world.writeElder(&random)
            case 28..<40: action = try await world.editElder(&random)
            case 40..<58: action = try await world.stepOrder(&random)
            case 58..<64: action = try await world.evaluate(&random)
            case 64..<76: action = world.toggleLink(&random)
            case 76..<82: action = try await world.restart(&random)
            case 82..<88: action = try await world.replayPushes(&random)
            case 88..<92 where canKill: action = try await world.kill(&random)
            case 92..<96 where canKill: action = try await world.killMidBatch(&random)
            case 88..<96: action = try await world.restart(&random)
            default:
                try await Task.sleep(for: .milliseconds(Int.random(in: 10...200, using: &random)))
                action = "pause"
            }
            actions.append("\(step): \(action)")
            progress("seed \(seed) step \(step + 1)/\(steps): \(action)")
        }
        progress("seed \(seed): all links back, waiting for convergence")
        world.heal()
        let checker = ChaosChecker(nodes: world.nodes, ledger: world.ledger)
        let problems = try await checker.check(timeout: .seconds(90))
        return Outcome(seed: seed, actions: actions, acknowledged: world.ledger.count, problems: problems, notes: world.nodes.notes)
    }
}
