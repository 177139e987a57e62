import CareModel
import CareStore
import CareSync
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationCompat
import Synchronization

/// An answer that wraps another's body (Hummingbird's `EditedResponse`, which sets a status
/// or headers): the document describes the wrapped body.
protocol WrappedAnswer {
    static var wrappedType: Any.Type { get }
}

extension EditedResponse: WrappedAnswer {
    static var wrappedType: Any.Type { Generator.self }
}

/// One operation of the document: from the ledger (what the route declared as it was added)
/// or, for the few routes added outside it, from its note.
struct DocumentedRoute {
    let method: HTTPRequest.Method
    let path: String
    let access: RouteAccess
    let output: Any.Type
    let served: Bool
}

/// The OpenAPI 3.1 document of a node's API, built from its router's ledger, the notes in
/// RouteNotes*.swift and the schemas the types give (`SchemaBook`).
struct APIDocument {
    let json: JSONValue
    /// Routes the ledger holds without a note, notes without a route, and types the schema
    /// reader could not read: the route/document test keeps all three empty.
    let problems: [String]
    let routes: [DocumentedRoute]

    init(ledger: RouteLedger, info: NodeInfo) {
        var routes = ledger.entries.map { DocumentedRoute(method: $0.method, path: $0.path, access: $0.access, output: $0.output.type, served: $0.served) }
        for (key, note) in RouteNotes.all {
            guard let access = note.access else { continue }
            let parts = key.split(separator: " ", maxSplits: 1)
            routes.append(DocumentedRoute(method: HTTPRequest.Method(String(parts[0]))!, path: String(parts[1]), access: access, output: note.output ?? Response.self, served: true))
        }
        routes.sort { ($0.path, $0.method.rawValue) < ($1.path, $1.method.rawValue) }
        var problems: [String] = []
        if ledger.unplaced > 0 { problems.append("\(ledger.unplaced) routes were added with addRoutes instead of mount") }
        let keys = Set(routes.map { "\($0.method.rawValue) \($0.path)" })
        for key in RouteNotes.all.keys.sorted() where !keys.contains(key) { problems.append("a note for \(key), which no route serves") }
        let book = SchemaBook()
        var paths: [String: [JSONValue.Member]] = [:]
        for route in routes {
            let key = "\(route.method.rawValue) \(route.path)"
            let note = RouteNotes.all[key]
            if note == nil { problems.append("no note for \(key)") }
            let operation = Operation(route: route, note: note ?? RouteNote(""), book: book).json
            paths[route.path, default: []].append(.init(key: route.method.rawValue.lowercased(), value: operation))
        }
        problems += book.failures.sorted { $0.key < $1.key }.map { "no schema for \($0.key): \($0.value)" }
        var schemas = book.components
        schemas["Error"] = Operation.errorSchema
        json = .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "carenode API",
                "version": .string(CareNodeAPIVersion.current),
                "summary": "Smart community home-based elderly care: one node of a county / street / community federation (智慧社区居家养老服务平台)",
                "description": .string(Self.description(info)),
            ]),
            "servers": .array([.object(["url": "/", "description": "this node"])]),
            "tags": .array(Set(routes.map { Operation.tag(of: $0.path) }).sorted().map { .object(["name": .string($0)]) }),
            "paths": .object(paths.keys.sorted().map { .init(key: $0, value: .object(paths[$0]!)) }),
            "components": .object([
                "schemas": .object(schemas.keys.sorted().map { .init(key: $0, value: schemas[$0]!) }),
                "securitySchemes": .object([
                    "session": .object(["type": "http", "scheme": "bearer", "description": "the token of POST /api/v1/session (operator sign-in)"]),
                    "deviceToken": .object(["type": "http", "scheme": "bearer", "description": "the device's own token, given when it is registered"]),
                    "childNode": .object(["type": "mutualTLS", "description": "a child node's certificate from the federation's CA"]),
                ]),
            ]),
        ])
        self.problems = problems
        self.routes = routes
    }

    private static func description(_ info: NodeInfo) -> String {
        """
        The JSON API of a carenode node (this document was written by a \(info.role.rawValue) node). Every \
        operator route needs a session token (`POST /api/v1/session`) and names the permission it needs in \
        `x-permission`, with the roles that have it in `x-roles`; a role without it gets 403 naming the \
        permission. Errors are one shape (`Error`) with an English and a Chinese message; a body that fails \
        validation is 422 naming each field, and changes nothing. Lists page with `limit` (1–500) and the \
        `cursor` of the previous page's `next`. Writes answer with the record's `ETag`; send it back in \
        `If-Match` to update only the version you read (412 otherwise). Routes marked `x-tiers` are served \
        only at those tiers.
        """
    }
}

/// The document's version: the API's, not the binary's build.
enum CareNodeAPIVersion {
    static let current = "1.0.0"
}

/// The document, built once per router on its first request.
final class APIDocumentCache: Sendable {
    private let ledger: RouteLedger
    private let info: NodeInfo
    private let built = Mutex<Data?>(nil)

    init(ledger: RouteLedger, info: NodeInfo) {
        self.ledger = ledger
        self.info = info
    }

    func data() throws -> Data {
        if let data = built.withLock({ $0 }) { return data }
        let data = try APIDocument(ledger: ledger, info: info).json.encoded()
        built.withLock { $0 = data }
        return data
    }

    func response() throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(data: try data())))
    }
}

/// The document a node of `info`'s tier serves, with what the route/document test compares.
public struct APIDocumentReport: Sendable {
    /// The document as `GET /api/v1/openapi.json` answers it.
    public let data: Data
    public let problems: [String]
    /// `METHOD /path` of each documented operation, and of the ones this tier serves.
    public let documented: [String]
    public let documentedServed: [String]
    /// `METHOD /path` of each route the router serves, outside the console's files.
    public let served: [String]
    /// Each operation with the permission it names (nil when it needs none).
    public let permissions: [String: String]

    public init(db: AppDatabase, info: NodeInfo) throws {
        let (router, ledger) = documentedRouter(
            db: db, info: info, sync: SyncContext(status: SyncStatusBoard(), metrics: SyncMetrics(), parent: nil), console: ConsoleSettings(),
            clock: HybridLogicalClock.systemMillis)
        let document = APIDocument(ledger: ledger, info: info)
        data = try document.json.encoded()
        problems = document.problems
        documented = document.routes.map { "\($0.method.rawValue) \($0.path)" }
        documentedServed = document.routes.filter(\.served).map { "\($0.method.rawValue) \($0.path)" }
        served = router.routes.map { "\($0.method.rawValue) \($0.path)" }.filter { !$0.contains(" /console") && $0 != "GET /" }
        var permissions: [String: String] = [:]
        for route in document.routes {
            if case .permission(let permission) = route.access { permissions["\(route.method.rawValue) \(route.path)"] = permission.rawValue }
        }
        self.permissions = permissions
    }
}
