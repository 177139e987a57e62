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

@Suite(.serialized) struct WorkOrderFederationTests {
    /// An operator signed in at each node, as each tier's staff would be.
    struct Desk {
        let client: OperatorClient
        let token: String

        static func open(_ federation: Federation, _ code: DivisionCode) async throws -> Desk {
            try federation.db(code).addOperator(Operator(name: "desk", role: .admin, home: code, passwordHash: PasswordHashing.hash("desk password")))
            let client = try OperatorClient(baseURL: federation.url(code), caPEM: federation.authority.certificatePEM)
            return Desk(client: client, token: try await client.login(name: "desk", password: "desk password"))
        }

        func send(_ method: HTTPMethod, _ path: String, _ json: (any Encodable)? = nil, body: Data? = nil, type: String = "application/json") async throws -> OperatorClient.Reply {
            let reply = try await client.send(method, path, token: token, json: json, body: body, contentType: type)
            guard (200..<300).contains(reply.status) else { throw ReplyError(description: "\(method) \(path): \(reply.status) \(reply.text)") }
            return reply
        }
    }

    struct ReplyError: Error, CustomStringConvertible { let description: String }

    @Test func anOrderRunsItsWholeLoopAcrossTheTiersAndTheCountyHoldsThePhotos() async throws {
        try await Federation.withSmall { federation in
            let county = try await Desk.open(federation, Codes.county)
            let station = try await Desk.open(federation, Codes.community1)
            defer { Task { await county.client.shutdown(); await station.client.shutdown() } }
            let home = Coordinates(latitude: 30.64, longitude: 114.39)

            // The county registers an organisation and its worker; they reach the station
            let organisation = try await county.send(.POST, "/api/v1/organisations", [
                "name": AnyJSON("青山区幸福助浴队"), "type": .init("homeCareCenter"), "categories": .init(["bathing"]),
                "communities": .init([Codes.community1.rawValue]), "address": .init(Address(text: "青山区", location: Coordinates(latitude: 30.645, longitude: 114.39))),
            ]).json["id"] as! String
            let worker = try await county.send(.POST, "/api/v1/staff", ["name": "刘护理", "role": "caregiver", "organisationId": organisation]).json["id"] as! String
            try await federation.converge("registry at the station") {
                try federation.db(Codes.community1).staff(id: UUID(uuidString: worker)!) != nil
            }

            // The station registers the elder and takes the request
            let elder = try await station.send(.POST, "/api/v1/elders", Samples.elderJSON(home: Codes.community1, location: home)).json["id"] as! String
            let order = try await station.send(.POST, "/api/v1/orders", ["elderId": elder, "category": "bathing", "channel": "phone"]).json["id"] as! String
            let orderId = UUID(uuidString: order)!
            try await federation.converge("order at the county") { try federation.db(Codes.county).order(id: orderId) != nil }

            // The county dispatch room takes the top candidate
            let candidates = try await county.send(.GET, "/api/v1/orders/\(order)/candidates").json["candidates"] as! [[String: Any]]
            #expect(candidates.first?["organisationId"] as? String == organisation)
            _ = try await county.send(.POST, "/api/v1/orders/\(order)/auto-dispatch")
            try await federation.converge("dispatch at the station") { try federation.db(Codes.community1).order(id: orderId)?.status == .dispatched }

            // The worker, through the station, accepts, checks in, completes with photos; the family rates by voice
            let path = "/api/v1/orders/\(order)/events"
            _ = try await station.send(.POST, path, ["kind": AnyJSON("accept"), "workerId": .init(worker)])
            _ = try await station.send(.POST, path, ["kind": AnyJSON("checkIn"), "location": .init(home)])
            var photos: [String] = []
            for tag in [UInt8(1), 2] {
                let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: tag, count: 2048))
                photos.append(try await station.send(.POST, "/api/v1/blobs", body: png, type: "image/png").json["sha256"] as! String)
            }
            let wav = Data(Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WAVEfmt ".utf8) + [UInt8](repeating: 7, count: 4096))
            let voice = try await station.send(.POST, "/api/v1/blobs", body: wav, type: "audio/wav").json["sha256"] as! String
            _ = try await station.send(.POST, path, [
                "kind": AnyJSON("complete"), "location": .init(home), "items": .init(["助浴"]),
                "photos": .init([["sha256": photos[0], "stage": "before"], ["sha256": photos[1], "stage": "after"]]),
            ])
            _ = try await station.send(.POST, path, ["kind": AnyJSON("rate"), "rating": .init(["stars": AnyJSON(5), "rater": .init("family"), "voice": .init(voice)])])

            // The county call center makes the return visit and closes the order
            try await federation.converge("rating at the county") { try federation.db(Codes.county).order(id: orderId)?.status == .rated }
            _ = try await county.send(.POST, path, ["kind": AnyJSON("returnVisit"), "returnVisit": .init(["satisfaction": AnyJSON(5)])])
            _ = try await county.send(.POST, path, ["kind": AnyJSON("close")])

            // Every node of the subtree ends in the same state with the same events
            let nodes = [Codes.community1, Codes.street1, Codes.county]
            func history(_ code: DivisionCode) -> [String] {
                ((try? federation.db(code).orderHistory(id: orderId))?.applied ?? []).map { "\($0.id) \($0.kind.rawValue) \($0.version)" }
            }
            try await federation.converge("closed everywhere with the same events", explain: { nodes.map { "\($0): \(history($0))" }.joined(separator: "\n") }) {
                try nodes.allSatisfy { try federation.db($0).order(id: orderId)?.status == .closed }
                    && nodes.allSatisfy { history($0) == history(Codes.county) }
            }
            #expect(history(Codes.county).map { $0.split(separator: " ")[1] } == ["dispatch", "accept", "checkIn", "complete", "rate", "returnVisit", "close"])
            #expect(try federation.db(Codes.street2).order(id: orderId) == nil, "the other street never sees it")

            // And the county holds the photo and voice bytes, sent up after the records
            try await federation.converge("blobs at the county") {
                try (photos + [voice]).allSatisfy { try federation.db(Codes.county).blobBytes(sha256: $0) != nil }
            }
            let bytes = try await county.send(.GET, "/api/v1/blobs/\(photos[1])").body
            #expect(AppDatabase.sha256(bytes) == photos[1])
        }
    }

    @Test func twoConcurrentDispatchesLeaveOneWinnerEverywhereAndAConflict() async throws {
        try await Federation.withSmall { federation in
            let community = federation.db(Codes.community1)
            let county = federation.db(Codes.county)
            let local = try county.createOrganisation(Samples.organisation(), actor: "t")
            let central = try county.createOrganisation(Samples.organisation(), actor: "t")
            let elder = try community.createElder(Samples.elder(4, home: Codes.community1), actor: "t")
            let order = try community.createOrder(ServiceOrder(
                home: Codes.community1, elderId: elder.model.id, category: .meals, channel: .window,
                takenAt: Codes.community1, takenBy: "t", requestedAtMillis: HybridLogicalClock.systemMillis()), actor: "t")
            try await federation.converge("order and organisations everywhere") {
                try county.order(id: order.model.id) != nil && community.organisation(id: central.model.id) != nil
            }

            // The station, offline, assigns a local organisation; the county dispatches elsewhere
            federation.cut(Codes.community1)
            _ = try community.appendOrderEvent(OrderEvent(
                orderId: order.model.id, home: order.model.home, kind: .dispatch, version: .zero, actor: "station",
                reason: "assigned locally while offline", organisationId: local.model.id), actor: "station")
            try await Task.sleep(for: .milliseconds(5))  // so the station's dispatch is the earlier one
            _ = try county.appendOrderEvent(OrderEvent(
                orderId: order.model.id, home: order.model.home, kind: .dispatch, version: .zero, actor: "dispatcher",
                organisationId: central.model.id), actor: "dispatcher")
            federation.restore(Codes.community1)

            // One deterministic winner (the earlier dispatch) everywhere, and a conflict for the dispatcher
            let nodes = [Codes.community1, Codes.street1, Codes.county]
            try await federation.converge("one winner everywhere") {
                try nodes.allSatisfy { code in
                    let db = federation.db(code)
                    return try db.order(id: order.model.id)?.organisationId == local.model.id
                        && db.conflicts(ListFilter(equals: [.entityId: order.model.id.uuidString])).items.count == 1
                }
            }
            let conflict = try #require(try county.conflicts(ListFilter(equals: [.entityId: order.model.id.uuidString])).items.first)
            #expect(conflict.model.reason.contains("dispatch") && conflict.model.loserValue.contains(central.model.id.uuidString), "\(conflict.model)")
        }
    }
}

/// A type-erased Encodable for JSON bodies.
struct AnyJSON: Encodable {
    let encode: (any Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encode = value.encode }
    func encode(to encoder: any Encoder) throws { try encode(encoder) }
}

extension Samples {
    /// An elder as the station's operator would enter it, with a map position.
    static func elderJSON(home: DivisionCode, location: Coordinates) -> [String: AnyJSON] {
        let body = "420107" + "19440812" + "031"
        return [
            "home": .init(home.rawValue), "name": .init("陈淑珍"), "gender": .init("female"),
            "citizenId": .init(body + String(CitizenID.checkCharacter(for: body)!)),
            "address": .init(Address(text: "青山区红卫路8号", location: location)),
            "livingSituation": .init("alone"), "abilityLevel": .init(2),
            "emergencyContacts": .init([["name": "陈强", "relation": "儿子", "phone": "13912345678"]]),
        ]
    }
}
