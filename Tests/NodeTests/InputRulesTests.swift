import CareAPI
import CareModel
import CareNode
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Issue 11 (operator-API half): text is stored exactly or refused, unknown fields are refused
/// at any depth, and every error says what it is. Each refusal leaves every table unchanged.
@Suite(.serialized) struct InputRulesTests {
    @Test func controlCharactersAreRefusedNamingTheFieldAndNotesMayHoldLineBreaks() async throws {
        try await NodeHarness.with("420107001001") { node in
            // Given a node with one elder
            let fixture = try await WorkOrderFixture(node)
            let before = try node.db.recordCounts()

            // When a name holds a NUL (SQLite would have stopped reading there) or a contact a newline
            var withNUL = node.elderJSON(serial: 2)
            withNUL["name"] = .init("王\u{0}桂兰")
            let nul = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: withNUL)
            var withNewline = node.elderJSON(serial: 3)
            withNewline["emergencyContacts"] = .init([["name": "李\n强", "relation": "女婿", "phone": "13912345678"]])
            let newline = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: withNewline)
            var withSeparator = node.elderJSON(serial: 4)
            withSeparator["address"] = .init(["text": "青山区\u{2028}红卫路8号"])
            let separator = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: withSeparator)

            // Then each is a 422 naming its field, in both languages, and nothing is written
            #expect(nul.status == 422 && nul.errorFields == ["name"], "\(nul.text)")
            #expect(nul.text.contains("U+0000") && nul.text.contains("控制字符"))
            #expect(newline.status == 422 && newline.errorFields == ["emergencyContacts[0].name"], "\(newline.text)")
            #expect(separator.status == 422 && separator.errorFields == ["address.text"], "\(separator.text)")
            #expect(try node.db.recordCounts() == before)

            // And a free-text note keeps its line breaks and tab exactly, while a bell is refused in it too
            let order = try await node.client.send(.POST, "/api/v1/orders", token: node.token, json: [
                "elderId": fixture.elderId, "category": "meals", "channel": "phone", "notes": "第一行\r\n第二行\t备注",
            ])
            #expect(order.status == 201, "\(order.text)")
            #expect(order.json["notes"] as? String == "第一行\r\n第二行\t备注")
            let afterOrder = try node.db.recordCounts()
            let bell = try await node.client.send(.POST, "/api/v1/orders", token: node.token, json: [
                "elderId": fixture.elderId, "category": "meals", "channel": "phone", "notes": "响铃\u{7}",
            ])
            #expect(bell.status == 422 && bell.errorFields == ["notes"], "\(bell.text)")
            #expect(try node.db.recordCounts() == afterOrder)

            // And a search text with a NUL is a 400, not a truncated search or a 5xx
            let search = try await node.client.send(.GET, "/api/v1/elders?q=%E7%8E%8B%00x", token: node.token)
            #expect(search.status == 400 && search.text.contains("q"), "\(search.text)")
        }
    }

    @Test func surroundingWhitespaceIsRefusedRatherThanTrimmed() async throws {
        try await NodeHarness.with("420107001001") { node in
            let before = try node.db.recordCounts()
            var padded = node.elderJSON()
            padded["name"] = .init(" 王桂兰\u{3000}")
            let reply = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: padded)
            #expect(reply.status == 422 && reply.errorFields == ["name"], "\(reply.text)")
            #expect(reply.text.contains("whitespace"))
            #expect(try node.db.recordCounts() == before)
        }
    }

    @Test func unknownFieldsAreRefusedAtAnyDepthNamingTheirPath() async throws {
        try await NodeHarness.with("420107001001") { node in
            let fixture = try await WorkOrderFixture(node)
            let order = try await fixture.order()
            let before = try node.db.recordCounts()

            // An elder with a misspelt key in its address and in a contact
            var elder = node.elderJSON(serial: 2)
            elder["address"] = .init(["text": AnyEncodable("青山区红卫路8号"), "lat": .init(30.6)])
            elder["emergencyContacts"] = .init([["nmae": "李强", "name": "李强", "relation": "女婿", "phone": "13912345678"]])
            let misspelt = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: elder)
            #expect(misspelt.status == 422, "\(misspelt.text)")
            #expect(Set(misspelt.errorFields) == ["address.lat", "emergencyContacts[0].nmae"])
            #expect(misspelt.text.contains("unknown field 'address.lat'"))

            // Steps with a misspelt key in the rating and in the location
            let rating = try await fixture.step(order, ["kind": AnyEncodable("rate"), "rating": .init(["starz": 5])])
            #expect(rating.status == 422 && rating.errorFields == ["rating.starz"], "\(rating.text)")
            let location = try await fixture.step(order, ["kind": AnyEncodable("checkIn"), "location": .init(["latitude": 30.64, "lng": 114.39])])
            #expect(location.status == 422 && location.errorFields == ["location.lng"], "\(location.text)")
            let photo = try await fixture.step(order, ["kind": AnyEncodable("complete"), "photos": .init([["sha256": "00", "stgae": "before"]])])
            #expect(photo.status == 422 && photo.errorFields == ["photos[0].stgae"], "\(photo.text)")

            #expect(try node.db.recordCounts() == before)
        }
    }

    @Test func numbersOfTheWrongKindOrOutOfRangeAre422NamingTheField() async throws {
        try await NodeHarness.with("420107001001") { node in
            let before = try node.db.recordCounts()
            let base = String(decoding: try JSONEncoder().encode(node.elderJSON()), as: UTF8.self)
            func elder(replacing old: String, with new: String) async throws -> OperatorClient.Reply {
                let body = base.replacingOccurrences(of: old, with: new)
                #expect(body != base)
                return try await node.client.send(.POST, "/api/v1/elders", token: node.token, body: Data(body.utf8))
            }
            for number in ["3.5", "1180591620717411303424", "1e309"] {
                let reply = try await elder(replacing: "\"abilityLevel\":1", with: "\"abilityLevel\":\(number)")
                #expect(reply.status == 422 && reply.errorFields == ["abilityLevel"], "\(number): \(reply.text)")
                #expect(reply.text.contains("范围"))
            }
            let negative = try await elder(replacing: "\"abilityLevel\":1", with: "\"abilityLevel\":-1")
            #expect(negative.status == 422 && negative.errorFields == ["abilityLevel"], "\(negative.text)")
            let huge = try await elder(replacing: "\"text\":", with: "\"latitude\":1e309,\"text\":")
            #expect(huge.status == 422 && huge.errorFields == ["address.latitude"], "\(huge.text)")

            // Malformed JSON stays 400, and nothing a sender can nest or encode is a 5xx
            let deep = String(repeating: "{\"address\":", count: 50_000) + "1" + String(repeating: "}", count: 50_000)
            for body in [Data("{\"name\": ".utf8), Data([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]), Data(deep.utf8),
                         Data(String(repeating: "[", count: 50_000).utf8)] {
                let reply = try await node.client.send(.POST, "/api/v1/elders", token: node.token, body: body)
                #expect(reply.status == 400, "\(reply.text.prefix(200))")
            }
            #expect(try node.db.recordCounts() == before)
        }
    }

    @Test func aBodyOverTheLimitIs413WithTheJSONErrorOnEveryRoute() async throws {
        try await NodeHarness.with("420107001001") { node in
            let device = try await node.client.send(.POST, "/api/v1/devices", token: node.token, json: [
                "home": "420107001001", "type": "healthCheck", "serial": "BAND-1",
            ])
            let deviceId = try #require(device.json["id"] as? String, "\(device.text)")
            let before = try node.db.recordCounts()
            let json = Data(repeating: UInt8(ascii: " "), count: 2 << 20) + Data("{}".utf8)
            // Past the largest blob limit (a course video's), so even an unknown type is 413 first.
            let upload = Data(repeating: 0x89, count: BlobKind.allCases.map(\.maxBytes).max()! + 1)
            let routes: [(HTTPMethod, String, Data, String, String?)] = [
                (.POST, "/api/v1/elders", json, "application/json", node.token),
                (.POST, "/api/v1/devices/\(deviceId)/token", json, "application/json", node.token),
                (.GET, "/api/v1/orders", json, "application/json", node.token),
                (.POST, "/api/v1/session", json, "application/json", nil),
                (.POST, "/api/v1/elders", json, "application/json", nil),
                (.POST, "/api/v1/blobs", upload, "image/png", node.token),
                (.POST, "/api/v1/blobs", upload, "text/plain", node.token),
                (.POST, "/api/v1/devices/BAND-1/readings", json, "application/json", nil),
            ]
            for (method, path, body, type, token) in routes {
                let reply = try await node.client.send(method, path, token: token, body: body, contentType: type)
                let error = reply.json["error"] as? [String: Any]
                #expect(reply.status == 413, "\(method) \(path) \(type): \(reply.status) \(reply.text.prefix(200))")
                #expect(error?["status"] as? Int == 413 && (error?["message"] as? String)?.contains("limit") == true, "\(path)")
                #expect(reply.headers.first(name: "content-type")?.hasPrefix("application/json") == true, "\(path)")
            }

            // A body sent without a length is held to the same limits where it is read
            for path in ["/api/v1/elders", "/api/v1/devices/BAND-1/readings"] {
                let reply = try await node.client.send(.POST, path, token: node.token, body: json, streamed: true)
                #expect(reply.status == 413 && reply.text.contains("limit"), "streamed \(path): \(reply.status) \(reply.text.prefix(200))")
            }
            #expect(try node.db.recordCounts() == before)
        }
    }
}
