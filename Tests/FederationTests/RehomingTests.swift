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

@Suite(.serialized) struct RehomingTests {
    @Test func anElderMovedToAnotherStreetLeavesTheOldSubtreeAndAnAuditEntry() async throws {
        try await Federation.withSmall { federation in
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(21, home: Codes.community1), actor: "t")
            try await federation.converge("elder at the county") { try federation.db(Codes.county).elder(id: elder.model.id) != nil }

            // The county, which contains both communities, moves the elder
            var moved = elder.model
            moved.home = Codes.community2
            _ = try federation.db(Codes.county).updateElder(moved, ifMatch: nil, actor: "county")

            try await federation.converge("the elder is only in the new subtree") {
                try federation.db(Codes.community2).elder(id: elder.model.id)?.model.home == Codes.community2
                    && federation.db(Codes.street2).elder(id: elder.model.id) != nil
                    && federation.db(Codes.street1).elder(id: elder.model.id) == nil
                    && federation.db(Codes.community1).elder(id: elder.model.id) == nil
            }
            let audit = try federation.db(Codes.community1).read { db in
                try String.fetchOne(db, sql: "SELECT detail FROM audit_entry WHERE action = 'moved-out' AND subject = ?", arguments: [elder.model.id.uuidString])
            }
            #expect(audit == "now homed at \(Codes.community2)")
        }
    }

    @Test func aResolutionMadeAtTheCountyReachesTheCommunity() async throws {
        try await Federation.withSmall { federation in
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(22, home: Codes.community1), actor: "t")
            try await federation.converge("elder at the county") { try federation.db(Codes.county).elder(id: elder.model.id) != nil }
            federation.cut(Codes.community1)
            var a = elder.model
            a.abilityLevel = 4
            _ = try federation.db(Codes.street1).updateElder(a, ifMatch: nil, actor: "street")
            var b = elder.model
            b.abilityLevel = 3
            _ = try federation.db(Codes.community1).updateElder(b, ifMatch: nil, actor: "community")
            federation.restore(Codes.community1)
            try await federation.converge("conflict at the county") { federation.count(Codes.county, "conflicts") == 1 }

            // An operator at the county reviews it through the API
            try federation.db(Codes.county).addOperator(Operator(name: "reviewer", role: .admin, home: Codes.county, passwordHash: PasswordHashing.hash("password1")))
            let client = try OperatorClient(baseURL: federation.url(Codes.county), caPEM: federation.authority.certificatePEM)
            defer { Task { await client.shutdown() } }
            let token = try await client.login(name: "reviewer", password: "password1")
            let open = try await client.send(.GET, "/api/v1/conflicts?resolved=false", token: token)
            let id = try #require((open.json["items"] as? [[String: Any]])?.first?["id"] as? String)
            let empty = try await client.send(.POST, "/api/v1/conflicts/\(id)/resolve", token: token, json: ["note": ""])
            #expect(empty.status == 422)
            let resolved = try await client.send(.POST, "/api/v1/conflicts/\(id)/resolve", token: token, json: ["note": "confirmed level 3 with the family"])
            #expect(resolved.status == 200 && resolved.json["resolved"] as? Bool == true)
            let again = try await client.send(.POST, "/api/v1/conflicts/\(id)/resolve", token: token, json: ["note": "twice"])
            #expect(again.status == 409)

            try await federation.converge("resolution at the community") {
                try federation.db(Codes.community1).conflict(id: UUID(uuidString: id)!)?.model.resolution?.by == "reviewer"
            }
        }
    }
}

@Suite struct HandshakeTests {
    @Test func aPeerWithAnotherProtocolVersionOrASkewedClockIsRefusedWithAReason() {
        let clock = HybridLogicalClock(maxSkewMillis: 5 * 60 * 1000, wallClock: { 10_000_000 })
        var hello = Handshake.hello(node: Codes.community1, schemaVersion: AppDatabase.schemaVersion, clock: clock, software: "test")
        #expect(Handshake.refusal(of: hello, schemaVersion: AppDatabase.schemaVersion, clock: clock) == nil)

        hello.wallMillis = 10_000_000 + 6 * 60 * 1000
        let skew = Handshake.refusal(of: hello, schemaVersion: AppDatabase.schemaVersion, clock: clock)
        #expect(skew?.code == "clock-skew" && skew?.message.contains("NTP") == true)

        hello.wallMillis = 10_000_000
        hello.protocolVersion = 2
        #expect(Handshake.refusal(of: hello, schemaVersion: AppDatabase.schemaVersion, clock: clock)?.code == "protocol-version")

        hello.protocolVersion = SyncProtocol.version
        hello.schemaVersion = 99
        #expect(Handshake.refusal(of: hello, schemaVersion: AppDatabase.schemaVersion, clock: clock)?.code == "schema-version")
    }
}
