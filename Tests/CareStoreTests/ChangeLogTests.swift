import CareModel
import CareStore
import Foundation
import GRDB
import Testing

@Suite struct ChangeLogTests {
    @Test func everyCommittedWriteAppendsExactlyOneLogEntry() throws {
        let db = try AppDatabase.inMemory(node: StoreFixtures.community)
        let elder = try db.createElder(StoreFixtures.elder(), actor: "t")
        var edited = elder.model
        edited.phone = "13800000000"
        _ = try db.updateElder(edited, ifMatch: elder.etag, actor: "t")
        try db.deleteElder(id: elder.model.id, ifMatch: nil, actor: "t")
        #expect(try StoreFixtures.logCount(db) == 3)
    }

    @Test func aRolledBackTransactionLeavesNoRecordAndNoLogEntry() throws {
        let db = try AppDatabase.inMemory(node: StoreFixtures.community)
        let elder = StoreFixtures.elder()
        // The same id twice: the third insert fails after two succeeded, so all roll back.
        #expect(throws: StoreError.self) { try db.importElders([elder, StoreFixtures.elder(serial: 2), elder], actor: "t") }
        #expect(try StoreFixtures.logCount(db) == 0)
        #expect(try db.elders(ListFilter()).items.isEmpty)
    }

    @Test func aStaleETagIsRefusedAndChangesNothing() throws {
        let db = try AppDatabase.inMemory(node: StoreFixtures.community)
        let first = try db.createElder(StoreFixtures.elder(), actor: "t")
        var edited = first.model
        edited.name = "新名字"
        _ = try db.updateElder(edited, ifMatch: first.etag, actor: "t")
        edited.name = "另一个名字"
        #expect(throws: StoreError.self) { try db.updateElder(edited, ifMatch: first.etag, actor: "t") }
        #expect(try db.elder(id: first.model.id)?.model.name == "新名字")
        #expect(try StoreFixtures.logCount(db) == 2)
    }

    @Test func registryRecordsAreWrittenOnlyAtTheCounty() throws {
        let community = try AppDatabase.inMemory(node: StoreFixtures.community)
        #expect(throws: StoreError.self) { try community.createOrganisation(StoreFixtures.organisation(), actor: "t") }
        let county = try AppDatabase.inMemory(node: StoreFixtures.county)
        _ = try county.createOrganisation(StoreFixtures.organisation(), actor: "t")
        #expect(try StoreFixtures.logCount(community) == 0 && StoreFixtures.logCount(county) == 1)
    }

    @Test func urgentChangesAreServedBeforeBulkOnes() throws {
        let db = try AppDatabase.inMemory(node: StoreFixtures.community)
        let elder = try db.createElder(StoreFixtures.elder(), actor: "t")
        for serial in 2...5 { _ = try db.createElder(StoreFixtures.elder(serial: serial), actor: "t") }
        _ = try db.createOrder(ServiceOrder(
            home: StoreFixtures.community, elderId: elder.model.id, category: .meals, channel: .phone,
            takenAt: StoreFixtures.community, takenBy: "t", requestedAtMillis: 0), actor: "t")
        let page = try db.pendingChanges(after: .start, scope: .toParent(StoreFixtures.street), limit: 3)
        #expect(page.entries.first?.kind == .order)
        #expect(page.hasMore)
        #expect(page.entries.count == 3)
    }
}

@Suite struct ClockPersistenceTests {
    @Test func theClockIsMonotonicAcrossARestartWithTheWallClockSetBack() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carenode-hlc-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let before: Version
        do {
            let db = try AppDatabase.open(directory: directory, node: StoreFixtures.community, wallClock: { 2_000_000 })
            before = try db.createElder(StoreFixtures.elder(), actor: "t").meta.version
        }
        // Restart with the wall clock an hour earlier.
        let db = try AppDatabase.open(directory: directory, node: StoreFixtures.community, wallClock: { 2_000_000 - 3_600_000 })
        let after = try db.createElder(StoreFixtures.elder(serial: 2), actor: "t").meta.version
        #expect(after > before)
        #expect(after.hlc.millis == before.hlc.millis)
    }
}
