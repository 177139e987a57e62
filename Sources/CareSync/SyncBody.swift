import CareModel
import CareWire
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import SwiftProtobuf

/// Reading and answering sync bodies: protobuf within `SyncProtocol.maxBodyBytes`, blobs within
/// their kind's limit, every problem a `SyncRefusal`.
enum SyncBody {
    /// The body of a protobuf request. The media type alone decides: parameters such as a
    /// charset do not change protobuf.
    static func protobuf(_ request: Request) async throws -> Data {
        guard mediaType(of: request) == SyncProtocol.contentType else {
            throw SyncRefusal(
                .unsupportedMediaType, .unsupportedMediaType,
                "body is \(request.headers[.contentType].map { "'\($0)'" } ?? "without a Content-Type"): sync bodies are \(SyncProtocol.contentType)")
        }
        return try await collect(request, upTo: SyncProtocol.maxBodyBytes, what: "body", advice: "send smaller batches")
    }

    static func message<M: SwiftProtobuf.Message>(_ request: Request, as: M.Type) async throws -> M {
        let data = try await protobuf(request)
        do {
            return try M(serializedBytes: data)
        } catch {
            throw SyncRefusal(.badRequest, .badRequest, "body is not a valid \(M.protoMessageName): \(error)")
        }
    }

    /// A blob's bytes, of a media type we store and within that kind's limit.
    static func blob(_ request: Request) async throws -> Data {
        let mediaType = request.headers[.contentType]
        guard let type = mediaType.flatMap(BlobType.init(mediaType:)) else {
            throw SyncRefusal(
                .unsupportedMediaType, .unsupportedMediaType,
                BlobType.problem(mediaType: mediaType, bytes: [UInt8]()) ?? "unsupported Content-Type")
        }
        let bytes = try await collect(request, upTo: type.kind.maxBytes, what: "an \(type.kind.rawValue) upload", advice: "that is the limit for this kind of blob")
        if let problem = BlobType.problem(mediaType: mediaType, bytes: bytes) {
            throw bytes.isEmpty
                ? SyncRefusal(.badRequest, .badRequest, problem)
                : SyncRefusal(.unsupportedMediaType, .unsupportedMediaType, problem)
        }
        return bytes
    }

    static func reply(_ message: some SwiftProtobuf.Message) throws -> Response {
        reply(bytes: try message.canonicalBytes())
    }

    static func reply(bytes: Data) -> Response {
        Response(status: .ok, headers: [.contentType: SyncProtocol.contentType], body: .init(byteBuffer: ByteBuffer(data: bytes)))
    }

    private static func mediaType(of request: Request) -> String? {
        request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
    }

    private static func collect(_ request: Request, upTo limit: Int, what: String, advice: String) async throws -> Data {
        var request = request
        do {
            return Data(buffer: try await request.collectBody(upTo: limit))
        } catch let error where isTooLarge(error) {
            throw SyncRefusal(.contentTooLarge, .tooLarge, "\(what) is larger than \(limit) bytes: \(advice)")
        }
    }

    /// Collecting a body past its limit throws HTTPError(413) on some paths and NIO's
    /// too-many-bytes error on others (HTTP/2).
    private static func isTooLarge(_ error: any Error) -> Bool {
        if error is NIOTooManyBytesError { return true }
        return (error as? HTTPError)?.status == .contentTooLarge
    }
}
