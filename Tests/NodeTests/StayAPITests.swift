import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Centralised care over the operator API at a community station: an admission at the level of
/// the elder's file, the care records of a stay and its turns, the refusals (422 field by
/// field, 409 for what does not fit the stay, 403 for a role without the permission) that
/// write nothing, and the occupancy figures.
@Suite(.serialized) struct StayAPITests {
    typealias J = AnyEncodable

    static func errorOf(_ reply: OperatorClient.Reply) -> [String: Any] { reply.json["error"] as? [String: Any] ?? [:] }
    static func fields(_ reply: OperatorClient.Reply) -> Set<String> {
        Set((errorOf(reply)["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
    }

    static func contract(_ node: NodeHarness) -> (from: String, to: String) {
        let today = VitalsSummary.day(HybridLogicalClock.systemMillis())
        return (CalendarDate.adding(days: -1, to: today), CalendarDate.adding(days: 364, to: today))
    }

    @Test func aStayFromAdmissionToDischargeWithItsRefusals() async throws {
        try await NodeHarness.with("420107001001") { node in
            let elder = try #require(try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: 1)).json["id"] as? String)
            let other = try #require(try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: 2)).json["id"] as? String)
            let (from, to) = Self.contract(node)
            let post = { (path: String, json: [String: J]) in try await node.client.send(.POST, path, token: node.token, json: json) }

            let before = try node.logCount()
            let bad = try await post("/api/v1/stays", ["elderId": J(elder), "kind": J("dayCare"), "bed": J("1"), "contractFrom": J(to), "contractTo": J(from)])
            #expect(bad.status == 422 && Self.fields(bad) == ["room", "bed", "contractTo"], "\(bad.text)")
            let unknown = try await post("/api/v1/stays", ["elderId": J(elder), "kind": J("dayCare"), "room": J("1"), "contractFrom": J(from), "contractTo": J(to), "level": J(4)])
            #expect((400..<500).contains(unknown.status), "\(unknown.text)")
            #expect(try node.logCount() == before, "a refused admission writes nothing")

            let admitted = try await post("/api/v1/stays", [
                "elderId": J(elder), "kind": J("fullCare"), "room": J("201"), "bed": J("1"), "contractFrom": J(from), "contractTo": J(to),
            ])
            #expect(admitted.status == 201, "\(admitted.text)")
            let stay = try #require(admitted.json["stay"] as? [String: Any])
            let id = try #require(stay["id"] as? String)
            #expect(stay["status"] as? String == "inCare" && stay["careLevel"] as? Int == 1 && stay["assessmentId"] == nil)
            let contacts = admitted.json["contacts"] as? [[String: Any]] ?? []
            #expect(contacts.first?["name"] as? String == "李强" && contacts.first?["phone"] as? String != "13912345678", "phones masked: \(contacts)")

            let again = try await post("/api/v1/stays", ["elderId": J(elder), "kind": J("dayCare"), "room": J("活动室"), "contractFrom": J(from), "contractTo": J(to)])
            #expect(again.status == 409 && (Self.errorOf(again)["messageZh"] as? String)?.contains("已在站入住") == true, "\(again.text)")
            let sameBed = try await post("/api/v1/stays", ["elderId": J(other), "kind": J("fullCare"), "room": J("201"), "bed": J("1"), "contractFrom": J(from), "contractTo": J(to)])
            #expect(sameBed.status == 409, "\(sameBed.text)")

            let records = "/api/v1/stays/\(id)/records"
            #expect(try await post(records, ["item": J("meal"), "meal": J("lunch"), "by": J("张护理员")]).status == 201)
            let noMeal = try await post(records, ["item": J("meal")])
            #expect(noMeal.status == 422 && Self.fields(noMeal) == ["meal"])
            let roomOnBath = try await post(records, ["item": J("bathing"), "room": J("105")])
            #expect(roomOnBath.status == 422 && Self.fields(roomOnBath) == ["room"])
            let future = try await post(records, ["item": J("bathing"), "at": J("2099-01-01T08:00:00+08:00")])
            #expect(future.status == 422 && Self.fields(future) == ["at"])
            let leave = try await post(records, ["item": J("leave"), "detail": J("住院治疗")])
            #expect((leave.json["stay"] as? [String: Any])?["status"] as? String == "onLeave", "\(leave.text)")
            let mealOnLeave = try await post(records, ["item": J("meal"), "meal": J("dinner")])
            #expect(mealOnLeave.status == 409 && (Self.errorOf(mealOnLeave)["messageZh"] as? String)?.contains("请假中") == true, "\(mealOnLeave.text)")
            #expect(try await post(records, ["item": J("return")]).status == 201)
            let moved = try await post(records, ["item": J("transfer"), "room": J("105"), "bed": J("3")])
            let movedStay = moved.json["stay"] as? [String: Any]
            #expect(movedStay?["room"] as? String == "105" && movedStay?["bed"] as? String == "3" && movedStay?["admittedRoom"] as? String == "201")
            // The bed the stay left is free again.
            let otherStay = try await post("/api/v1/stays", ["elderId": J(other), "kind": J("fullCare"), "room": J("201"), "bed": J("1"), "contractFrom": J(from), "contractTo": J(to)])
            #expect(otherStay.status == 201, "\(otherStay.text)")
            let noReason = try await post(records, ["item": J("discharge")])
            #expect(noReason.status == 422 && Self.fields(noReason) == ["detail"])
            let discharged = try await post(records, ["item": J("discharge"), "detail": J("回家由子女照顾")])
            #expect((discharged.json["stay"] as? [String: Any])?["status"] as? String == "discharged")
            #expect((discharged.json["records"] as? [[String: Any]])?.map { $0["item"] as? String } == ["discharge", "transfer", "return", "leave", "meal"])
            let after = try await post(records, ["item": J("meal"), "meal": J("dinner")])
            #expect(after.status == 409)

            let today = VitalsSummary.day(HybridLogicalClock.systemMillis())
            let figures = try await node.client.send(.GET, "/api/v1/stays/occupancy?from=\(today)&to=\(today)", token: node.token)
            let row = (figures.json["rows"] as? [[String: Any]])?.first
            #expect(row?["fullCare"] as? Int == 2 && row?["lunch"] as? Int == 1 && row?["station"] as? String == "420107001001", "\(figures.text)")
            let tooLong = try await node.client.send(.GET, "/api/v1/stays/occupancy?from=2026-01-01&to=2026-12-31", token: node.token)
            #expect(tooLong.status == 422, "\(tooLong.text)")
            let list = try await node.client.send(.GET, "/api/v1/stays?status=inCare", token: node.token)
            #expect((list.json["items"] as? [[String: Any]])?.compactMap { $0["elderId"] as? String } == [other], "\(list.text)")
        }
    }

    @Test func careNeedsStayRecordAndATurnOfTheStayNeedsStayWrite() async throws {
        try await NodeHarness.with("420107001001") { node in
            let elder = try #require(try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: 3)).json["id"] as? String)
            let (from, to) = Self.contract(node)
            let admitted = try await node.client.send(.POST, "/api/v1/stays", token: node.token, json: [
                "elderId": J(elder), "kind": J("dayCare"), "room": J("活动室"), "contractFrom": J(from), "contractTo": J(to),
            ])
            let id = try #require((admitted.json["stay"] as? [String: Any])?["id"] as? String)
            let viewer = try await node.signIn("stay-viewer", role: .viewer)
            let before = try node.logCount()
            let meal = try await node.client.send(.POST, "/api/v1/stays/\(id)/records", token: viewer, json: ["item": J("meal"), "meal": J("lunch")])
            #expect(meal.status == 403 && Self.errorOf(meal)["permission"] as? String == "stay.record")
            let leave = try await node.client.send(.POST, "/api/v1/stays/\(id)/records", token: viewer, json: ["item": J("leave"), "detail": J("x")])
            #expect(leave.status == 403 && Self.errorOf(leave)["permission"] as? String == "stay.write")
            #expect(try node.logCount() == before)
            let read = try await node.client.send(.GET, "/api/v1/stays/\(id)", token: viewer)
            #expect(read.status == 200 && (read.json["stay"] as? [String: Any])?["kind"] as? String == "dayCare")
        }
    }
}
