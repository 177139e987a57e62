import CareModel
import CareStore
import CareWire
import Foundation
import GRDB
import SwiftProtobuf
import Testing

/// Call records in the store: a ringing number finds its elder by the elder's phone or an
/// emergency contact's, however it is written; a completion with an order writes both or
/// neither; the call moves with its elder; a child may not send a call for an elder elsewhere.
@Suite struct CallStoreTests {
    static let street = StoreFixtures.street
    static let community = StoreFixtures.community
    static let neighbour = DivisionCode("420107001002")!

    static func elder(serial: Int, phone: String, contact: String, home: DivisionCode = community) -> Elder {
        var elder = StoreFixtures.elder(serial: serial, home: home)
        elder.phone = phone
        elder.emergencyContacts = [EmergencyContact(name: "女儿\(serial)", relation: "女儿", phone: contact)]
        return elder
    }

    static func ringing(_ number: String, at node: DivisionCode) -> CallRecord {
        CallRecord(home: node, direction: .incoming, number: number, startedAtMillis: 1_764_000_000_000, takenAt: node, agent: "坐席01")
    }

    @Test func aRingingNumberFindsTheElderByTheirPhoneOrAContactsPhone() throws {
        let street = try AppDatabase.inMemory(node: Self.street)
        let mother = try street.createElder(Self.elder(serial: 1, phone: "027-8888 1234", contact: "139 1234 5678"), actor: "t").model
        let other = try street.createElder(Self.elder(serial: 2, phone: "13800000002", contact: "13700000002"), actor: "t").model

        let byContact = try street.takeIncomingCall(Self.ringing("+86 139-1234-5678", at: Self.street), scope: nil, actor: "坐席01")
        #expect(byContact.callers.map(\.elder.model.id) == [mother.id] && byContact.callers.first?.matchedBy == .emergencyContact)
        #expect(byContact.call.model.elderId == mother.id && byContact.call.model.home == Self.community)

        let byOwnPhone = try street.callers(number: "+86 27 88881234", scope: nil)
        #expect(byOwnPhone.map(\.elder.model.id) == [mother.id] && byOwnPhone.first?.matchedBy == .elderPhone)

        // Nobody's number: the call stays unmatched, homed where it was taken.
        let unknown = try street.takeIncomingCall(Self.ringing("13600000000", at: Self.street), scope: nil, actor: "坐席01")
        #expect(unknown.callers.isEmpty && unknown.call.model.elderId == nil && unknown.call.model.home == Self.street)
        // Outside the agent's jurisdiction an elder is not matched.
        let narrow = Jurisdiction(division: Self.neighbour)
        #expect(try street.callers(number: "13800000002", scope: narrow).isEmpty)
        #expect(try street.callers(number: "13800000002", scope: nil).map(\.elder.model.id) == [other.id])
    }

    @Test func aCompletionWithAnOrderWritesBothOrNeither() throws {
        let street = try AppDatabase.inMemory(node: Self.street)
        let elder = try street.createElder(Self.elder(serial: 3, phone: "13800000003", contact: "13900000003"), actor: "t").model
        let taken = try street.takeIncomingCall(Self.ringing("13900000003", at: Self.street), scope: nil, actor: "坐席01").call
        var done = taken.model
        done.outcome = .answered
        done.purpose = .serviceRequest
        done.durationSeconds = 120
        done.completedAtMillis = done.startedAtMillis + 120_000
        let order = ServiceOrder(
            home: Self.community, elderId: elder.id, category: .bathing, channel: .phone, takenAt: Self.street, takenBy: "坐席01",
            requestedAtMillis: done.completedAtMillis!)

        // A stale ETag: nothing is written, not even the order.
        #expect(throws: StoreError.self) { try street.completeCall(done, ifMatch: "\"1-x\"", order: order, complaint: nil, actor: "坐席01") }
        #expect(try street.order(id: order.id) == nil)

        let stored = try street.completeCall(done, ifMatch: taken.etag, order: order, complaint: nil, actor: "坐席01")
        #expect(stored.model.orderId == order.id && stored.model.outcome == .answered)
        #expect(try street.order(id: order.id)?.order.home == Self.community)
        #expect(try street.callQueue(scope: nil, within: nil).open.isEmpty)
    }

    @Test func aCallMovesWithItsElderAndAChildCannotSendOneForAnElderElsewhere() throws {
        let street = try AppDatabase.inMemory(node: Self.street)
        let elder = try street.createElder(Self.elder(serial: 4, phone: "13800000004", contact: "13900000004"), actor: "t").model
        let call = try street.takeIncomingCall(Self.ringing("13800000004", at: Self.street), scope: nil, actor: "坐席01").call.model
        var moved = elder
        moved.home = Self.neighbour
        _ = try street.updateElder(moved, ifMatch: nil, actor: "street")
        #expect(try street.call(id: call.id, in: nil)?.model.home == Self.neighbour)
        #expect(try StoreFixtures.outgoing(street, scope: .toChild(Self.neighbour)).contains { $0.envelope.id == call.id })

        // The first community claims a call for the elder now homed next door.
        var forged = CallRecord(
            home: Self.community, direction: .incoming, number: "13800000004", startedAtMillis: 1_764_000_000_000, takenAt: Self.community,
            agent: "x", elderId: elder.id, matchedBy: .elderPhone)
        forged.id = UUID()
        let v = Version(hlc: HLC(millis: 1_764_000_000_000, counter: 0), origin: Self.community.rawValue)
        let change = ChangeEnvelope(
            id: forged.id, home: Self.neighbour, version: v,
            stamps: Dictionary(uniqueKeysWithValues: CallRecord.mergeFieldNames.map { ($0, FieldStamp(version: v)) }), body: RecordBody(forged))
        let outcome = try street.apply(
            [IncomingChange(envelope: change, payload: try WireChange(change).serializedData())], from: .child(Self.community))
        #expect(outcome.applied == 0 && outcome.rejected.count == 1, "\(outcome.rejected)")
        #expect(try street.call(id: forged.id, in: nil) == nil)
    }
}
