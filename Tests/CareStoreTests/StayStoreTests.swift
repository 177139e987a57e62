import CareModel
import CareStore
import CareWire
import Foundation
import GRDB
import SwiftProtobuf
import Testing

/// Stays in the store: one open stay per elder and one elder per bed; a record that does not fit
/// writes nothing; a peer's stays and records apply once in any order; a child may not send a
/// record that names another elder than its stay's.
@Suite struct StayStoreTests {
    static let street = StoreFixtures.street
    static let community = StoreFixtures.community
    static let now: Int64 = 1_764_000_000_000

    static func stay(_ elder: Elder, bed: String = "1") -> Stay {
        Stay(
            home: community, elderId: elder.id, kind: .fullCare, room: "201", bed: bed, careLevel: 1, assessmentId: nil,
            contractFrom: "2025-11-01", contractTo: "2026-10-31", contacts: elder.emergencyContacts, admittedAtMillis: now, admittedBy: "站长")
    }

    static func record(_ stay: Stay, _ item: CareRecordItem, at: Int64, meal: Meal? = nil, detail: String? = nil) -> CareRecord {
        CareRecord(
            stayId: stay.id, elderId: stay.elderId, home: stay.home, item: item, meal: meal, detail: detail, by: "张护理员", atMillis: at,
            recordedBy: "站长", recordedAtMillis: at)
    }

    @Test func oneOpenStayPerElderAndOneElderPerBedAndARecordThatDoesNotFitWritesNothing() throws {
        let station = try AppDatabase.inMemory(node: Self.community)
        let a = try station.createElder(StoreFixtures.elder(serial: 1), actor: "t").model
        let b = try station.createElder(StoreFixtures.elder(serial: 2), actor: "t").model
        let stay = Self.stay(a)
        _ = try station.admit(stay, actor: "站长")
        #expect(throws: StayRefusal.self) { try station.admit(Self.stay(a, bed: "9"), actor: "站长") }
        #expect(throws: StayRefusal.self) { try station.admit(Self.stay(b), actor: "站长") }
        _ = try station.appendCareRecord(Self.record(stay, .leave, at: Self.now + 3_600_000, detail: "住院"), actor: "站长")
        let before = try StoreFixtures.logCount(station)
        #expect(throws: StayRefusal.self) { try station.appendCareRecord(Self.record(stay, .meal, at: Self.now + 7_200_000, meal: .lunch), actor: "站长") }
        #expect(try StoreFixtures.logCount(station) == before)
        let summary = try station.appendCareRecord(Self.record(stay, .discharge, at: Self.now + 7_200_000, detail: "转院"), actor: "站长")
        #expect(summary.status == .discharged && summary.dischargedAtMillis == Self.now + 7_200_000)
        _ = try station.admit(Self.stay(b), actor: "站长")
    }

    @Test func aPeersStayAndRecordsApplyOnceInAnyOrderAndARecordForAnotherElderIsRefused() throws {
        let station = try AppDatabase.inMemory(node: Self.community)
        let elder = try station.createElder(StoreFixtures.elder(serial: 3), actor: "t").model
        let other = try station.createElder(StoreFixtures.elder(serial: 4), actor: "t").model
        let stay = Self.stay(elder)
        _ = try station.admit(stay, actor: "站长")
        for hour in 1...3 { _ = try station.appendCareRecord(Self.record(stay, .meal, at: Self.now + Int64(hour) * 3_600_000, meal: .lunch), actor: "站长") }
        _ = try station.appendCareRecord(Self.record(stay, .leave, at: Self.now + 5 * 3_600_000, detail: "探亲"), actor: "站长")

        let changes = try StoreFixtures.outgoing(station, scope: .toParent(Self.street)).filter { [.stay, .careRecord].contains($0.envelope.kind) }
        #expect(changes.count == 5)
        let street = try AppDatabase.inMemory(node: Self.street)
        _ = try street.apply(try StoreFixtures.outgoing(station, scope: .toParent(Self.street)).filter { $0.envelope.kind == .elder }, from: .child(Self.community))
        // Records before their stay, and everything twice.
        let outcome = try street.apply(changes.reversed() + changes, from: .child(Self.community))
        #expect(outcome.rejected.isEmpty, "\(outcome.rejected)")
        let held = try #require(try street.stay(id: stay.id, in: nil))
        #expect(held.summary.status == .onLeave && held.state.applied.count == 4 && held.state.ignored.isEmpty)

        var forged = Self.record(stay, .return, at: Self.now + 6 * 3_600_000)
        forged.elderId = other.id
        let v = Version(hlc: HLC(millis: Self.now + 6 * 3_600_000, counter: 0), origin: Self.community.rawValue)
        let change = ChangeEnvelope(id: forged.id, home: Self.community, version: v, body: RecordBody(forged))
        let refused = try street.apply([IncomingChange(envelope: change, payload: try WireChange(change).serializedData())], from: .child(Self.community))
        #expect(refused.applied == 0 && refused.rejected.count == 1, "\(refused.rejected)")
        #expect(try street.stay(id: stay.id, in: nil)?.summary.status == .onLeave)
    }
}
