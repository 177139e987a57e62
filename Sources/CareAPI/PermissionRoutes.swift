import CareModel
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

extension RouteCollection where Context == NodeRequestContext {
    /// Adds a route behind sign-in that needs `permission`: a role without it gets 403 naming
    /// the permission, before the handler reads the body or touches the store. A distinct name
    /// rather than an overload of `get`/`post`: overloads of those made the type checker crawl.
    @discardableResult
    func route<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: RouterPath = "", requires permission: Permission,
        use handler: @escaping @Sendable (Request, NodeRequestContext) async throws -> Output
    ) -> Self {
        RouteLedger.current?.note(self, method, path, .permission(permission), Output.self)
        return on(path, method: method) { (request: Request, context: NodeRequestContext) async throws -> Output in
            try context.require(permission)
            return try await handler(request, context)
        }
    }

    /// Adds a route whose permission depends on what its body asks for (an order's lifecycle
    /// step needs `Permission.forStep` of its kind): `handler` must call `context.require`
    /// with it before it touches the store.
    @discardableResult
    func routeRequiringPermissionOfBody<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: RouterPath = "",
        use handler: @escaping @Sendable (Request, NodeRequestContext) async throws -> Output
    ) -> Self {
        RouteLedger.current?.note(self, method, path, .permissionOfBody, Output.self)
        return on(path, method: method) { (request: Request, context: NodeRequestContext) async throws -> Output in
            context.declared.mark()
            return try await handler(request, context)
        }
    }

    /// Adds a route every signed-in account may use (its own profile, signing out): it says so
    /// here instead of naming a permission, so that a forgotten declaration stands out.
    @discardableResult
    func routeForAnyAccount<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: RouterPath = "",
        use handler: @escaping @Sendable (Request, NodeRequestContext) async throws -> Output
    ) -> Self {
        RouteLedger.current?.note(self, method, path, .anyAccount, Output.self)
        return on(path, method: method) { (request: Request, context: NodeRequestContext) async throws -> Output in
            context.declared.mark()
            return try await handler(request, context)
        }
    }

    /// Adds a route anyone may call without signing in (the public channel's pages, sign-in
    /// itself), mounted outside the auth middleware; named so the API document says so.
    @discardableResult
    func routeWithoutSignIn<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: RouterPath = "",
        use handler: @escaping @Sendable (Request, NodeRequestContext) async throws -> Output
    ) -> Self {
        RouteLedger.current?.note(self, method, path, .open, Output.self)
        return on(path, method: method, use: handler)
    }
}

extension NodeRequestContext {
    /// Throws 403 unless the signed-in account's role has `permission`.
    func require(_ permission: Permission) throws {
        declared.mark()
        guard let account = operatorAccount else {
            throw APIError(.unauthorized, en: "sign in first", zh: "请先登录")
        }
        guard account.role.allows(permission) else { throw APIError.lacks(permission, role: account.role) }
    }

    /// Whether the account's role has `permission`, for what a route shows rather than allows.
    func has(_ permission: Permission) -> Bool { operatorAccount?.role.allows(permission) ?? false }

    /// The jurisdiction the store filters this request's queries by.
    var scope: Jurisdiction? { operatorAccount?.jurisdiction }

    /// The client's IP address, for the audit trail.
    var sourceAddress: String? { channel.remoteAddress?.ipAddress }
}

/// Set when a route behind sign-in declared what it needs; the auth middleware refuses to
/// pass on an answer from a route that did not, so a new route cannot skip the table.
final class PermissionDeclaration: Sendable {
    private let marked = Mutex(false)

    func mark() { marked.withLock { $0 = true } }
    var isMarked: Bool { marked.withLock { $0 } }
}
