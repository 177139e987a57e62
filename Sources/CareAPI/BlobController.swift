import CareModel
import CareStore
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// Photos and voice ratings. `POST /api/v1/blobs` with the raw bytes and their Content-Type
/// returns the SHA-256 that order steps refer to; `GET /api/v1/blobs/{sha256}` returns them.
struct BlobController {
    let db: AppDatabase

    struct BlobView: ResponseEncodable, Decodable {
        let sha256: String
        let contentType: String
        let kind: String
        let size: Int
        let storedAt: Date

        init(_ info: BlobInfo) {
            sha256 = info.sha256
            contentType = info.type.rawValue
            kind = info.type.kind.rawValue
            size = info.size
            storedAt = date(millis: info.storedAtMillis)
        }
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.post, requires: .blobWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<BlobView> in
            let info = try await Self.receive(request, db: db, expectedSHA256: nil, source: "operator:\(context.actor)")
            var response = EditedResponse(status: .created, response: BlobView(info))
            response.headers[.location] = "/api/v1/blobs/\(info.sha256)"
            return response
        }
        routes.route(.get, ":sha256", requires: .blobRead) { (request: Request, context: NodeRequestContext) -> Response in
            let hash = try context.parameters.require("sha256")
            guard let (info, bytes) = try await db.perform({ try $0.blobBytes(sha256: hash) }) else { throw APIError(.notFound, "no blob \(hash) at this node") }
            return Response(
                status: .ok,
                headers: [.contentType: info.type.rawValue, .eTag: "\"\(info.sha256)\"", .cacheControl: "private, max-age=31536000, immutable"],
                body: ResponseBody(byteBuffer: ByteBuffer(data: bytes)))
        }
        return routes
    }

    /// Reads, checks and stores an upload: 413 past the limit of its kind, 415 when the type is
    /// not accepted or the bytes are not what the type says, 422 when the hash does not match.
    static func receive(_ request: Request, db: AppDatabase, expectedSHA256: String?, source: String) async throws -> BlobInfo {
        let mediaType = request.headers[.contentType]
        guard let type = mediaType.flatMap(BlobType.init(mediaType:)) else {
            let problem = BlobType.problemLabel(mediaType: mediaType, bytes: [UInt8]()) ?? Label(en: "unsupported Content-Type", zh: "不支持的文件类型")
            throw APIError(.unsupportedMediaType, en: problem.en, zh: problem.zh)
        }
        let buffer = try await request.body(upTo: type.kind.maxBytes, what: "an \(type.kind.rawValue) upload")
        let bytes = Data(buffer: buffer)
        if let problem = BlobType.problemLabel(mediaType: mediaType, bytes: bytes) {
            throw APIError(bytes.isEmpty ? .badRequest : .unsupportedMediaType, en: problem.en, zh: problem.zh)
        }
        return try await db.perform { try $0.storeBlob(bytes, mediaType: mediaType, expectedSHA256: expectedSHA256, source: source) }
    }
}
