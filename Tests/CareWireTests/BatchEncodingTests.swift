import CareModel
import CareWire
import Foundation
import SwiftProtobuf
import Testing

@Suite("Batches assembled from serialized changes")
struct BatchEncodingTests {
    /// The samples plus one change longer than 16 KiB, whose length takes a three-byte varint.
    /// Its notes are longer than the record rules allow: it tests the framing, not the record.
    static var changes: [ChangeEnvelope] {
        var long = SampleChanges.orderChange
        if var order = long.body.as(ServiceOrder.self) {
            order.notes = String(repeating: "需要轮椅。", count: 2_000)
            long.body = RecordBody(order)
        }
        return SampleChanges.all + [long]
    }

    static var cursor: WireCursor {
        var cursor = WireCursor()
        cursor.urgent = 1_204
        cursor.bulk = 98_311
        return cursor
    }

    @Test("a hand-assembled pull batch decodes to the batch SwiftProtobuf builds")
    func pullBatchMatchesSwiftProtobuf() throws {
        // given changes as the log stores them, serialized one by one
        let changes = Self.changes
        let serialized: [Data] = try changes.map { try WireChange($0).canonicalBytes() }

        // when the batch is assembled by hand and built with SwiftProtobuf
        let assembled = try BatchEncoding.pullBatch(changes: serialized, next: Self.cursor, hasMore: true, hlc: 1_763_880_000_000 << 16)
        var built = WirePullBatch()
        built.changes = changes.map(WireChange.init)
        built.next = Self.cursor
        built.hasMore_p = true
        built.hlc = 1_763_880_000_000 << 16

        // then both parse to the same message and the same changes, in order
        let parsed = try WirePullBatch(serializedBytes: assembled)
        #expect(parsed == built)
        #expect(try parsed.changes.dropLast().map { try ChangeEnvelope(wire: $0) } == Array(changes.dropLast()))
        // The hand-written entries come first, as field 1 does in SwiftProtobuf's own order.
        #expect(assembled == (try built.canonicalBytes()))
    }

    @Test("a hand-assembled push request decodes to the request SwiftProtobuf builds")
    func pushRequestMatchesSwiftProtobuf() throws {
        // given serialized changes
        let changes = Self.changes
        let serialized: [Data] = try changes.map { try WireChange($0).canonicalBytes() }

        // when the request is assembled by hand and built with SwiftProtobuf
        let assembled = try BatchEncoding.pushRequest(sender: "110105001002", changes: serialized, cursor: Self.cursor, hlc: 77)
        var built = WirePushRequest()
        built.sender = "110105001002"
        built.changes = changes.map(WireChange.init)
        built.cursor = Self.cursor
        built.hlc = 77

        // then both parse to the same message and the same changes, in order
        let parsed = try WirePushRequest(serializedBytes: assembled)
        #expect(parsed == built)
        #expect(try parsed.changes.dropLast().map { try ChangeEnvelope(wire: $0) } == Array(changes.dropLast()))
    }

    @Test("an empty batch carries only its cursor and clock")
    func emptyBatch() throws {
        let pull = try WirePullBatch(serializedBytes: BatchEncoding.pullBatch(changes: [], next: WireCursor(), hasMore: false, hlc: 0))
        var expected = WirePullBatch()
        expected.next = WireCursor()
        #expect(pull == expected)

        let push = try WirePushRequest(serializedBytes: BatchEncoding.pushRequest(sender: "110105", changes: [], cursor: Self.cursor, hlc: 5))
        #expect(push.changes.isEmpty)
        #expect(push.sender == "110105")
        #expect(push.cursor == Self.cursor)
        #expect(push.hlc == 5)
    }
}
