import CareModel
import Hummingbird

/// Refuses a body whose declared length is over the route's limit with 413 and the JSON error
/// body before anything else runs (sign-in, parsing, the store), on every `/api/v1` route,
/// including those that never read a body. Bodies sent without a length are held to the same
/// limits where they are read (`Request.body(upTo:)`).
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Called with the path of each request refused here, so device ingest can count its
    /// oversize reports as it counts every other rejection.
    let refused: @Sendable (String) async throws -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap(Int.init) {
            if let limit = Self.limit(path: request.uri.path, context: context), declared > limit {
                try await refused(request.uri.path)
                throw APIError.tooLarge(limit: limit)
            }
        } else if request.headers[.contentLength] != nil {
            throw APIError.badRequest("Content-Length '\(request.headers[.contentLength]!)' is not a number of bytes")
        }
        return try await next(request, context)
    }

    /// Uploads of photos and voice ratings and CSV imports have their own, larger limits (the route then holds
    /// each kind to its own); device reports theirs; every JSON body shares the upload size of
    /// the context.
    static func limit(path: String, context: Context) -> Int? {
        // Sync answers its own refusals in protobuf.
        guard path.hasPrefix("/api/") else { return nil }
        if path == "/api/v1/blobs" { return BlobKind.allCases.map(\.maxBytes).max()! }
        if isDeviceReport(path) { return DeviceController.maxReportBytes }
        if path.hasPrefix("/api/v1/imports/") { return ImportController.maxBytes }
        return context.maxUploadSize
    }

    static func isDeviceReport(_ path: String) -> Bool { path.hasPrefix("/api/v1/devices/") && path.hasSuffix("/readings") }
}
