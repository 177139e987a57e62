import CareModel
import CareNode
import CarePKI
import CareStore
import Foundation
import Logging
import MQTTTestSupport
import ServiceLifecycle
import Synchronization

/// A whole federation in one process on loopback: one CA, a node per topology entry with its
/// own data folder and certificate, and a `LinkProxy` on every child→parent link. Tests and
/// `carenode demo` use it; it can cut and restore links and stop and restart nodes.
public final class Federation: Sendable {
    public let topology: Topology
    public let directory: URL
    public let authority: CertificateAuthority
    let batchSize: Int
    let logLevel: Logger.Level
    /// Adjusts each node's configuration before it starts (an MQTT broker, a radius…).
    let configure: @Sendable (inout NodeConfiguration) -> Void

    struct Member: Sendable {
        var server: CareNodeServer
        var group: ServiceGroup
        var task: Task<Void, any Error>
        var port: Int
    }

    private let members = Mutex<[DivisionCode: Member]>([:])
    /// Proxies by child code: the child's link to its parent.
    private let proxies = Mutex<[DivisionCode: LinkProxy]>([:])

    /// Starts every node of `topology`, parents first, each listening on a free port.
    public static func start(
        _ topology: Topology, directory: URL? = nil, batchSize: Int = 1000,
        logLevel: Logger.Level = Federation.defaultLogLevel, configure: @escaping @Sendable (inout NodeConfiguration) -> Void = { _ in }
    ) async throws -> Federation {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("carenode-\(UUID().uuidString.prefix(8))")
        let authority = try CertificateAuthority.create(county: topology.codes[0].county.rawValue)
        try authority.write(to: directory.appendingPathComponent("ca"))
        let federation = Federation(topology: topology, directory: directory, authority: authority, batchSize: batchSize, logLevel: logLevel, configure: configure)
        for code in topology.codes {
            let identity = try authority.issue(code: code.rawValue)
            try identity.write(to: federation.certificates(code))
            try await federation.start(code, port: Int(try LoopbackPort.outsideEphemeralRange()))
        }
        return federation
    }

    /// Log level from CARENODE_LOG_LEVEL, warnings by default so test output stays readable.
    public static var defaultLogLevel: Logger.Level {
        ProcessInfo.processInfo.environment["CARENODE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    }

    private init(topology: Topology, directory: URL, authority: CertificateAuthority, batchSize: Int, logLevel: Logger.Level, configure: @escaping @Sendable (inout NodeConfiguration) -> Void) {
        self.configure = configure
        self.topology = topology
        self.directory = directory
        self.authority = authority
        self.batchSize = batchSize
        self.logLevel = logLevel
    }

    func certificates(_ code: DivisionCode) -> URL { directory.appendingPathComponent("\(code.rawValue)/certs") }

    /// Starts (or restarts, on its old port) one node; its parent must be running.
    public func start(_ code: DivisionCode, port: Int? = nil) async throws {
        var parentURL: URL?
        if let parent = topology.parent(of: code) {
            let proxy: LinkProxy
            if let existing = proxies.withLock({ $0[code] }) {
                proxy = existing
            } else {
                guard let parentPort = members.withLock({ $0[parent]?.port }) else {
                    throw ConfigurationErrorText("start parent \(parent) before \(code)")
                }
                proxy = try await LinkProxy.start(to: parentPort)
                proxies.withLock { $0[code] = proxy }
            }
            parentURL = URL(string: "https://127.0.0.1:\(proxy.port)")
        }
        let previousPort = members.withLock { $0[code]?.port }
        var configuration = NodeConfiguration(
            code: code, name: topology.name(of: code), parentURL: parentURL,
            dataDirectory: directory.appendingPathComponent(code.rawValue), host: "127.0.0.1",
            port: port ?? previousPort ?? 0, certificatesDirectory: certificates(code), allowDevelopmentIdentity: false,
            batchSize: batchSize, runSync: parentURL != nil)
        configure(&configuration)
        var logger = Logger(label: "carenode.\(code)")
        logger.logLevel = logLevel
        let server = try buildNode(configuration, logger: logger)
        let group = server.serviceGroup(signals: false)
        let listening = server.listening
        let task = Task {
            do {
                try await group.run()
                listening.ended(nil)
            } catch {
                listening.ended(error)
                throw error
            }
        }
        let bound = try await listening.port()
        members.withLock { $0[code] = Member(server: server, group: group, task: task, port: bound) }
    }

    /// Stops a node gracefully and waits until it has. A connection from a child that is
    /// still open after a few seconds is dropped at the child's link, as the network would drop
    /// it when the host powers off: the server's graceful shutdown otherwise waits for it.
    public func stop(_ code: DivisionCode) async {
        guard let member = members.withLock({ $0[code] }) else { return }
        await member.group.triggerGracefulShutdown()
        let childLinks = proxies.withLock { proxies in topology.children(of: code).compactMap { proxies[$0] } }
        let dropper = Task {
            try await Task.sleep(for: .seconds(3))
            for link in childLinks { link.dropConnections() }
        }
        // A shutdown that never ends would hold the whole test run (CI gives up after 90
        // minutes with nothing said): after 30 s the node's services are cancelled, as a
        // supervisor's stop timeout would, and the node is named.
        if !(await Self.ended(member.task, within: .seconds(30))) {
            print("federation: node \(code) had not stopped 30 s after its graceful shutdown began; cancelling its services")
            member.task.cancel()
            if !(await Self.ended(member.task, within: .seconds(10))) {
                print("federation: node \(code) still runs 10 s after its services were cancelled; left behind")
            }
        }
        dropper.cancel()
    }

    /// Whether `task` ends within `limit`. Waiting on a task's result ignores cancellation,
    /// so the two waits race through a continuation that the first to finish resumes.
    static func ended(_ task: Task<Void, any Error>, within limit: Duration) async -> Bool {
        final class FirstAnswer: Sendable {
            let continuation: Mutex<CheckedContinuation<Bool, Never>?>
            init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = Mutex(continuation) }
            func give(_ answer: Bool) { continuation.withLock { $0.take() }?.resume(returning: answer) }
        }
        return await withCheckedContinuation { continuation in
            let first = FirstAnswer(continuation)
            Task {
                _ = await task.result
                first.give(true)
            }
            Task {
                try? await Task.sleep(for: limit)
                first.give(false)
            }
        }
    }

    /// Restarts a stopped node on its old port, with its data.
    public func restart(_ code: DivisionCode) async throws {
        try await start(code)
    }

    /// Cuts the link from `child` to its parent.
    public func cut(_ child: DivisionCode) {
        proxies.withLock { $0[child] }?.cut()
    }

    /// Blackholes the link from `child` to its parent: bytes vanish and connections hang until
    /// `restore`, and the connections open now never carry data again.
    public func blackhole(_ child: DivisionCode) {
        proxies.withLock { $0[child] }?.blackhole()
    }

    public func restore(_ child: DivisionCode) {
        proxies.withLock { $0[child] }?.restore()
    }

    public func node(_ code: DivisionCode) -> CareNodeServer {
        guard let member = members.withLock({ $0[code] }) else { fatalError("no node \(code) in this federation") }
        return member.server
    }

    public func db(_ code: DivisionCode) -> AppDatabase { node(code).db }

    /// The node's own address (not through a proxy).
    public func url(_ code: DivisionCode) -> URL {
        URL(string: "https://127.0.0.1:\(members.withLock { $0[code]?.port ?? 0 })")!
    }

    public func port(_ code: DivisionCode) -> Int { members.withLock { $0[code]?.port ?? 0 } }

    /// Stops every node, children first, and closes the proxies.
    public func shutdown() async {
        for code in topology.codes.reversed() { await stop(code) }
        for proxy in proxies.withLock({ Array($0.values) }) { await proxy.close() }
    }

    /// Polls `condition` until it holds or `timeout` passes; returns whether it held.
    public static func eventually(timeout: Duration = .seconds(20), _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try condition()
    }
}
