import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A single TCP + TLS connection attempt to the parent that reports exactly how it ended.
///
/// AsyncHTTPClient reports a connection the parent closed while HTTP/2 was starting as
/// `remoteConnectionClosed`, and the TLS alert that explains it (the parent refused our
/// certificate) is lost on the way. When that happens the sync loop runs this probe once to find
/// out: a refused connection, a reset, a TLS alert with the parent's reason, or a close without
/// any of these.
struct LinkProbe: Sendable {
    let host: String
    let port: Int
    let context: NIOSSLContext
    let connectTimeout: Duration
    /// How long to wait after the handshake for the parent's first bytes or its alert.
    let settle: Duration = .seconds(1)

    /// What went wrong, or nil if the parent completed TLS and started talking (the failure was
    /// elsewhere).
    func diagnose(parent url: URL) async -> SyncError? {
        let hostname = host.first?.isNumber == true || host.contains(":") ? nil : host
        let context = context
        // The handler and its promise are made here, on the loop the connection will use, so
        // the outcome is known even if the parent closes before the pipeline could be asked.
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let probe = ProbeHandler(settle: TimeAmount(settle), outcome: loop.makePromise())
        do {
            let channel = try await ClientBootstrap(group: loop)
                .connectTimeout(TimeAmount(connectTimeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: hostname))
                        try channel.pipeline.syncOperations.addHandler(probe)
                    }
                }
                .connect(host: host, port: port).get()
            defer { channel.close(promise: nil) }
            try await probe.outcome.futureResult.get()
            return nil
        } catch {
            // A connection that never came up leaves the promise to us.
            loop.execute { probe.finish(error) }
            let explained = SyncError.explaining(error, parent: url, connectTimeout: connectTimeout, dropped: nil)
            if explained.kind == .connectionClosed || error is ProbeClosed {
                return SyncError(
                    "parent \(url.absoluteString) accepted the connection and closed it before TLS was done, without a TLS alert: the parent or the network in between is dropping connections",
                    kind: .connectionClosed)
            }
            return explained
        }
    }
}

struct ProbeClosed: Error {}

/// Completes `outcome` when the parent's first bytes arrive after the TLS handshake (or it
/// stays quiet for `settle`), and fails it with the error (a TLS alert…) or `ProbeClosed` if the
/// connection ends first.
// Made by the probe, then used only on its channel's event loop.
final class ProbeHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    let settle: TimeAmount
    let outcome: EventLoopPromise<Void>
    private var timeout: Scheduled<Void>?
    private var done = false

    init(settle: TimeAmount, outcome: EventLoopPromise<Void>) {
        self.settle = settle
        self.outcome = outcome
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // A parent that completes TLS but then says nothing has not refused us.
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeout = context.eventLoop.scheduleTask(in: settle) { loopBound.value.finish(nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) { finish(nil) }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) { finish(ProbeClosed()) }

    /// Completes `outcome` once; later calls do nothing. Runs on the channel's event loop.
    func finish(_ error: (any Error)?) {
        guard !done else { return }
        done = true
        timeout?.cancel()
        if let error { outcome.fail(error) } else { outcome.succeed() }
    }
}
