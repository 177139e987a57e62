import CareAPI
import CareModel
import CarePKI
import CareStore
import Foundation
import GRDB
import Logging

/// The nodes a fault schedule drives: in this process (`Federation`) or as child processes
/// (`ProcessFederation`, which can also kill them). Writes go through each node's operator API
/// either way, so the ledger holds exactly what a node acknowledged over HTTP.
protocol ChaosNodes: Sendable {
    var topology: Topology { get }
    /// The CA certificate the operator clients trust.
    var caPEM: String { get }
    /// Whether `kill` is an abrupt SIGKILL of a real process.
    var canKill: Bool { get }
    /// Things worth reporting that are not convergence failures (a node slow to stop).
    var notes: [String] { get }

    /// A node's own address (not through a link proxy).
    func url(_ code: DivisionCode) -> URL
    func cut(_ child: DivisionCode)
    func restore(_ child: DivisionCode)
    /// Stops a node gracefully and waits until it has.
    func stop(_ code: DivisionCode) async throws
    /// Starts a stopped node again on its port, with its data.
    func start(_ code: DivisionCode) async throws
    /// Kills a node with no warning (SIGKILL) and waits until it is gone.
    func kill(_ code: DivisionCode) async throws
    /// Forgets a stopped child's acknowledged push position, so it sends everything again.
    func resetPushCursor(_ child: DivisionCode) throws
    /// Runs `body` on a read-only view of the node's database.
    func read<T>(_ code: DivisionCode, _ body: (Database) throws -> T) throws -> T
    func shutdown() async
}

/// The operator account a chaos run signs in with at every node.
enum ChaosAccount {
    static let name = "chaos"
    static let password = "chaos-schedule"

    static func add(to db: AppDatabase) throws {
        if try db.operatorNamed(name) == nil {
            try db.addOperator(Operator(name: name, role: .admin, home: db.node, passwordHash: PasswordHashing.hash(password)))
        }
    }
}

/// Every node in this process: graceful stops and restarts, no abrupt kills.
struct InProcessNodes: ChaosNodes {
    let federation: Federation

    init(_ topology: Topology, directory: URL, logLevel: Logger.Level) async throws {
        federation = try await Federation.start(topology, directory: directory, batchSize: 50, logLevel: logLevel)
        for code in topology.codes { try ChaosAccount.add(to: federation.db(code)) }
    }

    var topology: Topology { federation.topology }
    var caPEM: String { federation.authority.certificatePEM }
    var canKill: Bool { false }
    var notes: [String] { [] }

    func url(_ code: DivisionCode) -> URL { federation.url(code) }
    func cut(_ child: DivisionCode) { federation.cut(child) }
    func restore(_ child: DivisionCode) { federation.restore(child) }
    func stop(_ code: DivisionCode) async throws { await federation.stop(code) }
    func start(_ code: DivisionCode) async throws { try await federation.restart(code) }

    func kill(_ code: DivisionCode) async throws {
        throw ConfigurationErrorText("nodes in one process cannot be killed; run the schedule with child processes")
    }

    func resetPushCursor(_ child: DivisionCode) throws {
        try federation.db(child).saveCursor(.start, peer: child.parent!.rawValue, direction: "push")
    }

    func read<T>(_ code: DivisionCode, _ body: (Database) throws -> T) throws -> T {
        try federation.db(code).read(body)
    }

    func shutdown() async { await federation.shutdown() }
}
