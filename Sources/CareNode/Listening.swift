import Synchronization

/// Reports the port the server bound (useful with port 0) to whoever waits for it.
public final class ListeningSignal: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int, Never>])
        case listening(Int)
    }

    private let state = Mutex(State.waiting([]))

    public init() {}

    func announce(_ port: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Int, Never>] in
            guard case .waiting(let waiters) = state else { return [] }
            state = .listening(port)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }

    /// The bound port, once the server is accepting connections.
    public func port() async -> Int {
        await withCheckedContinuation { continuation in
            let port = state.withLock { state -> Int? in
                switch state {
                case .listening(let port): return port
                case .waiting(var waiters):
                    waiters.append(continuation)
                    state = .waiting(waiters)
                    return nil
                }
            }
            if let port { continuation.resume(returning: port) }
        }
    }
}
