import Dispatch

extension AppDatabase {
    /// The threads SQLite work runs on when it is called from async code. A read or write blocks
    /// the thread it runs on (on a write, until the writer is free); on these threads it never
    /// holds up Swift's cooperative pool, which has one thread per core and also runs the HTTP/2
    /// connections and the sync loops.
    private static let queue = DispatchQueue(label: "carenode.sqlite", qos: .userInitiated, attributes: .concurrent)

    /// Runs store work off the cooperative thread pool and returns its result:
    /// `let elder = try await db.perform { try $0.elder(id: id) }`. Every async caller (routes,
    /// sync loops, ingest, timers) reaches the store this way; synchronous callers (the command
    /// line, unit tests) call the store directly.
    public func perform<T: Sendable>(_ work: @escaping @Sendable (AppDatabase) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.queue.async { continuation.resume(with: Result { try work(self) }) }
        }
    }
}
