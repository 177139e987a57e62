import Foundation
import SwiftProtobuf

/// Assembles batch messages from changes that are already serialized (the change log keeps
/// each change's `WireChange` bytes), without decoding and re-encoding them.
///
/// A repeated message field is, on the wire, one length-delimited entry per element, and a
/// parser merges concatenated encodings of one message; so the batch is the entries written by
/// hand followed by the encoding of the batch's other fields.
public enum BatchEncoding {
    /// The bytes of a `PullBatch` holding `changes` in order.
    /// - Parameter changes: each element the serialized bytes of one `WireChange`.
    public static func pullBatch(changes: [Data], next: WireCursor, hasMore: Bool, hlc: Int64) throws -> Data {
        var rest = WirePullBatch()
        rest.next = next
        rest.hasMore_p = hasMore  // protoc-gen-swift renames `has_more`, which clashes with presence accessors
        rest.hlc = hlc
        return try assemble(entries: changes, fieldNumber: pullBatchChanges, rest: rest)
    }

    /// The bytes of a `PushRequest` holding `changes` in order.
    /// - Parameter changes: each element the serialized bytes of one `WireChange`.
    public static func pushRequest(sender: String, changes: [Data], cursor: WireCursor, hlc: Int64) throws -> Data {
        var rest = WirePushRequest()
        rest.sender = sender
        rest.cursor = cursor
        rest.hlc = hlc
        return try assemble(entries: changes, fieldNumber: pushRequestChanges, rest: rest)
    }

    /// Field numbers of `repeated Change changes` in sync.proto.
    static let pullBatchChanges = 1
    static let pushRequestChanges = 2

    static func assemble(entries: [Data], fieldNumber: Int, rest: some SwiftProtobuf.Message) throws -> Data {
        let tail: Data = try rest.canonicalBytes()
        let tag = UInt8(fieldNumber << 3 | 2)  // wire type 2: length-delimited
        var size = tail.count
        for entry in entries { size += 1 + varintSize(UInt64(entry.count)) + entry.count }

        var output = Data(count: size)
        output.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            var offset = 0
            for entry in entries {
                buffer[offset] = tag
                offset += 1
                var length = UInt64(entry.count)
                while length >= 0x80 {
                    buffer[offset] = UInt8(truncatingIfNeeded: length) | 0x80
                    offset += 1
                    length >>= 7
                }
                buffer[offset] = UInt8(length)
                offset += 1
                entry.copyBytes(to: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]), count: entry.count)
                offset += entry.count
            }
            tail.copyBytes(to: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]), count: tail.count)
        }
        return output
    }

    static func varintSize(_ value: UInt64) -> Int {
        var value = value
        var size = 1
        while value >= 0x80 {
            value >>= 7
            size += 1
        }
        return size
    }
}
