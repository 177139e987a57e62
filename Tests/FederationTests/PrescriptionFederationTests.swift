import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// Health prescriptions across the tiers: issued at a station, acknowledged there while its
/// link is down and withdrawn at the county meanwhile; both edits stand everywhere once the link
/// returns, with no conflict, and the prescription moves with its elder.
@Suite(.serialized) struct PrescriptionFederationTests {
    typealias J = HealthFederationTests.J
    typealias Staff = HealthFederationTests.Staff

    @Test func anAcknowledgementAtAnOfflineStationAndAWithdrawalAtTheCountyBothStand() async throws {
        try await Federation.withSmall { federation in
            let community = federation.db(Codes.community1)
            let county = federation.db(Codes.county)
            let elder = try community.createElder(Samples.elder(41, home: Codes.community1), actor: "t").model
            let station = try await Staff.open(federation, Codes.community1)
            let admin = try await Staff.open(federation, Codes.county, role: .admin)
            defer { Task { await station.client.shutdown(); await admin.client.shutdown() } }

            let issued = try await station.send(.POST, "/api/v1/elders/\(elder.id)/prescriptions", [
                "kind": J("exercise"), "doctor": J("李医生"), "advice": J("每日快走30分钟，心率不超过110次/分"),
            ])
            let id = try #require(UUID(uuidString: issued.json["id"] as? String ?? ""))
            #expect(issued.json["status"] as? String == "issued" && issued.json["issuedBy"] as? String == "health-\(Codes.community1)")
            try await federation.converge("the prescription at the county") { try county.prescription(id: id, in: nil) != nil }

            federation.cut(Codes.community1)
            let acknowledged = try await station.send(.POST, "/api/v1/prescriptions/\(id)/acknowledge", ["by": J("本人")])
            #expect(acknowledged.json["status"] as? String == "acknowledged")
            let withdrawn = try await admin.send(.POST, "/api/v1/prescriptions/\(id)/withdraw", ["reason": J("复诊后调整为饮食处方")])
            #expect(withdrawn.json["status"] as? String == "withdrawn")
            federation.restore(Codes.community1)

            try await federation.converge("both edits at both ends") {
                [community, county].allSatisfy { db in
                    let p = try? db.prescription(id: id, in: nil)?.model
                    return p?.acknowledgedBy == "本人" && p?.withdrawnReason == "复诊后调整为饮食处方" && p?.status == .withdrawn
                }
            }
            let conflicts = try county.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM conflict") } ?? -1
            #expect(conflicts == 0, "an acknowledgement and a withdrawal are different fields")

            // A withdrawn prescription cannot be acknowledged again; the refusal writes nothing.
            let again = try await station.client.send(.POST, "/api/v1/prescriptions/\(id)/acknowledge", token: station.token, json: ["by": J("家属")])
            #expect(again.status == 422, "\(again.text)")
        }
    }

    @Test func aPrescriptionMovesWithItsElder() async throws {
        try await Federation.withSmall { federation in
            let community1 = federation.db(Codes.community1)
            let community2 = federation.db(Codes.community2)
            let county = federation.db(Codes.county)
            let elder = try community1.createElder(Samples.elder(42, home: Codes.community1), actor: "t").model
            let station = try await Staff.open(federation, Codes.community1)
            defer { Task { await station.client.shutdown() } }
            let issued = try await station.send(.POST, "/api/v1/elders/\(elder.id)/prescriptions", [
                "kind": J("diet"), "doctor": J("李医生"), "advice": J("低盐饮食，每日食盐不超过5克"),
            ])
            let id = try #require(UUID(uuidString: issued.json["id"] as? String ?? ""))
            try await federation.converge("at the county") { try county.prescription(id: id, in: nil) != nil }

            var moved = try #require(try county.elder(id: elder.id)).model
            moved.home = Codes.community2
            _ = try county.updateElder(moved, ifMatch: nil, actor: "county")
            try await federation.converge("only in the new subtree") {
                try community2.prescription(id: id, in: nil)?.model.home == Codes.community2
                    && community1.prescription(id: id, in: nil) == nil
                    && federation.db(Codes.street1).prescription(id: id, in: nil) == nil
            }
            #expect(try county.prescriptions(elderId: elder.id).map(\.model.home) == [Codes.community2])
        }
    }
}
