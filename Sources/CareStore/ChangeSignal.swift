import Foundation
import Synchronization

/// Tells waiters that the change log grew: the sync loop pushes promptly and a parent answers
/// a long poll as soon as a change is committed, with no polling timer.
///
/// `AppDatabase.write`, the only writer, reports the log's head after each commit. (A GRDB
/// region observation did the same, but it inspects every statement a transaction runs, which
/// cost several percent of applying a batch.)
public final class ChangeSignal: Sendable {
    private struct State {
        var closed = false
        var generation: UInt64 = 0
        /// The newest change-log sequence number committed so far.
        var head: Int64
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let state: Mutex<State>

    init(head: Int64) {
        state = Mutex(State(head: head))
    }

    /// Called after a write transaction committed, with the log's head as it left it.
    func committed(head: Int64) {
        let grew = state.withLock { state -> Bool in
            guard head > state.head else { return false }
            state.head = head
            return true
        }
        if grew { bump() }
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
