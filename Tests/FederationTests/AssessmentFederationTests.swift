import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// Needs assessment across the tiers: a third-party organisation's assessor assesses at the
/// street an elder of one of its communities; the street approves; the assessment and the
/// level it sets reach the community and the county. On the street's test clock the
/// re-assessment falls due a year on, and sooner once the community raises a fall alert.
@Suite(.serialized) struct AssessmentFederationTests {
    typealias J = AnyJSON

    struct Desk {
        let client: OperatorClient
        let name: String
        var token: String

        static func open(_ federation: Federation, at node: DivisionCode, role: OperatorRole, organisationId: UUID? = nil, staffId: UUID? = nil) async throws -> Desk {
            let name = "assess-\(role.rawValue)-\(node)"
            try federation.db(node).addOperator(Operator(
                name: name, role: role, home: node, organisationId: organisationId, staffId: staffId, passwordHash: PasswordHashing.hash("assess password")))
            let client = try OperatorClient(baseURL: federation.url(node), caPEM: federation.authority.certificatePEM)
            return Desk(client: client, name: name, token: try await client.login(name: name, password: "assess password"))
        }

        mutating func signInAgain() async throws { token = try await client.login(name: name, password: "assess password") }

        func send(_ method: HTTPMethod, _ path: String, _ json: [String: J]? = nil) async throws -> OperatorClient.Reply {
            let reply = try await client.send(method, path, token: token, json: json)
            guard (200..<300).contains(reply.status) else {
                throw WorkOrderFederationTests.ReplyError(description: "\(method) \(path): \(reply.status) \(reply.text)")
            }
            return reply
        }
    }

    @Test func anAssessmentAtTheStreetReachesTheCommunityAndTheCountyAndSetsTheLevelThere() async throws {
        let clock = ManualWallClock()
        try await Federation.withSmall(configure: { config in
            if config.code == Codes.street1 { config.accountClock = clock.now }
        }) { federation in
            let community = federation.db(Codes.community1)
            let street = federation.db(Codes.street1)
            let county = federation.db(Codes.county)
            var sample = Samples.elder(71, home: Codes.community1)
            sample.abilityLevel = 0
            let elder = try community.createElder(sample, actor: "t").model
            // The third-party assessment organisation and its two assessors, in the county's registry.
            let organisation = try county.createOrganisation(ServiceOrganisation(
                home: Codes.county, name: "青山区康评老年人能力评估中心", type: .thirdParty, categories: [.homeCare],
                communities: [Codes.community1], address: Address(text: "青山区和平大道9号")), actor: "t").model
            let first = try county.createStaff(Staff(home: Codes.county, name: "评估员甲", role: .assessor, organisationId: organisation.id), actor: "t").model
            let second = try county.createStaff(Staff(home: Codes.county, name: "评估员乙", role: .assessor, organisationId: organisation.id), actor: "t").model
            try await federation.converge("elder and assessors at the street") {
                try street.elder(id: elder.id) != nil && street.staff(id: second.id) != nil
            }
            let assessor = try await Desk.open(federation, at: Codes.street1, role: .assessor, organisationId: organisation.id, staffId: first.id)
            var approver = try await Desk.open(federation, at: Codes.street1, role: .admin)
            let clients = (assessor.client, approver.client)
            defer { Task { await clients.0.shutdown(); await clients.1.shutdown() } }

            // The fixture sheet of the model tests totals 63 (中度失能); a dementia diagnosis raises it to 重度失能.
            let answers = AssessmentAPIFixture.answers
            let created = try await assessor.send(.POST, "/api/v1/elders/\(elder.id)/assessments", [
                "reason": J("first"), "assessorIds": J([first.id.uuidString, second.id.uuidString]), "answers": J(answers),
                "adjustments": J(["dementia": true]),
            ])
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["organisationId"] as? String == organisation.id.uuidString, "the assessor's organisation by default")
            let scores = try #require(created.json["scores"] as? [String: Any])
            #expect(scores["total"] as? Int == 63 && scores["levelByTotal"] as? Int == 2 && scores["level"] as? Int == 3, "\(created.text)")
            _ = try await assessor.send(.POST, "/api/v1/assessments/\(id)/submit")
            let approved = try await approver.send(.POST, "/api/v1/assessments/\(id)/approve")
            #expect(approved.json["status"] as? String == "approved")
            #expect(try street.elder(id: elder.id)?.model.abilityLevel == 3, "the street's copy of the elder at once")

            let assessmentId = UUID(uuidString: id)!
            for (name, db) in [("community", community), ("county", county)] {
                try await federation.converge("the approved assessment and the level at the \(name)") {
                    try db.assessment(id: assessmentId, in: nil)?.model.status == .approved && db.elder(id: elder.id)?.model.abilityLevel == 3
                }
                #expect(try db.assessments(elderId: elder.id).first?.model.score.level == .severe)
            }

            // Just assessed: nothing due. Eleven and a half months on, the routine re-assessment is.
            #expect(try await approver.send(.GET, "/api/v1/assessments/due").json["total"] as? Int == 0)
            clock.advance(minutes: 350 * 24 * 60)
            try await approver.signInAgain()
            let routine = try await approver.send(.GET, "/api/v1/assessments/due")
            let routineItems = try #require(routine.json["items"] as? [[String: Any]])
            #expect(routineItems.count == 1 && routineItems.first?["trigger"] as? String == "routine" && routineItems.first?["state"] as? String == "due", "\(routine.text)")
            #expect(routineItems.first?["lastLevel"] as? Int == 3 && routineItems.first?["elderId"] as? String == elder.id.uuidString)
        }
    }

    @Test func aFallAlertAtTheCommunityMakesTheReassessmentDueSooner() async throws {
        let clock = ManualWallClock()
        try await Federation.withSmall(configure: { config in
            if config.code == Codes.street1 { config.accountClock = clock.now }
        }) { federation in
            let community = federation.db(Codes.community1)
            let street = federation.db(Codes.street1)
            let county = federation.db(Codes.county)
            let elder = try community.createElder(Samples.elder(72, home: Codes.community1), actor: "t").model
            let first = try county.createStaff(Staff(home: Codes.county, name: "评估员丙", role: .assessor), actor: "t").model
            let second = try county.createStaff(Staff(home: Codes.county, name: "评估员丁", role: .assessor), actor: "t").model
            try await federation.converge("elder and assessors at the street") { try street.elder(id: elder.id) != nil && street.staff(id: second.id) != nil }
            let assessor = try await Desk.open(federation, at: Codes.street1, role: .assessor)
            var approver = try await Desk.open(federation, at: Codes.street1, role: .admin)
            let clients = (assessor.client, approver.client)
            defer { Task { await clients.0.shutdown(); await clients.1.shutdown() } }
            let never = try await approver.send(.GET, "/api/v1/assessments/due")
            #expect((never.json["items"] as? [[String: Any]])?.first?["trigger"] as? String == "first", "\(never.text)")
            let id = try await assessor.send(.POST, "/api/v1/elders/\(elder.id)/assessments", [
                "reason": J("first"), "assessorIds": J([first.id.uuidString, second.id.uuidString]), "answers": J(AssessmentAPIFixture.answers),
            ]).json["id"] as! String
            _ = try await assessor.send(.POST, "/api/v1/assessments/\(id)/submit")
            _ = try await approver.send(.POST, "/api/v1/assessments/\(id)/approve")
            #expect(try await approver.send(.GET, "/api/v1/assessments/due").json["total"] as? Int == 0)

            // A fall at home, reported by the community's device, reaches the street as an alert.
            let device = try community.createDevice(Device(home: Codes.community1, type: .sleepMonitor, serial: "ASSESS-FALL-1", elderId: elder.id), actor: "t").model
            let now = HybridLogicalClock.systemMillis()
            _ = try community.ingest(DeviceReport(readings: [], signals: [SignalReport(signal: .fall, atMillis: now, location: nil)]), device: device, elder: elder, nowMillis: now)
            try await federation.converge("the fall alert at the street") {
                try street.alerts(ListFilter(limit: 10)).items.contains { $0.alert.elderId == elder.id }
            }
            // Due 30 days after the fall: listed at once (within the notice period), overdue after 31 days.
            let soon = try await approver.send(.GET, "/api/v1/assessments/due")
            let item = try #require((soon.json["items"] as? [[String: Any]])?.first, "\(soon.text)")
            #expect(item["trigger"] as? String == "fall" && item["reason"] as? String == "immediate" && item["state"] as? String == "due")
            #expect(item["dueOn"] as? String == CalendarDate.adding(days: 30, to: VitalsSummary.day(now)))
            clock.advance(minutes: 31 * 24 * 60)
            try await approver.signInAgain()
            let late = try await approver.send(.GET, "/api/v1/assessments/due")
            #expect((late.json["items"] as? [[String: Any]])?.first?["state"] as? String == "overdue", "\(late.text)")
        }
    }

    @Test func anAssessmentAndItsPlanMoveWithTheirElder() async throws {
        try await Federation.withSmall { federation in
            let community1 = federation.db(Codes.community1)
            let community2 = federation.db(Codes.community2)
            let county = federation.db(Codes.county)
            let elder = try community1.createElder(Samples.elder(73, home: Codes.community1), actor: "t").model
            let plan = try community1.savePlan(
                AssessmentPlan(home: Codes.community1, elderId: elder.id, dueOn: "2026-06-01", reason: .routine, plannedBy: "t"),
                creating: true, ifMatch: nil, actor: "t").model
            let assessment = try community1.createAssessment(Assessment(
                home: Codes.community1, elderId: elder.id, planId: plan.id, reason: .routine, assessedOn: "2026-05-30",
                assessorIds: [UUID(), UUID()], answers: AssessmentAPIFixture.answers, createdBy: "t"), actor: "t").model
            try await federation.converge("both at the county") {
                try county.assessment(id: assessment.id, in: nil) != nil && county.assessmentPlan(id: plan.id, in: nil) != nil
            }

            var moved = try #require(try county.elder(id: elder.id)).model
            moved.home = Codes.community2
            _ = try county.updateElder(moved, ifMatch: nil, actor: "county")
            try await federation.converge("only in the new subtree") {
                try community2.assessment(id: assessment.id, in: nil)?.model.home == Codes.community2
                    && community2.assessmentPlan(id: plan.id, in: nil)?.model.home == Codes.community2
                    && community1.assessment(id: assessment.id, in: nil) == nil && community1.assessmentPlan(id: plan.id, in: nil) == nil
                    && federation.db(Codes.street1).assessment(id: assessment.id, in: nil) == nil
            }
            #expect(try county.assessments(elderId: elder.id).map(\.model.score.total) == [63])
        }
    }
}

/// The model tests' fixture sheet (total 63), as JSON.
enum AssessmentAPIFixture {
    static let answers: [String: Int] = [
        "B.1.1": 4, "B.1.2": 3, "B.1.3": 2, "B.1.4": 3, "B.1.5": 2, "B.1.6": 3, "B.1.7": 4, "B.1.8": 3,
        "B.2.1": 4, "B.2.2": 3, "B.2.3": 3, "B.2.4": 1,
        "B.3.1": 3, "B.3.2": 2, "B.3.3": 4, "B.3.4": 2, "B.3.5": 3, "B.3.6": 3, "B.3.7": 1, "B.3.8": 0, "B.3.9": 2,
        "B.4.1": 1, "B.4.2": 1, "B.4.3": 2, "B.4.4": 1, "B.4.5": 3,
    ]
}
