import Synchronization

/// Reports the port the server bound (useful with port 0) to whoever waits for it, or why the
/// server ended before it listened (a port already taken, say), so nobody waits forever.
public final class ListeningSignal: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int, any Error>])
        case listening(Int)
        case ended(String)
    }

    /// The server stopped before it accepted a connection.
    public struct NeverListened: Error, CustomStringConvertible {
        public let description: String
    }

    private let state = Mutex(State.waiting([]))

    public init() {}

    func announce(_ port: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .listening(port)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// Tells waiters that the node's services ended; if the server never listened, they
    /// get the reason instead of a port.
    public func ended(_ error: (any Error)?) {
        let reason = error.map { "the node stopped before listening: \($0)" } ?? "the node stopped before listening"
        let waiters = state.withLock { state -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .ended(reason)
            return waiters
        }
        for waiter in waiters { waiter.resume(throwing: NeverListened(description: reason)) }
    }

    /// The bound port, once the server is accepting connections.
    public func port() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let outcome = state.withLock { state -> Result<Int, NeverListened>? in
                switch state {
                case .listening(let port): return .success(port)
                case .ended(let reason): return .failure(NeverListened(description: reason))
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                }
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }
}
