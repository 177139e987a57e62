import CareModel
import CareStore
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// An error answer: a status, a message an operator can act on, and for validation failures
/// one entry per field in English and Chinese.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let message: String
    public var fields: [FieldError] = []
    /// For lifecycle refusals: the steps that are allowed now.
    public var allowed: [String]? = nil
    /// The message in Chinese, where the refusal is the operator's to act on (403, 423…).
    public var messageZh: String? = nil
    /// For a 403 of the permission table: the permission the route needs.
    public var permission: String? = nil
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public static func validation(_ failure: ValidationFailure) -> APIError {
        var error = APIError(.unprocessableContent, "validation failed: \(failure.description)")
        error.fields = failure.errors
        return error
    }

    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }

    /// An answer in English and Chinese.
    public init(_ status: HTTPResponse.Status, en: String, zh: String) {
        self.init(status, en)
        messageZh = zh
    }

    /// 403 naming the permission the account's role lacks.
    public static func lacks(_ permission: Permission, role: OperatorRole) -> APIError {
        var error = APIError(
            .forbidden, en: "the \(role.label.en) role lacks the permission \(permission.rawValue) (\(permission.label.en))",
            zh: "\(role.label.zh)角色没有“\(permission.label.zh)”权限（\(permission.rawValue)）")
        error.permission = permission.rawValue
        return error
    }

    /// 422 for one field, in English and Chinese.
    public static func invalid(_ field: String, en: String, zh: String) -> APIError {
        .validation(ValidationFailure([FieldError(field: field, Label(en: en, zh: zh))]))
    }

    /// 413 for a body over `limit` bytes.
    static func tooLarge(limit: Int, what: String = "request body") -> APIError {
        let size = limit >= 1 << 20 ? "\(limit >> 20) MiB" : "\(limit) bytes"
        return APIError(.contentTooLarge, en: "\(what) is larger than the limit of \(size) (\(limit) bytes)", zh: "上传内容超过\(size)的大小上限")
    }

    struct Body: Codable {
        struct Detail: Codable {
            let status: Int
            let message: String
            let messageZh: String?
            let permission: String?
            let fields: [FieldError]?
            let allowed: [String]?
        }
        let error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(
            status: status.code, message: message, messageZh: messageZh, permission: permission, fields: fields.isEmpty ? nil : fields,
            allowed: allowed))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(body))))
    }
}

/// Turns store and decoding errors into API errors, so every handler answers the same way.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as StoreError {
            throw APIError(store: error)
        } catch let failure as ValidationFailure {
            throw APIError.validation(failure)
        } catch is NIOTooManyBytesError {
            // A body collected past its limit anywhere else: the JSON answer, not NIO's bare 413.
            throw APIError(.contentTooLarge, "request body is larger than the limit")
        } catch let error as HTTPError {
            // Hummingbird's own refusals (a body over the limit, a missing parameter) answer in
            // the same JSON shape as ours.
            throw APIError(error.status, error.body ?? error.status.reasonPhrase)
        }
    }
}

extension APIError {
    init(store error: StoreError) {
        switch error {
        case .notFound: self.init(.notFound, error.description)
        case .stale(let current):
            self.init(.preconditionFailed, error.description)
            headers[.eTag] = current
        case .invalid(let failure): self = .validation(failure)
        case .forbidden: self.init(.forbidden, error.description)
        case .conflict: self.init(.conflict, error.description)
        case .corrupt: self.init(.internalServerError, "stored data could not be read: \(error.description)")
        }
    }
}
