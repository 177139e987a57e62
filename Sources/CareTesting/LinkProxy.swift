import NIOCore
import NIOPosix
import Synchronization

/// A TCP relay in front of a parent node, one per child→parent link, so a test can cut the
/// link (close every connection, refuse new ones) and restore it, as a real network would.
/// TLS passes through untouched: the child still verifies the parent's certificate.
public final class LinkProxy: Sendable {
    public let target: Int
    private let channel: any Channel
    private let open = Mutex(true)
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])

    /// Starts listening on a free loopback port and relaying to `target`.
    public static func start(to target: Int) async throws -> LinkProxy {
        let box = ProxyBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in
                inbound.eventLoop.makeCompletedFuture { box.proxy?.accept(inbound) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let proxy = LinkProxy(channel: channel, target: target)
        box.proxy = proxy
        return proxy
    }

    private init(channel: any Channel, target: Int) {
        self.channel = channel
        self.target = target
    }

    public var port: Int { channel.localAddress?.port ?? 0 }

    public var isOpen: Bool { open.withLock { $0 } }

    /// Drops every connection and refuses new ones until `restore`.
    public func cut() {
        open.withLock { $0 = false }
        dropConnections()
    }

    /// Closes every relayed connection, as a host's network does when it powers off; new
    /// connections are still relayed if the link is open.
    public func dropConnections() {
        let all = connections.withLock { connections in
            defer { connections.removeAll() }
            return Array(connections.values)
        }
        for connection in all { connection.close(promise: nil) }
    }

    public func restore() { open.withLock { $0 = true } }

    public func close() async {
        cut()
        try? await channel.close()
    }

    private func track(_ channel: any Channel) {
        connections.withLock { $0[ObjectIdentifier(channel)] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.connections.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
        }
    }

    fileprivate func accept(_ inbound: any Channel) {
        guard isOpen else {
            inbound.close(promise: nil)
            return
        }
        track(inbound)
        ClientBootstrap(group: inbound.eventLoop)
            .connect(host: "127.0.0.1", port: target)
            .whenComplete { [weak self] result in
                switch result {
                case .failure:
                    inbound.close(promise: nil)
                case .success(let outbound):
                    guard let self, self.isOpen else {
                        inbound.close(promise: nil)
                        outbound.close(promise: nil)
                        return
                    }
                    self.track(outbound)
                    let (toOutbound, toInbound) = RelayHandler.pair()
                    // Both channels live on the inbound channel's event loop, so the relay
                    // handlers never cross threads.
                    inbound.pipeline.addHandler(toOutbound).and(outbound.pipeline.addHandler(toInbound)).whenComplete { _ in
                        // A side that closed before its relay was in place would leave the
                        // other open forever (and hold the parent's graceful shutdown).
                        guard inbound.isActive, outbound.isActive else {
                            inbound.close(promise: nil)
                            outbound.close(promise: nil)
                            return
                        }
                        inbound.setOption(.autoRead, value: true).whenFailure { _ in inbound.close(promise: nil) }
                    }
                }
            }
    }
}

/// Holds the proxy for the child initialiser, which is created before the proxy exists.
private final class ProxyBox: @unchecked Sendable {
    // Written once before the first connection is accepted, read on event loops afterwards.
    var proxy: LinkProxy?
}

/// Copies bytes from its channel to its partner's, closing both when either closes. A pair
/// shares one event loop.
private final class RelayHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var partner: RelayHandler?
    private var context: ChannelHandlerContext?

    static func pair() -> (RelayHandler, RelayHandler) {
        let a = RelayHandler()
        let b = RelayHandler()
        a.partner = b
        b.partner = a
        return (a, b)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.context?.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.context?.flush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.context?.close(promise: nil)
        partner = nil
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
