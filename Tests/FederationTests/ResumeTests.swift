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

@Suite(.serialized) struct ResumeTests {
    @Test func aNodeStoppedOrCutMidCatchUpResumesWithoutLossOrDuplicates() async throws {
        try await Federation.withSmall(batchSize: 50) { federation in
            federation.cut(Codes.community1)
            let community = federation.db(Codes.community1)
            for serial in 0..<600 {
                _ = try community.createElder(Samples.elder(serial, home: Codes.community1), actor: "t")
            }
            federation.restore(Codes.community1)
            // Stop the community between batches once some have gone up…
            try await federation.converge("first batches arrive", timeout: .seconds(20)) { federation.count(Codes.street1, "elders") >= 50 }
            await federation.stop(Codes.community1)
            try await federation.restart(Codes.community1)
            // …and cut the link a few times while batches are in flight.
            for _ in 0..<3 {
                try await Task.sleep(for: .milliseconds(40))
                federation.cut(Codes.community1)
                try await Task.sleep(for: .milliseconds(40))
                federation.restore(Codes.community1)
            }
            try await federation.converge("all 600 at the county", timeout: .seconds(60)) { federation.count(Codes.county, "elders") == 600 }
            #expect(federation.count(Codes.street1, "elders") == 600)
            let duplicates = try federation.db(Codes.county).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) - count(DISTINCT entity_id || '@' || version) FROM change_log") ?? -1
            }
            #expect(duplicates == 0)
        }
    }

    @Test func syncStatusShowsTheLinkAndWhatIsWaiting() async throws {
        try await Federation.withSmall { federation in
            try federation.db(Codes.community1).addOperator(Operator(name: "op", role: .admin, home: Codes.community1, passwordHash: PasswordHashingForTests.hash))
            federation.cut(Codes.community1)
            for serial in 0..<5 { _ = try federation.db(Codes.community1).createElder(Samples.elder(serial, home: Codes.community1), actor: "t") }
            let client = try OperatorClient(baseURL: federation.url(Codes.community1), caPEM: federation.authority.certificatePEM)
            defer { Task { await client.shutdown() } }
            let token = try await client.login(name: "op", password: "password1")
            try await federation.converge("the cut link is reported") {
                federation.node(Codes.community1).status.snapshot.first?.lastError != nil
            }
            // Five elders, and the station's audit entries (the sign-in), which travel up too.
            let audits = try federation.db(Codes.community1).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM change_log WHERE kind = 'auditEntry'") ?? 0
            }
            #expect(audits >= 1)
            let status = try await client.send(.GET, "/api/v1/sync/status", token: token)
            let link = (status.json["links"] as? [[String: Any]])?.first
            #expect(link?["peer"] as? String == Codes.street1.rawValue)
            #expect(link?["waitingToSend"] as? Int == 5 + audits)
            #expect(link?["connected"] as? Bool == false)
            let metrics = try await client.send(.GET, "/metrics")
            #expect(metrics.text.contains("carenode_sync_push_backlog_changes"))
        }
    }
}


enum PasswordHashingForTests {
    static let hash = PasswordHashing.hash("password1")
}

@Suite(.serialized) struct ParentRestartTests {
    @Test func aRestartedStreetServesItsCommunityAgain() async throws {
        try await Federation.withSmall { federation in
            let before = federation.port(Codes.street1)
            await federation.stop(Codes.street1)
            try await federation.restart(Codes.street1)
            #expect(federation.port(Codes.street1) == before)
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(77, home: Codes.community1), actor: "t")
            try await federation.converge("elder at the county after the street restarted") {
                try federation.db(Codes.county).elder(id: elder.model.id) != nil
            }
        }
    }
}
