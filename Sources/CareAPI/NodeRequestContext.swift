import CareModel
import CareSync
import Hummingbird
import NIOCore

/// The request context of every route: the channel (to find the peer's TLS certificate and
/// the client's address) and the operator the bearer token names, once the auth middleware
/// has checked it.
public struct NodeRequestContext: RequestContext, PeerChannelContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel
    public var operatorAccount: Operator?
    /// The hash of the bearer token, for signing out.
    var sessionTokenHash: String?
    /// Whether the route declared its permission (see `PermissionDeclaration`).
    let declared = PermissionDeclaration()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// Answers are written by the streaming JSON encoder.
    public var responseEncoder: JSONResponseEncoder { JSONResponseEncoder() }

    /// JSON bodies are small; sync batches read their own, larger limit.
    public var maxUploadSize: Int { 1 << 20 }

    /// The operator behind the request; routes behind the auth middleware always have one.
    public var actor: String { operatorAccount?.name ?? "anonymous" }
}

extension NodeRequestContext {
    /// The subtree a figure or map asks for: `within`, or else the caller's division, or this
    /// node; always inside this node and the caller's jurisdiction (a wider `within` narrows to
    /// the jurisdiction, one beside it is refused).
    func subtree(_ request: Request, node: DivisionCode) throws -> DivisionCode {
        let base = scope?.division ?? node
        guard let within = try request.query("within", DivisionCode.init) else { return node.contains(base) ? base : node }
        guard node.contains(within), base.contains(within) || within.contains(base) else {
            throw APIError(.forbidden, en: "\(within) is outside your jurisdiction (\(base))", zh: "\(within) 不在您的辖区之内")
        }
        return base.contains(within) ? within : base
    }
}
