import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareSync
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Supervision across the tiers: the county plans an inspection of an organisation at a
/// station; the inspector records findings with photos there while the station is offline; once
/// synced, the organisation's admin answers at the station, the county sends one answer back and
/// accepts the rest, and the inspection closes everywhere. A critical finding left unanswered
/// escalates on the nodes' test clock, at the county and the street. A station's forged verdict
/// is refused.
@Suite(.serialized) struct InspectionFederationTests {
    typealias J = HealthFederationTests.J
    typealias Account = CareFederationTests.Account

    static func png(_ tag: UInt8) -> Data { Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: tag, count: 600)) }

    @Test func anOfflineStationsFindingsAreRectifiedReinspectedAndClosedAtTheCounty() async throws {
        let clock = ManualWallClock()
        try await Federation.withSmall(configure: { config in config.accountClock = clock.now }) { federation in
            let county = federation.db(Codes.county)
            let station = federation.db(Codes.community1)
            let street = federation.db(Codes.street1)
            let organisation = try county.createOrganisation(ServiceOrganisation(
                home: Codes.county, name: "青山区幸福居家养老服务中心", type: .homeCareCenter, categories: [.meals], communities: [Codes.community1],
                address: Address(text: "青山区和平大道1号")), actor: "t").model
            let template = try county.setInspectionTemplate(InspectionTemplate(
                home: Codes.county, title: "居家养老服务机构检查表", target: .organisation,
                items: [ChecklistItem(code: "A1", text: "服务人员持证上岗"), ChecklistItem(code: "C3", text: "食品留样")]), expect: .absent, actor: "t").model
            // The inspector's account is made at the county, as the API makes it, so it reaches every node.
            try county.addOperator(
                Operator(name: "county-inspector", role: .inspector, home: Codes.county, passwordHash: PasswordHashing.hash("care password")),
                origin: AuditOrigin(actor: "t", atMillis: HybridLogicalClock.systemMillis()))
            let countyClient = try OperatorClient(baseURL: federation.url(Codes.county), caPEM: federation.authority.certificatePEM)
            var regulator = Account(client: countyClient, name: "county-inspector", token: try await countyClient.login(name: "county-inspector", password: "care password"))
            try await federation.converge("the inspector's account and the organisation at the station") {
                try station.operatorNamed("county-inspector") != nil && station.organisation(id: organisation.id) != nil
                    && station.inspectionTemplate(id: template.id) != nil
            }
            let stationClient = try OperatorClient(baseURL: federation.url(Codes.community1), caPEM: federation.authority.certificatePEM)
            let onSite = Account(client: stationClient, name: "county-inspector", token: try await stationClient.login(name: "county-inspector", password: "care password"))
            try station.addOperator(Operator(
                name: "org-admin", role: .organisationAdmin, home: Codes.community1, organisationId: organisation.id,
                passwordHash: PasswordHashing.hash("care password")))
            let managerClient = try OperatorClient(baseURL: federation.url(Codes.community1), caPEM: federation.authority.certificatePEM)
            var manager = Account(client: managerClient, name: "org-admin", token: try await managerClient.login(name: "org-admin", password: "care password"))
            var window = try await Account.open(federation, Codes.street1, "street-watch", role: .viewer)
            defer {
                for client in [regulator.client, onSite.client, manager.client, window.client] { Task { await client.shutdown() } }
            }

            let planned = try await regulator.send(.POST, "/api/v1/inspections", [
                "target": J("organisation"), "organisationId": J(organisation.id.uuidString), "home": J(Codes.community1.rawValue),
                "templateId": J(template.id.uuidString), "plannedOn": J(VitalsSummary.day(clock.now())), "inspector": J("county-inspector"),
            ])
            let id = try #require((planned.json["inspection"] as? [String: Any])?["id"] as? String)
            let inspectionId = try #require(UUID(uuidString: id))
            try await federation.converge("the plan at the station") { try station.inspection(id: inspectionId, in: nil) != nil }

            // On site, offline: two findings with photos, and the visit concluded.
            federation.cut(Codes.community1)
            let photo = try #require(try await onSite.client.send(.POST, "/api/v1/blobs", token: onSite.token, body: Self.png(3), contentType: "image/png").json["sha256"] as? String)
            let steps = "/api/v1/inspections/\(id)/steps"
            _ = try await onSite.send(.POST, steps, ["step": J("finding"), "item": J("A1"), "severity": J("moderate"), "note": J("一名护理员证书过期"), "photos": J([photo])])
            _ = try await onSite.send(.POST, steps, ["step": J("finding"), "item": J("C3"), "severity": J("critical"), "note": J("当日午餐未留样")])
            let concluded = try await onSite.send(.POST, steps, ["step": J("conclude")])
            let findings = concluded.json["findings"] as? [[String: Any]] ?? []
            let a = try #require(findings.first { $0["item"] as? String == "A1" }?["id"] as? String)
            let c = try #require(findings.first { $0["item"] as? String == "C3" }?["id"] as? String)
            // A verdict is not the station's to give, even to the county's own inspector.
            let stationVerdict = try await onSite.client.send(.POST, steps, token: onSite.token, json: ["step": J("accept"), "findingId": J(a)])
            #expect(stationVerdict.status == 403, "\(stationVerdict.text)")
            try await Task.sleep(for: .seconds(1))
            #expect(try county.inspection(id: inspectionId, in: nil)?.state.findings.isEmpty == true, "the county has not heard yet")

            federation.restore(Codes.community1)
            try await federation.converge("the findings and the photo at the county") {
                try county.inspection(id: inspectionId, in: nil)?.summary.status == .rectifying && county.blobInfo(sha256: photo) != nil
            }

            // The organisation answers the moderate finding at its station; the county sends it back once, then accepts.
            try await manager.refresh()
            _ = try await manager.send(.POST, steps, ["step": J("answer"), "findingId": J(a), "note": J("已安排复训并取证"), "photos": J([photo])])
            try await federation.converge("the answer at the county") { try county.inspection(id: inspectionId, in: nil)?.state.finding(UUID(uuidString: a)!)?.state == .answered }
            try await regulator.refresh()
            _ = try await regulator.send(.POST, steps, ["step": J("reject"), "findingId": J(a), "note": J("未见新证书原件")])
            try await federation.converge("the rejection at the station") { try station.inspection(id: inspectionId, in: nil)?.state.finding(UUID(uuidString: a)!)?.rejections == 1 }
            _ = try await manager.send(.POST, steps, ["step": J("answer"), "findingId": J(a), "note": J("新证书原件已上传")])

            // The critical finding, unanswered, escalates past its day on the county's and the street's clock.
            clock.advance(minutes: 25 * 60)
            try await regulator.refresh()
            try await window.refresh()
            for account in [regulator, window] {
                let overdue = try await account.items("/api/v1/rectifications?urgency=overdue")
                #expect(overdue.compactMap { ($0["finding"] as? [String: Any])?["id"] as? String } == [c], "\(account.name): \(overdue)")
            }
            try await manager.refresh()
            _ = try await manager.send(.POST, steps, ["step": J("answer"), "findingId": J(c), "note": J("已建立留样制度，每餐留样48小时")])
            try await federation.converge("both answers at the county") {
                try county.inspection(id: inspectionId, in: nil)?.state.findings.allSatisfy { $0.state == .answered } == true
            }
            for finding in [a, c] { _ = try await regulator.send(.POST, steps, ["step": J("accept"), "findingId": J(finding)]) }
            for (name, db) in [("county", county), ("street", street), ("station", station)] {
                try await federation.converge("closed at the \(name)") {
                    guard let held = try db.inspection(id: inspectionId, in: nil) else { return false }
                    return held.summary.status == .closed && held.state.ignored.isEmpty && held.state.applied.count == 9
                }
            }
            #expect(try await regulator.items("/api/v1/rectifications").isEmpty)
        }
    }
}
