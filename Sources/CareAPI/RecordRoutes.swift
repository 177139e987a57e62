import CareModel
import CareStore
import Foundation
import Hummingbird

/// Create / read / update / delete routes for one kind of record. Each route validates
/// everything before the store is touched, so an error writes nothing. Reads go through the
/// store with the account's jurisdiction: a record outside it is 404, a write into it 403.
struct RecordRoutes<Model: Sendable & Identifiable, Draft: Decodable & Sendable, View: ResponseEncodable & Sendable>: Sendable where Model.ID == UUID {
    /// Where the collection is mounted, for Location headers.
    let path: String
    let kind: EntityKind
    /// The store the closures below run against, off the cooperative pool.
    let db: AppDatabase
    private var node: DivisionCode { db.node }
    let read: Permission
    let write: Permission
    let fetch: @Sendable (UUID, Jurisdiction?) throws -> Stored<Model>?
    let list: @Sendable (ListFilter) throws -> Page<Stored<Model>>
    /// Reads the list filters a collection supports from the query string.
    let filter: @Sendable (Request, inout ListFilter) throws -> Void
    /// Validates a draft into a model; the id is given on updates.
    let validate: @Sendable (Draft, UUID?) throws -> Model
    let home: @Sendable (Model) -> DivisionCode
    let draft: @Sendable (Model) -> Draft
    /// JSON merge patch of a draft; nil when the kind has no PATCH.
    let overlay: (@Sendable (Draft, Draft) -> Draft)?
    let create: @Sendable (Model, String) throws -> Stored<Model>
    let update: @Sendable (Model, String?, String) throws -> Stored<Model>
    let delete: @Sendable (UUID, String?, String) throws -> Void
    /// The view; `reveal` is true when personal data may be shown unmasked.
    let view: @Sendable (Stored<Model>, Bool) -> View
    /// For kinds that hold personal data (elders): every read is audited, and an account
    /// with `elder.identity` may ask for it unmasked with a reason.
    var personalData: PersonalDataReads? = nil
    /// Reads paging (and, for a kind that sorts, the order) from the query string.
    var listQuery: @Sendable (Request) throws -> ListQuery = { try ListQuery($0) }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, requires: read) { (request: Request, context: NodeRequestContext) -> PageView<View> in
            try await listPage(request, context)
        }
        routes.route(.post, requires: write) { (request: Request, context: NodeRequestContext) -> EditedResponse<View> in
            try await create(request, context)
        }
        routes.route(.get, ":id", requires: read) { (request: Request, context: NodeRequestContext) -> EditedResponse<View> in
            let reason = try personalData.flatMap { _ in try RevealRequest.reason(request, context) }
            let stored = try await existing(try request.uuidParameter(context), context)
            try await personalData?.audited(one: stored.model.id, reason: reason, context)
            return tagged(view(stored, reason != nil), etag: stored.etag)
        }
        routes.route(.put, ":id", requires: write) { (request: Request, context: NodeRequestContext) -> EditedResponse<View> in
            try await replace(request, context, patch: false)
        }
        if overlay != nil {
            routes.route(.patch, ":id", requires: write) { (request: Request, context: NodeRequestContext) -> EditedResponse<View> in
                try await replace(request, context, patch: true)
            }
        }
        routes.route(.delete, ":id", requires: write) { (request: Request, context: NodeRequestContext) -> HTTPResponse.Status in
            let id = try request.uuidParameter(context)
            try await checkJurisdiction(home(existing(id, context).model), context)
            try await db.perform { [ifMatch = request.ifMatch, actor = context.actor] _ in try delete(id, ifMatch, actor) }
            return .noContent
        }
        return routes
    }

    private func listPage(_ request: Request, _ context: NodeRequestContext) async throws -> PageView<View> {
        let reason = try personalData.flatMap { _ in try RevealRequest.reason(request, context) }
        let query = try listQuery(request)
        var listFilter = ListFilter(limit: query.limit, after: query.cursor)
        listFilter.order = query.order
        try filter(request, &listFilter)
        if kind.mergeClass != .registry { listFilter.scope = context.scope }
        let page = try await db.perform { [listFilter] _ in try list(listFilter) }
        try await personalData?.audited(list: page.items.map(\.model.id), query: request.uri.query, reason: reason, context)
        return PageView(page) { view($0, reason != nil) }
    }

    private func create(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<View> {
        let body = try await request.json(Draft.self, context: context)
        let model = try validate(body, nil)
        try checkJurisdiction(home(model), context)
        let stored = try await db.perform { [actor = context.actor] _ in try create(model, actor) }
        var response = tagged(view(stored, false), etag: stored.etag, status: .created)
        response.headers[.location] = "\(path)/\(model.id.uuidString)"
        return response
    }

    private func replace(_ request: Request, _ context: NodeRequestContext, patch: Bool) async throws -> EditedResponse<View> {
        let id = try request.uuidParameter(context)
        let body = try await request.json(Draft.self, context: context)
        let current = try await existing(id, context)
        let merged = patch ? overlay!(draft(current.model), body) : body
        let model = try validate(merged, id)
        try checkJurisdiction(home(current.model), context)
        try checkJurisdiction(home(model), context)
        let stored = try await db.perform { [ifMatch = request.ifMatch, actor = context.actor] _ in try update(model, ifMatch, actor) }
        return tagged(view(stored, false), etag: stored.etag)
    }

    private func existing(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Model> {
        let scope = kind.mergeClass == .registry ? nil : context.scope
        guard let stored = try await db.perform({ _ in try fetch(id, scope) }) else { throw APIError(.notFound, "no \(kind.label.en) with id \(id)") }
        return stored
    }

    /// Operators of a node act within its subtree, and within their own jurisdiction in it;
    /// registry records are the county's.
    private func checkJurisdiction(_ home: DivisionCode, _ context: NodeRequestContext) throws {
        if kind.mergeClass == .registry {
            guard node.contains(home) || home.contains(node) else {
                throw APIError(.forbidden, "home \(home) is outside this node's jurisdiction (\(node)); make the change at a node whose area contains it")
            }
            return
        }
        guard node.contains(home) else {
            throw APIError(.forbidden, "home \(home) is outside this node's jurisdiction (\(node)); make the change at a node whose area contains it")
        }
        if let scope = context.scope, !scope.contains(home) || scope.isByOrder {
            throw APIError(
                .forbidden, en: "home \(home) is outside your jurisdiction (\(scope.division))",
                zh: "\(home) 不在您的辖区（\(scope.division)）之内")
        }
    }
}

extension Request {
    /// An optional query parameter checked by `parse`; a bad value is a 400 naming it.
    func query<T>(_ name: String, _ parse: (String) -> T?) throws -> T? {
        guard let text = uri.queryParameters.get(name) else { return nil }
        guard let value = parse(text) else { throw APIError.badRequest("query parameter \(name)='\(text)' is not valid") }
        return value
    }

    /// A free-text query parameter (a name search, a serial). Any text is searched for as it
    /// is, but a control character is refused: SQLite would stop reading the bound text at a
    /// NUL and search for something else than was asked.
    func textQuery(_ name: String) throws -> String? {
        guard let text = uri.queryParameters.get(name) else { return nil }
        if let scalar = TextRule.forbiddenScalar(in: text, multiline: false) {
            throw APIError.badRequest("query parameter \(name) contains the control character U+\(String(scalar.value, radix: 16, uppercase: true))")
        }
        return text
    }

    func codeQuery<T: CodeTable>(_ name: String, _ type: T.Type) throws -> String? {
        guard let text = uri.queryParameters.get(name) else { return nil }
        guard T(rawValue: text) != nil else { throw APIError.badRequest("query parameter \(name)='\(text)' is not one of: \(T.codeList)") }
        return text
    }
}
