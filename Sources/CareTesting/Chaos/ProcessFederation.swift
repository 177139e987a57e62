import CareModel
import CarePKI
import CareStore
import Foundation
import GRDB
import MQTTTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A federation of `carenode serve` child processes on loopback, one per topology entry, each
/// with its own data folder, certificate and fixed port, and a `LinkProxy` (in this process)
/// on every child→parent link. Unlike `Federation` it can kill a node with SIGKILL — a power
/// cut — at any moment, a push or an apply half done included.
final class ProcessFederation: ChaosNodes {
    let topology: Topology
    let directory: URL
    let executable: URL
    let caPEM: String
    var canKill: Bool { true }

    private let ports: [DivisionCode: Int]
    private let proxies: [DivisionCode: LinkProxy]
    private let running = Mutex<[DivisionCode: Process]>([:])
    private let slowStops = Mutex<[String]>([])

    var notes: [String] { slowStops.withLock { $0 } }

    /// Writes the CA and every node's certificate and operator account, then starts every
    /// node, parents first.
    static func start(_ topology: Topology, directory: URL, executable: URL) async throws -> ProcessFederation {
        let authority = try CertificateAuthority.create(county: topology.codes[0].county.rawValue)
        try authority.write(to: directory.appendingPathComponent("ca"))
        var ports: [DivisionCode: Int] = [:]
        var proxies: [DivisionCode: LinkProxy] = [:]
        for code in topology.codes {
            try authority.issue(code: code.rawValue).write(to: Self.certificates(code, in: directory))
            try ChaosAccount.add(to: AppDatabase.open(directory: Self.data(code, in: directory), node: code))
            ports[code] = Int(try LoopbackPort.outsideEphemeralRange())
            if let parent = topology.parent(of: code) {
                proxies[code] = try await LinkProxy.start(to: ports[parent]!)
            }
        }
        let federation = ProcessFederation(
            topology: topology, directory: directory, executable: executable, caPEM: authority.certificatePEM,
            ports: ports, proxies: proxies)
        for code in topology.codes { try await federation.start(code) }
        return federation
    }

    private init(topology: Topology, directory: URL, executable: URL, caPEM: String, ports: [DivisionCode: Int], proxies: [DivisionCode: LinkProxy]) {
        self.topology = topology
        self.directory = directory
        self.executable = executable
        self.caPEM = caPEM
        self.ports = ports
        self.proxies = proxies
    }

    static func data(_ code: DivisionCode, in directory: URL) -> URL { directory.appendingPathComponent(code.rawValue) }
    static func certificates(_ code: DivisionCode, in directory: URL) -> URL { data(code, in: directory).appendingPathComponent("certs") }

    func url(_ code: DivisionCode) -> URL { URL(string: "https://127.0.0.1:\(ports[code]!)")! }
    func cut(_ child: DivisionCode) { proxies[child]?.cut() }
    func restore(_ child: DivisionCode) { proxies[child]?.restore() }

    /// Launches `carenode serve` for the node and waits until it accepts connections.
    func start(_ code: DivisionCode) async throws {
        let process = Process()
        process.executableURL = executable
        var arguments = [
            "serve", "--code", code.rawValue, "--name", topology.name(of: code),
            "--data", Self.data(code, in: directory).path, "--listen", "127.0.0.1:\(ports[code]!)",
            "--certs", Self.certificates(code, in: directory).path,
        ]
        if let proxy = proxies[code] { arguments += ["--parent", "https://127.0.0.1:\(proxy.port)"] }
        process.arguments = arguments
        let log = directory.appendingPathComponent("\(code.rawValue).log")
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let output = try FileHandle(forWritingTo: log)
        output.seekToEndOfFile()
        process.standardOutput = output
        process.standardError = output
        try await launchWithDefaultSignalMask(process)
        running.withLock { $0[code] = process }
        let deadline = ContinuousClock.now + .seconds(30)
        while !LoopbackPort.isAccepting(UInt16(ports[code]!)) {
            guard process.isRunning else {
                throw ConfigurationErrorText("node \(code) exited with status \(process.terminationStatus) before listening; see \(log.path)")
            }
            guard ContinuousClock.now < deadline else { throw ConfigurationErrorText("node \(code) did not listen within 30 s; see \(log.path)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// SIGTERM, then waits for the exit. A child's connection still open after 3 s is dropped
    /// at its link, as the network drops it when a host powers off; a node still running after
    /// 15 s is killed and noted.
    func stop(_ code: DivisionCode) async throws {
        guard let process = running.withLock({ $0.removeValue(forKey: code) }) else { return }
        process.terminate()
        let childLinks = topology.children(of: code).compactMap { proxies[$0] }
        let started = ContinuousClock.now
        var dropped = false
        while process.isRunning {
            if !dropped && ContinuousClock.now - started > .seconds(3) {
                for link in childLinks { link.dropConnections() }
                dropped = true
            }
            if ContinuousClock.now - started > .seconds(15) {
                // What systemd does after its stop timeout. Not a convergence failure (the data
                // is safe in the WAL), but worth knowing: the run reports it.
                Glibc.kill(process.processIdentifier, SIGKILL)
                while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
                slowStops.withLock { $0.append("\(code) was still running 15 s after SIGTERM and was killed") }
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// SIGKILL: no shutdown, no flush, whatever the node was doing.
    func kill(_ code: DivisionCode) async throws {
        guard let process = running.withLock({ $0.removeValue(forKey: code) }) else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
    }

    func resetPushCursor(_ child: DivisionCode) throws {
        let db = try AppDatabase.open(directory: Self.data(child, in: directory), node: child)
        try db.saveCursor(.start, peer: child.parent!.rawValue, direction: "push")
    }

    /// Reads the node's SQLite file directly, next to the running node (WAL allows it).
    func read<T>(_ code: DivisionCode, _ body: (Database) throws -> T) throws -> T {
        let path = Self.data(code, in: directory).appendingPathComponent("\(code.rawValue).sqlite").path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read(body)
    }

    /// Stops every node, children first, and closes the links.
    func shutdown() async {
        for code in topology.codes.reversed() { try? await stop(code) }
        for proxy in proxies.values { await proxy.close() }
    }
}
