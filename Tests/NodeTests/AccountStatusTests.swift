import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// What the console's account screen reads and does beyond the record: the list's total, each
/// account's lockout and last sign-in, and an administrator lifting a lockout.
@Suite(.serialized) struct AccountStatusTests {
    static func account(_ reply: OperatorClient.Reply, _ name: String) -> [String: Any]? {
        (reply.json["items"] as? [[String: Any]])?.first { $0["name"] as? String == name }
    }

    /// Whether the answer leaves `key` out or null: it has no value.
    static func empty(_ object: [String: Any]?, _ key: String) -> Bool {
        object != nil && (object?[key] == nil || object?[key] is NSNull)
    }

    @Test func theListCountsAllPagesAndShowsLockoutAndLastSignIn() async throws {
        let clock = ManualWallClock()
        try await NodeHarness.with("420107001001", clock: clock) { node in
            try await node.signIn("clerk1", role: .clerk)
            try node.db.addOperator(Operator(name: "clerk2", role: .clerk, home: node.code, passwordHash: NodeHarness.passwordHash))
            let accounts = try node.db.operatorCount()
            #expect(accounts == 3)

            // One a page: every page says how many there are in all, and the pages hold them all once.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await node.client.send(
                    .GET, "/api/v1/operators?limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""), token: node.token)
                #expect(page.status == 200 && page.json["total"] as? Int == accounts, "\(page.text)")
                seen += (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                cursor = page.json["next"] as? String
            } while cursor != nil && seen.count <= accounts
            #expect(seen.sorted() == ["admin", "clerk1", "clerk2"])
            let clerks = try await node.client.send(.GET, "/api/v1/operators?role=clerk", token: node.token)
            #expect(clerks.json["total"] as? Int == 2)

            // clerk1 signed in (through the harness); clerk2 never did.
            let listed = try await node.client.send(.GET, "/api/v1/operators", token: node.token)
            let signedIn = try #require(Self.account(listed, "clerk1")?["lastSignInAt"] as? String)
            #expect(abs(try #require(ISO8601DateFormatter().date(from: signedIn)).timeIntervalSinceNow) < 60)
            #expect(Self.empty(Self.account(listed, "clerk2"), "lastSignInAt"))
            #expect(Self.empty(Self.account(listed, "clerk1"), "lockedUntil"))

            for attempt in 1...AccountPolicy.maxFailedSignIns {
                _ = try await node.client.send(.POST, "/api/v1/session", json: ["name": "clerk2", "password": "Wrong-pass-\(attempt)"])
            }
            let locked = try await node.client.send(.GET, "/api/v1/operators?role=clerk", token: node.token)
            let until = try #require(Self.account(locked, "clerk2")?["lockedUntil"] as? String)
            let untilDate = try #require(ISO8601DateFormatter().date(from: until))
            #expect(abs(untilDate.timeIntervalSinceNow - Double(AccountPolicy.lockoutMillis) / 1000) < 60)

            // After the lockout has run out the list says so, without anyone unlocking it.
            clock.advance(minutes: AccountPolicy.lockoutMillis / 60_000 + 1)
            let later = try await node.client.send(.GET, "/api/v1/operators?role=clerk", token: node.token)
            #expect(Self.empty(Self.account(later, "clerk2"), "lockedUntil"), "\(later.text)")
        }
    }

    @Test func anAdministratorLiftsALockoutAndOnlyAnAdministratorMay() async throws {
        try await NodeHarness.with("420107001001") { node in
            let clerk = try await node.signIn("clerk1", role: .clerk)
            try node.db.addOperator(Operator(name: "clerk2", role: .clerk, home: node.code, passwordHash: NodeHarness.passwordHash))
            for attempt in 1...AccountPolicy.maxFailedSignIns {
                _ = try await node.client.send(.POST, "/api/v1/session", json: ["name": "clerk2", "password": "Wrong-pass-\(attempt)"])
            }
            let lockedOut = try await node.client.send(.POST, "/api/v1/session", json: ["name": "clerk2", "password": NodeHarness.password])
            #expect(lockedOut.status == 423)
            let id = try #require(try node.db.operatorNamed("clerk2")?.id)

            // A clerk may not unlock: 403 naming the permission, and the account stays locked.
            let refused = try await node.client.send(.POST, "/api/v1/operators/\(id)/unlock", token: clerk)
            #expect(refused.status == 403 && refused.text.contains("operator.write"), "\(refused.text)")
            #expect(try await node.client.send(.POST, "/api/v1/session", json: ["name": "clerk2", "password": NodeHarness.password]).status == 423)
            // An unknown account is a 404 and leaves no audit entry.
            #expect(try await node.client.send(.POST, "/api/v1/operators/\(UUID())/unlock", token: node.token).status == 404)

            let unlocked = try await node.client.send(.POST, "/api/v1/operators/\(id)/unlock", token: node.token)
            #expect(unlocked.status == 200 && Self.empty(unlocked.json, "lockedUntil") && unlocked.json["name"] as? String == "clerk2", "\(unlocked.text)")
            let signIn = try await node.client.send(.POST, "/api/v1/session", json: ["name": "clerk2", "password": NodeHarness.password])
            #expect(signIn.status == 201, "\(signIn.text)")

            var filter = AuditFilter()
            filter.action = AuditAction.operatorUnlocked
            let entries = try node.db.auditEntries(filter).items
            #expect(entries.map(\.subject) == ["clerk2"] && entries.first?.actor == "admin" && entries.first?.detail == "lockout lifted")
        }
    }
}
