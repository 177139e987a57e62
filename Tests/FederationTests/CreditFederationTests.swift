import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Credit (信用信息披露, Anhui §5.1.2.7) and policies (§5.1.2.2) across the tiers: violations
/// entered at the county (one by hand, one an upheld complaint) take an organisation past the
/// threshold; its level changes, it is blacklisted, and a community station's dispatch no longer
/// offers it; the county lifts it and the station offers it again. A policy published at the
/// county with a PDF reaches every community with its file.
@Suite(.serialized) struct CreditFederationTests {
    typealias Desk = WindowCaseFederationTests.Desk
    typealias J = AnyJSON

    static func status(_ db: AppDatabase, _ id: UUID) -> CreditStatus? { (try? db.organisation(id: id))?.model.creditStatus }

    static func candidates(_ station: Desk, _ order: String) async throws -> [String] {
        let reply = try await station.send(.GET, "/api/v1/orders/\(order)/candidates")
        return (reply.json["candidates"] as? [[String: Any]] ?? []).compactMap { $0["organisationId"] as? String }
    }

    @Test func violationsPastTheThresholdBlacklistAnOrganisationForDispatchEverywhereAndALiftBringsItBack() async throws {
        try await Federation.withSmall { federation in
            let county = federation.db(Codes.county)
            let community = federation.db(Codes.community1)
            let organisation = try county.createOrganisation(Samples.organisation(), actor: "t").model
            let other = try county.createOrganisation(
                ServiceOrganisation(
                    home: Codes.county, name: "青山区安康助浴队", type: .thirdParty, categories: [.bathing, .meals], communities: [Codes.community1],
                    address: Address(text: "青山区建设一路2号")), actor: "t").model
            try await federation.converge("both organisations at the community") {
                try community.organisation(id: organisation.id) != nil && community.organisation(id: other.id) != nil
            }
            let dispatcher = try await Desk.open(federation, at: Codes.county, role: .dispatcher)
            let inspector = try await Desk.open(federation, at: Codes.county, role: .inspector)
            let station = try await Desk.open(federation, at: Codes.community1, role: .stationStaff)
            let watcher = try await Desk.open(federation, at: Codes.community1, role: .viewer)
            defer {
                Task {
                    await dispatcher.client.shutdown(); await inspector.client.shutdown(); await station.client.shutdown(); await watcher.client.shutdown()
                }
            }
            let elder = try community.createElder(Samples.elder(151, home: Codes.community1), actor: "t").model
            let order = try #require(try await station.send(.POST, "/api/v1/orders", [
                "elderId": J(elder.id.uuidString), "category": J("meals"), "channel": J("phone"),
            ]).json["id"] as? String)
            #expect(Set(try await Self.candidates(station, order)) == [organisation.id.uuidString, other.id.uuidString])

            // A grave violation the county enters: 100 − 40 = 60, level C, a warning.
            let grave = try await dispatcher.send(.POST, "/api/v1/credit/records", [
                "organisationId": J(organisation.id.uuidString), "kind": J("violation"), "severity": J("grave"),
                "description": J("护理员无证上岗，造成老人跌倒"),
            ])
            let afterGrave = try #require((grave.json["file"] as? [String: Any])?["organisation"] as? [String: Any])
            #expect(afterGrave["score"] as? Int == 60 && afterGrave["level"] as? String == "C" && afterGrave["creditStatus"] as? String == "warning", "\(grave.text)")

            // A complaint against it, taken and closed at the county, is upheld as a minor violation: 55, D, blacklisted.
            let complaint = try #require(try await dispatcher.send(.POST, "/api/v1/complaints", [
                "organisationId": J(organisation.id.uuidString), "home": J(Codes.community1.rawValue), "complainant": J("王女士（女儿）"),
                "channel": J("phone"), "description": J("送餐晚到两小时"),
            ]).json["id"] as? String)
            let early = try await dispatcher.raw(.POST, "/api/v1/credit/records", [
                "organisationId": J(organisation.id.uuidString), "kind": J("violation"), "severity": J("minor"), "source": J("complaint"),
                "sourceId": J(complaint), "description": J("投诉查实：送餐晚到"),
            ])
            #expect(early.status == 422 && early.text.contains("not closed") && early.text.contains("尚未办结"), "\(early.text)")
            for step in ["acknowledge", "investigate", "respond", "close"] {
                _ = try await inspector.send(.POST, "/api/v1/complaints/\(complaint)/steps", ["step": J(step), "note": J("处理：\(step)")])
            }
            let upheld = try await dispatcher.send(.POST, "/api/v1/credit/records", [
                "organisationId": J(organisation.id.uuidString), "kind": J("violation"), "severity": J("minor"), "source": J("complaint"),
                "sourceId": J(complaint), "description": J("投诉查实：送餐晚到"),
            ])
            let afterUpheld = try #require((upheld.json["file"] as? [String: Any])?["organisation"] as? [String: Any])
            #expect(afterUpheld["score"] as? Int == 55 && afterUpheld["level"] as? String == "D" && afterUpheld["blacklisted"] as? Bool == true, "\(upheld.text)")
            #expect(upheld.json["previousStatus"] as? String == "warning")
            let again = try await dispatcher.raw(.POST, "/api/v1/credit/records", [
                "organisationId": J(organisation.id.uuidString), "kind": J("violation"), "severity": J("minor"), "source": J("complaint"),
                "sourceId": J(complaint), "description": J("重复认定"),
            ])
            #expect(again.status == 409, "one complaint, one record: \(again.text)")
            #expect(try county.creditRecords(organisationId: organisation.id).count == 2)

            // The organisation record carries the blacklisting down; the station's dispatch skips it.
            try await federation.converge("blacklisted at the street and the community") {
                Self.status(community, organisation.id) == .blacklisted && Self.status(federation.db(Codes.street1), organisation.id) == .blacklisted
                    && Self.status(federation.db(Codes.community2), organisation.id) == .blacklisted
            }
            #expect(try await Self.candidates(station, order) == [other.id.uuidString])
            let file = try await watcher.send(.GET, "/api/v1/credit/organisations/\(organisation.id)")
            #expect((file.json["records"] as? [[String: Any]])?.count == 2, "the credit records came down too: \(file.text)")
            let list = try await watcher.send(.GET, "/api/v1/credit?status=blacklisted")
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["organisationId"] as? String } == [organisation.id.uuidString], "\(list.text)")
            // Only the county writes credit: a station's admin is refused and nothing is written.
            let localAdmin = try await Desk.open(federation, at: Codes.community1, role: .admin)
            defer { Task { await localAdmin.client.shutdown() } }
            let refused = try await localAdmin.raw(.POST, "/api/v1/credit/organisations/\(organisation.id)/lift", ["reason": J("越级操作")])
            #expect(refused.status == 403 && refused.text.contains("county") && refused.text.contains("县级"), "\(refused.text)")
            #expect(Self.status(community, organisation.id) == .blacklisted)

            // The county lifts it (信用修复): warned while its score is still 55, and offered again.
            let lifted = try await dispatcher.send(.POST, "/api/v1/credit/organisations/\(organisation.id)/lift", ["reason": J("整改到位，约谈后恢复")])
            #expect(((lifted.json["file"] as? [String: Any])?["organisation"] as? [String: Any])?["creditStatus"] as? String == "warning", "\(lifted.text)")
            let twice = try await dispatcher.raw(.POST, "/api/v1/credit/organisations/\(organisation.id)/lift", ["reason": J("再次")])
            #expect(twice.status == 409, "\(twice.text)")
            try await federation.converge("the lift at the community") { Self.status(community, organisation.id) == .warning }
            #expect(Set(try await Self.candidates(station, order)) == [organisation.id.uuidString, other.id.uuidString])
            #expect(try community.creditRecords(organisationId: organisation.id).map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.lift, .violation, .violation])

            // A failed re-inspection (the inspection code's call) blacklists it again: 55 − 10 = 45.
            let reinspection = UUID()
            let event = CreditEvent.failedReinspection(
                organisationId: organisation.id, reinspectionId: reinspection, severity: .general, description: "复查：消防通道仍被占用")
            let outcome = try county.recordCreditEvent(event, actor: "督查员")
            #expect(outcome.created && outcome.standing.score == 45 && outcome.organisation.model.creditStatus == .blacklisted)
            #expect(try !county.recordCreditEvent(event, actor: "督查员").created, "reported twice, recorded once")
            try await federation.converge("blacklisted again at the community") { Self.status(community, organisation.id) == .blacklisted }
            #expect(try await Self.candidates(station, order) == [other.id.uuidString])
        }
    }

    @Test func aPolicyPublishedAtTheCountyReachesEveryCommunityWithItsPDF() async throws {
        try await Federation.withSmall { federation in
            let admin = try await Desk.open(federation, at: Codes.county, role: .admin)
            let streetAdmin = try await Desk.open(federation, at: Codes.street2, role: .admin)
            let caregiverless = try await Desk.open(federation, at: Codes.community2, role: .viewer)
            defer { Task { await admin.client.shutdown(); await streetAdmin.client.shutdown(); await caregiverless.client.shutdown() } }
            let pdf = Data(Array("%PDF-1.7\n".utf8) + [UInt8](repeating: 0x42, count: 3000))
            let sha = try #require(try await admin.send(.POST, "/api/v1/blobs", body: pdf, type: "application/pdf").json["sha256"] as? String)
            let made = try await admin.send(.POST, "/api/v1/policies", [
                "kind": J("guide"), "title": J("居家养老服务补贴申领指南"), "body": J("一、申领条件\n二、所需材料"),
                "attachments": J([["sha256": J(sha), "name": J("申领表.pdf")]]), "effectiveFrom": J("2025-01-01"),
            ])
            let id = try #require(UUID(uuidString: made.json["id"] as? String ?? ""))
            let refused = try await streetAdmin.raw(.POST, "/api/v1/policies", [
                "kind": J("policy"), "title": J("街道自定政策"), "body": J("……"), "effectiveFrom": J("2025-01-01"),
            ])
            #expect(refused.status == 403 && refused.text.contains("政策指南由县级发布"), "\(refused.text)")
            for code in [Codes.street1, Codes.street2, Codes.community1, Codes.community2] {
                try await federation.converge("the policy and its PDF at \(code)") {
                    (try? federation.db(code).policy(id: id)) != nil && (try? federation.db(code).blobBytes(sha256: sha)).flatMap { $0 }?.bytes == pdf
                }
            }
            let read = try await caregiverless.send(.GET, "/api/v1/policies/\(id)")
            #expect((read.json["attachments"] as? [[String: Any]])?.first?["held"] as? Bool == true && read.json["inEffect"] as? Bool == true, "\(read.text)")
            let file = try await caregiverless.send(.GET, "/api/v1/policies/\(id)/attachments/\(sha)")
            #expect(file.status == 200 && file.body == pdf)
            #expect(try federation.db(Codes.street2).blobOwedDown(sha256: sha, to: Codes.community2))
        }
    }
}
