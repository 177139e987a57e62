import CareModel
import HTTPTypes
import Hummingbird
import Synchronization

/// Who may call a route, as the API document states it.
enum RouteAccess: Sendable, Equatable {
    /// A signed-in operator whose role has the permission.
    case permission(Permission)
    /// A signed-in operator; the permission depends on what the body asks for.
    case permissionOfBody
    /// Any signed-in operator.
    case anyAccount
    /// Anyone, without signing in.
    case open
    /// A device, with its own bearer token.
    case device
    /// A child node, by its mutual-TLS certificate.
    case childNode
}

/// A route's answer type, held for the API document. Metatypes are immutable values; the box
/// only tells the compiler so.
struct OutputType: @unchecked Sendable {
    let type: Any.Type
}

/// What the operator routes declare as they are added: each route's access and answer type,
/// with its full path once its collection is mounted. `buildRouter` makes one per router and
/// sets it as the task-local `current` while the controllers build their collections, so two
/// nodes built at once in one process never share one.
final class RouteLedger: Sendable {
    struct Entry: Sendable {
        let method: HTTPRequest.Method
        /// OpenAPI form: `/api/v1/stays/{id}`.
        let path: String
        let access: RouteAccess
        let output: OutputType
        /// False for a route described at a node that does not serve it (the county's public pages).
        let served: Bool
    }

    @TaskLocal static var current: RouteLedger?

    private struct Pending {
        let method: HTTPRequest.Method
        let path: RouterPath
        let access: RouteAccess
        let output: OutputType
    }

    private let state = Mutex<(pending: [ObjectIdentifier: [Pending]], placed: [Entry])>(([:], []))

    /// Called by the route helpers (PermissionRoutes.swift) for a route of `collection`.
    func note(_ collection: AnyObject, _ method: HTTPRequest.Method, _ path: RouterPath, _ access: RouteAccess, _ output: Any.Type) {
        state.withLock { $0.pending[ObjectIdentifier(collection), default: []].append(Pending(method: method, path: path, access: access, output: OutputType(type: output))) }
    }

    /// Gives the routes `collection` declared their full path under `prefix`.
    func place(_ collection: AnyObject, under prefix: String, served: Bool = true) {
        state.withLock { state in
            for route in state.pending.removeValue(forKey: ObjectIdentifier(collection)) ?? [] {
                let path = RouterPath(prefix).appendingPath(route.path).description
                state.placed.append(Entry(method: route.method, path: path, access: route.access, output: route.output, served: served))
            }
        }
    }

    var entries: [Entry] { state.withLock { $0.placed } }

    /// Routes declared but never mounted: a collection added with Hummingbird's own
    /// `addRoutes` instead of `mount`, which the document would otherwise miss.
    var unplaced: Int { state.withLock { $0.pending.values.reduce(0) { $0 + $1.count } } }
}

extension RouterMethods where Context == NodeRequestContext {
    /// Adds `collection` under `prefix` (relative to this group, whose own path is `base`) and
    /// tells the ledger where its routes are.
    @discardableResult
    func mount(_ collection: RouteCollection<NodeRequestContext>, at prefix: String = "", base: String = "") -> Self {
        RouteLedger.current?.place(collection, under: base + prefix)
        return addRoutes(collection, atPath: RouterPath(prefix))
    }
}
