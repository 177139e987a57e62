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

/// Organisations, a worker and an elder with a map position, made through the API of a county
/// node, for the work-order tests.
struct WorkOrderFixture {
    /// The elder's home: 青山区红卫路 (WGS-84).
    static let home = Coordinates(latitude: 30.6400, longitude: 114.3900)
    static let community = "420107001001"

    let node: NodeHarness
    let elderId: String

    init(_ node: NodeHarness) async throws {
        self.node = node
        var elder = node.elderJSON()
        elder["address"] = .init(Address(text: "青山区红卫路8号", location: Self.home))
        let reply = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: elder)
        guard reply.status == 201, let id = reply.json["id"] as? String else { throw FixtureError("elder: \(reply.text)") }
        elderId = id
    }

    /// A point `metres` north of the elder's home.
    static func north(_ metres: Double) -> Coordinates {
        Coordinates(latitude: home.latitude + metres / 111_195, longitude: home.longitude)
    }

    func organisation(_ name: String, at place: Coordinates, categories: [String] = ["bathing"], communities: [String] = [community], credit: String = "good") async throws -> String {
        let reply = try await node.client.send(.POST, "/api/v1/organisations", token: node.token, json: [
            "name": AnyEncodable(name), "type": .init("homeCareCenter"), "categories": .init(categories),
            "communities": .init(communities), "address": .init(Address(text: "青山区", location: place)),
            "creditStatus": .init(credit),
        ])
        guard reply.status == 201, let id = reply.json["id"] as? String else { throw FixtureError("organisation: \(reply.text)") }
        return id
    }

    func worker(_ name: String, organisation: String) async throws -> String {
        let reply = try await node.client.send(.POST, "/api/v1/staff", token: node.token, json: [
            "name": name, "role": "caregiver", "organisationId": organisation,
        ])
        guard reply.status == 201, let id = reply.json["id"] as? String else { throw FixtureError("staff: \(reply.text)") }
        return id
    }

    func order(category: String = "bathing", wantedAt: Date? = nil) async throws -> String {
        var body: [String: String] = ["elderId": elderId, "category": category, "channel": "phone"]
        if let wantedAt { body["wantedAt"] = wantedAt.formatted(.iso8601) }
        let reply = try await node.client.send(.POST, "/api/v1/orders", token: node.token, json: body)
        guard reply.status == 201, let id = reply.json["id"] as? String else { throw FixtureError("order: \(reply.text)") }
        return id
    }

    func step(_ order: String, _ body: [String: AnyEncodable]) async throws -> OperatorClient.Reply {
        try await node.client.send(.POST, "/api/v1/orders/\(order)/events", token: node.token, json: body)
    }

    func upload(_ bytes: Data, type: String) async throws -> OperatorClient.Reply {
        try await node.client.send(.POST, "/api/v1/blobs", token: node.token, body: bytes, contentType: type)
    }

    /// A small but well-formed-looking PNG and WAV: the signatures are what the node checks.
    static func png(_ tag: UInt8) -> Data { Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: tag, count: 600)) }
    static func wav() -> Data { Data(Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WAVEfmt ".utf8) + [UInt8](repeating: 1, count: 400)) }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension OperatorClient.Reply {
    /// The `error.fields[].field` names of a 422.
    var errorFields: [String] {
        ((json["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}
