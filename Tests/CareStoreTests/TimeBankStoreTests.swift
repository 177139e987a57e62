import CareModel
import CareStore
import CareWire
import Foundation
import GRDB
import SwiftProtobuf
import Testing

/// The time bank at the sync boundary: a street takes county-homed volunteers and entries from
/// its communities, raises one overdraft conflict when two stations' redemptions meet, and a
/// child may not send a time-bank record homed anywhere but its own county.
@Suite struct TimeBankStoreTests {
    static let county = StoreFixtures.county
    static let street = StoreFixtures.street
    static let communityA = StoreFixtures.community
    static let communityB = DivisionCode("420107001002")!

    static func incoming(_ envelope: ChangeEnvelope) throws -> IncomingChange {
        IncomingChange(envelope: envelope, payload: try WireChange(envelope).serializedData())
    }

    static func change(_ record: some ReplicatedRecord, at node: DivisionCode, _ millis: Int64) -> ChangeEnvelope {
        let version = Version(hlc: HLC(millis: millis, counter: 0), origin: node.rawValue)
        var stamps: [String: FieldStamp] = [:]
        if let profile = record as? any ProfileRecord {
            stamps = Dictionary(uniqueKeysWithValues: type(of: profile).mergeFieldNames.map { ($0, FieldStamp(version: version)) })
        }
        return ChangeEnvelope(id: record.id, home: record.home, version: version, stamps: stamps, body: RecordBody(record))
    }

    static func redemption(_ volunteer: Volunteer, at node: DivisionCode, _ millis: Int64) -> TimeEntry {
        TimeEntry(
            home: volunteer.home, volunteerId: volunteer.id, kind: .redeem, minutes: 60, orderId: UUID(), forElderId: UUID(),
            relation: .family, node: node, operator: "站点", atMillis: millis)
    }

    @Test func twoStationsRedemptionsMeetAtTheStreetAsOneOverdraft() throws {
        let now = HybridLogicalClock.systemMillis()
        let db = try AppDatabase.inMemory(node: Self.street)
        let volunteer = Volunteer(name: "李桂芳", phone: "13912345678", community: Self.communityA, skills: [], registeredBy: "站点A")
        let activity = VolunteerActivity(home: Self.communityA, title: "助餐", date: "2026-03-02", place: "食堂", minutes: 60, capacity: 5, organisedBy: "站点A")
        let earned = TimeEntry.attendance(activity, volunteer: volunteer, node: Self.communityA, operator: "站点A", atMillis: now - 5_000)
        let fromA = try db.apply([
            try Self.incoming(Self.change(volunteer, at: Self.communityA, now - 6_000)), try Self.incoming(Self.change(earned, at: Self.communityA, now - 5_000)),
            try Self.incoming(Self.change(Self.redemption(volunteer, at: Self.communityA, now - 2_000), at: Self.communityA, now - 2_000)),
        ], from: .child(Self.communityA))
        #expect(fromA.applied == 3 && fromA.rejected.isEmpty && fromA.conflicts == 0, "\(fromA.rejected)")
        let atB = Self.redemption(volunteer, at: Self.communityB, now - 1_000)
        let fromB = try db.apply([try Self.incoming(Self.change(atB, at: Self.communityB, now - 1_000))], from: .child(Self.communityB))
        #expect(fromB.applied == 1 && fromB.rejected.isEmpty && fromB.conflicts == 1, "\(fromB.rejected)")

        let ledger = try db.ledger(volunteerId: volunteer.id)
        #expect(ledger.count == 3 && TimeBank.fold(ledger).minutes == -60)
        let overdrafts = try db.overdrafts(includeSettled: false)
        #expect(overdrafts.map(\.model.overdraftEntry) == [atB.id] && overdrafts.first?.model.home == Self.county)
        // The same batch again changes nothing and raises nothing new.
        let again = try db.apply([try Self.incoming(Self.change(atB, at: Self.communityB, now - 1_000))], from: .child(Self.communityB))
        #expect(again.applied == 0 && again.conflicts == 0)

        // Settled with an adjustment: the balance is back to zero and the conflict stays settled.
        let (settled, entry) = try db.settleOverdraft(id: overdrafts[0].model.id, adjust: 60, note: "街道补足", actor: "街道")
        #expect(settled.model.resolution != nil && entry?.model.kind == .adjust && entry?.model.conflictId == settled.model.id)
        #expect(TimeBank.fold(try db.ledger(volunteerId: volunteer.id)).minutes == 0)
        #expect(try db.overdrafts(includeSettled: false).isEmpty && db.overdrafts(includeSettled: true).count == 1)
        #expect(throws: StoreError.self) { try db.settleOverdraft(id: settled.model.id, adjust: nil, note: "again", actor: "街道") }
    }

    @Test func anAcceptedOverdraftStaysSettledWhenItsEntriesArriveAgain() throws {
        let now = HybridLogicalClock.systemMillis()
        let db = try AppDatabase.inMemory(node: Self.street)
        let volunteer = Volunteer(name: "周玉兰", phone: "13800002222", community: Self.communityB, skills: [], registeredBy: "站点B")
        let spent = Self.redemption(volunteer, at: Self.communityB, now - 1_000)
        let batch = [try Self.incoming(Self.change(volunteer, at: Self.communityB, now - 2_000)), try Self.incoming(Self.change(spent, at: Self.communityB, now - 1_000))]
        #expect(try db.apply(batch, from: .child(Self.communityB)).conflicts == 1)
        let open = try #require(try db.overdrafts(includeSettled: false).first)
        let (accepted, entry) = try db.settleOverdraft(id: open.model.id, adjust: nil, note: "经核实同意透支", actor: "街道")
        #expect(entry == nil && accepted.model.resolution?.note.hasPrefix("accepted") == true)
        #expect(TimeBank.fold(try db.ledger(volunteerId: volunteer.id)).minutes == -60)
        let again = try db.apply(batch, from: .child(Self.communityB))
        #expect(again.applied == 0 && again.conflicts == 0)
        #expect(try db.overdrafts(includeSettled: false).isEmpty)
    }

    @Test func aChildMaySendTimeBankRecordsHomedAtItsOwnCountyOnly() throws {
        let now = HybridLogicalClock.systemMillis()
        let db = try AppDatabase.inMemory(node: Self.street)
        // A volunteer of another county, valid in itself, is not this child's to send.
        let volunteer = Volunteer(name: "陈建国", phone: "13800001111", community: DivisionCode("420108001001")!, skills: [.repair], registeredBy: "站点")
        let before = try StoreFixtures.logCount(db)
        let refused = try db.apply([try Self.incoming(Self.change(volunteer, at: Self.communityA, now))], from: .child(Self.communityA))
        #expect(refused.applied == 0 && refused.rejected.first?.reason.contains("homed at the county") == true, "\(refused.rejected)")
        #expect(try StoreFixtures.logCount(db) == before)
        let entry = TimeEntry(
            home: Self.street, volunteerId: volunteer.id, kind: .adjust, minutes: 30, node: Self.communityA, operator: "站点A", atMillis: now)
        let misplaced = try db.apply([try Self.incoming(Self.change(entry, at: Self.communityA, now))], from: .child(Self.communityA))
        #expect(misplaced.applied == 0 && misplaced.rejected.count == 1)
    }
}
