import CareModel
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

extension Request {
    /// Reads a JSON body of at most the context's upload size and decodes it. A body that is
    /// too large is 413, malformed JSON is 400, and a value of the wrong type is 422 naming
    /// the field.
    func json<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        var request = self
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "request body is larger than the limit of \(context.maxUploadSize) bytes")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("request body is empty: send a JSON object") }
        let data = Data(buffer: buffer)
        if let draft = T.self as? any StrictDraft.Type {
            try Self.rejectUnknownFields(data, allowed: draft.fieldNames)
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.typeMismatch(expected, ctx) {
            let field = ctx.codingPath.fieldName
            throw APIError.validation(ValidationFailure([FieldError(field: field, Label(
                en: "\(field) has the wrong type: expected \(Self.describe(expected))", zh: "\(field) 类型错误"))]))
        } catch let DecodingError.valueNotFound(expected, ctx) {
            let field = ctx.codingPath.fieldName
            throw APIError.validation(ValidationFailure([FieldError(field: field, Label(
                en: "\(field) must not be null: expected \(Self.describe(expected))", zh: "\(field) 不能为空"))]))
        } catch let DecodingError.dataCorrupted(ctx) where !ctx.codingPath.isEmpty {
            throw APIError.badRequest("malformed JSON at \(ctx.codingPath.fieldName): \(ctx.debugDescription)")
        } catch {
            throw APIError.badRequest("malformed JSON: the body is not a JSON object of the expected shape")
        }
    }

    /// A misspelt field would otherwise be ignored and the write would silently lose it.
    private static func rejectUnknownFields(_ data: Data, allowed: Set<String>) throws {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        let unknown = object.keys.filter { !allowed.contains($0) }.sorted()
        guard !unknown.isEmpty else { return }
        let expected = allowed.sorted().joined(separator: ", ")
        throw APIError.validation(ValidationFailure(unknown.map {
            FieldError(field: $0, Label(en: "unknown field '\($0)'; expected one of: \(expected)", zh: "未知字段“\($0)”"))
        }))
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }
}

extension [any CodingKey] {
    /// emergencyContacts[0].phone
    var fieldName: String {
        var text = ""
        for key in self {
            if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return text.isEmpty ? "body" : text
    }
}

/// Paging and filter parameters shared by list routes.
struct ListQuery {
    var limit: Int
    var cursor: String?

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        if let text = query.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else {
                throw APIError.badRequest("limit must be a whole number from 1 to 500, got '\(text)'")
            }
            limit = value
        } else {
            limit = 50
        }
        cursor = query.get("cursor")
        if let cursor, UUID(uuidString: cursor) == nil {
            throw APIError.badRequest("cursor '\(cursor)' is not one this API gave out")
        }
    }
}

extension Request {
    func uuidParameter(_ context: some RequestContext, _ name: String = "id") throws -> UUID {
        let text = context.parameters.get(name) ?? ""
        guard let id = UUID(uuidString: text) else { throw APIError(.notFound, "'\(text)' is not a record id (a UUID)") }
        return id
    }

    /// The If-Match header: when sent, the write happens only if the record is still at that
    /// version (412 otherwise); without it the write applies to whatever is current.
    var ifMatch: String? { headers[.ifMatch] }
}

/// A request body whose top-level fields are checked by name: unknown ones are a 422.
protocol StrictDraft {
    init()
}

extension StrictDraft {
    /// The stored properties of an empty draft, i.e. the JSON keys it accepts.
    static var fieldNames: Set<String> { Set(Mirror(reflecting: Self()).children.compactMap(\.label)) }
}

extension Elder.Draft: StrictDraft {}
extension Device.Draft: StrictDraft {}
extension ServiceOrganisation.Draft: StrictDraft {}
extension Staff.Draft: StrictDraft {}
extension ServiceOrder.Draft: StrictDraft {}
extension Evaluation.Draft: StrictDraft {}
extension OrderEvent.Draft: StrictDraft {}
extension Complaint.Draft: StrictDraft {}
extension ComplaintEvent.Draft: StrictDraft {}
