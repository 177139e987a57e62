import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// One TLS handshake between a server and a client on 127.0.0.1, reporting how each side ended.
enum LoopbackHandshake {
    struct Outcome {
        /// The server's connection channel once the handshake completed, or why it failed.
        var server: Result<any Channel, any Error>
        var client: Result<any Channel, any Error>
        /// The listening socket: a channel without a TLS handler, still open during `inspect`.
        var listener: any Channel
    }

    struct ClosedBeforeHandshake: Error {}

    static func run(
        server serverConfiguration: TLSConfiguration, client clientConfiguration: TLSConfiguration,
        serverHostname: String? = nil,
        inspect: (Outcome) async throws -> Void = { _ in }
    ) async throws {
        let serverContext = try NIOSSLContext(configuration: serverConfiguration)
        let clientContext = try NIOSSLContext(configuration: clientConfiguration)
        let group = MultiThreadedEventLoopGroup.singleton
        let serverDone = group.next().makePromise(of: (any Channel).self)
        let clientDone = group.next().makePromise(of: (any Channel).self)

        let listener = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: serverContext))
                    try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(promise: serverDone))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = listener.localAddress?.port ?? 0
        let connection = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: clientContext, serverHostname: serverHostname))
                    try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(promise: clientDone))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()

        let server = await Result { try await serverDone.futureResult.get() }
        let client = await Result { try await clientDone.futureResult.get() }
        // Connections stay open while `inspect` looks at them; closed whatever it does.
        let outcome = Outcome(server: server, client: client, listener: listener)
        do {
            try await inspect(outcome)
        } catch {
            try? await connection.close()
            try? await listener.close()
            throw error
        }
        try? await connection.close()
        try? await listener.close()
    }
}

/// Completes its promise with the channel when the TLS handshake succeeds, or fails it.
private final class HandshakeWatcher: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<any Channel>
    private var done = false

    init(promise: EventLoopPromise<any Channel>) {
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            finish(.success(context.channel))
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(LoopbackHandshake.ClosedBeforeHandshake()))
        context.fireChannelInactive()
    }

    private func finish(_ result: Result<any Channel, any Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
    }
}

extension Result where Failure == any Error {
    /// Captures the outcome of an async throwing call.
    init(catching body: () async throws -> Success) async {
        do {
            self = .success(try await body())
        } catch {
            self = .failure(error)
        }
    }
}
