import ArgumentParser
import CareTesting
import Foundation

struct ChaosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chaos",
        abstract: "Run seeded fault schedules over a 7-node federation and check that it converges.")

    @Option(help: "Run this one seed (to replay a failure).")
    var seed: UInt64?

    @Option(help: "Number of schedules, seeds 1…N, when --seed is not given.")
    var schedules: Int = 20

    @Option(help: "Steps (writes and faults) per schedule.")
    var steps: Int = 60

    @Option(help: "Topology file with 1 county, 2 streets and 4 communities.")
    var topology: String = "Topologies/demo.yaml"

    @Flag(help: "Print each step.")
    var verbose = false

    func run() async throws {
        guard (1...100_000).contains(schedules), (1...10_000).contains(steps) else {
            throw ValidationError("--schedules must be 1–100000 and --steps 1–10000")
        }
        let loaded: Topology
        do { loaded = try Topology.load(URL(fileURLWithPath: topology)) } catch {
            throw ValidationError("--topology: cannot load \(topology): \(error)")
        }
        let seeds = seed.map { [$0] } ?? Array(1...UInt64(schedules))
        var failed: [UInt64] = []
        for seed in seeds {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-chaos-\(seed)-\(UUID().uuidString.prefix(6))")
            var run = ChaosRun(seed: seed, steps: steps, topology: loaded, directory: directory)
            if verbose { run.progress = { line in FileHandle.standardError.write(Data("  \(line)\n".utf8)) } }
            let started = ContinuousClock.now
            let outcome = try await run.run()
            let seconds = (ContinuousClock.now - started).components.seconds
            if outcome.passed {
                say("seed \(seed): ok — \(steps) steps, \(outcome.acknowledged) acknowledged writes, converged (\(seconds) s)")
            } else {
                failed.append(seed)
                say("seed \(seed): FAILED — replay with: carenode chaos --seed \(seed) --steps \(steps)")
                for problem in outcome.problems.prefix(20) { say("  \(problem)") }
                say("  schedule:")
                for action in outcome.actions { say("    \(action)") }
            }
        }
        say(failed.isEmpty ? "\(seeds.count) schedule(s) passed" : "\(failed.count) of \(seeds.count) schedule(s) failed: seeds \(failed.map(String.init).joined(separator: ", "))")
        if !failed.isEmpty { throw ExitCode(1) }
    }
}
