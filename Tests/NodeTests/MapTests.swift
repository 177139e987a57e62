import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// `GET /api/v1/map/communities`: each community's elders, their mean position, how many live
/// alone, and its open orders, for the caller's jurisdiction only.
@Suite(.serialized) struct MapTests {
    static let mine = "420107001001"
    static let other = "420107001002"

    static func elder(_ node: NodeHarness, home: String, serial: Int, at place: (Double, Double)?, alone: Bool) async throws -> String {
        var json = node.elderJSON(serial: serial)
        json["home"] = .init(home)
        json["livingSituation"] = .init(alone ? "alone" : "withFamily")
        if let place { json["address"] = .init(["text": AnyEncodable("青山区红卫路\(serial)号"), "latitude": .init(place.0), "longitude": .init(place.1)]) }
        let reply = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: json)
        guard reply.status == 201, let id = reply.json["id"] as? String else { throw FixtureError("elder: \(reply.text)") }
        return id
    }

    static func communities(_ reply: OperatorClient.Reply) -> [String: [String: Any]] {
        Dictionary(uniqueKeysWithValues: (reply.json["communities"] as? [[String: Any]] ?? []).map { ($0["code"] as? String ?? "", $0) })
    }

    @Test func theMapCountsEachCommunityOfTheCallersJurisdiction() async throws {
        try await NodeHarness.with("420107001") { node in
            let first = try await Self.elder(node, home: Self.mine, serial: 1, at: (30.60, 114.30), alone: true)
            _ = try await Self.elder(node, home: Self.mine, serial: 2, at: (30.62, 114.34), alone: true)
            _ = try await Self.elder(node, home: Self.mine, serial: 3, at: (30.64, 114.38), alone: false)
            _ = try await Self.elder(node, home: Self.mine, serial: 4, at: nil, alone: false)
            _ = try await Self.elder(node, home: Self.other, serial: 5, at: (30.70, 114.40), alone: false)
            let gone = try await Self.elder(node, home: Self.other, serial: 6, at: (30.80, 114.50), alone: true)
            #expect(try await node.client.send(.DELETE, "/api/v1/elders/\(gone)", token: node.token).status == 204)
            let order = try await node.client.send(.POST, "/api/v1/orders", token: node.token, json: ["elderId": first, "category": "meals", "channel": "window"])
            #expect(order.status == 201, "\(order.text)")

            let all = try await node.client.send(.GET, "/api/v1/map/communities", token: node.token)
            #expect(all.status == 200, "\(all.text)")
            #expect(all.json["elders"] as? Int == 5 && all.json["located"] as? Int == 4 && all.json["openOrders"] as? Int == 1, "\(all.text)")
            let byCode = Self.communities(all)
            let own = try #require(byCode[Self.mine])
            #expect(own["elders"] as? Int == 4 && own["located"] as? Int == 3 && own["livingAlone"] as? Int == 2 && own["openOrders"] as? Int == 1)
            #expect(abs((own["latitude"] as? Double ?? 0) - 30.62) < 1e-9 && abs((own["longitude"] as? Double ?? 0) - 114.34) < 1e-9)
            let theirs = try #require(byCode[Self.other])
            #expect(theirs["elders"] as? Int == 1 && theirs["livingAlone"] as? Int == 0 && theirs["latitude"] as? Double == 30.70)

            // A clerk bound to one community sees it alone, and is refused the other.
            let clerk = try await node.signIn("clerk1", role: .clerk, division: DivisionCode(Self.mine))
            let narrowed = try await node.client.send(.GET, "/api/v1/map/communities", token: clerk)
            #expect(Array(Self.communities(narrowed).keys) == [Self.mine], "\(narrowed.text)")
            // A window clerk may not see alerts: the map leaves them out rather than count them.
            #expect(narrowed.json["openAlerts"] == nil && narrowed.json["openOrders"] as? Int == 1)
            #expect(try await node.client.send(.GET, "/api/v1/map/communities?within=\(Self.other)", token: clerk).status == 403)
            let bad = try await node.client.send(.GET, "/api/v1/map/communities?within=12x", token: node.token)
            #expect(bad.status == 400, "\(bad.text)")
        }
    }
}
