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

/// Thousands of random and mutated push bodies from a real child over mutual TLS: the parent
/// answers every one without a 5xx, keeps serving, and writes nothing outside the child's
/// subtree. `CARENODE_FUZZ_ITERATIONS` and `CARENODE_FUZZ_SEED` change the run.
@Suite(.serialized) struct PushFuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["CARENODE_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2000
    static let seed = ProcessInfo.processInfo.environment["CARENODE_FUZZ_SEED"].flatMap(UInt64.init) ?? 20261201

    /// Rows of every replicated table (and log entries) homed outside `subtree`.
    static func outside(_ subtree: DivisionCode, _ db: AppDatabase) throws -> String {
        try db.read { db in
            var text = ""
            for table in ["elder", "device", "organisation", "staff", "service_order", "order_event", "evaluation", "conflict",
                          "complaint", "complaint_event", "alert", "alert_event", "vitals_summary", "change_log"] {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE home NOT LIKE ? ORDER BY rowid", arguments: [subtree.rawValue + "%"])
                text += "\(table) \(rows.count)\n" + rows.map(\.description).joined(separator: "\n") + "\n"
            }
            return text
        }
    }

    /// The valid batch every mutation starts from: new records of the child's own, and changes
    /// that name the other street's records by id.
    static func baseChanges(county: AppDatabase, foreignElder: Stored<Elder>, foreignOrder: UUID) -> [ChangeEnvelope] {
        let now = county.clock.now()
        let version = CareModel.Version(hlc: now, origin: Codes.street1.rawValue)
        let own = Samples.elder(900, home: Codes.community1)
        var takeover = foreignElder.model
        takeover.home = Codes.community1
        let event = OrderEvent(orderId: foreignOrder, home: Codes.community1, kind: .cancel, version: version, actor: "fuzz", reason: "fuzz")
        return [
            ChangeEnvelope(id: own.id, home: own.home, version: version, stamps: ProfileMerge.edit(nil, to: own, at: version).stamps, body: RecordBody(own)),
            ChangeEnvelope(id: takeover.id, home: takeover.home, version: version,
                           stamps: ProfileMerge.edit(nil, to: takeover, at: version).stamps, body: RecordBody(takeover)),
            ChangeEnvelope(id: event.id, home: event.home, version: version, body: RecordBody(event)),
        ]
    }

    /// One body: a valid batch, mutated in one of several ways.
    static func mutate(_ changes: [Data], _ random: inout SplitMix64) throws -> Data {
        var body = try BatchEncoding.pushRequest(sender: Codes.street1.rawValue, changes: changes.shuffled(using: &random), cursor: WireCursor(), hlc: 0)
        switch random.next() % 6 {
        case 0:  // flipped bits
            for _ in 0..<(1 + Int(random.next() % 8)) {
                let at = Int(random.next() % UInt64(body.count))
                body[at] ^= UInt8(1 << (random.next() % 8))
            }
        case 1:  // truncated
            body = body.prefix(Int(random.next() % UInt64(body.count)))
        case 2:  // a huge length prefix where a length was
            let at = Int(random.next() % UInt64(body.count))
            body.replaceSubrange(at..<min(at + 1, body.count), with: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        case 3:  // random bytes
            body = Data((0..<Int(random.next() % 512)).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        case 4:  // a change spliced into another
            let at = Int(random.next() % UInt64(body.count))
            body.insert(contentsOf: changes[Int(random.next() % UInt64(changes.count))], at: at)
        default:  // the valid batch, repeated: the replay must change nothing more
            break
        }
        return body
    }

    @Test func randomAndMutatedPushesNeverFailTheParentOrWriteOutsideScope() async throws {
        try await Federation.withSmall { federation in
            let (elder, order) = try await ScopeHardeningTests.foreignRecords(federation, serial: 801)
            let county = federation.db(Codes.county)
            // Stop the other street so nothing legitimate changes its side of the county meanwhile.
            await federation.stop(Codes.street2)
            let before = try Self.outside(Codes.street1, county)

            let client = try OperatorClient(
                baseURL: federation.url(Codes.county), caPEM: federation.authority.certificatePEM,
                identity: federation.node(Codes.street1).identity)
            defer { Task { await client.shutdown() } }
            let changes = try Self.baseChanges(county: county, foreignElder: elder, foreignOrder: order.model.id).map { try WireChange($0).serializedData() }
            var random = SplitMix64(seed: Self.seed)
            var statuses: [Int: Int] = [:]
            for iteration in 0..<Self.iterations {
                let body = try Self.mutate(changes, &random)
                let reply = try await client.send(.POST, SyncProtocol.pushPath, body: body, contentType: SyncProtocol.contentType)
                statuses[reply.status, default: 0] += 1
                if reply.status >= 500 {
                    Issue.record("iteration \(iteration) (seed \(Self.seed)) got \(reply.status): \(String(decoding: reply.body, as: UTF8.self))")
                    break
                }
            }
            print("push fuzz: \(Self.iterations) bodies, seed \(Self.seed), statuses \(statuses.sorted { $0.key < $1.key })")
            #expect(try Self.outside(Codes.street1, county) == before, "a fuzzed push wrote outside the sender's subtree")
            let healthy = try await client.send(.GET, "/healthz")
            #expect(healthy.status == 200)
            #expect(try county.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        }
    }
}
