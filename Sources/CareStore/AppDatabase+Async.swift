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

    /// Applies a batch from a peer off the cooperative pool, in turn with the node's other sync
    /// batches: while one is applied the next waits here rather than at SQLite's writer, so
    /// an operator's write queues behind one batch at most, not behind every link's.
    public func applyInTurn(_ changes: [IncomingChange], from side: PeerSide) async throws -> ApplyOutcome {
        await replicationTurns.enter()
        do {
            let outcome = try await perform { try $0.apply(changes, from: side) }
            await replicationTurns.leave()
            return outcome
        } catch {
            await replicationTurns.leave()
            throw error
        }
    }
}
