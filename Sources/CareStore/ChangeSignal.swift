import Foundation
import GRDB
import Synchronization

/// Tells waiters that the change log grew: the sync loop pushes promptly and a parent answers
/// a long poll as soon as a change is committed, with no polling timer.
public final class ChangeSignal: Sendable {
    private struct State {
        var closed = false
        var generation: UInt64 = 0
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())
    private let observation = Mutex<AnyDatabaseCancellable?>(nil)

    init() {}

    /// Starts watching commits that touch `change_log`.
    func observe(_ writer: any DatabaseWriter) {
        let cancellable = DatabaseRegionObservation(tracking: Table("change_log")).start(
            // Without notifications the sync loop still wakes every few seconds, so an
            // observation error costs latency, not data.
            in: writer, onError: { _ in }, onChange: { [weak self] _ in self?.bump() })
        observation.withLock { $0 = cancellable }
    }

    /// Wakes every waiter and makes later waits return at once: the node is shutting down, so
    /// long polls answer now instead of holding the server's graceful shutdown.
    public func close() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    public var isClosed: Bool { state.withLock { $0.closed } }

    /// Increases with every commit that logged a change.
    public var generation: UInt64 { state.withLock { $0.generation } }

    func bump() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.generation &+= 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the generation has moved past `seen`, after `timeout`, or on cancellation.
    public func wait(after seen: UInt64, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForBump(after: seen) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForBump(after seen: UInt64) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.generation != seen || state.closed || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume()
        }
    }
}
