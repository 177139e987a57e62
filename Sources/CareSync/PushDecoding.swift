import CareModel
import CareStore
import CareWire
import Foundation
import SwiftProtobuf

/// The receiving end of a push, shared by the sync endpoint and the benchmark so both measure
/// and run the same path: decode the batch, validate each change, keep the rest as rejections.
public enum PushDecoding {
    public struct Decoded: Sendable {
        /// The request's fields other than its changes (sender, cursor, clock).
        public var request: WirePushRequest
        public var changes: [IncomingChange]
        public var rejected: [WireRejection]
        /// How many changes the request carried, valid or not.
        public var received: Int { changes.count + rejected.count }
    }

    /// - Throws: when the body is not a `PushRequest` at all; a bad change is a rejection.
    public static func decode(_ body: Data) throws -> Decoded {
        // Each change is decoded from its own bytes, which are then logged as received: no
        // re-encoding, which cost more than half as much again as the decoding.
        let split = try BatchDecoding.pushRequest(body)
        let request = try WirePushRequest(serializedBytes: split.rest)
        let (changes, rejected) = checked(split.changes)
        return Decoded(request: request, changes: changes, rejected: rejected)
    }

    /// Each change decoded and checked on its own, pushed or pulled: a bad one becomes a
    /// rejection naming it and the rest go on, so one bad record never stalls a link.
    public static func checked(_ entries: [Data]) -> (changes: [IncomingChange], rejected: [WireRejection]) {
        var changes: [IncomingChange] = []
        var rejected: [WireRejection] = []
        changes.reserveCapacity(entries.count)
        for bytes in entries {
            let change: WireChange
            do {
                change = try WireChange(wireBytes: bytes)
            } catch {
                var rejection = WireRejection()
                rejection.reason = error.description
                rejected.append(rejection)
                continue
            }
            do {
                changes.append(IncomingChange(envelope: try ChangeEnvelope(wire: change), payload: bytes))
            } catch {
                var rejection = WireRejection()
                rejection.id = change.id
                rejection.kind = change.kind
                rejection.reason = error.description
                rejected.append(rejection)
            }
        }
        return (changes, rejected)
    }

    /// The acknowledgement for a decoded push after `outcome` was applied.
    public static func acknowledgement(_ decoded: Decoded, _ outcome: ApplyOutcome, hlc: HLC) -> WirePushAck {
        var ack = WirePushAck()
        ack.rejected = decoded.rejected
        for rejected in outcome.rejected {
            var rejection = WireRejection()
            rejection.id = rejected.id.uuidString
            rejection.kind = WireEntityKind(rejected.kind)
            rejection.reason = rejected.reason
            ack.rejected.append(rejection)
        }
        ack.appliedUpTo = decoded.request.cursor
        ack.applied = UInt32(outcome.applied)
        ack.conflicts = UInt32(outcome.conflicts)
        ack.hlc = hlc.packed
        return ack
    }
}
