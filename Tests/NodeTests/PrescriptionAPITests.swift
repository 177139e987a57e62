import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// Health prescriptions over the operator API at a station: who may issue, acknowledge and
/// withdraw, what the elder's record shows, and refusals that write nothing.
@Suite(.serialized) struct PrescriptionAPITests {
    typealias J = AnyEncodable

    @Test func aDoctorIssuesTheElderAcknowledgesAndTheRecordShowsIt() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("doctor1", role: .stationStaff)
            let elder = try await HealthAPITests.elder(node, staff)
            let condition = try await node.client.send(.POST, "/api/v1/elders/\(elder)/conditions", token: staff, json: ["disease": J("hypertension")])
            let conditionId = try #require(condition.json["id"] as? String)
            let issued = try await node.client.send(.POST, "/api/v1/elders/\(elder)/prescriptions", token: staff, json: [
                "kind": J("diet"), "doctor": J("王医生"), "advice": J("低盐饮食\n每日食盐不超过5克"), "conditionId": J(conditionId),
            ])
            #expect(issued.status == 201, "\(issued.text)")
            let id = try #require(issued.json["id"] as? String)
            #expect(issued.json["conditionId"] as? String == conditionId && issued.json["status"] as? String == "issued")

            let viewer = try await node.signIn("viewer1", role: .viewer)
            let refused = try await node.client.send(.POST, "/api/v1/elders/\(elder)/prescriptions", token: viewer, json: [
                "kind": J("diet"), "doctor": J("王医生"), "advice": J("少糖"),
            ])
            #expect(refused.status == 403 && (refused.json["error"] as? [String: Any])?["permission"] as? String == "health.prescribe", "\(refused.text)")

            let ack = try await node.client.send(.POST, "/api/v1/prescriptions/\(id)/acknowledge", token: staff, json: ["by": J("本人")])
            #expect(ack.status == 200 && ack.json["status"] as? String == "acknowledged" && ack.json["acknowledgedAt"] != nil, "\(ack.text)")
            let record = try await node.client.send(.GET, "/api/v1/elders/\(elder)/health", token: staff)
            let listed = try #require(record.json["prescriptions"] as? [[String: Any]])
            #expect(listed.count == 1 && listed[0]["acknowledgedBy"] as? String == "本人" && listed[0]["advice"] as? String == "低盐饮食\n每日食盐不超过5克")
            let page = try await node.client.send(.GET, "/api/v1/elders/\(elder)/prescriptions", token: staff)
            #expect(page.json["total"] as? Int == 1)
        }
    }

    @Test func aBadPrescriptionIsRefusedFieldByFieldAndWritesNothing() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("doctor2", role: .stationStaff)
            let elder = try await HealthAPITests.elder(node, staff)
            let before = try node.logCount()
            let bad = try await node.client.send(.POST, "/api/v1/elders/\(elder)/prescriptions", token: staff, json: [
                "kind": J("surgery"), "doctor": J(""), "advice": J(String(repeating: "多", count: 2001)),
                "issuedOn": J("2026-01-10"), "validUntil": J("2026-01-01"),
            ])
            #expect(bad.status == 422, "\(bad.text)")
            let fields = try #require((bad.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(Set(fields.compactMap { $0["field"] as? String }) == ["kind", "doctor", "advice", "validUntil"], "\(fields)")
            #expect(fields.allSatisfy { ($0["messageZh"] as? String)?.isEmpty == false })
            let unknownCondition = try await node.client.send(.POST, "/api/v1/elders/\(elder)/prescriptions", token: staff, json: [
                "kind": J("diet"), "doctor": J("王医生"), "advice": J("少糖"), "conditionId": J(UUID().uuidString),
            ])
            #expect(unknownCondition.status == 422 && unknownCondition.text.contains("conditionId"), "\(unknownCondition.text)")
            let notAnId = try await node.client.send(.POST, "/api/v1/elders/\(elder)/prescriptions", token: staff, json: [
                "kind": J("diet"), "doctor": J("王医生"), "advice": J("少糖"), "conditionId": J("hypertension"),
            ])
            #expect(notAnId.status == 422 && notAnId.text.contains("conditionId"), "\(notAnId.text)")
            #expect(try node.logCount() == before)

            let issued = try await node.client.send(.POST, "/api/v1/elders/\(elder)/prescriptions", token: staff, json: [
                "kind": J("exercise"), "doctor": J("王医生"), "advice": J("太极拳每周3次"),
            ])
            let id = try #require(issued.json["id"] as? String)
            let noReason = try await node.client.send(.POST, "/api/v1/prescriptions/\(id)/withdraw", token: staff, json: [String: J]())
            #expect(noReason.status == 422 && noReason.text.contains("reason"), "\(noReason.text)")
            let unknown = try await node.client.send(.POST, "/api/v1/prescriptions/\(UUID())/acknowledge", token: staff, json: ["by": J("本人")])
            #expect(unknown.status == 404)
        }
    }
}
