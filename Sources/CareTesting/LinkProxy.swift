import NIOCore
import NIOPosix
import Synchronization

/// A TCP relay in front of a parent node, one per child→parent link, so a test can cut the
/// link (close every connection, refuse new ones), blackhole it (bytes vanish, connections
/// hang) and restore it, as a real network would. TLS passes through untouched: the child still
/// verifies the parent's certificate.
public final class LinkProxy: Sendable {
    public let target: Int
    private let channel: any Channel
    private let mode = Mutex(Mode.open)
    private let connections = Mutex<[ObjectIdentifier: any Channel]>([:])
    /// The relays of connections accepted so far, by inbound channel, to blackhole them.
    private let relays = Mutex<[ObjectIdentifier: RelayState]>([:])

    enum Mode {
        case open, cut, blackholed
    }

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

    public var isOpen: Bool { mode.withLock { $0 == .open } }

    /// Drops every connection and refuses new ones until `restore`.
    public func cut() {
        mode.withLock { $0 = .cut }
        dropConnections()
    }

    /// From now on every byte either way vanishes, on open connections and on new ones, and no
    /// connection is closed: the peers see a link that hangs, as when a radio link fades or a
    /// router drops packets. Connections open now stay dead after `restore` (a router that
    /// rebooted has lost their state), so only new connections carry data again; a close by
    /// either end still reaches the other, so the parent is not left holding them forever.
    public func blackhole() {
        mode.withLock { $0 = .blackholed }
        for relay in relays.withLock({ Array($0.values) }) { relay.blackhole() }
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

    public func restore() { mode.withLock { $0 = .open } }

    public func close() async {
        cut()
        try? await channel.close()
    }

    private func track(_ channel: any Channel) {
        connections.withLock { $0[ObjectIdentifier(channel)] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.connections.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
            _ = self?.relays.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
        }
    }

    fileprivate func accept(_ inbound: any Channel) {
        let mode = mode.withLock { $0 }
        guard mode != .cut else {
            inbound.close(promise: nil)
            return
        }
        let relay = RelayState()
        if mode == .blackholed { relay.blackhole() }
        relays.withLock { $0[ObjectIdentifier(inbound)] = relay }
        track(inbound)
        ClientBootstrap(group: inbound.eventLoop)
            .connect(host: "127.0.0.1", port: target)
            .whenComplete { [weak self] result in
                switch result {
                case .failure:
                    inbound.close(promise: nil)
                case .success(let outbound):
                    guard let self, !self.mode.withLock({ $0 == .cut }) else {
                        inbound.close(promise: nil)
                        outbound.close(promise: nil)
                        return
                    }
                    self.track(outbound)
                    let (toOutbound, toInbound) = RelayHandler.pair(relay)
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

/// Whether one relayed connection has been blackholed; once it is, it stays so.
private final class RelayState: Sendable {
    private let dead = Atomic(false)

    func blackhole() { dead.store(true, ordering: .relaxed) }

    var isBlackholed: Bool { dead.load(ordering: .relaxed) }
}

/// Copies bytes from its channel to its partner's (or drops them once the pair's relay is
/// blackholed), closing both when either closes. A pair shares one event loop.
private final class RelayHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let relay: RelayState
    private var partner: RelayHandler?
    private var context: ChannelHandlerContext?

    private init(relay: RelayState) { self.relay = relay }

    static func pair(_ relay: RelayState) -> (RelayHandler, RelayHandler) {
        let a = RelayHandler(relay: relay)
        let b = RelayHandler(relay: relay)
        a.partner = b
        b.partner = a
        return (a, b)
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !relay.isBlackholed else { return }
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
