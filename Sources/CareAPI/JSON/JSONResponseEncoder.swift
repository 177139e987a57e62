import Foundation
import Hummingbird
import NIOCore

/// How every route's answer becomes JSON: `StreamingJSONEncoder`, or Foundation's
/// `JSONEncoder` (ISO 8601 dates, as Hummingbird's default) for a value whose shape the
/// streaming encoder does not handle.
public struct JSONResponseEncoder: ResponseEncoder {
    public init() {}

    public func encode(_ value: some Encodable, from request: Request, context: some RequestContext) throws -> Response {
        let buffer = try Self.body(value)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(buffer.readableBytes)],
            body: .init(byteBuffer: buffer))
    }

    static func body(_ value: some Encodable) throws -> ByteBuffer {
        if let bytes = try StreamingJSONEncoder().encode(value) { return ByteBuffer(bytes: bytes) }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return ByteBuffer(bytes: try encoder.encode(value))
    }
}
