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

@Suite(.serialized) struct OperatorAPITests {
    @Test func elderLifecycleOverHTTP2WithETags() async throws {
        try await NodeHarness.with("420107001001") { node in
            let created = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON())
            #expect(created.status == 201, "\(created.text)")
            #expect(created.version == .http2)
            let id = try #require(created.json["id"] as? String)
            let etag = try #require(created.headers.first(name: "etag"))
            #expect((created.json["citizenId"] as? String)?.contains("********") == true)

            let read = try await node.client.send(.GET, "/api/v1/elders/\(id)", token: node.token)
            #expect(read.status == 200 && read.json["name"] as? String == "王桂兰")

            let patched = try await node.client.send(
                .PATCH, "/api/v1/elders/\(id)", token: node.token, json: ["phone": "13800001111"], headers: [("if-match", etag)])
            #expect(patched.status == 200, "\(patched.text)")
            let newTag = try #require(patched.headers.first(name: "etag"))
            #expect(newTag != etag)

            // The old ETag is stale now: 412, and nothing changes.
            let logBefore = try node.logCount()
            let stale = try await node.client.send(
                .PATCH, "/api/v1/elders/\(id)", token: node.token, json: ["phone": "13800002222"], headers: [("if-match", etag)])
            #expect(stale.status == 412)
            #expect(try node.logCount() == logBefore)
            #expect(try node.db.elder(id: UUID(uuidString: id)!)?.model.phone == "13800001111")

            let list = try await node.client.send(.GET, "/api/v1/elders?livingSituation=emptyNest&q=%E7%8E%8B&limit=10", token: node.token)
            #expect((list.json["items"] as? [Any])?.count == 1)

            let deleted = try await node.client.send(.DELETE, "/api/v1/elders/\(id)", token: node.token, headers: [("if-match", newTag)])
            #expect(deleted.status == 204)
            #expect(try await node.client.send(.GET, "/api/v1/elders/\(id)", token: node.token).status == 404)
        }
    }

    @Test func badInputIsRefusedAndWritesNothing() async throws {
        try await NodeHarness.with("420107001001") { node in
            let before = try node.logCount()

            let badID = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(citizenId: "110105194912310021"))
            #expect(badID.status == 422)
            let fields = (badID.json["error"] as? [String: Any])?["fields"] as? [[String: Any]]
            #expect(fields?.first?["field"] as? String == "citizenId")
            #expect((fields?.first?["messageZh"] as? String)?.isEmpty == false)

            let noToken = try await node.client.send(.POST, "/api/v1/elders", json: node.elderJSON())
            #expect(noToken.status == 401)

            let huge = Data(repeating: UInt8(ascii: " "), count: 2 << 20) + Data("{}".utf8)
            let oversize = try await node.client.send(.POST, "/api/v1/elders", token: node.token, body: huge)
            #expect(oversize.status == 413)

            let malformed = try await node.client.send(.POST, "/api/v1/elders", token: node.token, body: Data("{\"name\": ".utf8))
            #expect(malformed.status == 400)

            let wrongType = try await node.client.send(.POST, "/api/v1/elders", token: node.token, body: Data("{\"abilityLevel\": \"three\"}".utf8))
            #expect(wrongType.status == 422 && wrongType.text.contains("abilityLevel"))

            var misspelt = node.elderJSON()
            misspelt["nmae"] = .init("王桂兰")
            let unknownField = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: misspelt)
            #expect(unknownField.status == 422 && unknownField.text.contains("unknown field 'nmae'"))

            let registry = try await node.client.send(.POST, "/api/v1/organisations", token: node.token, json: [
                "name": AnyEncodable("幸福服务中心"), "type": .init("homeCareCenter"), "categories": .init(["meals"]),
                "address": .init(["text": "青山区"]),
            ])
            #expect(registry.status == 403 && registry.text.contains("county"))

            let unknown = try await node.client.send(.GET, "/api/v1/elders/\(UUID())", token: node.token)
            #expect(unknown.status == 404)

            #expect(try node.logCount() == before)
            #expect(try node.db.elders(ListFilter()).items.isEmpty)
        }
    }

    @Test func nodeInfoAndHealthAnswer() async throws {
        try await NodeHarness.with("420107") { node in
            let health = try await node.client.send(.GET, "/healthz")
            #expect(health.status == 200 && health.version == .http2)
            let info = try await node.client.send(.GET, "/api/v1/node", token: node.token)
            #expect(info.json["role"] as? String == "county" && info.json["code"] as? String == "420107")
            #expect(info.json["counts"] as? [String: Int] != nil)
            let wrongPassword = try await node.client.send(.POST, "/api/v1/session", json: ["name": "admin", "password": "nope"])
            #expect(wrongPassword.status == 401)
        }
    }

    @Test func theCountyKeepsTheRegistry() async throws {
        try await NodeHarness.with("420107") { node in
            let created = try await node.client.send(.POST, "/api/v1/organisations", token: node.token, json: [
                "name": AnyEncodable("青山区幸福居家养老服务中心"), "type": .init("homeCareCenter"),
                "categories": .init(["meals", "cleaning"]), "communities": .init(["420107001001"]),
                "address": .init(["text": "青山区和平大道1号"]),
            ])
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["home"] as? String == "420107")
        }
    }
}
