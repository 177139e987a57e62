import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// Ability assessments over the operator API at a county node: the item table, drafting and
/// submitting by an assessor, approval by another, the level the approval sets on the elder,
/// refusals that write nothing, and who may do what.
@Suite(.serialized) struct AssessmentAPITests {
    typealias J = AnyEncodable

    /// The model tests' fixture sheet: 24 + 11 + 20 + 8 = 63, 中度失能.
    static let answers: [String: Int] = [
        "B.1.1": 4, "B.1.2": 3, "B.1.3": 2, "B.1.4": 3, "B.1.5": 2, "B.1.6": 3, "B.1.7": 4, "B.1.8": 3,
        "B.2.1": 4, "B.2.2": 3, "B.2.3": 3, "B.2.4": 1,
        "B.3.1": 3, "B.3.2": 2, "B.3.3": 4, "B.3.4": 2, "B.3.5": 3, "B.3.6": 3, "B.3.7": 1, "B.3.8": 0, "B.3.9": 2,
        "B.4.1": 1, "B.4.2": 1, "B.4.3": 2, "B.4.4": 1, "B.4.5": 3,
    ]

    /// Two assessors in the registry (the node is the county, which keeps it).
    static func assessors(_ node: NodeHarness) async throws -> [String] {
        var ids: [String] = []
        for name in ["评估员甲", "评估员乙"] {
            let reply = try await node.client.send(.POST, "/api/v1/staff", token: node.token, json: ["name": name, "role": "assessor"])
            #expect(reply.status == 201, "\(reply.text)")
            ids.append(try #require(reply.json["id"] as? String))
        }
        return ids
    }

    @Test func anAssessorDraftsAndSubmitsAnotherApprovesAndTheElderTakesTheLevel() async throws {
        try await NodeHarness.with("420107") { node in
            let ids = try await Self.assessors(node)
            let elder = try await HealthAPITests.elder(node, node.token)
            let assessor = try await node.signIn("assessor1", role: .assessor, staffId: UUID(uuidString: ids[0]))
            let items = try await node.client.send(.GET, "/api/v1/assessment-items", token: assessor)
            let domains = try #require(items.json["domains"] as? [[String: Any]], "\(items.text)")
            #expect(items.json["maxTotal"] as? Int == 90 && domains.map { ($0["items"] as? [Any])?.count } == [8, 4, 9, 5])
            #expect(domains.map { $0["maxScore"] as? Int } == [32, 15, 28, 15])

            let created = try await node.client.send(.POST, "/api/v1/elders/\(elder)/assessments", token: assessor, json: [
                "reason": J("first"), "assessorIds": J(ids), "answers": J(Self.answers),
                "adjustments": J(["riskEvents": ["fall": 1, "choking": 1]]), "note": J("女儿陪同"),
            ])
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            let scores = try #require(created.json["scores"] as? [String: Any])
            #expect(scores["selfCare"] as? Int == 24 && scores["motor"] as? Int == 11 && scores["mental"] as? Int == 20 && scores["perception"] as? Int == 8)
            #expect(scores["total"] as? Int == 63 && scores["levelByTotal"] as? Int == 2 && scores["level"] as? Int == 3 && scores["applied"] as? [String] == ["riskEvents"])
            #expect(created.json["status"] as? String == "draft")

            let submitted = try await node.client.send(.POST, "/api/v1/assessments/\(id)/submit", token: assessor)
            #expect(submitted.status == 200 && submitted.json["status"] as? String == "submitted", "\(submitted.text)")
            let selfApproval = try await node.client.send(.POST, "/api/v1/assessments/\(id)/approve", token: assessor)
            #expect(selfApproval.status == 403 && (selfApproval.json["error"] as? [String: Any])?["permission"] as? String == "assessment.approve")
            // An approver who is one of the two assessors is refused too.
            let colleague = try await node.signIn("approver-assessor", role: .dispatcher, staffId: UUID(uuidString: ids[1]))
            let own = try await node.client.send(.POST, "/api/v1/assessments/\(id)/approve", token: colleague)
            #expect(own.status == 422 && own.text.contains("approver"), "\(own.text)")
            let queue = try await node.client.send(.GET, "/api/v1/assessments/submitted", token: node.token)
            #expect(queue.json["total"] as? Int == 1)

            let approved = try await node.client.send(.POST, "/api/v1/assessments/\(id)/approve", token: node.token)
            #expect(approved.status == 200 && approved.json["status"] as? String == "approved" && approved.json["decidedBy"] as? String == "admin", "\(approved.text)")
            let record = try await node.client.send(.GET, "/api/v1/elders/\(elder)", token: node.token)
            #expect(record.json["abilityLevel"] as? Int == 3, "\(record.text)")
            let archive = try await node.client.send(.GET, "/api/v1/elders/\(elder)/assessments", token: assessor)
            #expect(archive.json["total"] as? Int == 1)
            let edit = try await node.client.send(.PATCH, "/api/v1/assessments/\(id)", token: assessor, json: ["note": J("改")])
            #expect(edit.status == 422 && edit.text.contains("status"), "an approved assessment is not edited: \(edit.text)")
        }
    }

    @Test func aBadAssessmentIsRefusedInBothLanguagesAndWritesNothing() async throws {
        try await NodeHarness.with("420107") { node in
            let ids = try await Self.assessors(node)
            let elder = try await HealthAPITests.elder(node, node.token)
            let assessor = try await node.signIn("assessor2", role: .assessor)
            let before = try node.logCount()
            var answers = Self.answers
            answers["B.2.4"] = 4
            answers["B.7.1"] = 1
            let bad = try await node.client.send(.POST, "/api/v1/elders/\(elder)/assessments", token: assessor, json: [
                "reason": J("whim"), "assessorIds": J([ids[0], ids[0]]), "answers": J(answers),
                "adjustments": J(["riskEvents": ["fall": 9]]),
            ])
            #expect(bad.status == 422, "\(bad.text)")
            let fields = try #require((bad.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(Set(fields.compactMap { $0["field"] as? String }) == [
                "reason", "assessorIds", "answers.B.2.4", "answers.B.7.1", "adjustments.riskEvents.fall",
            ], "\(fields)")
            #expect(fields.allSatisfy { ($0["messageZh"] as? String)?.isEmpty == false && ($0["message"] as? String)?.isEmpty == false })
            // A client's own total is not taken: it is an unknown field.
            let total = try await node.client.send(.POST, "/api/v1/elders/\(elder)/assessments", token: assessor, json: [
                "reason": J("first"), "assessorIds": J(ids), "answers": J(Self.answers), "total": J(90),
            ])
            #expect(total.status == 422 && total.text.contains("total"), "\(total.text)")
            let unknownStaff = try await node.client.send(.POST, "/api/v1/elders/\(elder)/assessments", token: assessor, json: [
                "reason": J("first"), "assessorIds": J([ids[0], UUID().uuidString]), "answers": J(Self.answers),
            ])
            #expect(unknownStaff.status == 422 && unknownStaff.text.contains("assessorIds[1]"), "\(unknownStaff.text)")
            #expect(try node.logCount() == before)

            let partial = try await node.client.send(.POST, "/api/v1/elders/\(elder)/assessments", token: assessor, json: [
                "reason": J("routine"), "assessorIds": J(ids), "answers": J(["B.1.1": 4]),
            ])
            let id = try #require(partial.json["id"] as? String, "\(partial.text)")
            #expect((partial.json["scores"] as? [String: Any])?["level"] == nil)
            let afterDraft = try node.logCount()
            let incomplete = try await node.client.send(.POST, "/api/v1/assessments/\(id)/submit", token: assessor)
            #expect(incomplete.status == 422 && incomplete.text.contains("B.4.5"), "\(incomplete.text)")
            #expect(try node.logCount() == afterDraft)

            let viewer = try await node.signIn("viewer3", role: .viewer)
            let refused = try await node.client.send(.POST, "/api/v1/elders/\(elder)/assessments", token: viewer, json: [
                "reason": J("first"), "assessorIds": J(ids), "answers": J(Self.answers),
            ])
            #expect(refused.status == 403 && (refused.json["error"] as? [String: Any])?["permission"] as? String == "assessment.write", "\(refused.text)")
            let caregiver = try await node.signIn("caregiver3", role: .caregiver, organisationId: UUID(), staffId: UUID())
            let hidden = try await node.client.send(.GET, "/api/v1/assessments/due", token: caregiver)
            #expect(hidden.status == 403 && (hidden.json["error"] as? [String: Any])?["permission"] as? String == "assessment.read")
            #expect(try await node.client.send(.GET, "/api/v1/assessments/\(UUID())", token: assessor).status == 404)
        }
    }

    @Test func aPlanSetsWhenTheElderIsDue() async throws {
        try await NodeHarness.with("420107") { node in
            let ids = try await Self.assessors(node)
            let elder = try await HealthAPITests.elder(node, node.token)
            let assessor = try await node.signIn("assessor4", role: .assessor)
            let dueOn = CalendarDate.adding(days: 10, to: VitalsSummary.day(HybridLogicalClock.systemMillis()))
            let plan = try await node.client.send(.POST, "/api/v1/elders/\(elder)/assessment-plans", token: assessor, json: [
                "dueOn": J(dueOn), "reason": J("first"), "assessorIds": J(ids), "note": J("上门评估"),
            ])
            #expect(plan.status == 201, "\(plan.text)")
            let due = try await node.client.send(.GET, "/api/v1/assessments/due", token: assessor)
            let item = try #require((due.json["items"] as? [[String: Any]])?.first, "\(due.text)")
            #expect(item["trigger"] as? String == "planned" && item["dueOn"] as? String == dueOn)
            let bad = try await node.client.send(.POST, "/api/v1/elders/\(elder)/assessment-plans", token: assessor, json: [
                "dueOn": J("2026-13-01"), "reason": J("first"),
            ])
            #expect(bad.status == 422 && bad.text.contains("dueOn"), "\(bad.text)")
            let listed = try await node.client.send(.GET, "/api/v1/assessment-plans", token: assessor)
            #expect(listed.json["total"] as? Int == 1)
        }
    }
}
