import CareModel
import CareTesting
import Foundation
import Testing

/// The fixed chaos seeds CI runs (issue 5): each is a whole fault schedule over the 7-node demo
/// topology, checked for convergence, the ledger of acknowledged writes and database
/// integrity. `carenode chaos --schedules 1000` is the long form.
@Suite(.serialized) struct ChaosScheduleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func run(seed: UInt64, steps: Int, nodes: ChaosRun.Nodes) async throws {
        let topology = try Topology.load(root.appendingPathComponent("Topologies/demo.yaml"))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-chaos-test-\(seed)-\(UUID().uuidString.prefix(6))")
        let outcome = try await ChaosRun(seed: seed, steps: steps, topology: topology, directory: directory, nodes: nodes).run()
        #expect(outcome.problems.isEmpty, """
            seed \(seed) failed — replay with `carenode chaos --seed \(seed) --steps \(steps)`; data kept in \(directory.path)
            \(outcome.problems.prefix(20).joined(separator: "\n"))
            schedule:
            \(outcome.actions.joined(separator: "\n"))
            """)
        #expect(outcome.acknowledged > steps / 4, "a schedule that writes almost nothing proves little")
    }

    /// The `carenode` executable this package built, which the child nodes run.
    static func executable() throws -> URL {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("carenode"),
            root.appendingPathComponent(".build/debug/carenode"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw MissingExecutable(candidates: candidates.map(\.path))
        }
        return found
    }

    @Test(.timeLimit(.minutes(3)), arguments: [3, 7, 11] as [UInt64])
    func inProcessScheduleConverges(seed: UInt64) async throws {
        try await Self.run(seed: seed, steps: 60, nodes: .inProcess)
    }

    @Test(.timeLimit(.minutes(4)), arguments: [1, 5] as [UInt64])
    func childProcessScheduleWithKillsConverges(seed: UInt64) async throws {
        try await Self.run(seed: seed, steps: 60, nodes: .processes(executable: try Self.executable()))
    }
}

struct MissingExecutable: Error, CustomStringConvertible {
    let candidates: [String]
    var description: String { "no carenode executable at \(candidates.joined(separator: " or ")); build it with `swift build`" }
}
