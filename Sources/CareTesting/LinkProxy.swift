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
                // The relay starts once the accepted channel is active: a loopback connect to the
                // target can complete before that, and would find it "closed".
                inbound.eventLoop.makeCompletedFuture {
                    try inbound.pipeline.syncOperations.addHandler(AcceptHandler { box.proxy?.accept(inbound) })
                }
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

    /// From now on nothing arrives either way, on open connections and on new ones (which
    /// still connect, and then hang), and no connection is closed: the peers see a link that
    /// hangs, as when a radio link fades or a router drops every packet. After `restore`, what
    /// was held arrives when TCP would retransmit it: its retransmission timer starts at 200 ms
    /// and doubles while the link is down, so bytes first sent `t` seconds before the link
    /// returned can take up to about `t` seconds more (`RetransmissionSchedule`). That wait is
    /// what a client relying on TCP alone pays after a blackhole. A close by either end still
    /// reaches the other at once, so a parent is not left holding connections its child
    /// abandoned.
    public func blackhole() {
        mode.withLock { $0 = .blackholed }
        signal(.hold)
    }

    /// Tells every relayed connection to hold or release its bytes.
    private func signal(_ event: RelayEvent) {
        for connection in connections.withLock({ Array($0.values) }) {
            connection.pipeline.fireUserInboundEventTriggered(event)
        }
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

    public func restore() {
        let was = mode.withLock { mode in
            defer { mode = .open }
            return mode
        }
        if was == .blackholed { signal(.release) }
    }

    fileprivate var isBlackholed: Bool { mode.withLock { $0 == .blackholed } }

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
        guard mode.withLock({ $0 != .cut }) else {
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
                    guard let self, !self.mode.withLock({ $0 == .cut }) else {
                        inbound.close(promise: nil)
                        outbound.close(promise: nil)
                        return
                    }
                    self.track(outbound)
                    let (toOutbound, toInbound) = RelayHandler.pair(held: { [weak self] in self?.isBlackholed ?? false })
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

/// Runs `accepted` when its channel becomes active, then leaves the pipeline.
private final class AcceptHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    private let accepted: () -> Void

    init(_ accepted: @escaping () -> Void) { self.accepted = accepted }

    func channelActive(context: ChannelHandlerContext) {
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
        accepted()
        context.fireChannelActive()
    }
}

/// Holds the proxy for the child initialiser, which is created before the proxy exists.
private final class ProxyBox: @unchecked Sendable {
    // Written once before the first connection is accepted, read on event loops afterwards.
    var proxy: LinkProxy?
}

/// When TCP retransmits a segment lost at `lostSince`: after 200 ms, then after doubling waits
/// (Linux's minimum retransmission timeout and its exponential backoff, capped at 120 s).
enum RetransmissionSchedule {
    static func nextAttempt(lostSince: NIODeadline, now: NIODeadline) -> TimeAmount {
        var wait = TimeAmount.milliseconds(200)
        var attempt = lostSince + wait
        while attempt < now {
            wait = min(wait * 2, .seconds(120))
            attempt = attempt + wait
        }
        return attempt - now
    }
}

/// Sent down a relayed connection's pipeline when its link is blackholed or restored.
private enum RelayEvent: Sendable {
    case hold, release
}

/// Copies bytes from its channel to its partner's, closing both when either closes. While the
/// link is blackholed it holds what it reads and passes it on when the link is restored. A pair
/// shares one event loop.
private final class RelayHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Whether the link is blackholed right now, read when the handler joins its pipeline: a
    /// `RelayEvent` sent before that would have missed it.
    private let held: @Sendable () -> Bool
    private var holding = false
    private var heldBytes: [NIOAny] = []
    /// When the first byte now held was read: TCP's retransmissions of it would start then.
    private var heldSince: NIODeadline?
    private var partner: RelayHandler?
    private var context: ChannelHandlerContext?

    private init(held: @escaping @Sendable () -> Bool) { self.held = held }

    static func pair(held: @escaping @Sendable () -> Bool) -> (RelayHandler, RelayHandler) {
        let a = RelayHandler(held: held)
        let b = RelayHandler(held: held)
        a.partner = b
        b.partner = a
        return (a, b)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        holding = held()
    }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if holding || !heldBytes.isEmpty {
            // Behind bytes still waiting for their retransmission, as TCP keeps order.
            if heldSince == nil { heldSince = .now() }
            heldBytes.append(data)
        } else {
            partner?.context?.write(data, promise: nil)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if !holding { partner?.context?.flush() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let event = event as? RelayEvent else { return context.fireUserInboundEventTriggered(event) }
        switch event {
        case .hold:
            holding = true
        case .release:
            holding = false
            guard let heldSince else { return }
            let delay = RetransmissionSchedule.nextAttempt(lostSince: heldSince, now: .now())
            let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) { loopBound.value.deliverHeld() }
        }
    }

    private func deliverHeld() {
        guard !holding else { return }  // blackholed again before the retransmission
        for data in heldBytes { partner?.context?.write(data, promise: nil) }
        heldBytes.removeAll()
        heldSince = nil
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
