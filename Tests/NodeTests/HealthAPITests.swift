import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// The health record over the operator API at a station: check-ups, chronic conditions and
/// follow-ups, the due list on the node's clock, and refusals that write nothing.
@Suite(.serialized) struct HealthAPITests {
    typealias J = AnyEncodable

    static func item(_ item: String, value: Double? = nil, code: String? = nil) -> [String: J] {
        var entry: [String: J] = ["item": J(item)]
        if let value { entry["value"] = J(value) }
        if let code { entry["code"] = J(code) }
        return entry
    }

    static func elder(_ node: NodeHarness, _ token: String, serial: Int = 1) async throws -> String {
        let reply = try await node.client.send(.POST, "/api/v1/elders", token: token, json: node.elderJSON(serial: serial))
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply.json["id"] as? String)
    }

    @Test func aCheckupEnteredAtTheStationShowsInTheElderRecordWithItsFlags() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("station1", role: .stationStaff)
            let elder = try await Self.elder(node, staff)
            let today = VitalsSummary.day(HybridLogicalClock.systemMillis())
            let created = try await node.client.send(.POST, "/api/v1/elders/\(elder)/checkups", token: staff, json: [
                "date": J(today), "place": J("永安里社区卫生服务站"), "summary": J("血压偏高"),
                "items": J([Self.item("systolic", value: 156), Self.item("diastolic", value: 88), Self.item("urineProtein", code: "trace"),
                            Self.item("ecg", code: "normal"), Self.item("weight", value: 58), Self.item("height", value: 155)]),
            ])
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["enteredBy"] as? String == "station1" && created.json["station"] as? String == "420107001001")

            let record = try await node.client.send(.GET, "/api/v1/elders/\(elder)/health", token: staff)
            #expect(record.status == 200, "\(record.text)")
            let checkups = try #require(record.json["checkups"] as? [[String: Any]])
            #expect(checkups.count == 1 && checkups[0]["abnormal"] as? Int == 3, "systolic, urine protein trace and BMI")
            let results = try #require(checkups[0]["results"] as? [[String: Any]])
            let bmi = try #require(results.first { $0["item"] as? String == "bmi" })
            #expect(bmi["value"] as? Double == 24.1 && bmi["abnormal"] as? Bool == true && bmi["unit"] as? String == "kg/m²")
            #expect(results.first { $0["item"] as? String == "systolic" }?["abnormal"] as? Bool == true)
            #expect(results.first { $0["item"] as? String == "diastolic" }?["abnormal"] as? Bool == false)
            // Each read of a health record is in the audit trail.
            let audited = try node.db.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_entry WHERE action = 'health.read' AND subject = ?", arguments: [elder])
            }
            #expect(audited == 1)

            let viewer = try await node.signIn("viewer1", role: .viewer)
            #expect(try await node.client.send(.GET, "/api/v1/elders/\(elder)/health", token: viewer).status == 200)
            let refused = try await node.client.send(.POST, "/api/v1/elders/\(elder)/checkups", token: viewer, json: [
                "date": J(today), "place": J("站点"), "items": J([Self.item("systolic", value: 120)]),
            ])
            #expect(refused.status == 403 && (refused.json["error"] as? [String: Any])?["permission"] as? String == "health.write")
            let reference = try await node.client.send(.GET, "/api/v1/health/reference", token: viewer)
            let items = try #require(reference.json["items"] as? [[String: Any]])
            #expect(items.first { $0["item"] as? String == "systolic" }?["below"] as? Double == 140)
        }
    }

    @Test func aBadCheckupOrFollowUpIsRefusedInBothLanguagesAndWritesNothing() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("station1", role: .stationStaff)
            let elder = try await Self.elder(node, staff)
            let before = try node.logCount()
            let bad = try await node.client.send(.POST, "/api/v1/elders/\(elder)/checkups", token: staff, json: [
                "date": J("2026-02-30"), "place": J("站点"),
                "items": J([Self.item("systolic", value: 400), Self.item("bmi", value: 22), Self.item("urineGlucose", code: "lots")]),
            ])
            #expect(bad.status == 422, "\(bad.text)")
            let errors = try #require((bad.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(Set(errors.compactMap { $0["field"] as? String }) == ["date", "items[0].value", "items[1].item", "items[2].code"], "\(errors)")
            #expect(errors.allSatisfy { ($0["messageZh"] as? String)?.isEmpty == false && ($0["message"] as? String)?.isEmpty == false })
            let misspelt = try await node.client.send(.POST, "/api/v1/elders/\(elder)/checkups", token: staff, json: [
                "date": J("2026-01-02"), "place": J("站点"), "items": J([["item": J("systolic"), "valeu": J(120)]]),
            ])
            #expect(misspelt.status == 422 && misspelt.text.contains("items[0].valeu"), "\(misspelt.text)")
            let unknownElder = try await node.client.send(.POST, "/api/v1/elders/\(UUID())/checkups", token: staff, json: [
                "date": J("2026-01-02"), "place": J("站点"), "items": J([Self.item("systolic", value: 120)]),
            ])
            #expect(unknownElder.status == 404)
            let condition = try await node.client.send(.POST, "/api/v1/elders/\(elder)/conditions", token: staff, json: [
                "disease": J("flu"), "intervalDays": J(1),
            ])
            #expect(condition.status == 422 && condition.text.contains("intervalDays") && condition.text.contains("disease"), "\(condition.text)")
            #expect(try node.logCount() == before)

            let registered = try await node.client.send(.POST, "/api/v1/elders/\(elder)/conditions", token: staff, json: ["disease": J("hypertension")])
            #expect(registered.status == 201 && registered.json["intervalDays"] as? Int == 90, "\(registered.text)")
            let twice = try await node.client.send(.POST, "/api/v1/elders/\(elder)/conditions", token: staff, json: ["disease": J("hypertension")])
            #expect(twice.status == 409)
            let id = try #require(registered.json["id"] as? String)
            let afterRegistering = try node.logCount()
            let badVisit = try await node.client.send(.POST, "/api/v1/conditions/\(id)/follow-ups", token: staff, json: [
                "date": J("2026-01-05"), "method": J("telepathy"), "outcome": J("controlled"), "systolic": J(1000),
            ])
            #expect(badVisit.status == 422 && badVisit.text.contains("method") && badVisit.text.contains("systolic"), "\(badVisit.text)")
            let badPatch = try await node.client.send(.PATCH, "/api/v1/conditions/\(id)", token: staff, json: ["intervalDays": J(0)])
            #expect(badPatch.status == 422)
            #expect(try node.logCount() == afterRegistering)
        }
    }

    @Test func aDiabeticEldersFollowUpFallsOverdueOnTheNodesClockAndLeavesTheListWhenMade() async throws {
        let clock = ManualWallClock()
        try await NodeHarness.with("420107001001", clock: clock) { node in
            var staff = try await node.signIn("station1", role: .stationStaff)
            let elder = try await Self.elder(node, staff)
            let registered = try await node.client.send(.POST, "/api/v1/elders/\(elder)/conditions", token: staff, json: [
                "disease": J("diabetesType2"), "diagnosedOn": J("2020-06-01"),
            ])
            #expect(registered.status == 201, "\(registered.text)")
            let id = try #require(registered.json["id"] as? String)
            let empty = try await node.client.send(.GET, "/api/v1/health/follow-ups/due", token: staff)
            #expect((empty.json["items"] as? [[String: Any]])?.isEmpty == true, "\(empty.text)")

            // Ninety-one days on, the first follow-up is a day late.
            clock.advance(minutes: 91 * 24 * 60)
            staff = try await node.client.login(name: "station1", password: NodeHarness.password)
            let due = try await node.client.send(.GET, "/api/v1/health/follow-ups/due", token: staff)
            let items = try #require(due.json["items"] as? [[String: Any]])
            #expect(items.count == 1, "\(due.text)")
            #expect(items.first?["state"] as? String == "overdue" && items.first?["daysLate"] as? Int == 1)
            #expect(items.first?["elderName"] as? String == "王桂兰" && items.first?["disease"] as? String == "diabetesType2")

            let today = VitalsSummary.day(clock.now())
            let visit = try await node.client.send(.POST, "/api/v1/conditions/\(id)/follow-ups", token: staff, json: [
                "date": J(today), "method": J("home"), "outcome": J("uncontrolled"), "fastingGlucose": J(8.2), "note": J("加强饮食控制"),
            ])
            #expect(visit.status == 201, "\(visit.text)")
            #expect(visit.json["nextDue"] as? String == CalendarDate.adding(days: 90, to: today))
            let after = try await node.client.send(.GET, "/api/v1/health/follow-ups/due", token: staff)
            #expect((after.json["items"] as? [[String: Any]])?.isEmpty == true, "\(after.text)")
            let record = try await node.client.send(.GET, "/api/v1/elders/\(elder)/health", token: staff)
            #expect((record.json["followUps"] as? [[String: Any]])?.first?["by"] as? String == "station1")
            #expect((record.json["conditions"] as? [[String: Any]])?.first?["dueState"] as? String == "later")
        }
    }
}
