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
            // Fold each touched order once, after the whole batch, so events that arrive
            // together are judged together.
            let before = try ConflictTable.count(db)
            for orderId in batch.touchedOrders.sorted(by: { $0.uuidString < $1.uuidString }) {
                try OrderFold.refresh(orderId, db)
            }
            batch.outcome.conflicts += max(0, try ConflictTable.count(db) - before)
            for complaintId in batch.touchedComplaints { try ComplaintFold.refresh(complaintId, db) }
            for alertId in batch.touchedAlerts { try AlertFold.refresh(alertId, db) }
            return batch.outcome
        }
    }

    /// What applying one batch has done so far.
    private struct BatchState {
        var outcome = ApplyOutcome()
        var touchedOrders = Set<UUID>()
        var touchedComplaints = Set<UUID>()
        var touchedAlerts = Set<UUID>()
        /// Whether any record ever moved out of this subtree; when none did (the usual case),
        /// no change needs looking up among them.
        var anyMovedOut: Bool

        /// Homes of parent records looked up or written in this batch (nil: not held here).
        var homes: [RecordReference: DivisionCode?] = [:]

        init(_ db: Database) throws {
            anyMovedOut = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM moved_out)") ?? true
        }

        mutating func reject(_ change: ChangeEnvelope, _ reason: String) {
            outcome.rejected.append(RejectedChange(id: change.id, kind: change.kind, reason: reason))
        }

        /// The home of `reference` as held here, read once per batch.
        mutating func home(of reference: RecordReference, _ db: Database) throws -> DivisionCode? {
            if let known = homes[reference] { return known }
            let home = try RecordTables.home(of: reference, db)
            homes[reference] = home
            return home
        }
    }

    /// The outcome of merging one change into what is stored.
    private enum Merged {
        case unchanged
        case changed(previousHome: DivisionCode?, home: DivisionCode)
        /// The sender may not make this change to the record as it is stored here.
        case refused(String)
    }

    /// Why a sender may not send this change, judged by what it claims alone, or nil.
    private func refusal(_ change: ChangeEnvelope, from side: PeerSide) -> String? {
        guard case .child(let child) = side else { return nil }
        return SyncScope.childRefusal(change, child: child, storedHome: nil)
    }

    /// Why a sender may not make this change to the record as stored here, or nil.
    private func storedRefusal(_ change: ChangeEnvelope, from side: PeerSide, storedHome: DivisionCode?, movedOut: Bool = false) -> String? {
        guard case .child(let child) = side else { return nil }
        return SyncScope.childRefusal(change, child: child, storedHome: storedHome, movedOut: movedOut)
    }

    private func apply(_ change: IncomingChange, from side: PeerSide, _ batch: inout BatchState, _ db: Database) throws {
        let envelope = change.envelope
        var movedOut = false
        if batch.anyMovedOut {
            let statement = try db.cachedStatement(sql: "SELECT version FROM moved_out WHERE kind = ? AND entity_id = ?")
            if let movedVersion = try Int64.fetchOne(statement, arguments: [envelope.kind.rawValue, envelope.id.uuidString]) {
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
        let merged: Merged
        switch envelope.body {
        case .elder: merged = try mergeProfile(ElderTable.self, envelope, side, movedOut, &batch.outcome, db)
        case .device: merged = try mergeProfile(DeviceTable.self, envelope, side, movedOut, &batch.outcome, db)
        case .organisation: merged = try replaceIfNewer(OrganisationTable.self, envelope, side, db)
        case .staff: merged = try replaceIfNewer(StaffTable.self, envelope, side, db)
        case .order: merged = try insertOnce(OrderTable.self, envelope, side, db)
        case .orderEvent: merged = try insertOnce(OrderEventTable.self, envelope, side, db)
        case .evaluation: merged = try insertOnce(EvaluationTable.self, envelope, side, db)
        case .complaint: merged = try insertOnce(ComplaintTable.self, envelope, side, db)
        case .complaintEvent: merged = try insertOnce(ComplaintEventTable.self, envelope, side, db)
        case .alert: merged = try insertOnce(AlertTable.self, envelope, side, db)
        case .alertEvent: merged = try insertOnce(AlertEventTable.self, envelope, side, db)
        case .vitalsSummary: merged = try replaceIfNewer(VitalsSummaryTable.self, envelope, side, db)
        case .conflict(let conflict): merged = try mergeConflict(conflict, envelope, side, &batch.outcome, db)
        }
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
        if case .elder = envelope.body, node.contains(home) || home.contains(node) {
            batch.outcome.conflicts += try Self.recordDuplicatePersons(of: envelope.id, db)
        }
        switch envelope.body {
        case .order(let order): batch.touchedOrders.insert(order.id)
        case .orderEvent(let event): batch.touchedOrders.insert(event.orderId)
        case .complaint(let complaint): batch.touchedComplaints.insert(complaint.id)
        case .complaintEvent(let event): batch.touchedComplaints.insert(event.complaintId)
        case .alert(let alert): batch.touchedAlerts.insert(alert.id)
        case .alertEvent(let event): batch.touchedAlerts.insert(event.alertId)
        default: break
        }
        let movedFrom = previousHome.flatMap { $0 == home ? nil : $0 }
        try ChangeLog.append(envelope, payload: change.payload, source: side.code.rawValue, movedFrom: movedFrom, db)
        if !node.contains(home) && !home.contains(node) {
            try purge(envelope, db)
            batch.outcome.purged += 1
            batch.anyMovedOut = true
        }
    }

    private func mergeProfile<T: RecordTable>(_ table: T.Type, _ envelope: ChangeEnvelope, _ side: PeerSide, _ movedOut: Bool, _ outcome: inout ApplyOutcome, _ db: Database) throws -> Merged where T.Model: ProfileRecord {
        guard let incoming = T.stored(envelope) else { throw StoreError.corrupt("change body does not match its kind") }
        // A record new here is stored as it came: one statement, no read first. A record that
        // moved out is never new to a child: it is judged below, as the record it was.
        if !movedOut, try T.insertIfAbsent(incoming.model, incoming.meta, db) {
            return .changed(previousHome: nil, home: envelope.home)
        }
        guard let local = try T.fetch(envelope.id, db) else {
            if let reason = storedRefusal(envelope, from: side, storedHome: nil, movedOut: movedOut) { return .refused(reason) }
            try T.save(incoming.model, incoming.meta, db)
            return .changed(previousHome: nil, home: envelope.home)
        }
        if let reason = storedRefusal(envelope, from: side, storedHome: T.home(local.model)) { return .refused(reason) }
        let theirs = ProfileState(record: incoming.model, stamps: incoming.meta.stamps, deleted: incoming.meta.deleted)
        let ours = ProfileState(record: local.model, stamps: local.meta.stamps, deleted: local.meta.deleted)
        let (merged, conflicts) = ProfileMerge.merge(ours, theirs)
        // Which pairs of writes meet depends on arrival order, so nodes may detect different
        // conflicts: each one detected is logged and replicated, and every node ends up
        // holding the union.
        for conflict in conflicts {
            let detected = Conflict(conflict, in: merged.record)
            let isNew = try ConflictTable.fetch(detected.id, db) == nil
            if let stored = try ConflictStore.record(detected, db) {
                try ChangeLog.append(ConflictTable.envelope(stored), source: nil, db)
                if isNew { outcome.conflicts += 1 }
            }
        }
        guard merged != ours else { return .unchanged }
        try T.save(merged.record, RecordMeta(version: merged.version, deleted: merged.deleted, stamps: merged.stamps), db)
        return .changed(previousHome: T.home(local.model), home: T.home(merged.record))
    }

    private func replaceIfNewer<T: RecordTable>(_ table: T.Type, _ envelope: ChangeEnvelope, _ side: PeerSide, _ db: Database) throws -> Merged {
        guard let incoming = T.stored(envelope) else { throw StoreError.corrupt("change body does not match its kind") }
        let local = try T.fetch(envelope.id, db)
        if let reason = storedRefusal(envelope, from: side, storedHome: local.map { T.home($0.model) }) { return .refused(reason) }
        if let local, local.meta.version >= incoming.meta.version { return .unchanged }
        try T.save(incoming.model, incoming.meta, db)
        return .changed(previousHome: local.map { T.home($0.model) }, home: envelope.home)
    }

    private func insertOnce<T: RecordTable>(_ table: T.Type, _ envelope: ChangeEnvelope, _ side: PeerSide, _ db: Database) throws -> Merged {
        guard let incoming = T.stored(envelope) else { throw StoreError.corrupt("change body does not match its kind") }
        if try T.insertIfAbsent(incoming.model, incoming.meta, db) { return .changed(previousHome: nil, home: envelope.home) }
        // Already held: nothing to merge, but a child re-sending a record homed elsewhere is
        // told so rather than answered as if it had been accepted.
        let storedHome = try RecordTables.home(of: RecordReference(T.kind, envelope.id), db)
        if let reason = storedRefusal(envelope, from: side, storedHome: storedHome) { return .refused(reason) }
        return .unchanged
    }

    private func mergeConflict(_ conflict: Conflict, _ envelope: ChangeEnvelope, _ side: PeerSide, _ outcome: inout ApplyOutcome, _ db: Database) throws -> Merged {
        let existing = try ConflictTable.fetch(conflict.id, db)
        if let reason = storedRefusal(envelope, from: side, storedHome: existing?.model.home) { return .refused(reason) }
        guard try ConflictStore.record(conflict, db) != nil else { return .unchanged }
        if existing == nil { outcome.conflicts += 1 }
        return .changed(previousHome: existing?.model.home, home: conflict.home)
    }

    /// Drops a record that moved out of this node's subtree, remembering its version.
    private func purge(_ envelope: ChangeEnvelope, _ db: Database) throws {
        let table = switch envelope.kind {
        case .elder: ElderTable.table
        case .device: DeviceTable.table
        default: ""
        }
        guard !table.isEmpty else { return }
        try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [envelope.id.uuidString])
        try db.execute(
            sql: "INSERT OR REPLACE INTO moved_out (kind, entity_id, version, origin) VALUES (?, ?, ?, ?)",
            arguments: [envelope.kind.rawValue, envelope.id.uuidString, envelope.version.hlc.packed, envelope.version.origin])
        try audit(actor: "sync", action: "moved-out", kind: envelope.kind, id: envelope.id, detail: "now homed at \(envelope.home)", db)
    }
}

extension ConflictTable {
    static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM conflict") ?? 0
    }
}
