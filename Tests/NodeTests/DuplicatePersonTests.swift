import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// One citizen ID, one person, on one node: a second registration is refused with the elder who
/// already holds the number, and writes nothing.
@Suite struct DuplicatePersonTests {
    @Test func registeringACitizenIDTheNodeHoldsIsAConflictNamingTheElder() async throws {
        try await NodeHarness.with("420107001001") { node in
            let first = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: 7))
            #expect(first.status == 201)
            let existing = try #require(first.json["id"] as? String)
            let before = try node.logCount()

            var again = node.elderJSON(serial: 7)
            again["name"] = .init("王桂兰（重复）")
            let second = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: again)
            #expect(second.status == 409)
            let message = (second.json["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains(existing), "\(message)")
            #expect(try node.logCount() == before)
            #expect(try node.db.recordCounts()["elders"] == 1)

            // Giving another elder that number by an edit is refused the same way
            let other = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON(serial: 8))
            let otherId = try #require(other.json["id"] as? String)
            let logBefore = try node.logCount()
            let edit = try await node.client.send(.PATCH, "/api/v1/elders/\(otherId)", token: node.token, json: ["citizenId": node.elderJSON(serial: 7)["citizenId"]!])
            #expect(edit.status == 409, "\(edit.text)")
            #expect(try node.logCount() == logBefore)
        }
    }
}
