import Foundation
import SwiftProtobuf

/// Takes batch messages apart without decoding and re-encoding their changes: the counterpart
/// of `BatchEncoding`. A receiver logs each change's bytes exactly as they arrived, so it needs
/// each change's own bytes, which a decoded `PushRequest` no longer holds.
///
/// The top level of the message is walked field by field: each entry of the repeated `changes`
/// field is cut out as a slice, and every other field is kept, in order, in `rest`, which
/// SwiftProtobuf then decodes as the message without its changes. Parsing `rest` plus each
/// entry is what parsing the whole message does, because a parser merges fields as it meets them.
public enum BatchDecoding {
    /// A batch split into the bytes of each change, in order, and the rest of the message.
    public struct Split: Sendable {
        public var changes: [Data]
        public var rest: Data
    }

    /// Splits a serialized `PushRequest`.
    public static func pushRequest(_ bytes: Data) throws -> Split {
        try split(bytes, fieldNumber: BatchEncoding.pushRequestChanges)
    }

    /// Splits a serialized `PullBatch`.
    public static func pullBatch(_ bytes: Data) throws -> Split {
        try split(bytes, fieldNumber: BatchEncoding.pullBatchChanges)
    }

    static func split(_ bytes: Data, fieldNumber: Int) throws -> Split {
        // Work on a zero-based copy of the indices so slices of a slice are handled alike.
        let base = bytes.startIndex
        var changes: [Data] = []
        var restRanges: [Range<Int>] = []
        try bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var reader = Reader(buffer: buffer)
            while !reader.atEnd {
                let start = reader.offset
                let tag = try reader.varint()
                guard tag >> 3 != 0 else { throw BinaryDecodingError.malformedProtobuf }
                switch tag & 7 {
                case 0: _ = try reader.varint()
                case 1: try reader.skip(8)
                case 5: try reader.skip(4)
                case 2:
                    let length = try reader.varint()
                    guard length <= UInt64(buffer.count - reader.offset) else { throw BinaryDecodingError.truncated }
                    let payloadStart = reader.offset
                    try reader.skip(Int(length))
                    if tag >> 3 == UInt64(fieldNumber) {
                        changes.append(bytes[(base + payloadStart)..<(base + reader.offset)])
                        continue
                    }
                default:
                    // Groups (3, 4) are not used by our messages; 6 and 7 do not exist.
                    throw BinaryDecodingError.malformedProtobuf
                }
                if let last = restRanges.last, last.upperBound == start {
                    restRanges[restRanges.count - 1] = last.lowerBound..<reader.offset
                } else {
                    restRanges.append(start..<reader.offset)
                }
            }
        }
        var rest = Data()
        for range in restRanges { rest.append(bytes[(base + range.lowerBound)..<(base + range.upperBound)]) }
        return Split(changes: changes, rest: rest)
    }

    /// Reads varints and skips bytes, refusing to run past the end.
    private struct Reader {
        let buffer: UnsafeRawBufferPointer
        var offset = 0

        var atEnd: Bool { offset >= buffer.count }

        mutating func varint() throws -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard offset < buffer.count else { throw BinaryDecodingError.truncated }
                let byte = buffer[offset]
                offset += 1
                guard shift < 64 else { throw BinaryDecodingError.malformedProtobuf }
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }

        mutating func skip(_ count: Int) throws {
            guard count <= buffer.count - offset else { throw BinaryDecodingError.truncated }
            offset += count
        }
    }
}
