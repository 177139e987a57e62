import CareModel
import CareStore
import CareWire
import Foundation
import Logging
import Prometheus
import SwiftProtobuf
import ServiceLifecycle
import Synchronization

/// The child side of a node link, run in the node's ServiceGroup: pushes new changes as soon
/// as they are committed, long-polls the parent for changes, and after any failure retries from
/// the last acknowledged cursor with a short, jittered backoff that starts again from its
/// minimum once an attempt has done some work.
public struct SyncService<C: Clock>: Service where C.Duration == Duration {
    let db: AppDatabase
    let parent: DivisionCode
    let client: ParentClient
    let settings: SyncSettings
    let status: SyncStatusBoard
    let metrics: SyncMetrics
    let clock: C
    let logger: Logger

    public init(
        db: AppDatabase, parent: DivisionCode, client: ParentClient, settings: SyncSettings, status: SyncStatusBoard,
        metrics: SyncMetrics, clock: C, logger: Logger
    ) {
        self.db = db
        self.parent = parent
        self.client = client
        self.settings = settings
        self.status = status
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.loop("push", self.pushUntilCancelled) }
                group.addTask { await self.loop("pull", self.pullUntilCancelled) }
                group.addTask { await self.loop("blobs", self.uploadBlobsUntilCancelled) }
                group.addTask { await self.loop("course files", self.fetchCourseMaterialsUntilCancelled) }
            }
        }
        await client.shutdown()
    }

    /// Runs `body` again after each failure. The wait grows while attempts fail in a row and
    /// starts again from the minimum after an attempt that did some work (`progress`), however
    /// many outages came before.
    private func loop(_ name: String, _ body: @Sendable (LoopProgress) async throws -> Void) async {
        var backoff = RetryBackoff(minimum: settings.minimumBackoff, maximum: settings.maximumBackoff)
        let progress = LoopProgress()
        while !Task.isCancelled {
            let before = progress.count
            do {
                try await body(progress)
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                if progress.count != before { backoff.succeeded() }
                let failure = error as? SyncError ?? SyncError(String(describing: error))
                let delay = backoff.failed(cap: failure.kind.isRefusal ? settings.refusedBackoff : nil)
                metrics.failures.increment()
                status.failed(parent.rawValue, relation: "parent", failure.description, kind: failure.kind, nextAttempt: Date().addingTimeInterval(delay.seconds))
                logger.warning("sync \(name) with parent \(parent) failed (\(backoff.failures) in a row, \(failure.kind.rawValue)), next attempt in \(delay): \(failure.description)")
                try? await Task.sleep(for: delay, clock: clock)
                continue
            }
            backoff.succeeded()
        }
    }

    /// Checks the parent speaks our protocol before any data moves.
    private func handshake() async throws {
        let sentAt = db.clock.wallMillis
        let answer = try await client.hello(Handshake.hello(
            node: db.node, schemaVersion: AppDatabase.schemaVersion, clock: db.clock, software: SyncProtocol.softwareVersion))
        // The parent read its clock about half way through the round trip.
        let offset = answer.wallMillis - (sentAt + db.clock.wallMillis) / 2
        status.update(parent.rawValue, relation: "parent") { $0.clockOffsetMillis = offset }
        guard answer.nodeCode == parent.rawValue else {
            throw SyncError("the node at \(client.baseURL.absoluteString) is \(answer.nodeCode), not our parent \(parent)", kind: .refused)
        }
        if let refusal = Handshake.refusal(of: answer, schemaVersion: AppDatabase.schemaVersion, clock: db.clock) {
            throw SyncError("we refuse the parent: \(refusal.message)", refusal: refusal)
        }
        // The skew was just checked; a refused reading leaves our clock on real time.
        try? db.clock.observe(HLC(packed: answer.hlc))
        status.succeeded(parent.rawValue, relation: "parent")
    }

    private func pushUntilCancelled(_ progress: LoopProgress) async throws {
        try await handshake()
        var cursor = try await db.perform { try $0.cursor(peer: parent.rawValue, direction: "push") }
        // Counting the backlog reads every entry still owed, so while a long backlog drains it
        // is counted at most once a second, not after every batch.
        var backlogCounted = ContinuousClock.now - .seconds(1)
        while !Task.isCancelled {
            let seen = db.changes.generation
            let pending = try await db.perform { [cursor] db in try db.pendingChanges(after: cursor, scope: .toParent(parent), limit: settings.batchSize) }
            if pending.entries.isEmpty {
                if pending.next != cursor {
                    cursor = pending.next
                    try await db.perform { [cursor] db in try db.saveCursor(cursor, peer: parent.rawValue, direction: "push") }
                }
                // Nothing to send is no news about the link: the pull and the keepalive report it.
                try await updateBacklog(cursor)
                await db.changes.wait(after: seen, timeout: .seconds(5))
                continue
            }
            let body = try BatchEncoding.pushRequest(
                sender: db.node.rawValue, changes: pending.entries.map(\.payload),
                cursor: WireCursor(pending.next), hlc: db.clock.current.packed)
            let ack = try await client.push(body)
            // Only an acknowledgement moves the cursor: a push cut off midway is sent again, and
            // applying it twice changes nothing at the parent.
            cursor = pending.next
            try await db.perform { [cursor] db in try db.saveCursor(cursor, peer: parent.rawValue, direction: "push") }
            metrics.pushedChanges.increment(by: Int64(ack.applied))
            metrics.rejectedChanges.increment(by: Int64(ack.rejected.count))
            for rejection in ack.rejected {
                logger.error("parent rejected change \(rejection.id): \(rejection.reason)")
            }
            status.succeeded(parent.rawValue, relation: "parent", sent: pending.entries.count)
            progress.advance()
            if !pending.hasMore || ContinuousClock.now - backlogCounted >= .seconds(1) {
                try await updateBacklog(cursor)
                backlogCounted = ContinuousClock.now
            }
        }
    }

    private func pullUntilCancelled(_ progress: LoopProgress) async throws {
        try await handshake()
        var cursor = try await db.perform { try $0.cursor(peer: parent.rawValue, direction: "pull") }
        while !Task.isCancelled {
            var request = WirePullRequest()
            request.cursor = WireCursor(cursor)
            request.limit = UInt32(settings.batchSize)
            request.waitMillis = UInt32(settings.longPoll.components.seconds * 1000)
            let (batch, changes) = try await client.pull(request)
            // Each change is logged with the bytes the parent sent, so it is never re-encoded.
            // One the rules refuse is logged and skipped: the link goes on with the rest.
            let (incoming, refused) = PushDecoding.checked(changes)
            for rejection in refused {
                metrics.rejectedChanges.increment()
                logger.error("refused change \(rejection.id.isEmpty ? "without id" : rejection.id) from parent: \(rejection.reason)")
            }
            if !incoming.isEmpty {
                let outcome = try await db.applyInTurn(incoming, from: .parent(parent))
                metrics.pulledChanges.increment(by: Int64(outcome.applied))
                metrics.conflicts.increment(by: Int64(outcome.conflicts))
                for rejection in outcome.rejected {
                    logger.error("rejected change \(rejection.id) from parent: \(rejection.reason)")
                }
            }
            cursor = LogCursor(batch.next)
            try await db.perform { [cursor] db in try db.saveCursor(cursor, peer: parent.rawValue, direction: "pull") }
            try? db.clock.observe(HLC(packed: batch.hlc))  // skew checked at the handshake
            status.succeeded(parent.rawValue, relation: "parent", received: incoming.count)
            status.update(parent.rawValue, relation: "parent") { $0.parentHasMore = batch.hasMore_p }
            progress.advance()
        }
    }

    /// Sends photos and recordings up, but only while no record is waiting: blobs are large
    /// and must never hold up the change log on a slow link.
    private func uploadBlobsUntilCancelled(_ progress: LoopProgress) async throws {
        while !Task.isCancelled {
            let cursor = try await db.perform { try $0.cursor(peer: parent.rawValue, direction: "push") }
            let recordsWaiting = try await db.perform { [cursor] db in try db.hasPending(after: cursor, scope: .toParent(parent)) }
            let pending = recordsWaiting ? [] : try await db.perform { try $0.pendingBlobUploads(limit: 16) }
            if pending.isEmpty {
                try await Task.sleep(for: settings.blobPollInterval, clock: clock)
                continue
            }
            for blob in pending {
                if Task.isCancelled { return }
                // A file that cannot be read throws, and the loop retries with backoff.
                guard let (info, bytes) = try await db.perform({ try $0.blobBytes(sha256: blob.sha256) }) else { continue }
                try await client.putBlob(sha256: info.sha256, contentType: info.type.rawValue, bytes: bytes)
                try await db.perform { try $0.markBlobUploaded(sha256: info.sha256) }
                metrics.pushedBlobs.increment()
                progress.advance()
            }
        }
    }

    /// Fetches the files of courses authored above this node (a county's or street's PDFs and
    /// videos), which no other loop brings down. A file the parent does not hold yet is asked
    /// for again after the poll interval; one that arrives is stored here and never sent back up.
    private func fetchCourseMaterialsUntilCancelled(_ progress: LoopProgress) async throws {
        let largest = BlobKind.allCases.map(\.maxBytes).max()!
        while !Task.isCancelled {
            let missing = try await db.perform { try $0.missingCourseMaterials(limit: 8) }
            var fetched = 0
            for hash in missing {
                if Task.isCancelled { return }
                guard let (type, bytes) = try await client.getBlob(sha256: hash, maxBytes: largest) else { continue }
                _ = try await db.perform { try $0.storeBlob(bytes, mediaType: type, expectedSHA256: hash, source: parent.rawValue, queueUpload: false) }
                fetched += 1
                progress.advance()
            }
            if fetched == 0 { try await Task.sleep(for: settings.blobPollInterval, clock: clock) }
        }
    }

    private func updateBacklog(_ cursor: LogCursor) async throws {
        let backlog = try await db.perform { try $0.backlog(after: cursor, scope: .toParent(parent)) }
        metrics.pushBacklog.set(Double(backlog.count))
        let age = backlog.oldestLoggedAt.map { Double(HybridLogicalClock.systemMillis() - $0) / 1000 } ?? 0
        metrics.oldestUnsyncedSeconds.set(age)
    }
}

/// Counts the answered exchanges of one sync loop, so its backoff can tell an attempt that did
/// some work before failing from one that failed straight away.
final class LoopProgress: Sendable {
    private let exchanges = Atomic<Int>(0)

    var count: Int { exchanges.load(ordering: .relaxed) }

    func advance() { exchanges.add(1, ordering: .relaxed) }
}

extension WireCursor {
    public init(_ cursor: LogCursor) {
        self.init()
        urgent = UInt64(max(0, cursor.urgent))
        bulk = UInt64(max(0, cursor.bulk))
    }
}

extension LogCursor {
    public init(_ wire: WireCursor) {
        self.init(urgent: Int64(clamping: wire.urgent), bulk: Int64(clamping: wire.bulk))
    }
}
