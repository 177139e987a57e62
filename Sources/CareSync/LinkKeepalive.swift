import Foundation
import NIOCore
import NIOHTTP2

/// What the keepalive of the parent link saw, for the sync status and for explaining why
/// requests on a dropped connection failed.
public struct KeepaliveEvents: Sendable {
    /// The parent answered a PING: evidence that the link works, even while nothing moves.
    public var answered: @Sendable () -> Void
    /// No frame came from the parent within the timeout after a PING, so the connection was
    /// closed; the argument says so in words.
    public var dead: @Sendable (String) -> Void

    public init(answered: @escaping @Sendable () -> Void = {}, dead: @escaping @Sendable (String) -> Void = { _ in }) {
        self.answered = answered
        self.dead = dead
    }
}

/// An HTTP/2 keepalive on one client connection: a PING every `interval`, and the connection is
/// closed when `timeout` passes after a PING without any frame from the peer.
///
/// Any inbound frame counts as a sign of life, not only the PING's acknowledgement: a PING
/// answer can queue behind a large pull batch on a slow radio link, and such a link is busy,
/// not dead. Closing the channel fails every stream on it at once (the long poll, a push in
/// flight), so the sync loop retries on a new connection instead of waiting for a request
/// deadline or a TCP timeout. It sits right after `NIOHTTP2Handler`, where it sees the frames
/// of every stream.
final class LinkKeepaliveHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTP2Frame
    typealias InboundOut = HTTP2Frame
    typealias OutboundIn = HTTP2Frame
    typealias OutboundOut = HTTP2Frame

    private let interval: TimeAmount
    private let timeout: TimeAmount
    private let events: KeepaliveEvents
    private var lastHeard = NIODeadline.now()
    private var outstandingPingSentAt: NIODeadline?
    private var pingCounter: UInt64 = 0
    private var timer: RepeatedTask?

    init(interval: TimeAmount, timeout: TimeAmount, events: KeepaliveEvents) {
        self.interval = interval
        self.timeout = timeout
        self.events = events
    }

    func handlerAdded(context: ChannelHandlerContext) {
        lastHeard = .now()
        // The tick runs more often than the interval so a timeout is noticed close to when it
        // expires, not up to a whole interval later.
        let tick = TimeAmount.nanoseconds(max(TimeAmount.milliseconds(50).nanoseconds, min(interval, timeout).nanoseconds / 4))
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in
            let (handler, context) = loopBound.value
            handler.tick(context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        lastHeard = .now()
        if case .ping(let payload, ack: true) = frame.payload, payload == HTTP2PingData(withInteger: pingCounter) {
            outstandingPingSentAt = nil
            events.answered()
        }
        context.fireChannelRead(data)
    }

    private func tick(context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        if let sentAt = outstandingPingSentAt, now - sentAt >= timeout {
            guard lastHeard < sentAt else {
                // Frames came in but not the answer yet: the link is busy, not dead.
                outstandingPingSentAt = nil
                return
            }
            timer?.cancel()
            timer = nil
            let silent = Double((now - lastHeard).nanoseconds) / 1e9
            events.dead("no answer from the parent for \(String(format: "%.1f", silent)) s, not even to an HTTP/2 PING: the link is down or blackholed; dropped the connection")
            context.close(promise: nil)
            return
        }
        if outstandingPingSentAt == nil, now - lastHeard >= interval {
            pingCounter &+= 1
            outstandingPingSentAt = now
            let ping = HTTP2Frame(streamID: .rootStream, payload: .ping(HTTP2PingData(withInteger: pingCounter), ack: false))
            context.writeAndFlush(wrapOutboundOut(ping), promise: nil)
        }
    }
}

extension LinkKeepaliveHandler {
    /// Adds a keepalive to an HTTP/2 connection channel that AsyncHTTPClient has just set up
    /// (its `http2ConnectionDebugInitializer`, which runs for every new HTTP/2 connection).
    static func install(on channel: any Channel, interval: TimeAmount, timeout: TimeAmount, events: KeepaliveEvents) -> EventLoopFuture<Void> {
        channel.eventLoop.submit {
            let operations = channel.pipeline.syncOperations
            let http2 = try operations.handler(type: NIOHTTP2Handler.self)
            try operations.addHandler(LinkKeepaliveHandler(interval: interval, timeout: timeout, events: events), position: .after(http2))
        }
    }
}
