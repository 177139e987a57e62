import CareModel
import CareWire
import Foundation
import SwiftProtobuf
import Testing

@Suite("Changes round-trip through the wire")
struct ChangeRoundTripTests {
    @Test("the samples cover every kind of record")
    func samplesCoverEveryKind() {
        #expect(Set(SampleChanges.all.map(\.kind)) == Set(EntityKind.allCases))
    }

    @Test("a change survives model → wire → bytes → wire → model unchanged", arguments: SampleChanges.named)
    func changeRoundTripsUnchanged(_ sample: Sample) throws {
        let change = sample.change
        // given a change as the model makes it
        // when it is encoded, serialized, parsed and decoded again
        let bytes: Data = try WireChange(change).canonicalBytes()
        let decoded = try ChangeEnvelope(wire: WireChange(serializedBytes: bytes))

        // then nothing was lost or altered
        #expect(decoded == change)
    }

    @Test("decoding straight from bytes gives the same change", arguments: SampleChanges.named)
    func changeDecodesFromBytes(_ sample: Sample) throws {
        let change = sample.change
        // given the bytes of a change
        let bytes: Data = try WireChange(change).canonicalBytes()

        // when they are decoded in one step
        let decoded = try ChangeEnvelope(wireBytes: bytes)

        // then it is the change
        #expect(decoded == change)
    }

    @Test("equal changes encode to equal bytes, whatever the order of their stamps")
    func encodingIsDeterministic() throws {
        // given one profile change twice (its stamps are a dictionary)
        let change = SampleChanges.elderChange

        // when both are encoded
        let first: Data = try WireChange(change).canonicalBytes()
        let second: Data = try WireChange(ChangeEnvelope(
            id: change.id, home: change.home, version: change.version, stamps: Dictionary(uniqueKeysWithValues: change.stamps.reversed()),
            body: change.body)).canonicalBytes()

        // then the bytes are identical
        #expect(first == second)
    }

    @Test("an order event's version travels as its change's")
    func orderEventTakesChangeVersion() throws {
        // given an order event change
        let change = SampleChanges.orderEventChange

        // when it crosses the wire
        let decoded = try ChangeEnvelope(wire: WireChange(change))

        // then the event's version is the change's
        guard let event = decoded.body.as(OrderEvent.self) else {
            Issue.record("expected an order event, got \(decoded.kind)")
            return
        }
        #expect(event.version == change.version)
    }

    @Test("every entity kind maps to the wire and back", arguments: EntityKind.allCases)
    func entityKindRoundTrips(_ kind: EntityKind) throws {
        #expect(try EntityKind(wire: WireEntityKind(kind)) == kind)
    }

    @Test("every node role maps to the wire and back", arguments: NodeRole.allCases)
    func nodeRoleRoundTrips(_ role: NodeRole) throws {
        #expect(try NodeRole(wire: WireNodeRole(role)) == role)
    }

    @Test("an unspecified node role is refused")
    func unspecifiedNodeRoleIsRefused() {
        #expect(throws: WireError.self) { try NodeRole(wire: .unspecified) }
        #expect(throws: WireError.self) { try NodeRole(wire: .UNRECOGNIZED(9)) }
    }

    @Test("a version keeps its clock reading and origin, and the zero version stays zero")
    func versionRoundTrips() throws {
        let version = SampleChanges.version(1_763_880_000_000, 65_535)
        #expect(try Version(wire: WireVersion(version)) == version)
        #expect(try Version(wire: WireVersion(.zero)) == .zero)
    }
}
