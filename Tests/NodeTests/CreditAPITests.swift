import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Credit files and policies over the operator API at a county node: violations and awards
/// entered and scored by `CreditRule`, the blacklist and its lift, an organisation admin seeing
/// its own file only, the refusals (422 field by field, 403, 409, English and Chinese) that
/// write nothing, and the public read-only pages without sign-in (county only).
@Suite(.serialized) struct CreditAPITests {
    typealias J = AnyEncodable

    static func errorOf(_ reply: OperatorClient.Reply) -> [String: Any] { reply.json["error"] as? [String: Any] ?? [:] }
    static func line(_ reply: OperatorClient.Reply) -> [String: Any] {
        (reply.json["file"] as? [String: Any])?["organisation"] as? [String: Any] ?? [:]
    }

    @Test func violationsAndAwardsAreScoredAndTheBlacklistIsSetAndLifted() async throws {
        try await NodeHarness.with("420107") { node in
            let work = try await WorkOrderFixture(node)
            let organisation = try await work.organisation("幸福服务中心", at: WorkOrderFixture.home)
            let neighbour = try await work.organisation("安康助浴队", at: WorkOrderFixture.north(300))
            let dispatcher = try await node.signIn("调度员", role: .dispatcher)

            func enter(_ body: [String: J], token: String? = nil) async throws -> OperatorClient.Reply {
                try await node.client.send(.POST, "/api/v1/credit/records", token: token ?? dispatcher, json: body)
            }
            let viewer = try await node.signIn("只读", role: .viewer)
            // Refusals first: nothing is written.
            let before = try node.logCount()
            let bad = try await enter(["organisationId": J(UUID().uuidString), "kind": J("violation"), "awardLevel": J("county"), "description": J("")])
            #expect(bad.status == 422, "\(bad.text)")
            let fields = (Self.errorOf(bad)["fields"] as? [[String: Any]]) ?? []
            #expect(Set(fields.compactMap { $0["field"] as? String }) == ["organisationId", "severity", "awardLevel", "description"], "\(fields)")
            #expect(fields.allSatisfy { ($0["messageZh"] as? String)?.isEmpty == false })
            let unknown = try await enter(["organisationId": J(organisation), "kind": J("violation"), "severity": J("minor"), "description": J("x"), "points": J(5)])
            #expect(unknown.status == 422 && unknown.text.contains("points"), "\(unknown.text)")
            let forbidden = try await enter(["organisationId": J(organisation), "kind": J("violation"), "severity": J("minor"), "description": J("x")], token: viewer)
            #expect(forbidden.status == 403 && forbidden.text.contains("credit.write"), "\(forbidden.text)")
            let notBlacklisted = try await node.client.send(.POST, "/api/v1/credit/organisations/\(organisation)/lift", token: dispatcher, json: ["reason": J("无")])
            #expect(notBlacklisted.status == 409 && (Self.errorOf(notBlacklisted)["messageZh"] as? String)?.contains("不在失信黑名单") == true, "\(notBlacklisted.text)")
            #expect(try node.logCount() == before, "no refusal wrote anything")

            let monthAgo = CalendarDate.adding(days: -30, to: node.db.creditToday)
            // An award, then violations: 100 + 5 = 105 (A); − 20 − 20 = 65 (C, warning); − 10 = 55 (D, blacklisted).
            let award = try await enter(["organisationId": J(organisation), "kind": J("award"), "awardLevel": J("municipal"), "description": J("市级示范站")])
            #expect(award.status == 201 && Self.line(award)["score"] as? Int == 105 && Self.line(award)["level"] as? String == "A", "\(award.text)")
            _ = try await enter(["organisationId": J(organisation), "kind": J("violation"), "severity": J("serious"), "description": J("虚报服务时长")])
            let second = try await enter([
                "organisationId": J(organisation), "kind": J("violation"), "severity": J("serious"), "description": J("未持证上岗"), "occurredOn": J(monthAgo),
            ])
            #expect(Self.line(second)["score"] as? Int == 65 && Self.line(second)["creditStatus"] as? String == "warning", "\(second.text)")
            let third = try await enter(["organisationId": J(organisation), "kind": J("violation"), "severity": J("general"), "description": J("拒不整改")])
            #expect(Self.line(third)["score"] as? Int == 55 && Self.line(third)["level"] as? String == "D" && Self.line(third)["blacklisted"] as? Bool == true)
            #expect(try node.db.organisation(id: UUID(uuidString: organisation)!)?.model.creditStatus == .blacklisted)

            // The dispatch room no longer offers it.
            let order = try await work.order()
            let candidates = try await node.client.send(.GET, "/api/v1/orders/\(order)/candidates", token: dispatcher)
            #expect((candidates.json["candidates"] as? [[String: Any]])?.compactMap { $0["organisationId"] as? String } == [neighbour], "\(candidates.text)")

            // The list: lowest score first, with the rule.
            let list = try await node.client.send(.GET, "/api/v1/credit", token: viewer)
            let items = (list.json["items"] as? [[String: Any]]) ?? []
            #expect(items.map { $0["organisationId"] as? String } == [organisation, neighbour] && items.last?["score"] as? Int == 100, "\(list.text)")
            #expect((list.json["rule"] as? [String: Any])?["blacklistBelow"] as? Int == 60)
            let blacklisted = try await node.client.send(.GET, "/api/v1/credit?level=D", token: viewer)
            #expect((blacklisted.json["items"] as? [[String: Any]])?.count == 1)
            let file = try await node.client.send(.GET, "/api/v1/credit/organisations/\(organisation)", token: viewer)
            let records = (file.json["records"] as? [[String: Any]]) ?? []
            #expect(records.count == 4 && records.last?["occurredOn"] as? String == monthAgo, "newest first: \(file.text)")

            // An organisation admin sees its own file only.
            let own = try await node.signIn("机构管理员", role: .organisationAdmin, organisationId: UUID(uuidString: neighbour))
            let ownList = try await node.client.send(.GET, "/api/v1/credit", token: own)
            #expect((ownList.json["items"] as? [[String: Any]])?.map { $0["organisationId"] as? String } == [neighbour], "\(ownList.text)")
            let otherFile = try await node.client.send(.GET, "/api/v1/credit/organisations/\(organisation)", token: own)
            #expect(otherFile.status == 403 && (Self.errorOf(otherFile)["messageZh"] as? String)?.contains("本组织") == true, "\(otherFile.text)")

            // Lifted by the county: warned at 55, offered again.
            let noReason = try await node.client.send(.POST, "/api/v1/credit/organisations/\(organisation)/lift", token: dispatcher, json: ["reason": J("")])
            #expect(noReason.status == 422)
            let lifted = try await node.client.send(.POST, "/api/v1/credit/organisations/\(organisation)/lift", token: dispatcher, json: ["reason": J("整改到位")])
            #expect(lifted.status == 201 && Self.line(lifted)["creditStatus"] as? String == "warning" && lifted.json["previousStatus"] as? String == "blacklisted", "\(lifted.text)")
            let offered = try await node.client.send(.GET, "/api/v1/orders/\(order)/candidates", token: dispatcher)
            #expect(Set((offered.json["candidates"] as? [[String: Any]])?.compactMap { $0["organisationId"] as? String } ?? []) == [organisation, neighbour])

            // The public credit list, without sign-in, shows no free text.
            let open = try await node.client.send(.GET, "/api/v1/public/credit")
            #expect(open.status == 200, "\(open.text)")
            let line = try #require((open.json["items"] as? [[String: Any]])?.first)
            #expect(line["name"] as? String == "幸福服务中心" && line["score"] as? Int == 55 && line["creditStatus"] as? String == "warning")
            #expect(!open.text.contains("虚报服务时长") && !open.text.contains("调度员"), "no description or recorder in public")
            let signedInOnly = try await node.client.send(.GET, "/api/v1/credit")
            #expect(signedInOnly.status == 401)
        }
    }

    @Test func policiesArePublishedAtTheCountyAndReadByAnyAccountAndThePublic() async throws {
        try await NodeHarness.with("420107") { node in
            let pdf = Data(Array("%PDF-1.7\n".utf8) + [UInt8](repeating: 7, count: 500))
            let sha = try #require(try await node.client.send(.POST, "/api/v1/blobs", token: node.token, body: pdf, contentType: "application/pdf").json["sha256"] as? String)
            let png = try #require(try await node.client.send(.POST, "/api/v1/blobs", token: node.token, body: WorkOrderFixture.png(3), contentType: "image/png").json["sha256"] as? String)
            let clerk = try await node.signIn("窗口", role: .clerk)
            let before = try node.logCount()
            let bad = try await node.client.send(.POST, "/api/v1/policies", token: node.token, json: [
                "kind": J("law"), "body": J("…"), "attachments": J([["sha256": J(png), "name": J("照片.png")]]), "effectiveFrom": J("2025-13-01"),
            ])
            #expect(bad.status == 422, "\(bad.text)")
            let fields = Set(((Self.errorOf(bad)["fields"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["kind", "title", "attachments[0].sha256", "effectiveFrom"], "\(fields)")
            let forbidden = try await node.client.send(.POST, "/api/v1/policies", token: clerk, json: [
                "kind": J("policy"), "title": J("x"), "body": J("y"), "effectiveFrom": J("2025-01-01"),
            ])
            #expect(forbidden.status == 403 && forbidden.text.contains("policy.write"))
            #expect(try node.logCount() == before)

            let made = try await node.client.send(.POST, "/api/v1/policies", token: node.token, json: [
                "kind": J("policy"), "title": J("居家养老服务补贴办法"), "body": J("第一条 为规范……"),
                "attachments": J([["sha256": J(sha), "name": J("办法全文.pdf")]]), "effectiveFrom": J("2025-01-01"),
            ])
            #expect(made.status == 201, "\(made.text)")
            let id = try #require(made.json["id"] as? String)
            let etag = try #require(made.headers.first(name: "etag"))
            let old = try await node.client.send(.POST, "/api/v1/policies", token: node.token, json: [
                "kind": J("guide"), "title": J("旧版指南"), "body": J("已废止"), "effectiveFrom": J("2020-01-01"), "effectiveTo": J("2020-12-31"),
            ])
            #expect(old.status == 201)

            // Any account reads them, and the PDF through the policy.
            let caregiverless = try await node.signIn("审计", role: .auditor)
            let list = try await node.client.send(.GET, "/api/v1/policies?inEffect=true", token: caregiverless)
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id], "\(list.text)")
            let all = try await node.client.send(.GET, "/api/v1/policies", token: clerk)
            #expect((all.json["items"] as? [[String: Any]])?.count == 2)
            let file = try await node.client.send(.GET, "/api/v1/policies/\(id)/attachments/\(sha)", token: clerk)
            #expect(file.status == 200 && file.body == pdf)
            let notAttached = try await node.client.send(.GET, "/api/v1/policies/\(id)/attachments/\(png)", token: clerk)
            #expect(notAttached.status == 404, "only its own attachments are served")

            // Edited with its ETag; a stale one is refused.
            let edited = try await node.client.send(.PUT, "/api/v1/policies/\(id)", token: node.token, json: [
                "kind": J("policy"), "title": J("居家养老服务补贴办法（修订）"), "body": J("第一条 为规范……"),
                "attachments": J([["sha256": J(sha), "name": J("办法全文.pdf")]]), "effectiveFrom": J("2025-01-01"),
            ], headers: [("If-Match", etag)])
            #expect(edited.status == 200 && edited.json["title"] as? String == "居家养老服务补贴办法（修订）", "\(edited.text)")
            let stale = try await node.client.send(.PUT, "/api/v1/policies/\(id)", token: node.token, json: [
                "kind": J("policy"), "title": J("再改"), "body": J("x"), "effectiveFrom": J("2025-01-01"),
            ], headers: [("If-Match", etag)])
            #expect(stale.status == 412, "\(stale.text)")

            // The public list, without sign-in: only what is in effect, with its PDF.
            let open = try await node.client.send(.GET, "/api/v1/public/policies")
            let items = (open.json["items"] as? [[String: Any]]) ?? []
            #expect(open.status == 200 && items.map { $0["id"] as? String } == [id], "\(open.text)")
            let href = try #require((items.first?["attachments"] as? [[String: Any]])?.first?["href"] as? String)
            #expect(href == "/api/v1/public/policies/\(id)/attachments/\(sha)")
            let publicFile = try await node.client.send(.GET, href)
            #expect(publicFile.status == 200 && publicFile.body == pdf)
            let publicBlob = try await node.client.send(.GET, "/api/v1/blobs/\(sha)")
            #expect(publicBlob.status == 401, "the blob store itself stays behind sign-in")
        }
    }

    @Test func thePublicPagesAndCreditWritesAreTheCountysOnly() async throws {
        try await NodeHarness.with("420107001") { node in
            let open = try await node.client.send(.GET, "/api/v1/public/credit")
            #expect(open.status == 404, "no public pages at a street: \(open.text)")
            let policies = try await node.client.send(.GET, "/api/v1/public/policies")
            #expect(policies.status == 404)
            let before = try node.logCount()
            let entered = try await node.client.send(.POST, "/api/v1/credit/records", token: node.token, json: [
                "organisationId": J(UUID().uuidString), "kind": J("violation"), "severity": J("minor"), "description": J("x"),
            ])
            #expect(entered.status == 403 && (Self.errorOf(entered)["messageZh"] as? String)?.contains("县级") == true, "\(entered.text)")
            let published = try await node.client.send(.POST, "/api/v1/policies", token: node.token, json: [
                "kind": J("policy"), "title": J("x"), "body": J("y"), "effectiveFrom": J("2025-01-01"),
            ])
            #expect(published.status == 403 && (Self.errorOf(published)["messageZh"] as? String)?.contains("县级") == true, "\(published.text)")
            #expect(try node.logCount() == before)
        }
    }
}
