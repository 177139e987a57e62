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

/// A hostile street: it holds a valid certificate for 420107001 and pushes hand-made protobuf
/// to the county about records of the other street (420107002), whose ids it has learnt.
@Suite(.serialized) struct ScopeHardeningTests {
    /// Everything a push could have changed at a node: every replicated table and the change log.
    static func fingerprint(_ db: AppDatabase) throws -> String {
        try db.read { db in
            var text = ""
            for table in ["elder", "device", "organisation", "staff", "service_order", "order_event", "evaluation", "conflict",
                          "complaint", "complaint_event", "alert", "alert_event", "vitals_summary", "change_log", "moved_out"] {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid")
                text += "\(table) \(rows.count)\n" + rows.map(\.description).joined(separator: "\n") + "\n"
            }
            return text
        }
    }

    struct Hostile {
        let federation: Federation
        let client: OperatorClient
        let sender: DivisionCode

        func push(_ changes: [WireChange]) async throws -> WirePushAck {
            var push = WirePushRequest()
            push.sender = sender.rawValue
            push.changes = changes
            let reply = try await client.send(.POST, SyncProtocol.pushPath, body: try push.serializedData(), contentType: SyncProtocol.contentType)
            #expect(reply.status == 200)
            return try WirePushAck(serializedBytes: reply.body)
        }

        func push(raw body: Data, contentType: String = SyncProtocol.contentType) async throws -> OperatorClient.Reply {
            try await client.send(.POST, SyncProtocol.pushPath, body: body, contentType: contentType)
        }
    }

    /// An elder and an order made at the second street's community, once the county holds both.
    static func foreignRecords(_ federation: Federation, serial: Int) async throws -> (Stored<Elder>, Stored<ServiceOrder>) {
        let community = federation.db(Codes.community2)
        let elder = try community.createElder(Samples.elder(serial, home: Codes.community2), actor: "station")
        let order = try community.createOrder(ServiceOrder(
            home: Codes.community2, elderId: elder.model.id, category: .meals, channel: .phone,
            takenAt: Codes.community2, takenBy: "station", requestedAtMillis: community.clock.wallMillis), actor: "station")
        let county = federation.db(Codes.county)
        try await federation.converge("the other street's records reach the county") {
            try county.elder(id: elder.model.id) != nil && county.order(id: order.model.id) != nil
        }
        return (elder, order)
    }

    /// Starts ci-small, puts an elder and an order at the second street's community, waits for
    /// them at the county, and hands the first street's certificate to `body`.
    func withForeignRecords(_ body: (Hostile, _ county: AppDatabase, _ elder: Stored<Elder>, _ order: Stored<ServiceOrder>) async throws -> Void) async throws {
        try await Federation.withSmall { federation in
            let (elder, order) = try await Self.foreignRecords(federation, serial: 21)
            let county = federation.db(Codes.county)
            let client = try OperatorClient(
                baseURL: federation.url(Codes.county), caPEM: federation.authority.certificatePEM,
                identity: federation.node(Codes.street1).identity)
            defer { Task { await client.shutdown() } }
            // Nothing else may be moving while the county's tables are compared.
            var settled = try Self.fingerprint(county)
            for _ in 0..<50 {
                try await Task.sleep(for: .milliseconds(200))
                let now = try Self.fingerprint(county)
                if now == settled { break }
                settled = now
            }
            try await body(Hostile(federation: federation, client: client, sender: Codes.street1), county, elder, order)
        }
    }

    func version(_ db: AppDatabase, aheadMillis: Int64 = 0) -> CareModel.Version {
        let now = db.clock.now()
        return CareModel.Version(hlc: HLC(millis: now.millis + aheadMillis, counter: 0), origin: Codes.street1.rawValue)
    }

    /// A profile edit of `elder` as the pushing node would make it, stamped at `version`.
    func edit(_ elder: Stored<Elder>, _ change: (inout Elder) -> Void, deleted: Bool = false, at version: CareModel.Version) -> ChangeEnvelope {
        var record = elder.model
        change(&record)
        let state = ProfileMerge.edit(
            ProfileState(record: elder.model, stamps: elder.meta.stamps, deleted: elder.meta.deleted), to: record, deleted: deleted, at: version)
        return ChangeEnvelope(id: record.id, home: record.home, version: version, deleted: deleted, stamps: state.stamps, body: RecordBody(record))
    }

    @Test func aChildCannotMoveRenameOrDeleteARecordHeldOutsideItsSubtree() async throws {
        try await withForeignRecords { hostile, county, elder, _ in
            let before = try Self.fingerprint(county)
            let moved = edit(elder, { $0.home = Codes.community1; $0.name = "改名" }, at: version(county))
            let deleted = edit(elder, { $0.home = Codes.community1 }, deleted: true, at: version(county))
            for change in [moved, deleted] {
                let ack = try await hostile.push([WireChange(change)])
                #expect(ack.applied == 0 && ack.rejected.count == 1)
                let reason = ack.rejected.first?.reason ?? ""
                #expect(reason.contains("held here with home \(Codes.community2)"), "\(reason)")
            }
            #expect(try Self.fingerprint(county) == before)
            #expect(try county.elder(id: elder.model.id)?.model.name == elder.model.name)
        }
    }

    @Test func aDependentRecordMustLiveWithItsParent() async throws {
        try await withForeignRecords { hostile, county, elder, order in
            let before = try Self.fingerprint(county)
            let v = version(county)
            // Cancel another street's order, claiming the event lives in our subtree
            let cancel = OrderEvent(orderId: order.model.id, home: Codes.community1, kind: .cancel, version: v, actor: "hostile", reason: "x")
            // An evaluation of that order, and a conflict about the other street's elder
            let evaluation = Evaluation(home: Codes.community1, orderId: order.model.id, organisationId: nil, stars: 1, evaluator: .elder, createdAtMillis: v.hlc.millis)
            let conflict = Conflict(
                home: Codes.community1, entityKind: .elder, entityId: elder.model.id, field: "name", winnerValue: "a", loserValue: "b",
                winner: v, loser: v, reason: "hostile")
            let ack = try await hostile.push([
                WireChange(ChangeEnvelope(id: cancel.id, home: cancel.home, version: v, body: RecordBody(cancel))),
                WireChange(ChangeEnvelope(id: evaluation.id, home: evaluation.home, version: v, body: RecordBody(evaluation))),
                WireChange(ChangeEnvelope(id: conflict.id, home: conflict.home, version: conflict.version, body: RecordBody(conflict))),
            ])
            #expect(ack.applied == 0 && ack.rejected.count == 3)
            for rejection in ack.rejected {
                #expect(rejection.reason.contains("is homed at \(Codes.community2)"), "\(rejection.reason)")
            }
            #expect(try Self.fingerprint(county) == before)
            #expect(try county.order(id: order.model.id)?.status == .requested)
        }
    }

    @Test func everyPushIsBoundByTheReceiversClockWithoutAHandshake() async throws {
        try await withForeignRecords { hostile, county, _, _ in
            let before = try Self.fingerprint(county)
            // A new elder of our own, an hour ahead; and one whose version is now but whose
            // name stamp lies a day ahead (it would win every later edit of the name).
            let ahead = Samples.elder(31, home: Codes.community1)
            let hourAhead = version(county, aheadMillis: 3_600_000)
            let stamped = Samples.elder(32, home: Codes.community1)
            let now = version(county)
            var stamps = ProfileMerge.edit(nil, to: stamped, at: now).stamps
            stamps["name"] = FieldStamp(version: version(county, aheadMillis: 86_400_000))
            let ack = try await hostile.push([
                WireChange(ChangeEnvelope(id: ahead.id, home: ahead.home, version: hourAhead,
                                          stamps: ProfileMerge.edit(nil, to: ahead, at: hourAhead).stamps, body: RecordBody(ahead))),
                WireChange(ChangeEnvelope(id: stamped.id, home: stamped.home, version: now, stamps: stamps, body: RecordBody(stamped))),
            ])
            #expect(ack.applied == 0 && ack.rejected.count == 2)
            #expect(ack.rejected.allSatisfy { $0.reason.contains("ahead of this node's clock") }, "\(ack.rejected.map(\.reason))")
            #expect(try Self.fingerprint(county) == before)
        }
    }

    @Test func aNestedFieldThisProtocolDoesNotDefineIsRefusedByNumber() async throws {
        try await withForeignRecords { hostile, county, _, _ in
            let before = try Self.fingerprint(county)
            let elder = Samples.elder(41, home: Codes.community1)
            var wire = WireChange(ChangeEnvelope(id: elder.id, home: elder.home, version: version(county),
                                                 stamps: ProfileMerge.edit(nil, to: elder, at: version(county)).stamps, body: RecordBody(elder)))
            // Field 15 (varint 1) inside the elder's address: invisible to a top-level check.
            guard case .elder(var record) = wire.record else { Issue.record("not an elder"); return }
            record.address = try WireAddress(serializedBytes: try record.address.serializedData() + Data([0x78, 0x01]))
            wire.record = .elder(record)
            let ack = try await hostile.push([wire])
            #expect(ack.applied == 0 && ack.rejected.count == 1)
            let reason = ack.rejected.first?.reason ?? ""
            #expect(reason.contains("field number 15") && reason.contains("ELDER"), "\(reason)")
            #expect(try Self.fingerprint(county) == before)
        }
    }

    @Test func aRecordFromAPeerMeetsTheSameRulesAsOneFromAnOperator() async throws {
        try await withForeignRecords { hostile, county, _, _ in
            let before = try Self.fingerprint(county)
            var atTheStreet = Samples.elder(51, home: Codes.street1)  // an elder's home is a 12-digit community
            atTheStreet.home = Codes.street1
            var withNul = Samples.elder(52, home: Codes.community1)
            withNul.name = "王\u{0}桂兰"  // SQLite would keep only "王"
            var crowded = Samples.elder(53, home: Codes.community1)
            crowded.emergencyContacts = Array(repeating: crowded.emergencyContacts[0], count: 4)
            var padded = Samples.elder(54, home: Codes.community1)
            padded.name = " 王桂兰 "
            let changes = [atTheStreet, withNul, crowded, padded].map { elder in
                let v = version(county)
                return WireChange(ChangeEnvelope(id: elder.id, home: elder.home, version: v, stamps: ProfileMerge.edit(nil, to: elder, at: v).stamps, body: RecordBody(elder)))
            }
            let ack = try await hostile.push(changes)
            #expect(ack.applied == 0 && ack.rejected.count == 4)
            let reasons = ack.rejected.map(\.reason)
            #expect(reasons.allSatisfy { $0.contains("breaks the record rules") }, "\(reasons)")
            #expect(reasons.contains { $0.contains("home") } && reasons.contains { $0.contains("emergencyContacts") })
            #expect(try Self.fingerprint(county) == before)
        }
    }

    @Test func aSyncBodyThatIsNotProtobufIsUnsupportedMediaType() async throws {
        try await withForeignRecords { hostile, county, _, _ in
            let before = try Self.fingerprint(county)
            var push = WirePushRequest()
            push.sender = Codes.street1.rawValue
            let reply = try await hostile.push(raw: try push.serializedData(), contentType: "application/json")
            #expect(reply.status == 415)
            #expect(try WireRefusal(serializedBytes: reply.body).code == "unsupported-media-type")
            let oversize = try await hostile.push(raw: Data(count: SyncProtocol.maxBodyBytes + 1))
            #expect(oversize.status == 413, "\(String(decoding: oversize.body, as: UTF8.self))")
            #expect(try WireRefusal(serializedBytes: oversize.body).code == "too-large")
            #expect(try Self.fingerprint(county) == before)
        }
    }
}
