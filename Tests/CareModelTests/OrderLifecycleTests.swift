import CareModel
import Foundation
import PropertyBased
import Testing

@Suite struct OrderLifecycleTests {
    let orderId = UUID()
    let organisationA = UUID()
    let organisationB = UUID()

    func event(_ kind: OrderEventKind, _ millis: Int64, at origin: String = "420107001001", organisation: UUID? = nil, supersedes: UUID? = nil) -> OrderEvent {
        OrderEvent(
            orderId: orderId, home: Fixtures.community, kind: kind, version: Fixtures.version(millis, origin), actor: "tester",
            organisationId: organisation, supersedes: supersedes)
    }

    @Test func aFullServiceRunsToClosed() {
        let events = [
            event(.dispatch, 1, organisation: organisationA), event(.accept, 2), event(.checkIn, 3), event(.complete, 4),
            event(.rate, 5), event(.returnVisit, 6), event(.close, 7),
        ]
        let state = OrderLifecycle.fold(events)
        #expect(state.status == .closed)
        #expect(state.rejected.isEmpty)
        #expect(state.organisationId == organisationA)
    }

    @Test func aCompletionIsNeverLostToACancellation() {
        let events = [
            event(.dispatch, 10, organisation: organisationA), event(.accept, 20),
            event(.cancel, 25, at: "420107"),
            event(.checkIn, 30), event(.complete, 40),
        ]
        let state = OrderLifecycle.fold(events.reversed())
        #expect(state.status == .completed)
        #expect(state.rejected.map(\.event.kind) == [.cancel])
    }

    @Test func aCancellationBeforeAnyWorkStillLosesToALaterCompletion() {
        let state = OrderLifecycle.fold([
            event(.cancel, 5, at: "420107"), event(.dispatch, 10, organisation: organisationA), event(.accept, 20),
            event(.checkIn, 30), event(.complete, 40),
        ])
        #expect(state.status == .completed)
    }

    @Test func twoConcurrentDispatchesLeaveTheEarlierInForce() {
        let local = event(.dispatch, 10, at: "420107001001", organisation: organisationA)
        let county = event(.dispatch, 11, at: "420107", organisation: organisationB)
        let state = OrderLifecycle.fold([county, local])
        #expect(state.organisationId == organisationA)
        #expect(state.rejected.map(\.event.id) == [county.id])
    }

    @Test func anExplicitRedispatchReplacesTheDispatchInForce() {
        let first = event(.dispatch, 10, organisation: organisationA)
        let second = event(.dispatch, 20, at: "420107", organisation: organisationB, supersedes: first.id)
        let state = OrderLifecycle.fold([first, second])
        #expect(state.organisationId == organisationB && state.rejected.isEmpty)
    }

    @Test func illegalStepsNameWhatIsAllowed() {
        let reason = OrderLifecycle.rejection(of: event(.checkIn, 1), in: OrderState())
        #expect(reason?.contains("allowed next: dispatch, refer, cancel") == true)
    }

    @Test func theFoldIgnoresArrivalOrderAndDuplicates() async {
        let events = [
            event(.dispatch, 10, organisation: organisationA), event(.dispatch, 11, at: "420107", organisation: organisationB),
            event(.accept, 20), event(.cancel, 25, at: "420107"), event(.checkIn, 30), event(.complete, 40), event(.rate, 50),
        ]
        let reference = OrderLifecycle.fold(events)
        await propertyCheck(count: 100, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMix64(seed: UInt64(seed))
            var delivered = events + events.prefix(Int.random(in: 0...events.count, using: &random))
            delivered.shuffle(using: &random)
            #expect(OrderLifecycle.fold(delivered) == reference)
        }
    }

    @Test func rejectedEventsGiveTheSameConflictWhereverTheyAreFolded() {
        let cancel = event(.cancel, 25, at: "420107")
        #expect(Conflict(rejected: cancel) == Conflict(rejected: cancel))
        #expect(Conflict(rejected: cancel).id == StableID.make("conflict", "orderEvent", cancel.id.uuidString))
    }
}
