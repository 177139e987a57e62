import CareModel
import CareStore
import CareWire
import Foundation
import SwiftProtobuf
import Testing

@Suite struct ScopeRuleTests {
    static let street = StoreFixtures.street
    static let community = StoreFixtures.community
    static let neighbour = DivisionCode("420107001002")!

    static func incoming(_ envelope: ChangeEnvelope) throws -> IncomingChange {
        IncomingChange(envelope: envelope, payload: try WireChange(envelope).serializedData())
    }

    static func order(home: DivisionCode) -> ServiceOrder {
        ServiceOrder(home: home, elderId: UUID(), category: .meals, channel: .phone, takenAt: home, takenBy: "t", requestedAtMillis: 1)
    }

    @Test func theRuleJudgesTheStoredHomeAsWellAsTheClaimedOne() {
        let elder = StoreFixtures.elder(home: Self.community)
        let change = ChangeEnvelope(id: elder.id, home: elder.home, version: Version(hlc: HLC(millis: 1, counter: 0), origin: "x"), body: RecordBody(elder))
        #expect(SyncScope.childRefusal(change, child: Self.community, storedHome: nil) == nil)
        #expect(SyncScope.childRefusal(change, child: Self.community, storedHome: Self.community) == nil)
        #expect(SyncScope.childRefusal(change, child: Self.community, storedHome: Self.neighbour)?.contains("held here with home") == true)
        #expect(SyncScope.childRefusal(change, child: Self.neighbour, storedHome: Self.community)?.contains("outside the subtree") == true)
        #expect(SyncScope.childRefusal(change, child: Self.community, storedHome: nil, movedOut: true)?.contains("moved out") == true)
        #expect(SyncScope.clockRefusal(change, nowMillis: 1, maxSkewMillis: 0) == nil)
        #expect(SyncScope.clockRefusal(change, nowMillis: 0, maxSkewMillis: 0) != nil)
    }

    @Test func belowAStreetOnlyAnAccountsPasswordMayChange() {
        let hash = "$2b$10$" + String(repeating: "a", count: 53)
        let account = Operator(name: "staff1", role: .stationStaff, home: Self.community, passwordHash: hash, mustChangePassword: true)
        func change(_ a: Operator, by origin: DivisionCode) -> ChangeEnvelope {
            ChangeEnvelope(id: a.id, home: a.home, version: Version(hlc: HLC(millis: 5, counter: 0), origin: origin.rawValue), body: RecordBody(a))
        }
        var password = account
        password.passwordHash = "$2b$10$" + String(repeating: "b", count: 53)
        password.mustChangePassword = false
        var promoted = password
        promoted.role = .admin
        var enabled = account
        enabled.disabled = false
        var disabled = account
        disabled.disabled = true
        // The street writes its subtree's accounts; what a station sends up is only a password.
        #expect(SyncScope.accountRefusal(change(promoted, by: Self.street), child: Self.street, stored: account) == nil)
        #expect(SyncScope.accountRefusal(change(password, by: Self.community), child: Self.community, stored: account) == nil)
        #expect(SyncScope.accountRefusal(change(password, by: Self.community), child: Self.street, stored: account) == nil)
        #expect(SyncScope.accountRefusal(change(promoted, by: Self.community), child: Self.community, stored: account)?.contains("beyond its password") == true)
        #expect(SyncScope.accountRefusal(change(enabled, by: Self.community), child: Self.community, stored: disabled)?.contains("beyond its password") == true)
        #expect(SyncScope.accountRefusal(change(account, by: Self.community), child: Self.community, stored: nil)?.contains("accounts are made") == true)
        #expect(SyncScope.accountRefusal(change(promoted, by: Self.community), child: Self.street, stored: account) != nil)
    }

    @Test func anEventThatArrivedBeforeItsOrderUnderAnotherHomeTakesNoPartInTheFold() throws {
        let db = try AppDatabase.inMemory(node: Self.street)
        let order = Self.order(home: Self.neighbour)
        let version = Version(hlc: db.clock.now(), origin: Self.community.rawValue)
        // From a child's side it claims its own community; its order is not held here yet.
        let stray = OrderEvent(orderId: order.id, home: Self.community, kind: .cancel, version: version, actor: "t", reason: "r")
        let first = try db.apply([try Self.incoming(ChangeEnvelope(id: stray.id, home: stray.home, version: version, body: RecordBody(stray)))], from: .child(Self.community))
        #expect(first.applied == 1)
        let orderVersion = Version(hlc: db.clock.now(), origin: Self.neighbour.rawValue)
        _ = try db.apply([try Self.incoming(ChangeEnvelope(id: order.id, home: order.home, version: orderVersion, body: RecordBody(order)))], from: .child(Self.neighbour))
        #expect(try db.order(id: order.id)?.status == .requested)

        // Once the order is held, an event under another home is refused outright, whoever sends it.
        let late = OrderEvent(orderId: order.id, home: Self.community, kind: .cancel, version: version, actor: "t", reason: "r")
        let refused = try db.apply([try Self.incoming(ChangeEnvelope(id: late.id, home: late.home, version: version, body: RecordBody(late)))], from: .parent(StoreFixtures.county))
        #expect(refused.applied == 0 && refused.rejected.first?.reason.contains("lives with its parent") == true)

        // An event homed with its order counts.
        let real = OrderEvent(orderId: order.id, home: order.home, kind: .cancel, version: Version(hlc: db.clock.now(), origin: Self.neighbour.rawValue), actor: "t", reason: "r")
        _ = try db.apply([try Self.incoming(ChangeEnvelope(id: real.id, home: real.home, version: real.version, body: RecordBody(real)))], from: .child(Self.neighbour))
        #expect(try db.order(id: order.id)?.status == .cancelled)
    }
}
