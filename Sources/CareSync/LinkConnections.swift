import NIOCore
import Synchronization

/// The HTTP/2 connections a `ParentClient` has open, so that a connection found dead can be
/// closed at once.
///
/// A request that times out only resets its own stream; the pool would send the next request
/// down the same dead connection and wait again. When a long poll gets no answer in time, the
/// client closes every connection here instead: the push in flight on it fails at once too,
/// and the sync loop retries both on a fresh connection.
final class LinkConnections: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    /// Records a connection that AsyncHTTPClient has just set up (its
    /// `http2ConnectionDebugInitializer`, which runs for every new HTTP/2 connection).
    func opened(_ channel: any Channel) -> EventLoopFuture<Void> {
        let key = ObjectIdentifier(channel)
        channels.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.channels.withLock { $0.removeValue(forKey: key) }
        }
        return channel.eventLoop.makeSucceededVoidFuture()
    }

    /// Closes every open connection; the requests on them fail and are retried by the loop.
    func closeAll() {
        let open = channels.withLock { channels in
            defer { channels.removeAll() }
            return Array(channels.values)
        }
        for channel in open { channel.close(promise: nil) }
    }
}
