import CareModel
import CareStore
import CareWire
import Foundation
import SwiftProtobuf
import Testing

/// Random concurrent work at a street and a community, exchanged in random order with
/// duplicates, leaves both stores with the same records and the same conflicts.
@Suite struct ConvergencePropertyTests {
    @Test(arguments: 0..<24)
    func randomConcurrentWorkConverges(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        let street = try AppDatabase.inMemory(node: StoreFixtures.street)
        let community = try AppDatabase.inMemory(node: StoreFixtures.community)
        let elders = try (1...3).map { try community.createElder(StoreFixtures.elder(serial: $0), actor: "t").model }
        let order = try community.createOrder(ServiceOrder(
            home: StoreFixtures.community, elderId: elders[0].id, category: .meals, channel: .phone,
            takenAt: StoreFixtures.community, takenBy: "t", requestedAtMillis: 0), actor: "t").model
        _ = try street.apply(try StoreFixtures.outgoing(community, scope: .toParent(StoreFixtures.street)), from: .child(StoreFixtures.community))
        let streetStart = try street.logHead()
        let communityStart = try community.logHead()

        // Concurrent edits and lifecycle steps on both sides while they are apart
        for _ in 0..<15 {
            let db = Bool.random(using: &random) ? street : community
            var elder = try #require(try db.elder(id: elders.randomElement(using: &random)!.id)).model
            switch Int.random(in: 0..<4, using: &random) {
            case 0: elder.phone = "1380000\(Int.random(in: 1000...9999, using: &random))"
            case 1: elder.abilityLevel = Int.random(in: 0...4, using: &random)
            case 2: elder.livingSituation = LivingSituation.allCases.randomElement(using: &random)!
            default:
                let kind = [OrderEventKind.dispatch, .accept, .checkIn, .complete, .cancel].randomElement(using: &random)!
                let event = OrderEvent(orderId: order.id, home: order.home, kind: kind, version: .zero, actor: "t", organisationId: UUID())
                _ = try? db.appendOrderEvent(event, actor: "t")
                continue
            }
            _ = try db.updateElder(elder, ifMatch: nil, actor: "t")
        }

        // Exchange until neither side has anything new to send, as sync does; each round's
        // changes arrive shuffled, duplicated and in several batches.
        var downCursor = streetStart
        var upCursor = communityStart
        for _ in 0..<6 {
            let downPage = try street.pendingChanges(after: downCursor, scope: .toChild(StoreFixtures.community), limit: 1000)
            let upPage = try community.pendingChanges(after: upCursor, scope: .toParent(StoreFixtures.street), limit: 1000)
            downCursor = downPage.next
            upCursor = upPage.next
            if downPage.entries.isEmpty && upPage.entries.isEmpty { break }
            var down = try decode(downPage.entries)
            var up = try decode(upPage.entries)
            down += down.prefix(Int.random(in: 0...down.count, using: &random))
            up += up.prefix(Int.random(in: 0...up.count, using: &random))
            down.shuffle(using: &random)
            up.shuffle(using: &random)
            for chunk in stride(from: 0, to: down.count, by: 3) {
                _ = try community.apply(Array(down[chunk..<min(chunk + 3, down.count)]), from: .parent(StoreFixtures.street))
            }
            for chunk in stride(from: 0, to: up.count, by: 4) {
                _ = try street.apply(Array(up[chunk..<min(chunk + 4, up.count)]), from: .child(StoreFixtures.community))
            }
        }

        for elder in elders {
            let left = try street.elder(id: elder.id)
            let right = try community.elder(id: elder.id)
            #expect(left?.model == right?.model && left?.meta == right?.meta)
        }
        #expect(try street.order(id: order.id)?.status == community.order(id: order.id)?.status)
        let leftConflicts = try street.conflicts(ListFilter(limit: 500)).items.map(\.model)
        let rightConflicts = try community.conflicts(ListFilter(limit: 500)).items.map(\.model)
        #expect(leftConflicts == rightConflicts)
    }

    private func decode(_ entries: [LogEntry]) throws -> [IncomingChange] {
        try entries.map { entry in
            IncomingChange(envelope: try ChangeEnvelope(wire: try WireChange(serializedBytes: entry.payload)), payload: entry.payload)
        }
    }
}
