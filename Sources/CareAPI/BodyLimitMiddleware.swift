import CareModel
import Hummingbird

/// Refuses a body whose declared length is over the route's limit with 413 and the JSON error
/// body before anything else runs (sign-in, parsing, the store), on every `/api/v1` route,
/// including those that never read a body. Bodies sent without a length are held to the same
/// limits where they are read (`Request.body(upTo:)`).
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init) {
            if let limit = Self.limit(path: request.uri.path, context: context), declared > limit { throw APIError.tooLarge(limit: limit) }
        } else if request.headers[.contentLength] != nil {
            throw APIError.badRequest("Content-Length '\(request.headers[.contentLength]!)' is not a number of bytes")
        }
        return try await next(request, context)
    }

    /// Uploads of photos and voice ratings have their own, larger limits (the route then holds
    /// each kind to its own); every JSON body shares the upload size of the context. Device
    /// reports are left to their route, which counts an oversize report as a rejection.
    static func limit(path: String, context: Context) -> Int? {
        // Sync answers its own refusals in protobuf.
        guard path.hasPrefix("/api/") else { return nil }
        if path == "/api/v1/blobs" { return BlobKind.allCases.map(\.maxBytes).max()! }
        if path.hasPrefix("/api/v1/devices/") && path.hasSuffix("/readings") { return nil }
        return context.maxUploadSize
    }
}
