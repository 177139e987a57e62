import SwiftProtobuf
import CareModel
import CareStore
import Foundation
import Testing

@Suite struct ApplyTests {
    @Test func applyingTheSameBatchTwiceChangesNothingTheSecondTime() throws {
        let community = try AppDatabase.inMemory(node: StoreFixtures.community)
        for serial in 1...5 { _ = try community.createElder(StoreFixtures.elder(serial: serial), actor: "t") }
        let street = try AppDatabase.inMemory(node: StoreFixtures.street)
        let batch = try StoreFixtures.outgoing(community, scope: .toParent(StoreFixtures.street))
        let first = try street.apply(batch, from: .child(StoreFixtures.community))
        let second = try street.apply(batch, from: .child(StoreFixtures.community))
        #expect(first.applied == 5 && second.applied == 0 && second.unchanged == 5)
        #expect(try StoreFixtures.logCount(street) == 5)
    }

    @Test func aRelayKeepsTheOriginalVersionAndOrigin() throws {
        let community = try AppDatabase.inMemory(node: StoreFixtures.community)
        let elder = try community.createElder(StoreFixtures.elder(), actor: "t")
        let street = try AppDatabase.inMemory(node: StoreFixtures.street)
        _ = try street.apply(try StoreFixtures.outgoing(community, scope: .toParent(StoreFixtures.street)), from: .child(StoreFixtures.community))
        let relayed = try StoreFixtures.outgoing(street, scope: .toParent(StoreFixtures.county))
        #expect(relayed.count == 1)
        #expect(relayed.first?.envelope.version == elder.meta.version)
        #expect(relayed.first?.envelope.version.origin == StoreFixtures.community.rawValue)
        // Nor is it sent back to the child it came from.
        #expect(try StoreFixtures.outgoing(street, scope: .toChild(StoreFixtures.community)).isEmpty)
    }

    @Test func aChildCannotPushRegistryRecordsOrRecordsOutsideItsSubtree() throws {
        let county = try AppDatabase.inMemory(node: StoreFixtures.county)
        _ = try county.createOrganisation(StoreFixtures.organisation(), actor: "t")
        let registry = try StoreFixtures.outgoing(county, scope: .toChild(StoreFixtures.street))
        let foreign = try AppDatabase.inMemory(node: DivisionCode("420107002001")!)
        _ = try foreign.createElder(StoreFixtures.elder(home: DivisionCode("420107002001")!), actor: "t")
        let outside = try StoreFixtures.outgoing(foreign, scope: .toParent(DivisionCode("420107002")!))

        let street = try AppDatabase.inMemory(node: StoreFixtures.street)
        let outcome = try street.apply(registry + outside, from: .child(StoreFixtures.community))
        #expect(outcome.applied == 0 && outcome.rejected.count == 2)
        #expect(try StoreFixtures.logCount(street) == 0)
        #expect(try street.organisations(ListFilter()).items.isEmpty && street.elders(ListFilter()).items.isEmpty)
    }

    @Test func concurrentPhoneEditsLeaveOneConflictAndTheSameStateOnBothSides() throws {
        let community = try AppDatabase.inMemory(node: StoreFixtures.community)
        let street = try AppDatabase.inMemory(node: StoreFixtures.street)
        let elder = try community.createElder(StoreFixtures.elder(), actor: "t")
        _ = try street.apply(try StoreFixtures.outgoing(community, scope: .toParent(StoreFixtures.street)), from: .child(StoreFixtures.community))
        let streetHead = try street.logHead()
        let communityHead = try community.logHead()

        var atCommunity = elder.model
        atCommunity.phone = "13800000001"
        _ = try community.updateElder(atCommunity, ifMatch: nil, actor: "t")
        var atStreet = elder.model
        atStreet.phone = "13800000002"
        _ = try street.updateElder(atStreet, ifMatch: nil, actor: "t")

        let down = try street.pendingChanges(after: streetHead, scope: .toChild(StoreFixtures.community), limit: 100).entries
        let up = try community.pendingChanges(after: communityHead, scope: .toParent(StoreFixtures.street), limit: 100).entries
        _ = try community.apply(try decode(down), from: .parent(StoreFixtures.street))
        _ = try street.apply(try decode(up), from: .child(StoreFixtures.community))

        let left = try #require(try community.elder(id: elder.model.id))
        let right = try #require(try street.elder(id: elder.model.id))
        #expect(left.model == right.model && left.meta == right.meta)
        #expect(try community.conflicts(ListFilter()).items.count == 1)
        #expect(try street.conflicts(ListFilter()).items.map(\.model) == community.conflicts(ListFilter()).items.map(\.model))
    }

    private func decode(_ entries: [LogEntry]) throws -> [IncomingChange] {
        try entries.map { entry in
            IncomingChange(envelope: try ChangeEnvelope(wire: try .init(serializedBytes: entry.payload)), payload: entry.payload)
        }
    }
}

import CareWire
