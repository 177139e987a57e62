import CareModel
import CareStore
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

extension Request {
    /// Reads a JSON body of at most the context's upload size and decodes it. A body that is
    /// too large is 413, malformed JSON (or bytes that are not UTF-8) is 400, and an unknown
    /// field at any depth, a value of the wrong type, or a number that does not fit its field
    /// (3.5 for an integer, 1e309, 2^70) is 422 naming the field's full path.
    func json<T: Decodable>(_ type: T.Type, context: some RequestContext) async throws -> T {
        let buffer = try await body(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("request body is empty: send a JSON object") }
        let data = Data(buffer: buffer)
        let strict = T.self as? any StrictDraft.Type
        if let strict, let object = try? JSONSerialization.jsonObject(with: data) {
            let problems = UnknownFields.find(in: object, as: strict) + JSONNumberCheck.misfitIntegers(in: object, as: strict)
            if !problems.isEmpty { throw APIError.validation(ValidationFailure(problems)) }
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.typeMismatch(expected, ctx) {
            let field = ctx.codingPath.fieldName
            throw APIError.validation(ValidationFailure([FieldError(field: field, Label(
                en: "\(field) has the wrong type: expected \(Self.describe(expected).en)", zh: "\(field) 类型错误，应为\(Self.describe(expected).zh)"))]))
        } catch let DecodingError.valueNotFound(expected, ctx) {
            let field = ctx.codingPath.fieldName
            throw APIError.validation(ValidationFailure([FieldError(field: field, Label(
                en: "\(field) must not be null: expected \(Self.describe(expected).en)", zh: "\(field) 不能为空"))]))
        } catch let DecodingError.dataCorrupted(ctx) where !ctx.codingPath.isEmpty {
            // The JSON parsed, but a value under a key does not fit its field: in practice a
            // number of the wrong kind or out of range for its Swift type.
            let field = ctx.codingPath.fieldName
            throw APIError.validation(ValidationFailure([FieldError(field: field, Label(
                en: "\(field) does not fit the field: \(ctx.debugDescription)", zh: "\(field) 的值不符合字段类型或超出范围"))]))
        } catch {
            if let misfit = JSONNumberCheck.unrepresentableNumber(in: data) { throw APIError.validation(ValidationFailure([misfit])) }
            throw APIError.badRequest("malformed JSON: the body is not a JSON object of the expected shape")
        }
    }

    /// Collects the body, or answers 413 with the JSON error body when it is over `limit`.
    func body(upTo limit: Int, what: String = "request body") async throws -> ByteBuffer {
        var request = self
        do {
            return try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            // NIO's own error would answer a bare 413 with no body.
            throw APIError.tooLarge(limit: limit, what: what)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.tooLarge(limit: limit, what: what)
        }
    }

    /// The JSON kind a Swift type is decoded from, as an operator would name it.
    private static func describe(_ type: Any.Type) -> Label {
        switch type {
        case is String.Type: Label(en: "a string", zh: "字符串")
        case is Int.Type, is Int64.Type: Label(en: "an integer", zh: "整数")
        case is Double.Type: Label(en: "a number", zh: "数字")
        case is Bool.Type: Label(en: "true or false", zh: "true 或 false")
        case is [Any].Type: Label(en: "an array", zh: "数组")
        default: Label(en: "an object", zh: "对象")
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
    /// The list's order when the request asked for one (`?sort=`).
    var order: ListOrder?

    /// A list that sorts by one of `Field`'s fields: `?sort=dueAt` or `?sort=-dueAt`, with a
    /// cursor that only that sort gave out.
    /// Without `?sort=` the list is in `defaultSort` when there is one, else by id.
    init<Field: SortField>(_ request: Request, sortable: Field.Type, default defaultSort: ListSort<Field>? = nil) throws {
        guard let text = request.uri.queryParameters.get("sort") ?? defaultSort?.text else {
            try self.init(request)
            return
        }
        guard let sort = ListSort<Field>(parsing: text) else {
            let allowed = ListSort<Field>.allowed
            var error = APIError(
                .badRequest, en: "query parameter sort='\(text)' is not one of: \(allowed.joined(separator: ", "))",
                zh: "查询参数 sort 的值“\(text)”无效，可选：\(allowed.joined(separator: "、"))")
            error.allowed = allowed
            throw error
        }
        try self.init(request, cursorIsValid: sort.accepts(cursor:))
        order = sort.order
    }

    init(_ request: Request) throws {
        try self.init(request) { UUID(uuidString: $0) != nil }
    }

    private init(_ request: Request, cursorIsValid: (String) -> Bool) throws {
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
        if let cursor, !cursorIsValid(cursor) {
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
