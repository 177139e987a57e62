import CareModel
import Foundation
import GRDB

/// One citizen ID, one person: a second registration on one node is refused; two records of one
/// person made apart (stations offline) become a replicated conflict where they meet, settled by
/// an operator who keeps one.
extension AppDatabase {
    /// Another live elder holding `elder`'s citizen ID, if any.
    static func holder(ofCitizenIDOf elder: Elder, _ db: Database) throws -> Stored<Elder>? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM elder WHERE citizen_id = ? AND id != ? AND deleted = 0 LIMIT 1")
        return try Row.fetchOne(statement, arguments: [elder.citizenId.rawValue, elder.id.canonicalString]).map(ElderTable.decode)
    }

    /// Refuses a registration or edit that would give this node two elders with one citizen ID.
    static func requireUniqueCitizenID(_ elder: Elder, _ db: Database) throws {
        guard let other = try holder(ofCitizenIDOf: elder, db) else { return }
        throw StoreError.conflict(
            "citizen ID \(elder.citizenId.masked) is already registered as elder \(other.model.id.canonicalString) (\(other.model.name), \(other.model.home)): open that record instead of registering the person again")
    }

    /// After an elder arrived from a peer: a conflict for each other live elder here with the
    /// same citizen ID, logged so it travels.
    /// - Returns: how many conflicts are new here.
    static func recordDuplicatePersons(of id: UUID, _ db: Database) throws -> Int {
        // On the apply path for every elder: one indexed lookup, no row decoded unless a
        // duplicate is there.
        let statement = try db.cachedStatement(sql: """
            SELECT o.* FROM elder e JOIN elder o ON o.citizen_id = e.citizen_id AND o.id != e.id AND o.deleted = 0
            WHERE e.id = ? AND e.deleted = 0
            """)
        let others = try Row.fetchAll(statement, arguments: [id.canonicalString])
        guard !others.isEmpty, let elder = try ElderTable.fetch(id, db) else { return 0 }
        var recorded = 0
        for row in others {
            let other = try ElderTable.decode(row)
            let conflict = Conflict(
                duplicate: elder.model, registered: elder.meta.stamps["citizenId"]?.version ?? elder.meta.version,
                other.model, registered: other.meta.stamps["citizenId"]?.version ?? other.meta.version)
            let isNew = try ConflictTable.fetch(conflict.id, db) == nil
            if let stored = try ConflictStore.record(conflict, db) {
                try ChangeLog.append(ConflictTable.envelope(stored), source: nil, db)
                if isNew { recorded += 1 }
            }
        }
        return recorded
    }

    /// Settles a duplicate-person conflict: `keep` stands; the other record is deleted with
    /// `mergedInto` naming it, so its orders, alerts and summaries count as the kept elder's, and
    /// its devices are moved to the kept elder. Needs both records, so it is done where both
    /// are held (the street or county above both stations).
    func settleDuplicate(_ conflict: Conflict, keep: UUID, actor: String, _ db: Database) throws {
        guard let (first, second) = conflict.duplicatePair else { return }
        guard keep == first || keep == second else {
            throw StoreError.invalid(ValidationFailure([FieldError(field: "keep", Label(
                en: "keep must be one of the two elders of this conflict: \(first.canonicalString) or \(second.canonicalString)",
                zh: "keep 须为本冲突中的两份老人档案之一"))]))
        }
        let merged = keep == first ? second : first
        guard let kept = try ElderTable.fetch(keep, db), !kept.meta.deleted,
            var duplicate = try ElderTable.fetch(merged, db)?.model
        else {
            throw StoreError.conflict("this node does not hold both elder records of conflict \(conflict.id.canonicalString): settle it at the street or county that holds both")
        }
        duplicate.mergedInto = keep
        _ = try writeProfile(ElderTable.self, duplicate, expect: .present(ifMatch: nil), deleted: true, actor: actor, db)
        let devices = try Row.fetchAll(db, sql: "SELECT * FROM device WHERE elder_id = ? AND deleted = 0", arguments: [merged.canonicalString])
        for row in devices {
            var device = try DeviceTable.decode(row).model
            device.elderId = keep
            _ = try writeProfile(DeviceTable.self, device, expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
        }
        try audit(actor: actor, action: "merge-duplicate", kind: .elder, id: merged, detail: "kept \(keep.canonicalString)", db)
    }
}
