import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Accounts bound below their node see and change only their part of the tree, and the
/// roles that act for an organisation only its orders: the store filters every list, read
/// and statistic, so a record outside is 404 and a write into it is refused.
@Suite(.serialized) struct JurisdictionTests {
    static let mine = "420107001001"
    static let other = "420107001002"

    static func elder(_ node: NodeHarness, home: String, serial: Int) async throws -> String {
        var json = node.elderJSON(serial: serial)
        json["home"] = .init(home)
        let reply = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: json)
        guard reply.status == 201, let id = reply.json["id"] as? String else { throw FixtureError("elder: \(reply.text)") }
        return id
    }

    static func order(_ node: NodeHarness, elder: String) async throws -> String {
        let reply = try await node.client.send(.POST, "/api/v1/orders", token: node.token, json: [
            "elderId": elder, "category": "meals", "channel": "window",
        ])
        guard reply.status == 201, let id = reply.json["id"] as? String else { throw FixtureError("order: \(reply.text)") }
        return id
    }

    static func ids(_ reply: OperatorClient.Reply) -> Set<String> {
        Set((reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
    }

    @Test func aClerkBoundToOneCommunitySeesOnlyItAtTheStreet() async throws {
        try await NodeHarness.with("420107001") { node in
            let ownElder = try await Self.elder(node, home: Self.mine, serial: 1)
            let otherElder = try await Self.elder(node, home: Self.other, serial: 2)
            let ownOrder = try await Self.order(node, elder: ownElder)
            let otherOrder = try await Self.order(node, elder: otherElder)
            let clerk = try await node.signIn("clerk1", role: .clerk, division: DivisionCode(Self.mine))

            // Lists
            let elders = try await node.client.send(.GET, "/api/v1/elders", token: clerk)
            #expect(Self.ids(elders) == [ownElder], "\(elders.text)")
            let orders = try await node.client.send(.GET, "/api/v1/orders", token: clerk)
            #expect(Self.ids(orders) == [ownOrder])
            // Asking for the other community by filter does not widen it.
            let asked = try await node.client.send(.GET, "/api/v1/elders?community=\(Self.other)", token: clerk)
            #expect(Self.ids(asked).isEmpty)
            // The street admin sees both.
            #expect(Self.ids(try await node.client.send(.GET, "/api/v1/elders", token: node.token)) == [ownElder, otherElder])

            // The node's counts are statistics too.
            let counts = try await node.client.send(.GET, "/api/v1/node", token: clerk).json["counts"] as? [String: Int]
            #expect(counts?["elders"] == 1 && counts?["orders"] == 1, "\(counts ?? [:])")

            // Reads
            #expect(try await node.client.send(.GET, "/api/v1/elders/\(ownElder)", token: clerk).status == 200)
            #expect(try await node.client.send(.GET, "/api/v1/elders/\(otherElder)", token: clerk).status == 404)
            #expect(try await node.client.send(.GET, "/api/v1/orders/\(otherOrder)", token: clerk).status == 404)

            // Writes: outside is refused and nothing changes.
            let before = try node.logCount()
            var json = node.elderJSON(serial: 3)
            json["home"] = .init(Self.other)
            let create = try await node.client.send(.POST, "/api/v1/elders", token: clerk, json: json)
            #expect(create.status == 403, "\(create.text)")
            let patch = try await node.client.send(.PATCH, "/api/v1/elders/\(otherElder)", token: clerk, json: ["phone": "13800001111"])
            #expect(patch.status == 404)
            let step = try await node.client.send(.POST, "/api/v1/orders/\(otherOrder)/events", token: clerk, json: [
                "kind": "cancel", "reason": "not mine",
            ])
            #expect(step.status == 404)
            let orderForOther = try await node.client.send(.POST, "/api/v1/orders", token: clerk, json: [
                "elderId": otherElder, "category": "meals", "channel": "window",
            ])
            #expect(orderForOther.status == 422)
            #expect(try node.logCount() == before)

            // Statistics count only the community.
            let stats = try await node.client.send(.GET, "/api/v1/stats/service-quality?groupBy=street", token: try await node.signIn(
                "inspector1", role: .inspector, division: DivisionCode(Self.mine)))
            #expect(stats.json["within"] as? String == Self.mine, "\(stats.text)")
            let groups = stats.json["groups"] as? [[String: Any]] ?? []
            #expect(groups.map { $0["orders"] as? Int } == [1])
            let wide = try await node.client.send(.GET, "/api/v1/stats/service-quality?groupBy=street", token: node.token)
            #expect((wide.json["groups"] as? [[String: Any]] ?? []).map { $0["orders"] as? Int } == [2])
        }
    }

    @Test func caregiversSeeTheirOwnOrdersAndOrganisationAdminsTheirOrganisations() async throws {
        try await NodeHarness.with("420107") { node in
            let work = try await WorkOrderFixture(node)
            let ours = try await work.organisation("幸福服务中心", at: WorkOrderFixture.home)
            let theirs = try await work.organisation("康乐服务中心", at: WorkOrderFixture.north(500))
            let worker = try await work.worker("张师傅", organisation: ours)
            let colleague = try await work.worker("李师傅", organisation: ours)
            let assigned = try await work.order()
            let colleagues = try await work.order()
            let elsewhere = try await work.order()
            for (order, organisation, staff) in [(assigned, ours, worker), (colleagues, ours, colleague), (elsewhere, theirs, nil)] {
                _ = try await work.step(order, ["kind": .init("dispatch"), "organisationId": .init(organisation)])
                if let staff { _ = try await work.step(order, ["kind": .init("accept"), "workerId": .init(staff)]) }
            }
            let caregiver = try await node.signIn(
                "zhang", role: .caregiver, division: DivisionCode(Self.mine), organisationId: UUID(uuidString: ours),
                staffId: UUID(uuidString: worker))
            #expect(Self.ids(try await node.client.send(.GET, "/api/v1/orders", token: caregiver)) == [assigned])
            #expect(try await node.client.send(.GET, "/api/v1/orders/\(colleagues)", token: caregiver).status == 404)
            #expect(try await node.client.send(.GET, "/api/v1/elders/\(work.elderId)", token: caregiver).status == 200)
            #expect(try await node.client.send(.GET, "/api/v1/staff/\(colleague)/day", token: caregiver).status == 404)
            #expect(try await node.client.send(.GET, "/api/v1/staff/\(worker)/day", token: caregiver).status == 200)
            let checkIn = try await node.client.send(.POST, "/api/v1/orders/\(colleagues)/events", token: caregiver, json: [
                "kind": AnyEncodable("checkIn"),
                "location": .init(["latitude": WorkOrderFixture.home.latitude, "longitude": WorkOrderFixture.home.longitude]),
            ])
            #expect(checkIn.status == 404)

            let manager = try await node.signIn(
                "manager", role: .organisationAdmin, division: DivisionCode(Self.mine), organisationId: UUID(uuidString: ours))
            #expect(Self.ids(try await node.client.send(.GET, "/api/v1/orders", token: manager)) == [assigned, colleagues])
            #expect(try await node.client.send(.GET, "/api/v1/orders/\(elsewhere)", token: manager).status == 404)
            #expect(try await node.client.send(.GET, "/api/v1/organisations/\(theirs)/queue", token: manager).status == 404)
            let queue = try await node.client.send(.GET, "/api/v1/organisations/\(ours)/queue", token: manager)
            #expect(Set((queue.json["orders"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }) == [assigned, colleagues])
        }
    }
}
