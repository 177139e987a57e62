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
            if let newest = changes.map(\.envelope.version.hlc).max() {
                // A reading too far ahead is not followed (the handshake already refused such a
                // peer); our clock keeps to real time and the change still merges by its version.
                try? clock.observe(newest)
                try NodeState.recordHLC(clock.current, db)
            }
            for change in changes {
                if let reason = refusal(change.envelope, from: side) {
                    batch.outcome.rejected.append(RejectedChange(id: change.envelope.id, kind: change.envelope.kind, reason: reason))
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

        init(_ db: Database) throws {
            anyMovedOut = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM moved_out)") ?? true
        }
    }

    /// Why a sender may not send this change, or nil.
    func refusal(_ change: ChangeEnvelope, from side: PeerSide) -> String? {
        guard case .child(let child) = side else { return nil }
        if change.kind.mergeClass == .registry {
            return "\(change.kind.label.en) records belong to the county registry and flow down only"
        }
        if !child.contains(change.home) {
            return "home \(change.home) is outside the subtree of \(child)"
        }
        return nil
    }

    private func apply(_ change: IncomingChange, from side: PeerSide, _ batch: inout BatchState, _ db: Database) throws {
        let envelope = change.envelope
        if batch.anyMovedOut {
            let movedOut = try db.cachedStatement(sql: "SELECT version FROM moved_out WHERE kind = ? AND entity_id = ?")
            if let movedVersion = try Int64.fetchOne(movedOut, arguments: [envelope.kind.rawValue, envelope.id.uuidString]),
                envelope.version.hlc.packed <= movedVersion {
                batch.outcome.unchanged += 1
                return
            }
        }
        let result: (changed: Bool, previousHome: DivisionCode?, home: DivisionCode)
        switch envelope.body {
        case .elder: result = try mergeProfile(ElderTable.self, envelope, &batch.outcome, db)
        case .device: result = try mergeProfile(DeviceTable.self, envelope, &batch.outcome, db)
        case .organisation: result = try replaceIfNewer(OrganisationTable.self, envelope, db)
        case .staff: result = try replaceIfNewer(StaffTable.self, envelope, db)
        case .order(let order):
            result = try insertOnce(OrderTable.self, envelope, db)
            if result.changed { batch.touchedOrders.insert(order.id) }
        case .orderEvent(let event):
            result = try insertOnce(OrderEventTable.self, envelope, db)
            if result.changed { batch.touchedOrders.insert(event.orderId) }
        case .evaluation: result = try insertOnce(EvaluationTable.self, envelope, db)
        case .complaint(let complaint):
            result = try insertOnce(ComplaintTable.self, envelope, db)
            if result.changed { batch.touchedComplaints.insert(complaint.id) }
        case .complaintEvent(let event):
            result = try insertOnce(ComplaintEventTable.self, envelope, db)
            if result.changed { batch.touchedComplaints.insert(event.complaintId) }
        case .alert(let alert):
            result = try insertOnce(AlertTable.self, envelope, db)
            if result.changed { batch.touchedAlerts.insert(alert.id) }
        case .alertEvent(let event):
            result = try insertOnce(AlertEventTable.self, envelope, db)
            if result.changed { batch.touchedAlerts.insert(event.alertId) }
        case .vitalsSummary: result = try replaceIfNewer(VitalsSummaryTable.self, envelope, db)
        case .conflict(let conflict):
            let isNew = try ConflictTable.fetch(conflict.id, db) == nil
            result = (try ConflictStore.record(conflict, db) != nil, nil, conflict.home)
            if isNew { batch.outcome.conflicts += 1 }
        }
        guard result.changed else {
            batch.outcome.unchanged += 1
            return
        }
        batch.outcome.applied += 1
        let movedFrom = result.previousHome.flatMap { $0 == result.home ? nil : $0 }
        try ChangeLog.append(envelope, payload: change.payload, source: side.code.rawValue, movedFrom: movedFrom, db)
        if !node.contains(result.home) && !result.home.contains(node) {
            try purge(envelope, db)
            batch.outcome.purged += 1
            batch.anyMovedOut = true
        }
    }

    private func mergeProfile<T: RecordTable>(_ table: T.Type, _ envelope: ChangeEnvelope, _ outcome: inout ApplyOutcome, _ db: Database) throws -> (changed: Bool, previousHome: DivisionCode?, home: DivisionCode) where T.Model: ProfileRecord {
        guard let incoming = T.stored(envelope) else { throw StoreError.corrupt("change body does not match its kind") }
        // A record new here is stored as it came: one statement, no read first.
        if try T.insertIfAbsent(incoming.model, incoming.meta, db) {
            return (true, nil, envelope.home)
        }
        let theirs = ProfileState(record: incoming.model, stamps: incoming.meta.stamps, deleted: incoming.meta.deleted)
        guard let local = try T.fetch(envelope.id, db) else {
            throw StoreError.corrupt("\(T.kind.rawValue) \(envelope.id) is neither absent nor readable")
        }
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
        guard merged != ours else { return (false, T.home(local.model), T.home(local.model)) }
        try T.save(merged.record, RecordMeta(version: merged.version, deleted: merged.deleted, stamps: merged.stamps), db)
        return (true, T.home(local.model), T.home(merged.record))
    }

    private func replaceIfNewer<T: RecordTable>(_ table: T.Type, _ envelope: ChangeEnvelope, _ db: Database) throws -> (changed: Bool, previousHome: DivisionCode?, home: DivisionCode) {
        guard let incoming = T.stored(envelope) else { throw StoreError.corrupt("change body does not match its kind") }
        let local = try T.fetch(envelope.id, db)
        if let local, local.meta.version >= incoming.meta.version { return (false, T.home(local.model), T.home(local.model)) }
        try T.save(incoming.model, incoming.meta, db)
        return (true, local.map { T.home($0.model) }, envelope.home)
    }

    private func insertOnce<T: RecordTable>(_ table: T.Type, _ envelope: ChangeEnvelope, _ db: Database) throws -> (changed: Bool, previousHome: DivisionCode?, home: DivisionCode) {
        guard let incoming = T.stored(envelope) else { throw StoreError.corrupt("change body does not match its kind") }
        guard try T.insertIfAbsent(incoming.model, incoming.meta, db) else { return (false, envelope.home, envelope.home) }
        return (true, nil, envelope.home)
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
