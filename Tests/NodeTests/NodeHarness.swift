import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareSync
import CareTesting
import CareWire
import Foundation
import GRDB
import NIOHTTP1
import SwiftProtobuf
import Testing

/// One real node (SQLite file, TLS, HTTP/2) and an operator signed in to it.
struct NodeHarness {
    let federation: Federation
    let code: DivisionCode
    let client: OperatorClient
    let token: String

    static func start(
        _ code: String, clock: ManualWallClock? = nil, configure: @escaping @Sendable (inout NodeConfiguration) -> Void = { _ in }
    ) async throws -> NodeHarness {
        let code = DivisionCode(code)!
        let federation = try await Federation.start(
            try Topology(name: "single", nodes: [.init(code: code.rawValue, name: "测试节点")]),
            configure: { configuration in
                if let clock { configuration.accountClock = clock.now }
                configure(&configuration)
            })
        try federation.db(code).addOperator(Operator(name: "admin", role: .admin, home: code, passwordHash: PasswordHashing.hash("correct horse")))
        let client = try OperatorClient(baseURL: federation.url(code), caPEM: federation.authority.certificatePEM)
        let token = try await client.login(name: "admin", password: "correct horse")
        return NodeHarness(federation: federation, code: code, client: client, token: token)
    }

    /// Runs `body` against a fresh node and always stops the node afterwards.
    static func with(
        _ code: String, clock: ManualWallClock? = nil, configure: @escaping @Sendable (inout NodeConfiguration) -> Void = { _ in },
        _ body: (NodeHarness) async throws -> Void
    ) async throws {
        let node = try await start(code, clock: clock, configure: configure)
        do {
            try await body(node)
        } catch {
            await node.stop()
            throw error
        }
        await node.stop()
    }

    var db: AppDatabase { federation.db(code) }

    func stop() async {
        await client.shutdown()
        await federation.shutdown()
        try? FileManager.default.removeItem(at: federation.directory)
    }

    /// The JSON body an operator would send for a new elder at this node's community.
    func elderJSON(serial: Int = 1, citizenId: String? = nil) -> [String: AnyEncodable] {
        let body = "420107" + "19450302" + String(format: "%03d", serial)
        return [
            "home": .init(code.role == .community ? code.rawValue : "420107001001"),
            "name": .init("王桂兰"), "gender": .init("female"),
            "citizenId": .init(citizenId ?? body + String(CitizenID.checkCharacter(for: body)!)),
            "phone": .init("13871234567"),
            "address": .init(["text": "青山区红卫路8号"]),
            "livingSituation": .init("emptyNest"), "abilityLevel": .init(1),
            "emergencyContacts": .init([["name": "李强", "relation": "女婿", "phone": "13912345678"]]),
        ]
    }

    /// Adds an account straight to the store (as `carenode user add` does: no forced password
    /// change) and signs it in.
    @discardableResult
    func signIn(
        _ name: String, role: OperatorRole, division: DivisionCode? = nil, organisationId: UUID? = nil, staffId: UUID? = nil
    ) async throws -> String {
        try db.addOperator(Operator(
            name: name, role: role, home: division ?? code, organisationId: organisationId, staffId: staffId,
            passwordHash: NodeHarness.passwordHash))
        return try await client.login(name: name, password: NodeHarness.password)
    }

    /// One strong password for every test account, hashed once (bcrypt takes 50 ms).
    static let password = "Strong-pass-1"
    static let passwordHash = PasswordHashing.hash(password)

    /// Rows in the node's change log: any write, even a rejected one, would show here.
    func logCount() throws -> Int { try db.recordCounts()["changeLog"] ?? -1 }
}

/// A type-erased Encodable for building JSON bodies in tests.
struct AnyEncodable: Encodable {
    let encode: (any Encoder) throws -> Void

    init<T: Encodable>(_ value: T) { encode = value.encode }

    func encode(to encoder: any Encoder) throws { try encode(encoder) }
}
