import CareModel
import Foundation
import GRDB

/// A stay: a fact homed with its elder, whose status, room and bed are the fold of its care
/// records (`StayFold` keeps the state columns current).
enum StayTable: ElderDependentTable {
    static let table = "stay"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: StayFold.self, id: model.id) }
    static let columns = [
        "id", "home", "elder_id", "kind", "room", "bed", "care_level", "assessment_id", "contract_from", "contract_to", "contacts",
        "admitted_at_millis", "admitted_by", "note", "version", "origin", "status", "room_now", "bed_now", "discharged_at_millis",
        "state_version",
    ]

    /// A new stay starts in care in the room and bed it was admitted to; the fold keeps the
    /// state columns current.
    static func values(_ s: Stay, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            s.id.canonicalString, s.home.rawValue, s.elderId.canonicalString, s.kind.rawValue, s.room, s.bed, s.careLevel, s.assessmentId?.canonicalString,
            s.contractFrom, s.contractTo, JSONColumn.encode(s.contacts), s.admittedAtMillis, s.admittedBy, s.note,
            meta.version.hlc.packed, meta.version.origin, StayStatus.inCare.rawValue, s.room, s.bed, nil, meta.version.hlc.packed,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Stay> {
        let stay = Stay(
            id: try row.uuid("id"), home: try row.division("home"), elderId: try row.uuid("elder_id"),
            kind: try row.code("kind", as: StayKind.self), room: row["room"], bed: row["bed"], careLevel: row["care_level"],
            assessmentId: try row.optionalUUID("assessment_id"), contractFrom: row["contract_from"], contractTo: row["contract_to"],
            contacts: try JSONColumn.decode([EmergencyContact].self, row["contacts"], column: "contacts"),
            admittedAtMillis: row["admitted_at_millis"], admittedBy: row["admitted_by"], note: row["note"])
        return Stored(model: stay, meta: RecordMeta(version: row.version()))
    }

    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        try insertOnceFollowingElder(change, context, db)
    }

    static func rehomed(_ model: Stay, to home: DivisionCode) -> Stay {
        var model = model
        model.home = home
        return model
    }

    /// Written again with the new home (which resets the state columns), then refolded.
    static func rehome(_ current: Stored<Stay>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        try database.rehomeFact(Self.self, current, to: home, actor: actor, db)
        try StayFold.refresh(current.model.id, db)
    }
}

enum CareRecordTable: ElderDependentTable {
    static let table = "care_record"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: StayFold.self, id: model.stayId) }
    static let columns = [
        "id", "stay_id", "elder_id", "home", "item", "meal", "detail", "room", "bed", "by", "at_millis", "recorded_by",
        "recorded_at_millis", "version", "origin",
    ]

    static func values(_ r: CareRecord, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            r.id.canonicalString, r.stayId.canonicalString, r.elderId.canonicalString, r.home.rawValue, r.item.rawValue, r.meal?.rawValue, r.detail,
            r.room, r.bed, r.by, r.atMillis, r.recordedBy, r.recordedAtMillis, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<CareRecord> {
        let meal: String? = row["meal"]
        let record = CareRecord(
            id: try row.uuid("id"), stayId: try row.uuid("stay_id"), elderId: try row.uuid("elder_id"), home: try row.division("home"),
            item: try row.code("item", as: CareRecordItem.self), meal: try meal.map { _ in try row.code("meal", as: Meal.self) },
            detail: row["detail"], room: row["room"], bed: row["bed"], by: row["by"], atMillis: row["at_millis"],
            recordedBy: row["recorded_by"], recordedAtMillis: row["recorded_at_millis"])
        return Stored(model: record, meta: RecordMeta(version: row.version()))
    }

    /// A record names its stay's elder (it moves by that elder): one naming another is refused.
    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        if let record = model(change.body), let stay = try StayTable.fetch(record.stayId, db), stay.model.elderId != record.elderId {
            return .refused("care record \(change.id.canonicalString) names elder \(record.elderId.canonicalString) but its stay \(record.stayId.canonicalString) is elder \(stay.model.elderId.canonicalString)'s")
        }
        return try insertOnceFollowingElder(change, context, db)
    }

    static func rehomed(_ model: CareRecord, to home: DivisionCode) -> CareRecord {
        var model = model
        model.home = home
        return model
    }

    /// The fold orders records by when they were done, not by version, so a move changes nothing
    /// in it; the stay is refolded all the same once its records carry the new home.
    static func rehome(_ current: Stored<CareRecord>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        try database.rehomeFact(Self.self, current, to: home, actor: actor, db)
        try StayFold.refresh(current.model.stayId, db)
    }
}

/// Keeps a stay's state columns equal to the fold of its records.
enum StayFold {
    /// The stay and its records, when it is held here. Only records homed with their stay count
    /// (see `SyncScope.dependentRefusal`).
    static func load(_ stayId: UUID, _ db: Database) throws -> (stay: Stored<Stay>, records: [CareRecord])? {
        guard let stay = try StayTable.fetch(stayId, db) else { return nil }
        let statement = try db.cachedStatement(sql: """
            SELECT r.* FROM care_record r JOIN stay s ON s.id = r.stay_id AND s.home = r.home WHERE r.stay_id = ?
            """)
        let records = try Row.fetchAll(statement, arguments: [stayId.canonicalString]).map { try CareRecordTable.decode($0).model }
        return (stay, records)
    }

    static func state(of stayId: UUID, _ db: Database) throws -> StayState? {
        try load(stayId, db).map { StayState.fold($0.stay.model, $0.records) }
    }

    @discardableResult
    static func refresh(_ stayId: UUID, _ db: Database) throws -> StayState? {
        guard let state = try state(of: stayId, db) else { return nil }
        let newest = try Int64.fetchOne(
            db, sql: "SELECT max(version) FROM care_record WHERE stay_id = ?", arguments: [stayId.canonicalString]) ?? 0
        try db.execute(
            sql: """
                UPDATE stay SET status = ?, room_now = ?, bed_now = ?, discharged_at_millis = ?, state_version = max(version, ?)
                WHERE id = ?
                """,
            arguments: [state.status.rawValue, state.room, state.bed, state.dischargedAtMillis, newest, stayId.canonicalString])
        return state
    }
}

extension StayFold: RecordFold {
    static func refold(_ id: UUID, _ db: Database) throws { _ = try refresh(id, db) }
}
