import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// GB/T 22239-2019 level 2 on a real node: lockout, idle and absolute session limits on a
/// test clock, forced password change, sign-out, and the audit trail of all of it.
@Suite(.serialized) struct AccountSecurityTests {
    static func signIn(_ node: NodeHarness, _ name: String, _ password: String) async throws -> OperatorClient.Reply {
        try await node.client.send(.POST, "/api/v1/session", json: ["name": name, "password": password])
    }

    static func actions(_ node: NodeHarness, subject: String) throws -> [String] {
        var filter = AuditFilter()
        filter.subject = subject
        filter.limit = 500
        return try node.db.auditEntries(filter).items.map(\.action)
    }

    @Test func fiveFailedSignInsLockTheAccountForFifteenMinutes() async throws {
        let clock = ManualWallClock()
        try await NodeHarness.with("420107001001", clock: clock) { node in
            try await node.signIn("clerk1", role: .clerk)
            for attempt in 1...4 {
                let wrong = try await Self.signIn(node, "clerk1", "Wrong-pass-\(attempt)")
                #expect(wrong.status == 401)
            }
            let fifth = try await Self.signIn(node, "clerk1", "Wrong-pass-5")
            #expect(fifth.status == 423, "\(fifth.text)")
            let message = (fifth.json["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("locked until"))
            #expect(((fifth.json["error"] as? [String: Any])?["messageZh"] as? String)?.contains("锁定") == true)

            // Locked: even the right password is refused, until 15 minutes have passed.
            #expect(try await Self.signIn(node, "clerk1", NodeHarness.password).status == 423)
            clock.advance(minutes: 14)
            #expect(try await Self.signIn(node, "clerk1", NodeHarness.password).status == 423)
            clock.advance(minutes: 2)
            #expect(try await Self.signIn(node, "clerk1", NodeHarness.password).status == 201)

            let trail = try Self.actions(node, subject: "clerk1")
            #expect(trail.filter { $0 == AuditAction.signInFailed }.count == 7)
            #expect(trail.filter { $0 == AuditAction.lockedOut }.count == 1)
            #expect(trail.filter { $0 == AuditAction.signIn }.count == 2)
            // Every attempt's entry names where it came from.
            var filter = AuditFilter()
            filter.subject = "clerk1"
            let attempts = try node.db.auditEntries(filter).items.filter { $0.subjectKind == "session" }
            #expect(attempts.count == 10 && attempts.allSatisfy { $0.source == "127.0.0.1" })
        }
    }

    @Test func aSuccessfulSignInResetsTheFailureCount() async throws {
        try await NodeHarness.with("420107001001") { node in
            try await node.signIn("clerk1", role: .clerk)
            for _ in 1...4 { _ = try await Self.signIn(node, "clerk1", "Wrong-pass-1") }
            #expect(try await Self.signIn(node, "clerk1", NodeHarness.password).status == 201)
            for _ in 1...4 { #expect(try await Self.signIn(node, "clerk1", "Wrong-pass-1").status == 401) }
        }
    }

    @Test func aSessionEndsAfterThirtyIdleMinutesAndAfterTwelveHours() async throws {
        let clock = ManualWallClock()
        try await NodeHarness.with("420107001001", clock: clock) { node in
            let token = try await node.signIn("staff1", role: .stationStaff)
            clock.advance(minutes: 29)
            #expect(try await node.client.send(.GET, "/api/v1/elders", token: token).status == 200)
            // Used 29 minutes in, so it lives another 30 from then.
            clock.advance(minutes: 29)
            #expect(try await node.client.send(.GET, "/api/v1/elders", token: token).status == 200)
            clock.advance(minutes: 30)
            let idle = try await node.client.send(.GET, "/api/v1/elders", token: token)
            #expect(idle.status == 401 && idle.text.contains("idle"), "\(idle.text)")
            #expect(try Self.actions(node, subject: "staff1").contains(AuditAction.sessionExpired))

            // However busy, a session ends 12 hours after sign-in.
            let busy = try await node.client.login(name: "staff1", password: NodeHarness.password)
            for _ in 0..<24 {
                clock.advance(minutes: 29)
                #expect(try await node.client.send(.GET, "/api/v1/me", token: busy).status == 200)
            }
            clock.advance(minutes: 25)
            let old = try await node.client.send(.GET, "/api/v1/me", token: busy)
            #expect(old.status == 401 && old.text.contains("12 hours"), "\(old.text)")
        }
    }

    @Test func signingOutRevokesTheToken() async throws {
        try await NodeHarness.with("420107001001") { node in
            let token = try await node.signIn("staff1", role: .stationStaff)
            #expect(try await node.client.send(.DELETE, "/api/v1/session", token: token).status == 204)
            #expect(try await node.client.send(.GET, "/api/v1/me", token: token).status == 401)
            #expect(try Self.actions(node, subject: "staff1").contains(AuditAction.signOut))
        }
    }

    @Test func anInitialPasswordMustBeChangedBeforeAnythingElse() async throws {
        try await NodeHarness.with("420107001001") { node in
            let created = try await node.client.send(.POST, "/api/v1/operators", token: node.token, json: [
                "name": "viewer1", "role": "viewer", "password": "Initial-pass-1",
            ])
            #expect(created.status == 201 && created.json["mustChangePassword"] as? Bool == true, "\(created.text)")
            let signedIn = try await Self.signIn(node, "viewer1", "Initial-pass-1")
            #expect(signedIn.status == 201 && signedIn.json["mustChangePassword"] as? Bool == true)
            let token = try #require(signedIn.json["token"] as? String)

            let blocked = try await node.client.send(.GET, "/api/v1/elders", token: token)
            #expect(blocked.status == 403 && blocked.text.contains("password change required"), "\(blocked.text)")
            let me = try await node.client.send(.GET, "/api/v1/me", token: token)
            #expect(me.status == 200 && me.json["mustChangePassword"] as? Bool == true)

            let weak = try await node.client.send(.POST, "/api/v1/session/password", token: token, json: [
                "currentPassword": "Initial-pass-1", "newPassword": "alllowercase",
            ])
            #expect(weak.status == 422 && weak.errorFields == ["newPassword"], "\(weak.text)")
            let messageZh = ((weak.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])?.first?["messageZh"] as? String
            #expect(messageZh?.contains("三类") == true)
            let wrongCurrent = try await node.client.send(.POST, "/api/v1/session/password", token: token, json: [
                "currentPassword": "Not-my-pass-1", "newPassword": "Better-pass-2",
            ])
            #expect(wrongCurrent.status == 422 && wrongCurrent.errorFields == ["currentPassword"])

            let changed = try await node.client.send(.POST, "/api/v1/session/password", token: token, json: [
                "currentPassword": "Initial-pass-1", "newPassword": "Better-pass-2",
            ])
            #expect(changed.status == 200 && changed.json["mustChangePassword"] as? Bool == false, "\(changed.text)")
            #expect(try await node.client.send(.GET, "/api/v1/elders", token: token).status == 200)
            #expect(try await Self.signIn(node, "viewer1", "Initial-pass-1").status == 401)
            #expect(try await Self.signIn(node, "viewer1", "Better-pass-2").status == 201)
            #expect(try Self.actions(node, subject: "viewer1").contains(AuditAction.passwordChanged))
        }
    }

    @Test func passwordsNeedEightCharactersFromThreeClasses() {
        for (password, ok) in [
            ("Abcdefg1", true), ("abcdef1!", true), ("ABCDEF1!", true), ("Abc1!", false), ("abcdefgh", false),
            ("abcdefg1", false), ("ABCDEFGH1", false), ("密码密码密码Ab1", true), ("密码密码Ab1", false), ("Abcdefg\u{7}1", false),
        ] {
            var v = Validator()
            _ = Operator.checkPassword(password, "password", &v)
            #expect(v.errors.isEmpty == ok, "\(password)")
        }
    }
}
