import ArgumentParser
import CareAPI
import CareModel
import CareNode
import CareTesting
import Foundation
import Logging
import UnixSignals

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a whole federation on loopback (county, streets, communities) with sample data.")

    @Option(help: "Topology file (default: the demo federation built into carenode, Topologies/demo.yaml).")
    var topology: String?

    @Option(help: "Where to keep the nodes' data (default: a new temporary folder).")
    var data: String?

    @Option(help: "Elders seeded at each community.")
    var elders: Int = 20

    @Option(help: "Stop after this many seconds (default: run until Ctrl-C).")
    var seconds: Int?

    @Option(help: "Serve the console from this folder instead of the copy built into carenode (development).")
    var consoleDir: String?

    @Option(help: "MQTT broker HOST:PORT whose device topics every community node ingests (carenode/<community>/devices/…).")
    var mqtt: String?

    func run() async throws {
        guard (0...10_000).contains(elders) else { throw ValidationError("--elders must be 0–10000") }
        let topology = try Topology.fromOption(self.topology)
        say("starting \(topology.nodes.count) nodes of '\(topology.name)'…")
        let consoleFolder = consoleDir.map { URL(fileURLWithPath: $0) }
        let broker = try mqtt.map { text in
            do { return try NodeConfiguration.parseBroker(text) } catch { throw ValidationError("--mqtt: \(error)") }
        }
        let federation = try await Federation.start(topology, directory: data.map { URL(fileURLWithPath: $0) }, logLevel: .warning) { configuration in
            if let consoleFolder { configuration.console.directory = consoleFolder }
            if let broker, configuration.role == .community { configuration.mqtt = broker }
        }
        let summary = try DemoSeed.seed(federation, eldersPerCommunity: elders)
        say("""
            seeded \(summary.organisations) organisations and \(summary.staff) staff at the county; \
            \(summary.elders) elders, \(summary.devices) devices, \(summary.orders) service orders, \
            \(summary.evaluations) evaluations and \(summary.stays) care stays at the communities

            """)
        for code in topology.codes {
            let indent = String(repeating: "  ", count: code.role == .county ? 0 : code.role == .street ? 1 : 2)
            say("\(indent)\(code.role.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(code)  \(federation.url(code).absoluteString)  \(topology.name(of: code))")
        }
        say("""

            operator login on every node: \(DemoSeed.operatorName) / \(DemoSeed.operatorPassword)
            CA certificate (trust it to call the API): \(federation.directory.path)/ca/ca.pem
            try:  curl --cacert \(federation.directory.path)/ca/ca.pem -X POST \(federation.url(topology.codes[0]))/api/v1/session \\
                    -H 'content-type: application/json' -d '{"name":"\(DemoSeed.operatorName)","password":"\(DemoSeed.operatorPassword)"}'
            data: \(federation.directory.path)
            """)
        if let seconds {
            try await Task.sleep(for: .seconds(seconds))
        } else {
            say("running; press Ctrl-C to stop")
            for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) { break }
        }
        say("stopping…")
        await federation.shutdown()
    }
}

/// Writes a line straight to standard output: the addresses must show at once even when the
/// output is a pipe or a file (print buffers until exit there).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
