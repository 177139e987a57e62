import CareModel
import Foundation
import GRDB

/// A change received from a peer: the decoded envelope and its bytes as received, which are
/// logged unchanged so the change travels on with its original version and origin.
public struct IncomingChange: Sendable {
    public var envelope: ChangeEnvelope
    public var payload: Data

    public init(envelope: ChangeEnvelope, payload: Data) {
        self.envelope = envelope
        self.payload = payload
    }
}

/// Which side of this node a batch came from; it decides what the sender may send.
public enum PeerSide: Sendable {
    case child(DivisionCode)
    case parent(DivisionCode)

    public var code: DivisionCode {
        switch self {
        case .child(let code), .parent(let code): code
        }
    }
}

public struct RejectedChange: Sendable, Hashable {
    public var id: UUID
    public var kind: EntityKind
    public var reason: String
}

public struct ApplyOutcome: Sendable {
    /// Changes that changed something here (and were logged to travel on).
    public var applied = 0
    /// Changes already known: nothing to do.
    public var unchanged = 0
    public var rejected: [RejectedChange] = []
    /// Conflicts newly recorded by this batch.
    public var conflicts = 0
    /// Records that moved out of this node's subtree and were purged.
    public var purged = 0
}

extension AppDatabase {
    /// Applies a batch from a peer in one transaction: each change is checked against what the
    /// sender may send, merged by its kind's rule, and logged when it changed anything.
    /// Applying the same batch again changes nothing.
    public func apply(_ changes: [IncomingChange], from side: PeerSide) throws -> ApplyOutcome {
        try write { db in
            var batch = try BatchState(db)
            // Every batch, pushed or pulled, with or without a handshake before it: a version
            // further ahead than the skew allows would outrank every later write.
            let nowMillis = clock.wallMillis
            var admitted: [IncomingChange] = []
            admitted.reserveCapacity(changes.count)
            for change in changes {
                if let reason = SyncScope.clockRefusal(change.envelope, nowMillis: nowMillis, maxSkewMillis: clock.maxSkewMillis) {
                    batch.reject(change.envelope, reason)
                } else {
                    admitted.append(change)
                }
            }
            if let newest = admitted.map(\.envelope.version.hlc).max() {
                // Within the skew by the check above, so our next local write outranks it.
                try? clock.observe(newest)
                try NodeState.recordHLC(clock.current, db)
            }
            for change in admitted {
                if let reason = refusal(change.envelope, from: side) {
                    batch.reject(change.envelope, reason)
                    continue
                }
                try apply(change, from: side, &batch, db)
            }
            // Fold each touched lifecycle record once, after the whole batch, so events that
            // arrive together are judged together: by fold in registry order, then by id.
            let before = try ConflictTable.count(db)
            for (fold, ids) in batch.touched {
                // By id text, each written once (not twice per comparison).
                for (_, id) in ids.map({ ($0.canonicalString, $0) }).sorted(by: { $0.0 < $1.0 }) { try fold.refold(id, db) }
            }
            batch.outcome.conflicts += max(0, try ConflictTable.count(db) - before)
            return batch.outcome
        }
    }

    /// What applying one batch has done so far.
    private struct BatchState {
        var outcome = ApplyOutcome()
        /// Lifecycle records to refold after the batch, by fold in registry order.
        var touched: [(fold: any RecordFold.Type, ids: Set<UUID>)] = RecordRegistry.folds.map { ($0, []) }
        /// Whether any record ever moved out of this subtree; when none did (the usual case),
        /// no change needs looking up among them.
        var anyMovedOut: Bool

        /// Homes of parent records looked up or written in this batch (nil: not held here).
        var homes: [RecordReference: DivisionCode?] = [:]

        init(_ db: Database) throws {
            anyMovedOut = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM moved_out)") ?? true
        }

        mutating func touch(_ target: FoldTarget) {
            guard let index = touched.firstIndex(where: { $0.fold == target.fold }) else {
                preconditionFailure("\(target.fold) is not listed in RecordRegistry.folds")
            }
            touched[index].ids.insert(target.id)
        }

        mutating func reject(_ change: ChangeEnvelope, _ reason: String) {
            outcome.rejected.append(RejectedChange(id: change.id, kind: change.kind, reason: reason))
        }

        /// The home of `reference` as held here, read once per batch.
        mutating func home(of reference: RecordReference, _ db: Database) throws -> DivisionCode? {
            if let known = homes[reference] { return known }
            let home = try RecordRegistry.home(of: reference, db)
            homes[reference] = home
            return home
        }
    }

    /// Why a sender may not send this change, judged by what it claims alone, or nil.
    private func refusal(_ change: ChangeEnvelope, from side: PeerSide) -> String? {
        guard case .child(let child) = side else { return nil }
        return SyncScope.childRefusal(change, child: child, storedHome: nil)
    }

    private func apply(_ change: IncomingChange, from side: PeerSide, _ batch: inout BatchState, _ db: Database) throws {
        let envelope = change.envelope
        var movedOut = false
        if batch.anyMovedOut {
            let statement = try db.cachedStatement(sql: "SELECT version FROM moved_out WHERE kind = ? AND entity_id = ?")
            if let movedVersion = try Int64.fetchOne(statement, arguments: [envelope.kind.rawValue, envelope.id.canonicalString]) {
                if envelope.version.hlc.packed <= movedVersion {
                    batch.outcome.unchanged += 1
                    return
                }
                movedOut = true
            }
        }
        if let parent = envelope.body.parent, let parentHome = try batch.home(of: parent, db),
            let reason = SyncScope.dependentRefusal(envelope, parent: parent, parentHome: parentHome) {
            batch.reject(envelope, reason)
            return
        }
        let table = RecordRegistry.table(of: envelope.kind)
        var context = MergeContext(side: side, movedOut: movedOut)
        let merged = try table.merge(envelope, &context, db)
        batch.outcome.conflicts += context.newConflicts
        let previousHome: DivisionCode?
        let home: DivisionCode
        switch merged {
        case .unchanged:
            batch.outcome.unchanged += 1
            return
        case .refused(let reason):
            batch.reject(envelope, reason)
            return
        case .changed(let previous, let current):
            previousHome = previous
            home = current
        }
        batch.outcome.applied += 1
        batch.homes[RecordReference(envelope.kind, envelope.id)] = home
        if node.contains(home) || home.contains(node) {
            batch.outcome.conflicts += try table.afterApply(envelope.body, db)
        }
        if let target = table.foldTarget(envelope.body) { batch.touch(target) }
        let movedFrom = previousHome.flatMap { $0 == home ? nil : $0 }
        try ChangeLog.append(envelope, payload: change.payload, source: side.code.rawValue, movedFrom: movedFrom, db)
        if !node.contains(home) && !home.contains(node) {
            try purge(envelope, from: table, db)
            batch.outcome.purged += 1
            batch.anyMovedOut = true
        }
    }

    /// Drops a record that moved out of this node's subtree, remembering its version.
    private func purge(_ envelope: ChangeEnvelope, from table: any RecordTable.Type, _ db: Database) throws {
        try table.remove(envelope.id, db)
        try db.execute(
            sql: "INSERT OR REPLACE INTO moved_out (kind, entity_id, version, origin) VALUES (?, ?, ?, ?)",
            arguments: [envelope.kind.rawValue, envelope.id.canonicalString, envelope.version.hlc.packed, envelope.version.origin])
        try audit(actor: "sync", action: "moved-out", kind: envelope.kind, id: envelope.id, detail: "now homed at \(envelope.home)", db)
    }
}
