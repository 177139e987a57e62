import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareSync
import CareTesting
import CareWire
import Foundation
import GRDB
import NIOHTTP1
import SwiftProtobuf
import Testing

@Suite(.serialized) struct OrderStepTests {
    @Test func stepsFollowTheLifecycleAndIllegalOnesNameWhatIsAllowed() async throws {
        try await NodeHarness.with("420107") { node in
            // Given an organisation, an elder and an order
            let organisation = try await node.client.send(.POST, "/api/v1/organisations", token: node.token, json: [
                "name": AnyEncodable("青山区幸福居家养老服务中心"), "type": .init("homeCareCenter"),
                "categories": .init(["meals"]), "communities": .init(["420107001001"]), "address": .init(["text": "青山区和平大道1号"]),
            ])
            let organisationId = try #require(organisation.json["id"] as? String)
            let worker = try await node.client.send(.POST, "/api/v1/staff", token: node.token, json: [
                "name": "刘护理", "role": "caregiver", "organisationId": organisationId,
            ])
            let workerId = try #require(worker.json["id"] as? String)
            let elder = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON())
            let elderId = try #require(elder.json["id"] as? String)
            let order = try await node.client.send(.POST, "/api/v1/orders", token: node.token, json: [
                "elderId": elderId, "category": "meals", "channel": "phone",
            ])
            #expect(order.status == 201, "\(order.text)")
            let orderId = try #require(order.json["id"] as? String)
            let path = "/api/v1/orders/\(orderId)/events"
            let logBefore = try node.logCount()

            // A check-in before dispatch is refused with the allowed next steps, and writes nothing
            let early = try await node.client.send(.POST, path, token: node.token, json: ["kind": "checkIn"])
            #expect(early.status == 409)
            #expect((early.json["error"] as? [String: Any])?["allowed"] as? [String] == ["dispatch", "refer", "cancel"])
            let noOrganisation = try await node.client.send(.POST, path, token: node.token, json: ["kind": "dispatch"])
            #expect(noOrganisation.status == 422 && noOrganisation.text.contains("organisationId"))
            let unknown = try await node.client.send(.POST, path, token: node.token, json: ["kind": "teleport"])
            #expect(unknown.status == 422 && unknown.text.contains("kind"))
            #expect(try node.logCount() == logBefore)

            // The service runs to completion
            for step in [["kind": "dispatch", "organisationId": organisationId], ["kind": "accept", "workerId": workerId], ["kind": "checkIn"], ["kind": "complete"]] {
                let reply = try await node.client.send(.POST, path, token: node.token, json: step)
                #expect(reply.status == 201, "\(step): \(reply.text)")
            }
            let detail = try await node.client.send(.GET, "/api/v1/orders/\(orderId)", token: node.token)
            #expect((detail.json["order"] as? [String: Any])?["status"] as? String == "completed")
            #expect((detail.json["events"] as? [Any])?.count == 4)

            // A completed service cannot be cancelled
            let cancel = try await node.client.send(.POST, path, token: node.token, json: ["kind": "cancel", "reason": "family changed their mind"])
            #expect(cancel.status == 409)
            #expect((cancel.json["error"] as? [String: Any])?["allowed"] as? [String] == ["rate", "returnVisit", "close"])
        }
    }
}
