import CareModel
import Foundation
import HTTPTypes
import Hummingbird

/// A route's notes for the document: what it does and what it reads, which its code cannot say.
struct RouteNote {
    let summary: String
    /// The JSON body it decodes.
    var body: Any.Type?
    /// The content type of a body that is not JSON (a blob's bytes, a CSV file).
    var bodyContent: String?
    /// The content type of an answer that is not JSON.
    var produces: String?
    /// For the routes added outside the ledger only: who may call it and what it answers.
    var access: RouteAccess?
    var output: Any.Type?
    /// Query parameters beyond paging, each with its schema and what it filters.
    var query: [(name: String, schema: JSONValue, about: String)] = []

    init(_ summary: String, body: Any.Type? = nil, bodyContent: String? = nil, produces: String? = nil,
         access: RouteAccess? = nil, output: Any.Type? = nil, query: [(name: String, schema: JSONValue, about: String)] = []) {
        self.summary = summary
        self.body = body
        self.bodyContent = bodyContent
        self.produces = produces
        self.access = access
        self.output = output
        self.query = query
    }
}

/// One operation object of the document.
struct Operation {
    let json: JSONValue

    init(route: DocumentedRoute, note: RouteNote, book: SchemaBook) {
        var output = route.output
        var etag = false
        while let wrapped = output as? any WrappedAnswer.Type {
            output = wrapped.wrappedType
            etag = true
        }
        var parameters: [JSONValue] = Self.pathParameters(route.path)
        let isPage = String(reflecting: output).contains("PageView<")
        if isPage {
            parameters.append(.object(["name": "limit", "in": "query", "description": "rows per page, 1–500 (50 when absent)",
                                       "schema": .object(["type": "integer", "minimum": 1, "maximum": 500])]))
            parameters.append(.object(["name": "cursor", "in": "query", "description": "the `next` of the previous page",
                                       "schema": .object(["type": "string"])]))
        }
        for query in note.query {
            parameters.append(.object(["name": .string(query.name), "in": "query", "description": .string(query.about), "schema": query.schema]))
        }
        var success: [JSONValue.Member] = []
        let answer = Self.answer(output: output, note: note, book: book, etag: etag)
        for code in Self.successCodes(route.method, output: output) {
            success.append(.init(key: code, value: answer(code)))
        }
        success.append(.init(key: "default", value: .object([
            "description": "an error, in English and Chinese (4xx: the request, 5xx: the node)",
            "content": .object(["application/json": .object(["schema": SchemaBook.reference("Error")])]),
        ])))
        var description = Self.accessText(route.access)
        if !route.served { description += " Served at the county only; this node answers 404." }
        json = .object([
            "operationId": .string(Self.operationId(route)),
            "tags": .strings([Self.tag(of: route.path)]),
            "summary": .string(note.summary),
            "description": .string(description),
            "parameters": parameters.isEmpty ? nil : .array(parameters),
            "requestBody": Self.requestBody(note, book: book),
            "responses": .object(success),
            "security": Self.security(route.access),
            "x-permission": Self.permission(route.access).map { .string($0.rawValue) },
            "x-roles": Self.permission(route.access).map { permission in
                .strings(OperatorRole.allCases.filter { $0.allows(permission) }.map(\.rawValue))
            },
            "x-tiers": route.served ? nil : .strings(["county"]),
        ])
    }

    static func tag(of path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        if parts.first == "sync" { return "sync" }
        if parts.count >= 3, parts[0] == "api", parts[1] == "v1" {
            return parts[2] == "public" && parts.count > 3 ? "public" : parts[2].replacingOccurrences(of: ".json", with: "")
        }
        return "node"
    }

    private static func operationId(_ route: DocumentedRoute) -> String {
        let words = route.path.split(separator: "/").filter { $0 != "api" && $0 != "v1" }.map { part -> String in
            part.hasPrefix("{") ? "by" + part.dropFirst().dropLast().prefix(1).uppercased() + part.dropFirst(2).dropLast() : String(part)
        }
        let text = ([route.method.rawValue.lowercased()] + words).joined(separator: "_")
        return String(text.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    private static func pathParameters(_ path: String) -> [JSONValue] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { part in
            let name = String(part.dropFirst().dropLast())
            return .object(["name": .string(name), "in": "path", "required": true, "schema": pathSchema(name, path: path)])
        }
    }

    /// A path parameter's schema: ids are UUIDs, blobs are named by their SHA-256, and the
    /// parameters that name a code take one of its table's codes.
    private static func pathSchema(_ name: String, path: String) -> JSONValue {
        func codes(_ values: [String]) -> JSONValue { ["type": "string", "enum": .strings(values)] }
        switch name {
        case "id", _ where name.hasSuffix("Id"): return ["type": "string", "format": "uuid"]
        case "sha256": return ["type": "string", "pattern": "^[0-9a-f]{64}$"]
        case "measure": return codes(Measure.allCases.map(\.rawValue))
        case "group": return codes(CareGroup.allCases.map(\.rawValue))
        case "condition": return codes([ThresholdController.general] + ChronicDisease.allCases.map(\.rawValue))
        case "dataset" where path.contains("/exports/"): return codes(ExportDataset.all.map(\.name))
        case "dataset" where path.contains("/imports/"): return codes(ImportDataset.all.map(\.name))
        default: return ["type": "string"]
        }
    }

    private static func successCodes(_ method: HTTPRequest.Method, output: Any.Type) -> [String] {
        if output == HTTPResponse.Status.self { return ["204"] }
        switch method {
        case .post: return ["200", "201"]
        case .put: return ["200", "201"]
        default: return ["200"]
        }
    }

    private static func answer(output: Any.Type, note: RouteNote, book: SchemaBook, etag: Bool) -> (String) -> JSONValue {
        let headers: JSONValue? = etag
            ? .object(["ETag": .object(["description": "the record's version, for If-Match", "schema": .object(["type": "string"])])])
            : nil
        if output == HTTPResponse.Status.self { return { _ in .object(["description": "done; no body"]) } }
        let content: JSONValue
        if let produces = note.produces {
            let schema: JSONValue = produces == "application/json" ? [:] : ["type": "string"]
            content = .object([produces: .object(["schema": schema])])
        } else if output == Response.self {
            // An answer the handler writes itself (this document, a file): JSON of its own shape.
            content = .object(["application/json": .object(["schema": [:]])])
        } else if output == String.self {
            content = .object(["text/plain": .object(["schema": ["type": "string"]])])
        } else {
            content = .object(["application/json": .object(["schema": book.schema(of: output)])])
        }
        return { code in
            .object(["description": code == "201" ? "created" : "done", "headers": headers, "content": content])
        }
    }

    private static func requestBody(_ note: RouteNote, book: SchemaBook) -> JSONValue? {
        if let content = note.bodyContent {
            return .object(["required": true, "content": .object([content: .object(["schema": ["type": "string", "contentMediaType": JSONValue.string(content)]])])])
        }
        guard let body = note.body else { return nil }
        return .object(["required": true, "content": .object(["application/json": .object(["schema": book.schema(of: body)])])])
    }

    private static func permission(_ access: RouteAccess) -> Permission? {
        if case .permission(let permission) = access { return permission }
        return nil
    }

    private static func security(_ access: RouteAccess) -> JSONValue {
        switch access {
        case .permission, .permissionOfBody, .anyAccount: .array([.object(["session": .array([])])])
        case .device: .array([.object(["deviceToken": .array([])])])
        case .childNode: .array([.object(["childNode": .array([])])])
        case .open: .array([])
        }
    }

    private static func accessText(_ access: RouteAccess) -> String {
        switch access {
        case .permission(let permission):
            "Needs the permission `\(permission.rawValue)` (\(permission.label.en) / \(permission.label.zh))."
        case .permissionOfBody: "Needs the permission of what the body asks for (named in the 403 when the role lacks it)."
        case .anyAccount: "Any signed-in account."
        case .open: "No sign-in."
        case .device: "A device, with its own token."
        case .childNode: "A child node, by mutual TLS; protobuf on the wire."
        }
    }

    private static let fieldSchema: JSONValue = [
        "type": "object",
        "properties": ["field": ["type": "string"], "message": ["type": "string"], "messageZh": ["type": "string"]],
    ]

    private static let errorDetail: JSONValue = [
        "type": "object",
        "required": .strings(["status", "message"]),
        "properties": [
            "status": ["type": "integer"],
            "message": ["type": "string", "description": "English"],
            "messageZh": ["type": "string", "description": "Chinese"],
            "permission": ["type": "string", "description": "the permission the role lacks (403)"],
            "fields": ["type": "array", "description": "each field that failed validation (422)", "items": fieldSchema],
            "allowed": ["type": "array", "items": ["type": "string"]],
        ],
    ]

    private static let errorExample: JSONValue = ["error": [
        "status": 403, "message": "the viewer role lacks the permission order.dispatch (dispatch orders)",
        "messageZh": "查看者角色没有“派单”权限（order.dispatch）", "permission": "order.dispatch",
    ]]

    static let errorSchema: JSONValue = [
        "type": "object", "required": .strings(["error"]), "properties": ["error": errorDetail], "examples": .array([errorExample]),
    ]
}
