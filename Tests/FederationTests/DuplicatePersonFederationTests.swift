import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// Two stations of different streets register the same person: the county, where both records
/// meet, raises one replicated duplicate-person conflict; an operator there keeps one record and
/// the other's orders follow it, with nothing lost.
@Suite(.serialized) struct DuplicatePersonFederationTests {
    func signIn(_ federation: Federation, _ code: DivisionCode) async throws -> (OperatorClient, String) {
        try federation.db(code).addOperator(Operator(name: "admin", role: .admin, home: code, passwordHash: PasswordHashing.hash("correct horse")))
        let client = try OperatorClient(baseURL: federation.url(code), caPEM: federation.authority.certificatePEM)
        return (client, try await client.login(name: "admin", password: "correct horse"))
    }

    @Test func twoRegistrationsOfOnePersonMeetAsAConflictAndMergeIntoTheKeptRecord() async throws {
        try await Federation.withSmall { federation in
            var second = Samples.elder(61, home: Codes.community2)
            let first = try federation.db(Codes.community1).createElder(Samples.elder(61, home: Codes.community1), actor: "station1")
            second.name = "同一人"
            let duplicate = try federation.db(Codes.community2).createElder(second, actor: "station2")
            let community2 = federation.db(Codes.community2)
            let order = try community2.createOrder(ServiceOrder(
                home: Codes.community2, elderId: duplicate.model.id, category: .meals, channel: .phone,
                takenAt: Codes.community2, takenBy: "station2", requestedAtMillis: community2.clock.wallMillis), actor: "station2")

            let county = federation.db(Codes.county)
            let conflictId = Conflict(duplicate: first.model, registered: first.meta.version, duplicate.model, registered: duplicate.meta.version).id
            try await federation.converge("the county raises the duplicate") { try county.conflict(id: conflictId) != nil }
            let conflict = try #require(try county.conflict(id: conflictId)?.model)
            #expect(conflict.duplicatePair?.0 == first.model.id && conflict.entityId == duplicate.model.id)
            // The conflict lives with the later record: it reaches that station too.
            try await federation.converge("the station of the later record has the conflict") { try community2.conflict(id: conflictId) != nil }

            // The station holds only one of the two records: it cannot settle it.
            let (stationClient, stationToken) = try await signIn(federation, Codes.community2)
            defer { Task { await stationClient.shutdown() } }
            let refused = try await stationClient.send(
                .POST, "/api/v1/conflicts/\(conflictId)/resolve", token: stationToken, json: ["note": "合并", "keep": first.model.id.uuidString])
            #expect(refused.status == 409, "\(refused.text)")

            let (client, token) = try await signIn(federation, Codes.county)
            defer { Task { await client.shutdown() } }
            let missingKeep = try await client.send(.POST, "/api/v1/conflicts/\(conflictId)/resolve", token: token, json: ["note": "合并"])
            #expect(missingKeep.status == 422)
            let resolved = try await client.send(
                .POST, "/api/v1/conflicts/\(conflictId)/resolve", token: token, json: ["note": "同一人，保留先建档案", "keep": first.model.id.uuidString])
            #expect(resolved.status == 200, "\(resolved.text)")

            // The duplicate is gone everywhere, its order now counts as the kept elder's
            #expect(try county.elder(id: duplicate.model.id) == nil)
            let orders = try await client.send(.GET, "/api/v1/orders?elderId=\(first.model.id.uuidString)", token: token)
            let ids = ((orders.json["items"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
            #expect(ids == [order.model.id.uuidString], "\(orders.text)")
            try await federation.converge("the station learns of the merge") {
                try community2.elder(id: duplicate.model.id) == nil && community2.conflict(id: conflictId)?.model.resolution != nil
            }
            #expect(try community2.order(id: order.model.id) != nil)
            #expect(try county.read { db in try String.fetchOne(db, sql: "SELECT merged_into FROM elder WHERE id = ?", arguments: [duplicate.model.id.uuidString]) } == first.model.id.uuidString)
        }
    }
}
