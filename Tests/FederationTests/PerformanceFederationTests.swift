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

/// Performance evaluation across the tiers: ratings and return visits of an organisation's
/// services at a station, the county's inspections of it, and its admin's self-assessment at
/// the station; the county's weights reach the street; the county and the street compute the
/// same quarter, each party's score and the total matching a hand computation.
@Suite(.serialized) struct PerformanceFederationTests {
    typealias J = HealthFederationTests.J
    typealias Account = CareFederationTests.Account

    /// An order of `organisation` served, rated `stars` and return-visited at `satisfaction`.
    static func served(_ db: AppDatabase, elder: Elder, organisation: UUID, worker: UUID, stars: Int, satisfaction: Int) throws {
        let order = try db.createOrder(ServiceOrder(
            home: elder.home, elderId: elder.id, category: .meals, channel: .phone, takenAt: elder.home, takenBy: "t",
            requestedAtMillis: HybridLogicalClock.systemMillis()), actor: "t").model
        func step(_ kind: OrderEventKind, organisation: UUID? = nil, worker: UUID? = nil, _ details: [String: String] = [:]) throws {
            _ = try db.appendOrderEvent(OrderEvent(
                orderId: order.id, home: elder.home, kind: kind, version: .zero, actor: "t", organisationId: organisation, workerId: worker,
                details: details), actor: "t")
        }
        try step(.dispatch, organisation: organisation)
        try step(.accept, worker: worker)
        try step(.checkIn, [StepDetail.locationVerified: "true"])
        try step(.complete, [StepDetail.durationMinutes: "60"])
        try step(.rate, [StepDetail.stars: String(stars), StepDetail.attitude: "5", StepDetail.punctuality: "5", StepDetail.rater: "family"])
        try step(.returnVisit, [StepDetail.satisfaction: String(satisfaction)])
    }

    @Test func aQuartersPartsWeightsAndTotalMatchAHandComputationAtTheCountyAndTheStreet() async throws {
        try await Federation.withSmall { federation in
            let county = federation.db(Codes.county)
            let station = federation.db(Codes.community1)
            let organisation = try county.createOrganisation(ServiceOrganisation(
                home: Codes.county, name: "青山区康乐助餐服务中心", type: .homeCareCenter, categories: [.meals], communities: [Codes.community1],
                address: Address(text: "青山区和平大道2号")), actor: "t").model
            let worker = try county.createStaff(Staff(
                home: Codes.county, name: "张师傅", role: .caregiver, organisationId: organisation.id, phone: "13800000001", certificates: []), actor: "t").model
            var admin = try await Account.open(federation, Codes.county, "perf-county", role: .admin)
            var window = try await Account.open(federation, Codes.street1, "perf-street", role: .viewer)
            try station.addOperator(Operator(
                name: "perf-org", role: .organisationAdmin, home: Codes.community1, organisationId: organisation.id,
                passwordHash: PasswordHashing.hash("care password")))
            let orgClient = try OperatorClient(baseURL: federation.url(Codes.community1), caPEM: federation.authority.certificatePEM)
            let manager = Account(client: orgClient, name: "perf-org", token: try await orgClient.login(name: "perf-org", password: "care password"))
            defer {
                for client in [admin.client, window.client, orgClient] { Task { await client.shutdown() } }
            }
            let quarter = Quarter(containing: HybridLogicalClock.systemMillis()).description
            try await federation.converge("the organisation and its worker at the station") {
                try station.organisation(id: organisation.id) != nil && station.staff(id: worker.id) != nil
            }

            // Ratings 5 and 4 stars (mean 4.5 → 90); return visits 4 and 3 (mean 3.5 → 70).
            let elder = try station.createElder(Samples.elder(61, home: Codes.community1), actor: "t").model
            try Self.served(station, elder: elder, organisation: organisation.id, worker: worker.id, stars: 5, satisfaction: 4)
            try Self.served(station, elder: elder, organisation: organisation.id, worker: worker.id, stars: 4, satisfaction: 3)

            // Two inspections this quarter: one serious finding sent back once (100 − 10 − 5 = 85), one clean (100): 92.5.
            let template = try county.setInspectionTemplate(InspectionTemplate(
                home: Codes.county, title: "助餐机构检查表", target: .organisation, items: [ChecklistItem(code: "F1", text: "食品留样")]),
                expect: .absent, actor: "t").model
            let today = VitalsSummary.day(HybridLogicalClock.systemMillis())
            for findings in [1, 0] {
                let inspection = try county.planInspection(Inspection(
                    home: Codes.community1, target: .organisation, organisationId: organisation.id, templateId: template.id, plannedOn: today,
                    inspector: "perf-county", plannedBy: "t", plannedAtMillis: HybridLogicalClock.systemMillis()), actor: "t").inspection
                func step(_ step: InspectionStep, finding: UUID? = nil) throws -> InspectionEvent {
                    let event = InspectionEvent(
                        inspectionId: inspection.id, home: inspection.home, step: step, findingId: finding, item: step == .finding ? "F1" : nil,
                        severity: step == .finding ? .serious : nil, note: step == .conclude || step == .accept ? "" : "记录",
                        dueAtMillis: step == .finding || step == .reject ? HybridLogicalClock.systemMillis() + 86_400_000 : nil, actor: "t",
                        atMillis: HybridLogicalClock.systemMillis())
                    _ = try county.appendInspectionEvent(event, actor: "t")
                    return event
                }
                if findings == 1 {
                    let finding = try step(.finding)
                    _ = try step(.conclude)
                    for next in [InspectionStep.answer, .reject, .answer, .accept] { _ = try step(next, finding: finding.id) }
                } else {
                    _ = try step(.conclude)
                }
            }

            // The organisation assesses itself at its station: 88; another organisation's is refused.
            let own = try await manager.send(.POST, "/api/v1/organisations/\(organisation.id)/self-assessments", ["quarter": J(quarter), "score": J(88)])
            #expect(own.json["score"] as? Int == 88)
            let other = try await manager.client.send(
                .POST, "/api/v1/organisations/\(UUID())/self-assessments", token: manager.token, json: ["quarter": J(quarter), "score": J(100)])
            #expect(other.status == 403, "\(other.text)")

            // The county weighs ratings 50, inspections 25, return visits 15, self-assessment 10.
            let weights = try await admin.send(.PUT, "/api/v1/performance/weights", [
                "ratings": J(50), "inspections": J(25), "returnVisits": J(15), "selfAssessment": J(10),
            ])
            #expect(weights.json["ratings"] as? Int == 50)
            let street = federation.db(Codes.street1)
            try await federation.converge("ratings, visits, the self-assessment and the weights at the county and the street") {
                try [county, street].allSatisfy { db in
                    try db.performanceWeights().ratings == 50 && db.selfAssessments(organisationId: organisation.id).count == 1
                        && db.performance(organisationId: organisation.id, quarter: Quarter(quarter)!, within: db.node, scope: nil).parts
                            .map(\.count) == [2, 2, 2, 1]
                }
            }
            // (90 × 50 + 92.5 × 25 + 70 × 15 + 88 × 10) / 100 = 87.425
            let weighted: Double = 90.0 * 50 + 92.5 * 25 + 70.0 * 15 + 88.0 * 10
            let expected = weighted / 100
            try await admin.refresh()
            try await window.refresh()
            for account in [admin, window] {
                let answer = try await account.send(.GET, "/api/v1/organisations/\(organisation.id)/performance?quarter=\(quarter)").json
                let evaluation = try #require(answer["evaluation"] as? [String: Any])
                let parts = evaluation["parts"] as? [[String: Any]] ?? []
                #expect(parts.compactMap { $0["score"] as? Double } == [90, 92.5, 70, 88], "\(account.name): \(parts)")
                #expect(parts.compactMap { $0["weight"] as? Int } == [50, 25, 15, 10])
                #expect(evaluation["total"] as? Double == (expected * 10).rounded() / 10 && evaluation["stars"] as? Int == 4, "\(evaluation)")
                #expect((answer["trend"] as? [[String: Any]])?.count == 4)
            }
            let mine = try await manager.items("/api/v1/performance?quarter=\(quarter)")
            #expect(mine.map { $0["organisationId"] as? String } == [organisation.id.uuidString], "an organisation sees its own evaluation only")
        }
    }
}
