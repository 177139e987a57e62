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

@Suite(.serialized) struct SecurityTests {
    func pull(_ federation: Federation, at parent: DivisionCode, as identity: NodeIdentity?, caPEM: String? = nil) async throws -> OperatorClient.Reply {
        let client = try OperatorClient(baseURL: federation.url(parent), caPEM: caPEM ?? federation.authority.certificatePEM, identity: identity)
        defer { Task { await client.shutdown() } }
        var request = WirePullRequest()
        request.limit = 10
        return try await client.send(.POST, SyncProtocol.pullPath, body: try request.serializedData(), contentType: SyncProtocol.contentType)
    }

    @Test func onlyDirectChildrenWithOurCertificatesMaySync() async throws {
        try await Federation.withSmall { federation in
            // No certificate: refused with a reason
            let anonymous = try await pull(federation, at: Codes.street1, as: nil)
            #expect(anonymous.status == 403)
            #expect(try WireRefusal(serializedBytes: anonymous.body).code == "no-certificate")

            // A sibling street's community: refused
            let sibling = try await pull(federation, at: Codes.street1, as: federation.node(Codes.community2).identity)
            #expect(sibling.status == 403)
            #expect(try WireRefusal(serializedBytes: sibling.body).code == "not-a-child")

            // The real child: served
            let child = try await pull(federation, at: Codes.street1, as: federation.node(Codes.community1).identity)
            #expect(child.status == 200 && child.version == .http2)

            // A certificate from another CA: the TLS handshake itself fails
            let rogueCA = try CertificateAuthority.create(county: "420107")
            let rogue = try rogueCA.issue(code: Codes.community1.rawValue)
            await #expect(throws: (any Error).self) {
                _ = try await pull(federation, at: Codes.street1, as: rogue)
            }
        }
    }

    @Test func aRecordOutsideThePushersSubtreeIsRejectedAndNothingIsWritten() async throws {
        try await Federation.withSmall { federation in
            let street = federation.db(Codes.street1)
            let before = federation.count(Codes.street1, "changeLog")
            let client = try OperatorClient(
                baseURL: federation.url(Codes.street1), caPEM: federation.authority.certificatePEM,
                identity: federation.node(Codes.community1).identity)
            defer { Task { await client.shutdown() } }

            let foreign = Samples.elder(11, home: Codes.community2)
            let version = CareModel.Version(hlc: street.clock.now(), origin: Codes.community1.rawValue)
            var push = WirePushRequest()
            push.sender = Codes.community1.rawValue
            push.changes = [
                WireChange(ChangeEnvelope(id: foreign.id, home: foreign.home, version: version, body: RecordBody(foreign))),
                WireChange(ChangeEnvelope(id: UUID(), home: Codes.county, version: version, body: RecordBody(Samples.organisation()))),
            ]
            let reply = try await client.send(.POST, SyncProtocol.pushPath, body: try push.serializedData(), contentType: SyncProtocol.contentType)
            #expect(reply.status == 200)
            let ack = try WirePushAck(serializedBytes: reply.body)
            #expect(ack.applied == 0 && ack.rejected.count == 2)
            #expect(ack.rejected.first?.reason.contains("outside the subtree") == true)
            #expect(federation.count(Codes.street1, "changeLog") == before)
            #expect(federation.count(Codes.street1, "elders") == 0 && federation.count(Codes.street1, "organisations") == 0)

            // A change with a field this protocol version does not define is rejected, not half-applied
            let extra = try WireChange(ChangeEnvelope(id: foreign.id, home: Codes.community1, version: version, body: RecordBody(Samples.elder(12, home: Codes.community1)))).serializedData() + Data([0x98, 0x06, 0x01])
            let unknownBody = try BatchEncoding.pushRequest(sender: Codes.community1.rawValue, changes: [extra], cursor: WireCursor(), hlc: 0)
            let unknown = try WirePushAck(serializedBytes: try await client.send(.POST, SyncProtocol.pushPath, body: unknownBody, contentType: SyncProtocol.contentType).body)
            #expect(unknown.applied == 0 && unknown.rejected.first?.reason.contains("is not defined") == true)
            #expect(federation.count(Codes.street1, "elders") == 0)

            // Garbage is a clear 400, not a crash
            let garbage = try await client.send(.POST, SyncProtocol.pushPath, body: Data([0xFF, 0x01, 0x02]), contentType: SyncProtocol.contentType)
            #expect(garbage.status == 400)
            #expect(try WireRefusal(serializedBytes: garbage.body).code == "bad-request")
        }
    }
}
