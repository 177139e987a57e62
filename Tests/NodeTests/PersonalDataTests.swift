import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// GB/T 35273 on a real node: citizen IDs and phones masked in every answer unless a role
/// with `elder.identity` gives a reason; every read of an elder, every list and every
/// unmasked read in the audit trail, which auditors search through `GET /api/v1/audit`.
@Suite(.serialized) struct PersonalDataTests {
    static func entries(_ reply: OperatorClient.Reply) -> [[String: Any]] { reply.json["items"] as? [[String: Any]] ?? [] }

    @Test func identityIsMaskedUnlessARoleWithThePermissionGivesAReason() async throws {
        try await NodeHarness.with("420107001001") { node in
            let created = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON())
            let id = try #require(created.json["id"] as? String)
            let citizenId = try #require(try node.db.elder(id: UUID(uuidString: id)!)?.model.citizenId.rawValue)
            let clerk = try await node.signIn("clerk1", role: .clerk)
            let viewer = try await node.signIn("viewer1", role: .viewer)

            for reply in [
                try await node.client.send(.GET, "/api/v1/elders/\(id)", token: clerk),
                try await node.client.send(.GET, "/api/v1/elders", token: clerk),
            ] {
                #expect(reply.status == 200)
                #expect(!reply.text.contains(citizenId) && !reply.text.contains("13871234567") && !reply.text.contains("13912345678"))
                #expect(reply.text.contains("420107********") && reply.text.contains("138****4567") && reply.text.contains("139****5678"), "\(reply.text)")
            }

            let noReason = try await node.client.send(.GET, "/api/v1/elders/\(id)?reveal=identity", token: clerk)
            #expect(noReason.status == 422 && noReason.errorFields == ["reason"])
            let tooLong = try await node.client.send(.GET, "/api/v1/elders/\(id)?reveal=identity&reason=\(String(repeating: "a", count: 201))", token: clerk)
            #expect(tooLong.status == 422)
            let notAllowed = try await node.client.send(.GET, "/api/v1/elders/\(id)?reveal=identity&reason=curious", token: viewer)
            #expect(notAllowed.status == 403 && (notAllowed.json["error"] as? [String: Any])?["permission"] as? String == "elder.identity")
            let identityRoute = try await node.client.send(.GET, "/api/v1/elders/\(id)/identity?reason=curious", token: viewer)
            #expect(identityRoute.status == 403)

            let revealed = try await node.client.send(
                .GET, "/api/v1/elders/\(id)?reveal=identity&reason=%E6%A0%B8%E5%AF%B9%E8%BA%AB%E4%BB%BD", token: clerk)
            #expect(revealed.status == 200 && revealed.json["citizenId"] as? String == citizenId, "\(revealed.text)")
            #expect(revealed.json["phone"] as? String == "13871234567")

            var filter = AuditFilter()
            filter.subject = id
            filter.action = AuditAction.elderRevealed
            let reveal = try #require(try node.db.auditEntries(filter).items.first)
            #expect(reveal.actor == "clerk1" && reveal.reason == "核对身份" && reveal.source == "127.0.0.1" && reveal.home == node.code)
            filter.action = AuditAction.elderRead
            #expect(try node.db.auditEntries(filter).items.map(\.actor) == ["clerk1"])
            filter.subject = "list"
            filter.action = AuditAction.elderList
            #expect(try node.db.auditEntries(filter).items.count == 1)
        }
    }

    @Test func auditorsSearchTheTrailByActorSubjectActionAndPeriod() async throws {
        try await NodeHarness.with("420107001001") { node in
            let created = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON())
            let id = try #require(created.json["id"] as? String)
            let clerk = try await node.signIn("clerk1", role: .clerk)
            _ = try await node.client.send(.GET, "/api/v1/elders/\(id)/identity?reason=%E5%9B%9E%E8%AE%BF", token: clerk)
            let auditor = try await node.signIn("auditor1", role: .auditor)

            let byActor = try await node.client.send(.GET, "/api/v1/audit?actor=clerk1&action=elder.reveal", token: auditor)
            #expect(byActor.status == 200, "\(byActor.text)")
            let entry = try #require(Self.entries(byActor).first)
            #expect(Self.entries(byActor).count == 1)
            #expect(entry["subject"] as? String == id && entry["reason"] as? String == "回访" && entry["node"] as? String == node.code.rawValue)
            #expect(entry["source"] as? String == "127.0.0.1")

            let bySubject = try await node.client.send(.GET, "/api/v1/audit?subject=\(id)", token: auditor)
            #expect(Set(Self.entries(bySubject).compactMap { $0["action"] as? String }) == ["create", "elder.reveal"])

            let future = try await node.client.send(.GET, "/api/v1/audit?from=2099-01-01T00:00:00Z", token: auditor)
            #expect(Self.entries(future).isEmpty)
            let past = try await node.client.send(.GET, "/api/v1/audit?to=2000-01-01", token: auditor)
            #expect(Self.entries(past).isEmpty)
            #expect(try await node.client.send(.GET, "/api/v1/audit?from=yesterday", token: auditor).status == 400)

            let first = try await node.client.send(.GET, "/api/v1/audit?limit=2", token: auditor)
            let next = try #require(first.json["next"] as? String)
            let second = try await node.client.send(.GET, "/api/v1/audit?limit=2&cursor=\(next)", token: auditor)
            let firstIds = Set(Self.entries(first).compactMap { $0["id"] as? String })
            let secondIds = Set(Self.entries(second).compactMap { $0["id"] as? String })
            #expect(firstIds.count == 2 && secondIds.count == 2 && firstIds.isDisjoint(with: secondIds))

            let viewer = try await node.signIn("viewer1", role: .viewer)
            let refused = try await node.client.send(.GET, "/api/v1/audit", token: viewer)
            #expect(refused.status == 403 && (refused.json["error"] as? [String: Any])?["permission"] as? String == "audit.read")
        }
    }
}
