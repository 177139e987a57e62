import CareModel
import CareWire
import Foundation
import SwiftProtobuf
import Testing

@Suite("Batches taken apart into each change's bytes")
struct BatchDecodingTests {
    @Test("a push request built by SwiftProtobuf splits into its changes' exact bytes and the rest")
    func pushRequestSplits() throws {
        // given a request SwiftProtobuf builds, with its fields in its own order
        let changes = BatchEncodingTests.changes
        var built = WirePushRequest()
        built.sender = "110105001002"
        built.changes = changes.map(WireChange.init)
        built.cursor = BatchEncodingTests.cursor
        built.hlc = 77
        let bytes: Data = try built.canonicalBytes()

        // when it is split
        let split = try BatchDecoding.pushRequest(bytes)

        // then each entry is the change's own encoding, and the rest is the request without them
        #expect(split.changes == (try changes.map { try WireChange($0).canonicalBytes() }))
        var rest = built
        rest.changes = []
        #expect(try WirePushRequest(serializedBytes: split.rest) == rest)
    }

    @Test("splitting undoes hand assembly for pull batches, also from a slice of a larger buffer")
    func pullBatchRoundTrip() throws {
        // given an assembled batch held inside a larger buffer
        let serialized: [Data] = try BatchEncodingTests.changes.map { try WireChange($0).canonicalBytes() }
        let assembled = try BatchEncoding.pullBatch(changes: serialized, next: BatchEncodingTests.cursor, hasMore: true, hlc: 9)
        let padded = Data([0xFF, 0xFF]) + assembled + Data([0xEE])
        let slice = padded[(padded.startIndex + 2)..<(padded.endIndex - 1)]

        // when it is split
        let split = try BatchDecoding.pullBatch(slice)

        // then the changes come back in order and the rest holds the other fields
        #expect(split.changes == serialized)
        let rest = try WirePullBatch(serializedBytes: split.rest)
        #expect(rest.changes.isEmpty)
        #expect(rest.next == BatchEncodingTests.cursor)
        #expect(rest.hasMore_p)
        #expect(rest.hlc == 9)
    }

    @Test("truncated or malformed bytes are refused, as SwiftProtobuf refuses them")
    func badBytes() throws {
        let serialized: [Data] = try BatchEncodingTests.changes.map { try WireChange($0).canonicalBytes() }
        let assembled = try BatchEncoding.pushRequest(sender: "110105", changes: serialized, cursor: BatchEncodingTests.cursor, hlc: 1)
        // Cut inside the first change's bytes.
        #expect(throws: (any Error).self) { try BatchDecoding.pushRequest(assembled.prefix(20)) }
        // Field number zero does not exist.
        #expect(throws: (any Error).self) { try BatchDecoding.pushRequest(Data([0x00, 0x01])) }
        // A varint that never ends.
        #expect(throws: (any Error).self) { try BatchDecoding.pushRequest(Data([0x08, 0xFF, 0xFF])) }
        // Wire type 3 (start group) is not used by our messages.
        #expect(throws: (any Error).self) { try BatchDecoding.pushRequest(Data([0x0B])) }
    }
}
