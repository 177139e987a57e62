import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// Thresholds over the operator API: an elder's own set and removed at a station, the
/// county's defaults at the county, and refusals (422 in both languages, 403, 404) that write
/// nothing.
@Suite(.serialized) struct ThresholdAPITests {
    typealias J = AnyEncodable

    static func overrides(_ node: NodeHarness) throws -> Int {
        try node.db.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM threshold_override")! }
    }

    static func fields(_ reply: OperatorClient.Reply) -> [String] {
        ((reply.json["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    @Test func badBoundsAreRefusedNamingTheFieldInBothLanguagesAndNothingIsWritten() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("station1", role: .stationStaff)
            let elder = try await HealthAPITests.elder(node, staff)
            let path = "/api/v1/elders/\(elder)/thresholds"
            let viewer = try await node.signIn("viewer1", role: .viewer)
            let log = try node.logCount()

            let inverted = try await node.client.send(.PUT, "\(path)/systolic", token: staff, json: ["low": J(140), "high": J(130)])
            #expect(inverted.status == 422 && Self.fields(inverted) == ["low"], "\(inverted.text)")
            #expect(inverted.text.contains("must be below high") && inverted.text.contains("下限"))
            let inside = try await node.client.send(.PUT, "\(path)/systolic", token: staff, json: ["high": J(150), "criticalHigh": J(140)])
            #expect(inside.status == 422 && Self.fields(inside) == ["criticalHigh"], "\(inside.text)")
            let implausible = try await node.client.send(.PUT, "\(path)/spo2", token: staff, json: ["low": J(120)])
            #expect(implausible.status == 422 && Self.fields(implausible) == ["low"], "\(implausible.text)")
            let unknown = try await node.client.send(.PUT, "\(path)/pulse", token: staff, json: ["high": J(100)])
            #expect(unknown.status == 422 && Self.fields(unknown) == ["measure"], "\(unknown.text)")
            let misspelt = try await node.client.send(.PUT, "\(path)/systolic", token: staff, json: ["hgh": J(130)])
            #expect(misspelt.status == 422 && Self.fields(misspelt) == ["hgh"], "\(misspelt.text)")
            let empty = try await node.client.send(.PUT, "\(path)/systolic", token: staff, json: ["note": J("无")])
            #expect(empty.status == 422 && Self.fields(empty) == ["low"], "\(empty.text)")
            let refused = try await node.client.send(.PUT, "\(path)/systolic", token: viewer, json: ["high": J(130)])
            #expect(refused.status == 403 && refused.text.contains("threshold.write"), "\(refused.text)")
            #expect(try await node.client.send(.DELETE, "\(path)/systolic", token: staff).status == 404, "no override to remove")
            let defaults = try await node.client.send(.PUT, "/api/v1/thresholds/defaults/hypertension/systolic", token: node.token, json: ["high": J(140)])
            #expect(defaults.status == 403 && defaults.text.contains("county"), "\(defaults.text)")
            #expect(try Self.overrides(node) == 0 && node.logCount() == log, "nothing written")

            // A good one is written, shown with its source, and removed.
            let set = try await node.client.send(.PUT, "\(path)/heartRate", token: staff, json: ["low": J(50), "high": J(110), "note": J("服用β受体阻滞剂")])
            #expect(set.status == 200, "\(set.text)")
            let read = try await node.client.send(.GET, path, token: viewer)
            let heart = try #require((read.json["thresholds"] as? [[String: Any]])?.first { $0["measure"] as? String == "heartRate" })
            #expect(heart["origin"] as? String == "elder" && heart["source"] as? String == "服用β受体阻滞剂" && heart["originLabelZh"] as? String == "个人设置")
            #expect(try await node.client.send(.DELETE, "\(path)/heartRate", token: staff).status == 204)
            let restored = try await node.client.send(.GET, path, token: staff)
            let back = try #require((restored.json["thresholds"] as? [[String: Any]])?.first { $0["measure"] as? String == "heartRate" })
            #expect(back["origin"] as? String == "builtIn")
        }
    }

    @Test func theCountyEditsAndRestoresItsDefaultsAndRefusesBadOnes() async throws {
        try await NodeHarness.with("420107") { node in
            let list = try await node.client.send(.GET, "/api/v1/thresholds/defaults", token: node.token)
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(items.count == ThresholdDefaults.shipped(county: node.code).count && items.allSatisfy { $0["edited"] as? Bool == false })
            let staff = try await node.signIn("county-staff", role: .stationStaff)
            let log = try node.logCount()

            let bad = try await node.client.send(.PUT, "/api/v1/thresholds/defaults/hypertension/systolic", token: node.token, json: ["high": J(100), "criticalHigh": J(90)])
            #expect(bad.status == 422 && Self.fields(bad) == ["criticalHigh"], "\(bad.text)")
            let condition = try await node.client.send(.PUT, "/api/v1/thresholds/defaults/flu/systolic", token: node.token, json: ["high": J(140)])
            #expect(condition.status == 422 && Self.fields(condition) == ["condition"], "\(condition.text)")
            let refused = try await node.client.send(.PUT, "/api/v1/thresholds/defaults/general/systolic", token: staff, json: ["high": J(135)])
            #expect(refused.status == 403 && refused.text.contains("registry.write"), "\(refused.text)")
            #expect(try node.logCount() == log, "nothing written")

            let general = try await node.client.send(.PUT, "/api/v1/thresholds/defaults/general/systolic", token: node.token, json: [
                "low": J(90), "high": J(135), "criticalLow": J(70), "criticalHigh": J(180), "source": J("县级规定"),
            ])
            #expect(general.status == 200 && general.json["condition"] as? String == "general" && general.json["shipped"] == nil, "\(general.text)")
            let edited = try await node.client.send(.PUT, "/api/v1/thresholds/defaults/hypertension/systolic", token: node.token, json: ["low": J(90), "high": J(145)])
            #expect(edited.status == 200 && edited.json["edited"] as? Bool == true)
            let now = try await node.client.send(.GET, "/api/v1/thresholds/defaults", token: node.token)
            #expect((now.json["items"] as? [[String: Any]])?.count == ThresholdDefaults.shipped(county: node.code).count + 1)

            #expect(try await node.client.send(.DELETE, "/api/v1/thresholds/defaults/hypertension/systolic", token: node.token).status == 204)
            let restored = try await node.client.send(.GET, "/api/v1/thresholds/defaults", token: node.token)
            let row = try #require((restored.json["items"] as? [[String: Any]])?.first { $0["condition"] as? String == "hypertension" && $0["measure"] as? String == "systolic" })
            #expect(row["edited"] as? Bool == false && (row["bounds"] as? [String: Any])?["high"] as? Double == 150)
        }
    }
}
