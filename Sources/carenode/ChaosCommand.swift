import ArgumentParser
import CareTesting
import Foundation
import Synchronization

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

    @Option(help: "Topology file with 1 county, 2 streets and 4 communities (default: the built-in demo topology, Topologies/demo.yaml).")
    var topology: String?

    @Flag(help: "Print each step.")
    var verbose = false

    @Flag(help: "Run the nodes inside this process (no SIGKILL faults) instead of as child processes.")
    var inProcess = false

    @Option(help: "Seconds a schedule may take before it is reported as hung.")
    var seedTimeout: Int = 600

    func run() async throws {
        guard (1...100_000).contains(schedules), (1...10_000).contains(steps) else {
            throw ValidationError("--schedules must be 1–100000 and --steps 1–10000")
        }
        guard seedTimeout > 0 else { throw ValidationError("--seed-timeout must be positive") }
        let nodes: ChaosRun.Nodes = inProcess ? .inProcess : .processes(executable: try Self.executable())
        let loaded = try Topology.fromOption(topology)
        let seeds = seed.map { [$0] } ?? Array(1...UInt64(schedules))
        var failed: [UInt64] = []
        for seed in seeds {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-chaos-\(seed)-\(UUID().uuidString.prefix(6))")
            var run = ChaosRun(seed: seed, steps: steps, topology: loaded, directory: directory, nodes: nodes)
            let last = LastLine()
            let verbose = verbose
            run.progress = { line in
                last.set(line)
                if verbose { FileHandle.standardError.write(Data("  \(line)\n".utf8)) }
            }
            let started = ContinuousClock.now
            // A schedule that never ends is a failure too, and must name its seed.
            let watchdog = Task { [seedTimeout, steps] in
                try await Task.sleep(for: .seconds(seedTimeout))
                say("seed \(seed): HUNG after \(seedTimeout) s at \"\(last.get())\" — replay with: carenode chaos --seed \(seed) --steps \(steps); data in \(directory.path)")
                Foundation.exit(2)
            }
            defer { watchdog.cancel() }
            let outcome: ChaosRun.Outcome
            do {
                outcome = try await run.run()
            } catch {
                failed.append(seed)
                say("seed \(seed): FAILED to run — \(error) — replay with: carenode chaos --seed \(seed) --steps \(steps); data kept in \(directory.path)")
                continue
            }
            let seconds = (ContinuousClock.now - started).components.seconds
            if outcome.passed {
                say("seed \(seed): ok — \(steps) steps, \(outcome.acknowledged) acknowledged writes, converged (\(seconds) s)")
                for note in outcome.notes { say("  note: \(note)") }
            } else {
                failed.append(seed)
                say("seed \(seed): FAILED — replay with: carenode chaos --seed \(seed) --steps \(steps)\(inProcess ? " --in-process" : ""); data kept in \(directory.path)")
                for problem in outcome.problems.prefix(20) { say("  \(problem)") }
                say("  schedule:")
                for action in outcome.actions { say("    \(action)") }
            }
        }
        say(failed.isEmpty ? "\(seeds.count) schedule(s) passed" : "\(failed.count) of \(seeds.count) schedule(s) failed: seeds \(failed.map(String.init).joined(separator: ", "))")
        if !failed.isEmpty { throw ExitCode(1) }
    }

    /// This binary, which the child nodes run as `carenode serve`.
    static func executable() throws -> URL {
        let url = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw ValidationError("cannot find this program's own executable to start child nodes; use --in-process")
        }
        return url
    }
}

/// The last progress line of a schedule, for the hang report.
private final class LastLine: Sendable {
    private let line = Mutex("starting")
    func set(_ text: String) { line.withLock { $0 = text } }
    func get() -> String { line.withLock { $0 } }
}
