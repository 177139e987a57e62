import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// The time bank over the operator API at one station: a volunteer registered, an activity
/// run with its sign-ups and attendance (which credits the hours once), a redemption for a
/// service order, and the refusals (overdraft, missing permission, bad input) that write nothing.
@Suite(.serialized) struct TimeBankAPITests {
    typealias J = AnyEncodable

    static func volunteer(_ node: NodeHarness, _ token: String, name: String = "李桂芳", phone: String = "13912345678") async throws -> String {
        let reply = try await node.client.send(.POST, "/api/v1/volunteers", token: token, json: [
            "name": J(name), "phone": J(phone), "community": J("420107001001"), "skills": J(["companionship", "haircut"]),
        ])
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply.json["id"] as? String)
    }

    static func activity(_ node: NodeHarness, _ token: String, minutes: Int = 90, capacity: Int = 2) async throws -> String {
        let reply = try await node.client.send(.POST, "/api/v1/volunteer-activities", token: token, json: [
            "title": J("重阳节包饺子"), "date": J("2026-10-18"), "place": J("永安里社区活动室"), "minutes": J(minutes), "capacity": J(capacity),
        ])
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply.json["id"] as? String)
    }

    static func order(_ node: NodeHarness, _ token: String, elder: String) async throws -> String {
        let reply = try await node.client.send(.POST, "/api/v1/orders", token: token, json: [
            "elderId": J(elder), "category": J("bathing"), "channel": J("phone"),
        ])
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply.json["id"] as? String)
    }

    @Test func attendanceCreditsOnceAndARedemptionPaysForAnOrder() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("station-tb1", role: .stationStaff)
            let volunteer = try await Self.volunteer(node, staff)
            let shown = try await node.client.send(.GET, "/api/v1/volunteers?q=李桂", token: staff)
            let listed = try #require((shown.json["items"] as? [[String: Any]])?.first)
            #expect(listed["phone"] as? String == "139****5678" && listed["home"] as? String == "420107", "\(shown.text)")

            let activity = try await Self.activity(node, staff)
            let signed = try await node.client.send(.POST, "/api/v1/volunteer-activities/\(activity)/signups", token: staff, json: ["volunteerId": J(volunteer)])
            #expect(signed.status == 201 && (signed.json["signedUp"] as? [[String: Any]])?.first?["name"] as? String == "李桂芳", "\(signed.text)")
            let present = try await node.client.send(.POST, "/api/v1/volunteer-activities/\(activity)/attendance", token: staff, json: ["volunteerId": J(volunteer)])
            #expect(present.status == 201 && (present.json["signedUp"] as? [[String: Any]])?.first?["attended"] as? Bool == true, "\(present.text)")
            let before = try node.logCount()
            let twice = try await node.client.send(.POST, "/api/v1/volunteer-activities/\(activity)/attendance", token: staff, json: ["volunteerId": J(volunteer)])
            #expect(twice.status == 409, "\(twice.text)")
            #expect(try node.logCount() == before)

            let elder = try await HealthAPITests.elder(node, staff)
            let order = try await Self.order(node, staff, elder: elder)
            let redeemed = try await node.client.send(.POST, "/api/v1/volunteers/\(volunteer)/redeem", token: staff, json: [
                "minutes": J(60), "orderId": J(order), "relation": J("family"), "note": J("母亲助浴"),
            ])
            #expect(redeemed.status == 201 && redeemed.json["balance"] as? Int == 30, "\(redeemed.text)")
            let entries = try #require(redeemed.json["entries"] as? [[String: Any]])
            #expect(entries.map { $0["kind"] as? String } == ["earn", "redeem"] && entries.map { $0["balanceAfter"] as? Int } == [90, 30])
            #expect(entries[0]["minutes"] as? Int == 90 && entries[1]["orderId"] as? String == order && entries[1]["node"] as? String == "420107001001")
        }
    }

    @Test func anOverdraftAMissingPermissionAndBadInputAreRefusedAndWriteNothing() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("station-tb2", role: .stationStaff)
            let volunteer = try await Self.volunteer(node, staff)
            let activity = try await Self.activity(node, staff, minutes: 30)
            _ = try await node.client.send(.POST, "/api/v1/volunteer-activities/\(activity)/signups", token: staff, json: ["volunteerId": J(volunteer)])
            _ = try await node.client.send(.POST, "/api/v1/volunteer-activities/\(activity)/attendance", token: staff, json: ["volunteerId": J(volunteer)])
            let elder = try await HealthAPITests.elder(node, staff)
            let order = try await Self.order(node, staff, elder: elder)
            // Signing in is audited (and the audit travels up): done before counting.
            let viewer = try await node.signIn("viewer-tb", role: .viewer)
            let admin = try await node.signIn("admin-tb", role: .admin)
            let before = try node.logCount()

            let overdraw = try await node.client.send(.POST, "/api/v1/volunteers/\(volunteer)/redeem", token: staff, json: [
                "minutes": J(60), "orderId": J(order), "relation": J("family"),
            ])
            #expect(overdraw.status == 422, "\(overdraw.text)")
            let fields = try #require((overdraw.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(fields.first?["field"] as? String == "minutes" && (fields.first?["messageZh"] as? String)?.contains("30分钟") == true, "\(fields)")

            let own = try await node.client.send(.POST, "/api/v1/volunteers/\(volunteer)/redeem", token: staff, json: [
                "minutes": J(10), "orderId": J(order), "relation": J("own"),
            ])
            #expect(own.status == 422 && own.text.contains("relation"), "\(own.text)")
            let bad = try await node.client.send(.POST, "/api/v1/volunteers/\(volunteer)/redeem", token: staff, json: [
                "minutes": J(0), "orderId": J("not-an-id"), "relation": J("neighbour"),
            ])
            let badFields = try #require((bad.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(bad.status == 422 && Set(badFields.compactMap { $0["field"] as? String }) == ["minutes", "orderId", "relation"], "\(bad.text)")
            let unknownOrder = try await node.client.send(.POST, "/api/v1/volunteers/\(volunteer)/redeem", token: staff, json: [
                "minutes": J(10), "orderId": J(UUID().uuidString), "relation": J("family"),
            ])
            #expect(unknownOrder.status == 422 && unknownOrder.text.contains("orderId"), "\(unknownOrder.text)")

            let refused = try await node.client.send(.POST, "/api/v1/volunteers/\(volunteer)/redeem", token: viewer, json: [
                "minutes": J(10), "orderId": J(order), "relation": J("family"),
            ])
            #expect(refused.status == 403 && (refused.json["error"] as? [String: Any])?["permission"] as? String == "timebank.redeem", "\(refused.text)")
            let settle = try await node.client.send(.POST, "/api/v1/timebank/overdrafts/\(UUID())/settle", token: staff, json: ["note": J("x")])
            #expect(settle.status == 403 && (settle.json["error"] as? [String: Any])?["permission"] as? String == "timebank.settle", "\(settle.text)")
            let atStation = try await node.client.send(.POST, "/api/v1/timebank/overdrafts/\(UUID())/settle", token: admin, json: ["note": J("x")])
            #expect(atStation.status == 403 && atStation.text.contains("street"), "\(atStation.text)")

            let badVolunteer = try await node.client.send(.POST, "/api/v1/volunteers", token: staff, json: [
                "name": J(""), "phone": J("12"), "community": J("420107001002"), "skills": J(["juggling"]),
            ])
            #expect(badVolunteer.status == 422, "\(badVolunteer.text)")
            let elsewhere = try await node.client.send(.POST, "/api/v1/volunteers", token: staff, json: [
                "name": J("陈建国"), "phone": J("13800001111"), "community": J("420107001002"),
            ])
            #expect(elsewhere.status == 403, "\(elsewhere.text)")
            let badActivity = try await node.client.send(.POST, "/api/v1/volunteer-activities", token: staff, json: [
                "title": J("x"), "date": J("2026-02-30"), "place": J("活动室"), "minutes": J(5), "capacity": J(0),
            ])
            let activityFields = try #require((badActivity.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(badActivity.status == 422 && Set(activityFields.compactMap { $0["field"] as? String }) == ["date", "minutes", "capacity"], "\(badActivity.text)")
            let other = try await Self.volunteer(node, staff, name: "周玉兰", phone: "13800002222")
            let afterOther = try node.logCount()
            let notSigned = try await node.client.send(.POST, "/api/v1/volunteer-activities/\(activity)/attendance", token: staff, json: ["volunteerId": J(other)])
            #expect(notSigned.status == 422, "\(notSigned.text)")
            #expect(try node.logCount() == afterOther)
            #expect(afterOther == before + 1, "only the second volunteer was written")
            let ledger = try await node.client.send(.GET, "/api/v1/volunteers/\(volunteer)/ledger", token: viewer)
            #expect(ledger.status == 200 && ledger.json["balance"] as? Int == 30, "\(ledger.text)")
        }
    }
}
