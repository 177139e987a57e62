import Foundation
import SwiftProtobuf

extension SwiftProtobuf.Message {
    /// The message's bytes with map entries in key order (an assessment's answers, a step's
    /// details), so one change always encodes to the same bytes wherever and however often it
    /// is encoded. SwiftProtobuf writes a map in the dictionary's iteration order otherwise,
    /// which differs between processes.
    public func canonicalBytes() throws -> Data {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        return try serializedBytes(options: options)
    }

    /// Parses a message a peer sent, turning protobuf's errors into a `WireError` that names
    /// the message type (`carenode.sync.v1.PullBatch: the bytes are truncated`).
    public init(wireBytes bytes: Data) throws(WireError) {
        do {
            try self.init(serializedBytes: bytes)
        } catch {
            throw WireError(field: "", problem: "\(Self.protoMessageName): \(Self.explain(error))")
        }
    }

    private static func explain(_ error: any Error) -> String {
        switch error as? BinaryDecodingError {
        case .truncated?: "the bytes are truncated"
        case .invalidUTF8?: "a string is not valid UTF-8"
        case .malformedProtobuf?: "the bytes are not a valid protobuf encoding"
        case .messageDepthLimit?: "messages are nested too deeply"
        case .trailingGarbage?: "there are bytes after the message"
        default: "cannot decode (\(error))"
        }
    }
}
