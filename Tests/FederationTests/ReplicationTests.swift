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

@Suite(.serialized) struct ReplicationTests {
    @Test func recordsFlowUpAndDownByScope() async throws {
        try await Federation.withSmall { federation in
            // Given an elder at each community and an organisation at the county
            let mine = try federation.db(Codes.community1).createElder(Samples.elder(1, home: Codes.community1), actor: "t")
            _ = try federation.db(Codes.community2).createElder(Samples.elder(2, home: Codes.community2), actor: "t")
            let organisation = try federation.db(Codes.county).createOrganisation(Samples.organisation(), actor: "t")

            // Then the elder reaches its street and the county, and the organisation every node
            try await federation.converge("elder up to the county") {
                try federation.db(Codes.county).elder(id: mine.model.id)?.meta == mine.meta
            }
            #expect(try federation.db(Codes.street1).elder(id: mine.model.id) != nil)
            try await federation.converge("organisation down to every node") {
                try federation.topology.codes.allSatisfy { try federation.db($0).organisation(id: organisation.model.id) != nil }
            }
            // And a street never holds the other street's elders
            try await federation.converge("county has both elders") { federation.count(Codes.county, "elders") == 2 }
            #expect(try federation.db(Codes.street2).elder(id: mine.model.id) == nil)
            #expect(try federation.db(Codes.community2).elder(id: mine.model.id) == nil)
            #expect(federation.count(Codes.street1, "elders") == 1 && federation.count(Codes.street2, "elders") == 1)
        }
    }

    @Test func anOfflineCommunityCatchesUpWithoutLossOrDuplicates() async throws {
        try await Federation.withSmall(batchSize: 100) { federation in
            federation.cut(Codes.community1)
            let db = federation.db(Codes.community1)
            for serial in 0..<500 {
                _ = try db.createElder(Samples.elder(serial, home: Codes.community1), actor: "t")
            }
            _ = try federation.db(Codes.community2).createElder(Samples.elder(9_000, home: Codes.community2), actor: "t")
            try await Task.sleep(for: .milliseconds(300))
            #expect(federation.count(Codes.county, "elders") <= 1)

            let started = ContinuousClock.now
            federation.restore(Codes.community1)
            try await federation.converge("500 writes reach the county") { federation.count(Codes.county, "elders") == 501 }
            let elapsed = ContinuousClock.now - started
            print("catch-up of 500 writes over two hops: \(elapsed)")
            #expect(federation.count(Codes.street1, "elders") == 500)
            #expect(federation.count(Codes.county, "elders") == federation.count(Codes.community1, "elders") + federation.count(Codes.community2, "elders"))
            // No duplicates: the county's log holds each change once.
            let logged = try federation.db(Codes.county).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) - count(DISTINCT entity_id || '@' || version) FROM change_log") ?? -1
            }
            #expect(logged == 0)
        }
    }

    @Test func concurrentEditsOfOnePhoneConvergeWithOneConflict() async throws {
        try await Federation.withSmall { federation in
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(7, home: Codes.community1), actor: "t")
            try await federation.converge("elder at the county") { try federation.db(Codes.county).elder(id: elder.model.id) != nil }

            // While the community is cut off, the street and the community edit the phone
            federation.cut(Codes.community1)
            var atStreet = elder.model
            atStreet.phone = "13800000001"
            _ = try federation.db(Codes.street1).updateElder(atStreet, ifMatch: nil, actor: "street")
            try await Task.sleep(for: .milliseconds(20))
            var atCommunity = elder.model
            atCommunity.phone = "13800000002"
            _ = try federation.db(Codes.community1).updateElder(atCommunity, ifMatch: nil, actor: "community")
            federation.restore(Codes.community1)

            // Then all three hold the same record and exactly one conflict row
            let nodes = [Codes.community1, Codes.street1, Codes.county]
            try await federation.converge("same phone and one conflict everywhere") {
                let states = try nodes.map { try federation.db($0).elder(id: elder.model.id) }
                let conflicts = try nodes.map { try federation.db($0).conflicts(ListFilter()).items }
                return Set(states.map { $0?.model.phone }).count == 1 && Set(states.map { $0?.meta }).count == 1
                    && conflicts.allSatisfy { $0.count == 1 } && Set(conflicts.map { $0.first?.model }).count == 1
            }
            let final = try #require(try federation.db(Codes.county).elder(id: elder.model.id))
            #expect(final.model.phone == "13800000002")
            let conflict = try #require(try federation.db(Codes.county).conflicts(ListFilter()).items.first)
            #expect(conflict.model.field == "phone" && conflict.model.loserValue == "\"13800000001\"")
        }
    }

    @Test func aCompletionAtAnOfflineCommunityBeatsACancellationAtTheCounty() async throws {
        try await Federation.withSmall { federation in
            let community = federation.db(Codes.community1)
            let county = federation.db(Codes.county)
            let organisation = try county.createOrganisation(Samples.organisation(), actor: "t")
            let worker = try county.createStaff(Staff(home: Codes.county, name: "张护工", role: .caregiver, organisationId: organisation.model.id), actor: "t")
            let elder = try community.createElder(Samples.elder(3, home: Codes.community1), actor: "t")
            let order = try community.createOrder(ServiceOrder(
                home: Codes.community1, elderId: elder.model.id, category: .meals, channel: .phone,
                takenAt: Codes.community1, takenBy: "t", requestedAtMillis: 0), actor: "t")
            try await federation.converge("order and organisation everywhere") {
                try county.order(id: order.model.id) != nil && community.organisation(id: organisation.model.id) != nil
                    && community.staff(id: worker.model.id) != nil
            }

            federation.cut(Codes.community1)
            _ = try county.appendOrderEvent(event(order.model, .cancel, reason: "family cancelled by phone"), actor: "county")
            for (kind, org) in [(OrderEventKind.dispatch, organisation.model.id), (.accept, nil), (.checkIn, nil), (.complete, nil)] {
                _ = try community.appendOrderEvent(event(order.model, kind, organisation: org, worker: kind == .accept ? worker.model.id : nil), actor: "station")
            }
            federation.restore(Codes.community1)

            let nodes = [Codes.community1, Codes.street1, Codes.county]
            try await federation.converge("completed everywhere with a conflict", explain: {
                nodes.map { code in
                    let db = federation.db(code)
                    let status = (try? db.order(id: order.model.id))??.status.rawValue ?? "missing"
                    let events = (try? db.orderHistory(id: order.model.id)).map { "\($0.applied.map(\.kind.rawValue)) rejected \($0.rejected.map(\.event.kind.rawValue))" } ?? "?"
                    let conflicts = (try? db.conflicts(ListFilter()).items.count) ?? -1
                    return "\(code): \(status) \(events) conflicts=\(conflicts)"
                }.joined(separator: "; ")
            }) {
                try [Codes.community1, Codes.street1, Codes.county].allSatisfy { code in
                    let db = federation.db(code)
                    return try db.order(id: order.model.id)?.status == .completed
                        && db.conflicts(ListFilter(equals: [.entityId: order.model.id.uuidString])).items.count == 1
                }
            }
        }
    }

    private func event(_ order: ServiceOrder, _ kind: OrderEventKind, organisation: UUID? = nil, worker: UUID? = nil, reason: String? = nil) -> OrderEvent {
        OrderEvent(orderId: order.id, home: order.home, kind: kind, version: .zero, actor: "t", reason: reason, organisationId: organisation, workerId: worker)
    }
}
