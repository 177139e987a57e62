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

/// Proactive care across the tiers: a living-alone elder's weekly visit falls overdue on the
/// nodes' test clock, appears on the responsible worker's list, escalates to the street after
/// the grace period (the street computes it from the plan and contacts it holds, on its own
/// clock, even while the station is offline), and leaves both lists once the visit is
/// recorded at the station and has reached the street.
@Suite(.serialized) struct CareFederationTests {
    typealias J = HealthFederationTests.J

    struct Account {
        let client: OperatorClient
        let name: String
        var token: String

        static func open(_ federation: Federation, _ code: DivisionCode, _ name: String, role: OperatorRole) async throws -> Account {
            // A caregiver works for an organisation as a staff record (their orders name it);
            // their care is found by the plan's assignee, so any will do here.
            try federation.db(code).addOperator(Operator(
                name: name, role: role, home: code, organisationId: role.needsOrganisation ? UUID() : nil,
                staffId: role.needsStaffRecord ? UUID() : nil, passwordHash: PasswordHashing.hash("care password")))
            let client = try OperatorClient(baseURL: federation.url(code), caPEM: federation.authority.certificatePEM)
            return Account(client: client, name: name, token: try await client.login(name: name, password: "care password"))
        }

        /// Signs in again: sessions expire as the test clock moves on by days.
        mutating func refresh() async throws { token = try await client.login(name: name, password: "care password") }

        func send(_ method: HTTPMethod, _ path: String, _ json: [String: J]? = nil) async throws -> OperatorClient.Reply {
            let reply = try await client.send(method, path, token: token, json: json)
            guard (200..<300).contains(reply.status) else {
                throw WorkOrderFederationTests.ReplyError(description: "\(method) \(path): \(reply.status) \(reply.text)")
            }
            return reply
        }

        func items(_ path: String) async throws -> [[String: Any]] {
            try await send(.GET, path).json["items"] as? [[String: Any]] ?? []
        }
    }

    @Test func aWeeklyVisitFallsOverdueEscalatesToTheStreetAndClearsWhenTheVisitIsRecorded() async throws {
        let clock = ManualWallClock()
        try await Federation.withSmall(configure: { config in
            if config.code == Codes.community1 || config.code == Codes.street1 { config.accountClock = clock.now }
        }) { federation in
            let community = federation.db(Codes.community1)
            let street = federation.db(Codes.street1)
            let elder = try community.createElder(Samples.elder(41, home: Codes.community1), actor: "t").model
            var staff = try await Account.open(federation, Codes.community1, "care-station", role: .stationStaff)
            var worker = try await Account.open(federation, Codes.community1, "care-visitor", role: .caregiver)
            var window = try await Account.open(federation, Codes.street1, "care-street", role: .clerk)
            defer {
                for client in [staff.client, worker.client, window.client] { Task { await client.shutdown() } }
            }

            let plan = try await staff.send(.PUT, "/api/v1/elders/\(elder.id)/care-plan", ["group": J("livingAlone"), "assignee": J("care-visitor")])
            #expect(plan.json["contactKind"] as? String == "homeVisit" && plan.json["intervalDays"] as? Int == 7)
            _ = try await worker.send(.POST, "/api/v1/elders/\(elder.id)/care-contacts", ["kind": J("homeVisit"), "outcome": J("reached")])
            try await federation.converge("the plan and the visit at the street") {
                try street.carePlan(elderId: elder.id) != nil && street.careContacts(elderId: elder.id).count == 1
            }
            #expect(try await worker.items("/api/v1/care/due").isEmpty)

            // Eight days on: overdue on the worker's list, not yet the street's business.
            clock.advance(minutes: 8 * 24 * 60)
            try await worker.refresh()
            try await window.refresh()
            let overdue = try await worker.items("/api/v1/care/due")
            #expect(overdue.map { $0["elderId"] as? String } == [elder.id.uuidString] && overdue.first?["state"] as? String == "overdue", "\(overdue)")
            #expect(try await window.items("/api/v1/care/escalations").isEmpty)

            // The station goes offline; past the three days' grace the street sees the escalation
            // on its own clock, from what it already holds.
            federation.cut(Codes.community1)
            clock.advance(minutes: 3 * 24 * 60)
            try await window.refresh()
            let escalated = try await window.items("/api/v1/care/escalations")
            #expect(escalated.map { $0["elderId"] as? String } == [elder.id.uuidString], "\(escalated)")
            #expect(escalated.first?["assignee"] as? String == "care-visitor" && escalated.first?["state"] as? String == "escalated")
            #expect(escalated.first?["home"] as? String == Codes.community1.rawValue)

            // The visit is made and recorded at the offline station: gone from the worker's list at
            // once, still escalated at the street until the record reaches it.
            try await worker.refresh()
            _ = try await worker.send(.POST, "/api/v1/elders/\(elder.id)/care-contacts", [
                "kind": J("homeVisit"), "outcome": J("reached"), "notes": J("老人前几天住院，已出院回家"),
            ])
            #expect(try await worker.items("/api/v1/care/due").isEmpty)
            try await Task.sleep(for: .seconds(2))
            #expect(try await window.items("/api/v1/care/escalations").count == 1, "the street has not heard of the visit yet")

            federation.restore(Codes.community1)
            try await federation.converge("the visit at the street") { try street.careContacts(elderId: elder.id).count == 2 }
            try await window.refresh()
            #expect(try await window.items("/api/v1/care/escalations").isEmpty)
            try await staff.refresh()
            let station = try await staff.items("/api/v1/care/due?all=true&includeLater=true")
            #expect(station.first?["state"] as? String == "later" && station.first?["lastContactOn"] as? String == VitalsSummary.day(clock.now()))
            // The county holds the plan and both visits, once.
            try await federation.converge("the visits at the county") { try federation.db(Codes.county).careContacts(elderId: elder.id).count == 2 }
        }
    }

    @Test func thePlanAndItsContactsMoveWithTheElder() async throws {
        try await Federation.withSmall { federation in
            let community1 = federation.db(Codes.community1)
            let elder = try community1.createElder(Samples.elder(42, home: Codes.community1), actor: "t").model
            let staff = try await Account.open(federation, Codes.community1, "move-station", role: .stationStaff)
            defer { Task { await staff.client.shutdown() } }
            _ = try await staff.send(.PUT, "/api/v1/elders/\(elder.id)/care-plan", ["group": J("livingAlone"), "assignee": J("move-station")])
            _ = try await staff.send(.POST, "/api/v1/elders/\(elder.id)/care-contacts", ["kind": J("phoneCall"), "outcome": J("notReached")])
            let county = federation.db(Codes.county)
            try await federation.converge("plan and contact at the county") {
                try county.carePlan(elderId: elder.id) != nil && county.careContacts(elderId: elder.id).count == 1
            }
            var moved = try #require(try county.elder(id: elder.id)).model
            moved.home = Codes.community2
            _ = try county.updateElder(moved, ifMatch: nil, actor: "county")
            let community2 = federation.db(Codes.community2)
            try await federation.converge("the plan and contact only in the new subtree") {
                try community2.carePlan(elderId: elder.id)?.model.home == Codes.community2
                    && community2.careContacts(elderId: elder.id).first?.model.home == Codes.community2
                    && community1.carePlan(elderId: elder.id) == nil && community1.careContacts(elderId: elder.id).isEmpty
                    && federation.db(Codes.street1).careContacts(elderId: elder.id).isEmpty
            }
        }
    }
}
