import Foundation

/// A test's request that has not finished by its deadline fails the test instead of hanging
/// the whole suite. AsyncHTTPClient's own timeout covers the request until the response's
/// head; a body that stops arriving (seen once in a full run, with a 50 MiB upload answered 413
/// early) would otherwise be awaited for ever.
enum RequestDeadline {
    struct Exceeded: Error, CustomStringConvertible {
        let what: String
        let limit: Duration
        var description: String { "\(what) did not finish within \(limit)" }
    }

    /// The result of `work`, or `Exceeded` once `limit` has passed. The work is cancelled then,
    /// and not waited for: one that ignores cancellation is left behind rather than holding the
    /// caller.
    static func within<T: Sendable>(_ limit: Duration, _ what: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let settled = Once()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let worker = Task {
                let result = await Result(catching: { try await work() })
                if settled.claim() { continuation.resume(with: result) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if settled.claim() {
                    worker.cancel()
                    continuation.resume(throwing: Exceeded(what: what, limit: limit))
                }
            }
        }
    }
}

/// True for the first caller of `claim` only.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing call.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
