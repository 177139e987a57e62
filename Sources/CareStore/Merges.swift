import CareModel
import Foundation
import GRDB

/// What merging one change may consult and report.
struct MergeContext {
    /// Who sent the change: a child may change only what is homed in its subtree.
    let side: PeerSide
    /// Whether this node purged the record because it moved out of its subtree.
    let movedOut: Bool
    /// Conflicts newly recorded while merging.
    var newConflicts = 0

    /// Why the sender may not make this change to the record as stored here, or nil.
    func refusal(_ change: ChangeEnvelope, storedHome: DivisionCode?, movedOut: Bool = false, stored: (any ReplicatedRecord)? = nil) -> String? {
        guard case .child(let child) = side else { return nil }
        return SyncScope.childRefusal(change, child: child, storedHome: storedHome, movedOut: movedOut, stored: stored)
    }
}

/// The outcome of merging one change into what is stored.
enum Merged {
    case unchanged
    case changed(previousHome: DivisionCode?, home: DivisionCode)
    /// The sender may not make this change to the record as it is stored here.
    case refused(String)
}

/// The merge rules (ARCHITECTURE.md), one per merge class, chosen by the table's model.
extension RecordTable {
    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        switch Model.mergeClass {
        case .registry, .summary, .account: try replaceIfNewer(change, context, db)
        case .fact: try insertOnce(change, context, db)
        case .profile, .conflict:
            preconditionFailure("\(kind.rawValue) is a \(Model.mergeClass) record: its table must merge it by that rule")
        }
    }

    private static func incoming(_ change: ChangeEnvelope) throws -> Stored<Model> {
        guard let stored = stored(change) else { throw StoreError.corrupt("change body does not match its kind") }
        return stored
    }

    /// Registry and summary records: the newest version wins.
    static func replaceIfNewer(_ change: ChangeEnvelope, _ context: MergeContext, _ db: Database) throws -> Merged {
        let incoming = try incoming(change)
        let local = try fetch(change.id, db)
        if let reason = context.refusal(change, storedHome: local.map { home($0.model) }) { return .refused(reason) }
        if let local, local.meta.version >= incoming.meta.version { return .unchanged }
        try save(incoming.model, incoming.meta, db)
        return .changed(previousHome: local.map { home($0.model) }, home: change.home)
    }

    /// Facts: immutable once written, the union of everything seen.
    static func insertOnce(_ change: ChangeEnvelope, _ context: MergeContext, _ db: Database) throws -> Merged {
        let incoming = try incoming(change)
        if try insertIfAbsent(incoming.model, incoming.meta, db) { return .changed(previousHome: nil, home: change.home) }
        // Already held: nothing to merge, but a child re-sending a record homed elsewhere is
        // told so rather than answered as if it had been accepted.
        let storedHome = try RecordRegistry.home(of: RecordReference(kind, change.id), db)
        if let reason = context.refusal(change, storedHome: storedHome) { return .refused(reason) }
        return .unchanged
    }
}

extension RecordTable where Model: ProfileRecord {
    /// Profile records: per-field last writer wins; concurrent edits of one field leave a conflict.
    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        let incoming = try incoming(change)
        // A record new here is stored as it came: one statement, no read first. A record that
        // moved out is never new to a child: it is judged below, as the record it was.
        if !context.movedOut, try insertIfAbsent(incoming.model, incoming.meta, db) {
            return .changed(previousHome: nil, home: change.home)
        }
        guard let local = try fetch(change.id, db) else {
            if let reason = context.refusal(change, storedHome: nil, movedOut: context.movedOut) { return .refused(reason) }
            try save(incoming.model, incoming.meta, db)
            return .changed(previousHome: nil, home: change.home)
        }
        if let reason = context.refusal(change, storedHome: home(local.model), stored: local.model) { return .refused(reason) }
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
                if isNew { context.newConflicts += 1 }
            }
        }
        guard merged != ours else { return .unchanged }
        try save(merged.record, RecordMeta(version: merged.version, deleted: merged.deleted, stamps: merged.stamps), db)
        return .changed(previousHome: home(local.model), home: home(merged.record))
    }
}

extension ConflictTable {
    /// Conflicts: united by id; a resolution, once made, wins.
    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        guard let conflict = model(change.body) else { throw StoreError.corrupt("change body does not match its kind") }
        let existing = try fetch(conflict.id, db)
        if let reason = context.refusal(change, storedHome: existing?.model.home) { return .refused(reason) }
        guard try ConflictStore.record(conflict, db) != nil else { return .unchanged }
        if existing == nil { context.newConflicts += 1 }
        return .changed(previousHome: existing?.model.home, home: conflict.home)
    }

    static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM conflict") ?? 0
    }
}
