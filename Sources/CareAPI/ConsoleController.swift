import Hummingbird
import NIOCore

/// The operator console: `GET /console` serves the page, `GET /` sends a browser there. The
/// page itself needs no sign-in; everything it shows comes from the authenticated API.
struct ConsoleController {
    /// Scripts and styles only from the page itself; fetches only to this node.
    static let contentSecurityPolicy = "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.get("/") { _, _ in
            Response.redirect(to: "/console", type: .normal)
        }
        routes.get("/console") { _, _ in
            Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .cacheControl: "no-store",
                    .contentSecurityPolicy: Self.contentSecurityPolicy,
                ],
                body: .init(byteBuffer: ByteBuffer(string: ConsolePage.html)))
        }
        return routes
    }
}
