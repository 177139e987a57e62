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

    /// JSON bodies are small; sync batches read their own, larger limit.
    public var maxUploadSize: Int { 1 << 20 }

    /// The operator behind the request; routes behind the auth middleware always have one.
    public var actor: String { operatorAccount?.name ?? "anonymous" }
}
