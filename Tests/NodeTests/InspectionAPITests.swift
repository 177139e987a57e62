import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Supervision over the operator API at a county node: a checklist, a plan checked against what
/// the node holds, findings with photos and their deadlines, the organisation's answers, the
/// verdicts, the rectification list on the node's clock, and the refusals that write nothing.
@Suite(.serialized) struct InspectionAPITests {
    typealias J = AnyEncodable

    static func errorOf(_ reply: OperatorClient.Reply) -> [String: Any] { reply.json["error"] as? [String: Any] ?? [:] }
    static func fields(_ reply: OperatorClient.Reply) -> Set<String> {
        Set((errorOf(reply)["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    @Test func aPlanFindingsAnswersAndVerdictsThroughToClosed() async throws {
        let clock = ManualWallClock()
        try await NodeHarness.with("420107", clock: clock) { node in
            let work = try await WorkOrderFixture(node)
            let organisation = try await work.organisation("幸福服务中心", at: WorkOrderFixture.home)
            let inspector = try await node.signIn("督查员甲", role: .inspector)
            let manager = try await node.signIn("机构管理员", role: .organisationAdmin, division: DivisionCode(WorkOrderFixture.community), organisationId: UUID(uuidString: organisation))
            let send = { (token: String, method: HTTPMethod, path: String, json: [String: J]?) in try await node.client.send(method, path, token: token, json: json) }

            let badTemplate = try await send(node.token, .POST, "/api/v1/inspection-templates", ["title": J("检查表"), "target": J("organisation"), "items": J([["code": J("A1"), "text": J("x")], ["code": J("A1"), "text": J("y")]])])
            #expect(badTemplate.status == 422 && Self.fields(badTemplate) == ["items[1].code"], "\(badTemplate.text)")
            let template = try await send(node.token, .POST, "/api/v1/inspection-templates", [
                "title": J("居家养老服务机构检查表"), "target": J("organisation"),
                "items": J([["code": J("A1"), "text": J("服务人员持证上岗")], ["code": J("B1"), "text": J("服务记录完整可查")]]),
            ])
            #expect(template.status == 201, "\(template.text)")
            let templateId = try #require(template.json["id"] as? String)

            let before = try node.logCount()
            let wrongPlace = try await send(inspector, .POST, "/api/v1/inspections", [
                "target": J("organisation"), "organisationId": J(organisation), "home": J("420107002001"), "templateId": J(templateId),
                "plannedOn": J("2026-12-10"), "inspector": J("机构管理员"),
            ])
            #expect(wrongPlace.status == 422 && Self.fields(wrongPlace) == ["home", "inspector"], "\(wrongPlace.text)")
            #expect(try node.logCount() == before, "a refused plan writes nothing")
            let planned = try await send(inspector, .POST, "/api/v1/inspections", [
                "target": J("organisation"), "organisationId": J(organisation), "home": J(WorkOrderFixture.community), "templateId": J(templateId),
                "plannedOn": J("2026-12-10"), "inspector": J("督查员甲"),
            ])
            #expect(planned.status == 201, "\(planned.text)")
            let id = try #require((planned.json["inspection"] as? [String: Any])?["id"] as? String)
            let steps = "/api/v1/inspections/\(id)/steps"

            let photo = try #require(try await node.client.send(.POST, "/api/v1/blobs", token: inspector, body: WorkOrderFixture.png(7), contentType: "image/png").json["sha256"] as? String)
            let offList = try await send(inspector, .POST, steps, ["step": J("finding"), "item": J("Z9"), "severity": J("minor"), "note": J("x")])
            #expect(offList.status == 422 && Self.fields(offList) == ["item"])
            let noPhoto = try await send(inspector, .POST, steps, ["step": J("finding"), "item": J("A1"), "severity": J("serious"), "note": J("x"), "photos": J([String(repeating: "0", count: 64)])])
            #expect(noPhoto.status == 422 && Self.fields(noPhoto) == ["photos[0]"])
            let serious = try await send(inspector, .POST, steps, ["step": J("finding"), "item": J("A1"), "severity": J("serious"), "note": J("两名护理员无证上岗"), "photos": J([photo])])
            #expect(serious.status == 201, "\(serious.text)")
            _ = try await send(inspector, .POST, steps, ["step": J("finding"), "item": J("B1"), "severity": J("critical"), "note": J("上月服务记录缺失")])
            let concluded = try await send(inspector, .POST, steps, ["step": J("conclude")])
            let findings = concluded.json["findings"] as? [[String: Any]] ?? []
            #expect((concluded.json["inspection"] as? [String: Any])?["status"] as? String == "rectifying" && findings.count == 2, "\(concluded.text)")
            let a = try #require(findings.first { $0["item"] as? String == "A1" }?["id"] as? String)
            let b = try #require(findings.first { $0["item"] as? String == "B1" }?["id"] as? String)

            // The organisation answers; the inspector may not answer for it, nor the organisation judge itself.
            let notTheirs = try await send(inspector, .POST, steps, ["step": J("answer"), "findingId": J(a), "note": J("x")])
            #expect(notTheirs.status == 403 && Self.errorOf(notTheirs)["permission"] as? String == "inspection.answer")
            let answered = try await send(manager, .POST, steps, ["step": J("answer"), "findingId": J(a), "note": J("已安排两人参加培训并取证"), "photos": J([photo])])
            #expect(answered.status == 201, "\(answered.text)")
            let selfJudged = try await send(manager, .POST, steps, ["step": J("accept"), "findingId": J(a)])
            #expect(selfJudged.status == 403 && Self.errorOf(selfJudged)["permission"] as? String == "inspection.write")
            let sentBack = try await send(inspector, .POST, steps, ["step": J("reject"), "findingId": J(a), "note": J("证书未见原件")])
            let backFinding = (sentBack.json["findings"] as? [[String: Any]])?.first { $0["id"] as? String == a }
            #expect(backFinding?["state"] as? String == "open" && backFinding?["rejections"] as? Int == 1, "\(sentBack.text)")
            // The county's rejection is on the organisation's credit file, once.
            let file = try await send(node.token, .GET, "/api/v1/credit/organisations/\(organisation)", nil)
            #expect(file.status == 200 && file.text.components(separatedBy: "\"reinspection\"").count == 2, "\(file.text)")
            let early = try await send(inspector, .POST, steps, ["step": J("accept"), "findingId": J(a)])
            #expect(early.status == 409 && (Self.errorOf(early)["messageZh"] as? String)?.contains("待整改") == true, "\(early.text)")

            // The critical finding is due within a day: a reminder; past it, escalated.
            let soon = try await send(node.token, .GET, "/api/v1/rectifications?urgency=dueSoon", nil).json["items"] as? [[String: Any]] ?? []
            #expect(soon.compactMap { ($0["finding"] as? [String: Any])?["id"] as? String } == [b], "\(soon)")
            clock.advance(minutes: 25 * 60)
            let refreshed = try await node.client.login(name: "admin", password: "correct horse")
            let overdue = try await send(refreshed, .GET, "/api/v1/rectifications?urgency=overdue", nil).json["items"] as? [[String: Any]] ?? []
            #expect(overdue.compactMap { ($0["finding"] as? [String: Any])?["id"] as? String } == [b], "\(overdue)")
            let theirs = try await node.client.login(name: "机构管理员", password: NodeHarness.password)
            #expect(try await send(theirs, .GET, "/api/v1/rectifications", nil).json["total"] as? Int == 2, "the organisation sees its own list")

            let inspectorAgain = try await node.client.login(name: "督查员甲", password: NodeHarness.password)
            for finding in [a, b] {
                _ = try await send(theirs, .POST, steps, ["step": J("answer"), "findingId": J(finding), "note": J("已整改完毕")])
                _ = try await send(inspectorAgain, .POST, steps, ["step": J("accept"), "findingId": J(finding)])
            }
            let closed = try await send(refreshed, .GET, "/api/v1/inspections/\(id)", nil)
            #expect((closed.json["inspection"] as? [String: Any])?["status"] as? String == "closed", "\(closed.text)")
            #expect(try await send(refreshed, .GET, "/api/v1/rectifications", nil).json["total"] as? Int == 0)
        }
    }
}
