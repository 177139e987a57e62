import CareModel
import Foundation
import GRDB

/// A stay with its folded state, as the stay table holds it.
public struct StaySummary: Sendable {
    public var stay: Stay
    public var status: StayStatus
    public var room: String
    public var bed: String?
    public var dischargedAtMillis: Int64?
    public var version: Version
}

/// Why the store refused an admission or a care record, in English and Chinese (409).
public struct StayRefusal: Error, Sendable {
    public let reason: Label
}

/// The level a stay is admitted at: the elder's standing approved assessment, else the file's.
public struct AdmissionLevel: Sendable, Equatable {
    public var level: Int
    public var assessmentId: UUID?
}

extension AppDatabase {
    /// Admits an elder: homed where the elder is, at most one open stay per elder, and a full-care
    /// bed held by no other open stay at the station.
    public func admit(_ stay: Stay, actor: String) throws -> StaySummary {
        try write { db in
            var stay = stay
            stay.home = try Self.liveElderHome(stay.elderId, db)
            try stay.validate()
            if let open = try String.fetchOne(
                db, sql: "SELECT id FROM stay WHERE elder_id = ? AND status != 'discharged'", arguments: [stay.elderId.canonicalString])
            {
                throw StayRefusal(reason: Label(
                    en: "the elder is already in care here (stay \(open)): discharge that stay first", zh: "该老人已在站入住，请先办理出院"))
            }
            if let bed = stay.bed { try Self.checkBedFree(home: stay.home, room: stay.room, bed: bed, except: nil, db) }
            _ = try insertFact(StayTable.self, stay, actor: actor, db)
            try StayFold.refresh(stay.id, db)
            return try Self.staySummary(stay.id, db)!
        }
    }

    /// Appends a care record, refused (409) when it does not fit the stay where its time puts it,
    /// or when a transfer names a bed another open stay holds.
    public func appendCareRecord(_ record: CareRecord, actor: String) throws -> StaySummary {
        try write { db in
            guard let (stored, records) = try StayFold.load(record.stayId, db) else { throw StoreError.notFound(.stay, record.stayId) }
            var record = record
            record.home = stored.model.home
            record.elderId = stored.model.elderId
            try record.validate()
            if let refusal = StayState.refusal(of: record, in: stored.model, records: records) {
                throw StayRefusal(reason: refusal)
            }
            if record.item == .transfer, let bed = record.bed, let room = record.room {
                try Self.checkBedFree(home: stored.model.home, room: room, bed: bed, except: stored.model.id, db)
            }
            _ = try insertFact(CareRecordTable.self, record, actor: actor, db)
            try StayFold.refresh(record.stayId, db)
            return try Self.staySummary(record.stayId, db)!
        }
    }

    private static func checkBedFree(home: DivisionCode, room: String, bed: String, except: UUID?, _ db: Database) throws {
        let holder = try String.fetchOne(db, sql: """
            SELECT id FROM stay WHERE home = ? AND status != 'discharged' AND room_now = ? AND bed_now = ? AND id != ?
            """, arguments: [home.rawValue, room, bed, except?.canonicalString ?? ""])
        if let holder {
            throw StayRefusal(reason: Label(en: "bed \(bed) in room \(room) is held by stay \(holder)", zh: "\(room)房间\(bed)床位已有老人入住"))
        }
    }

    /// The level an admission of `elderId` takes.
    public func admissionLevel(elderId: UUID) throws -> AdmissionLevel? {
        try read { db in
            guard let elder = try ElderTable.fetch(elderId, db), !elder.meta.deleted else { return nil }
            let approved = try Row.fetchAll(
                db, sql: "SELECT * FROM assessment WHERE elder_id = ? AND deleted = 0 AND status = 'approved'",
                arguments: [elderId.canonicalString]).map { try AssessmentTable.decode($0).model }
            if let standing = Assessment.standing(approved), let level = standing.score.level {
                return AdmissionLevel(level: level.rawValue, assessmentId: standing.id)
            }
            return AdmissionLevel(level: elder.model.abilityLevel, assessmentId: nil)
        }
    }

    public func stay(id: UUID, in scope: Jurisdiction?) throws -> (summary: StaySummary, state: StayState)? {
        guard try isVisible(StayTable.table, id: id, to: scope) else { return nil }
        return try read { db in
            guard let summary = try Self.staySummary(id, db), let state = try StayFold.state(of: id, db) else { return nil }
            return (summary, state)
        }
    }

    /// Stays in a subtree, optionally of one status (`filter.equals[.status]`) or elder.
    public func stays(_ filter: ListFilter) throws -> Page<StaySummary> {
        try read { db in
            try Self.page(StayTable.table, filter, nameColumn: nil, db, Self.staySummary)
        }
    }

    /// Every stay in `scope` (and `within`) that overlaps `period`, with its state: what the
    /// occupancy figures count.
    public func staysOverlapping(_ period: Range<Int64>, scope: Jurisdiction?, within: DivisionCode?) throws -> [(stay: Stay, state: StayState)] {
        let (condition, arguments) = scope?.condition(table: StayTable.table) ?? ("1", [])
        return try read { db in
            let ids = try String.fetchAll(db, sql: """
                SELECT id FROM stay WHERE admitted_at_millis < ? AND (discharged_at_millis IS NULL OR discharged_at_millis >= ?)
                AND home LIKE ? AND (\(condition)) ORDER BY home, admitted_at_millis, id
                """, arguments: StatementArguments([period.upperBound, period.lowerBound, (within?.rawValue ?? "") + "%"] + arguments))
            return try ids.compactMap(UUID.init(uuidString:)).compactMap { id in
                try StayFold.load(id, db).map { ($0.stay.model, StayState.fold($0.stay.model, $0.records)) }
            }
        }
    }

    static func staySummary(_ id: UUID, _ db: Database) throws -> StaySummary? {
        try Row.fetchOne(db, sql: "SELECT * FROM stay WHERE id = ?", arguments: [id.canonicalString]).map(staySummary)
    }

    static func staySummary(_ row: Row) throws -> StaySummary {
        let stored = try StayTable.decode(row)
        let stateVersion: Int64 = row["state_version"]
        return StaySummary(
            stay: stored.model, status: try row.code("status", as: StayStatus.self), room: row["room_now"], bed: row["bed_now"],
            dischargedAtMillis: row["discharged_at_millis"],
            version: Version(hlc: HLC(packed: max(stateVersion, stored.meta.version.hlc.packed)), origin: stored.meta.version.origin))
    }
}
