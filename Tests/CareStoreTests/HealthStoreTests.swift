import CareModel
import CareStore
import CareWire
import Foundation
import GRDB
import SwiftProtobuf
import Testing

/// Health records at the sync boundary: a child may send a check-up or follow-up only for an
/// elder homed in its subtree, a fact is never edited, and a move re-homes what lives with
/// the elder.
@Suite struct HealthStoreTests {
    static let street = StoreFixtures.street
    static let community = StoreFixtures.community
    static let neighbour = DivisionCode("420107001002")!

    static func incoming(_ envelope: ChangeEnvelope) throws -> IncomingChange {
        IncomingChange(envelope: envelope, payload: try WireChange(envelope).serializedData())
    }

    static func checkup(elder: UUID, home: DivisionCode, systolic: Double = 150) -> Checkup {
        Checkup(
            home: home, elderId: elder, date: "2026-11-30", place: "社区卫生服务站", station: home, enteredBy: "医生",
            recordedAtMillis: 1_764_000_000_000, results: [CheckupResult(item: .systolic, value: systolic)])
    }

    static func change(_ c: Checkup, millis: Int64 = 1_764_000_000_000, origin: DivisionCode = community) -> ChangeEnvelope {
        ChangeEnvelope(id: c.id, home: c.home, version: Version(hlc: HLC(millis: millis, counter: 0), origin: origin.rawValue), body: RecordBody(c))
    }

    static func counts(_ db: AppDatabase) throws -> (checkups: Int, log: Int) {
        (try db.recordCounts()["checkups"] ?? -1, try StoreFixtures.logCount(db))
    }

    @Test func aChildCannotSendACheckupForAnElderOutsideItsSubtree() throws {
        let street = try AppDatabase.inMemory(node: Self.street)
        let elsewhere = try street.createElder(StoreFixtures.elder(serial: 7, home: Self.neighbour), actor: "t").model
        let before = try Self.counts(street)

        // Claiming the child's own community for the neighbour's elder: refused by the elder's home here.
        let disguised = Self.checkup(elder: elsewhere.id, home: Self.community)
        let outcome = try street.apply([try Self.incoming(Self.change(disguised))], from: .child(Self.community))
        #expect(outcome.applied == 0 && outcome.rejected.first?.reason.contains("lives with its parent") == true, "\(outcome.rejected)")

        // Claiming the elder's real home: outside the child's subtree.
        let honest = Self.checkup(elder: elsewhere.id, home: Self.neighbour)
        let second = try street.apply([try Self.incoming(Self.change(honest))], from: .child(Self.community))
        #expect(second.applied == 0 && second.rejected.first?.reason.contains("outside the subtree") == true, "\(second.rejected)")

        let followUp = FollowUp(
            home: Self.community, conditionId: ChronicCondition.id(elderId: elsewhere.id, disease: .hypertension), elderId: elsewhere.id,
            date: "2026-11-30", method: .home, by: "医生", outcome: .controlled, nextDue: "2027-02-28", recordedAtMillis: 1)
        var condition = ChronicCondition(home: Self.neighbour, elderId: elsewhere.id, disease: .hypertension, registeredOn: "2026-01-01")
        condition.home = Self.neighbour
        _ = try street.apply([try Self.incoming(ChangeEnvelope(
            id: condition.id, home: condition.home, version: Version(hlc: HLC(millis: 5, counter: 0), origin: Self.street.county.rawValue),
            body: RecordBody(condition)))], from: .parent(Self.street.county))
        let third = try street.apply([try Self.incoming(ChangeEnvelope(
            id: followUp.id, home: followUp.home, version: Version(hlc: HLC(millis: 6, counter: 0), origin: Self.community.rawValue),
            body: RecordBody(followUp)))], from: .child(Self.community))
        #expect(third.applied == 0 && third.rejected.count == 1, "\(third.rejected)")
        #expect(try Self.counts(street).checkups == before.checkups)
        #expect(try street.healthRecord(elderId: elsewhere.id).followUps.isEmpty)
    }

    @Test func aCheckupIsNeverEditedButMovesWithItsElder() throws {
        let street = try AppDatabase.inMemory(node: Self.street)
        let station = try AppDatabase.inMemory(node: Self.community)
        let elder = try street.createElder(StoreFixtures.elder(serial: 8, home: Self.community), actor: "t").model
        _ = try station.apply(try StoreFixtures.outgoing(street, scope: .toChild(Self.community)), from: .parent(Self.street))
        let original = try station.createCheckup(Self.checkup(elder: elder.id, home: Self.community), actor: "医生").model
        #expect(try street.apply(try StoreFixtures.outgoing(station, scope: .toParent(Self.street)), from: .child(Self.community)).applied == 1)

        var edited = original
        edited.results = [CheckupResult(item: .systolic, value: 118)]
        let refused = try street.apply([try Self.incoming(Self.change(edited, millis: HybridLogicalClock.systemMillis()))], from: .child(Self.community))
        #expect(refused.rejected.first?.reason.contains("is a fact") == true, "\(refused.rejected)")
        #expect(try street.checkup(id: original.id)?.model.results.first?.value == 150)

        // The street moves the elder to the neighbouring community: the check-up goes along.
        var moved = elder
        moved.home = Self.neighbour
        _ = try street.updateElder(moved, ifMatch: nil, actor: "street")
        #expect(try street.checkup(id: original.id)?.model.home == Self.neighbour)
        #expect(try StoreFixtures.outgoing(street, scope: .toChild(Self.neighbour)).contains { $0.envelope.id == original.id })

        // At the old community the re-homed copy purges the one it held, as the elder's move does.
        let outcome = try station.apply(try StoreFixtures.outgoing(street, scope: .toChild(Self.community)), from: .parent(Self.street))
        #expect(outcome.purged == 2, "\(outcome)")
        #expect(try station.checkup(id: original.id) == nil && station.elder(id: elder.id) == nil)
    }
}
