import CareModel
import Foundation
import GRDB

/// Volunteers: a profile homed at the county, held by every node of it.
enum VolunteerTable: RecordTable {
    static let table = "volunteer"
    static let columns = [
        "id", "home", "elder_id", "name", "phone", "community", "skills", "status", "registered_by",
        "version", "origin", "deleted", "stamps",
    ]

    static func values(_ v: Volunteer, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            v.id.canonicalString, v.home.rawValue, v.elderId?.canonicalString, v.name, v.phone, v.community.rawValue,
            JSONColumn.encode(v.skills.map(\.rawValue)), v.status.rawValue, v.registeredBy,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Volunteer> {
        let skills = try JSONColumn.decode([String].self, row["skills"], column: "skills").map { code in
            guard let skill = VolunteerSkill(rawValue: code) else { throw StoreError.corrupt("volunteer skill '\(code)' is not a known code") }
            return skill
        }
        var volunteer = Volunteer(
            id: try row.uuid("id"), elderId: try row.optionalUUID("elder_id"), name: row["name"], phone: row["phone"],
            community: try row.division("community"), skills: skills, status: try row.code("status", as: VolunteerStatus.self),
            registeredBy: row["registered_by"])
        volunteer.home = try row.division("home")
        return Stored(model: volunteer, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }
}

/// Volunteer activities: a profile homed at the node that runs them.
enum VolunteerActivityTable: RecordTable {
    static let table = "volunteer_activity"
    static let columns = [
        "id", "home", "title", "date", "place", "minutes", "capacity", "signed_up", "organised_by", "cancelled",
        "version", "origin", "deleted", "stamps",
    ]

    static func values(_ a: VolunteerActivity, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            a.id.canonicalString, a.home.rawValue, a.title, a.date, a.place, a.minutes, a.capacity,
            JSONColumn.encode(a.signedUp.map(\.canonicalString)), a.organisedBy, a.cancelled,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<VolunteerActivity> {
        let signedUp = try JSONColumn.decode([String].self, row["signed_up"], column: "signed_up").map { text in
            guard let id = UUID(uuidString: text) else { throw StoreError.corrupt("signed_up holds '\(text)', not a UUID") }
            return id
        }
        let activity = VolunteerActivity(
            id: try row.uuid("id"), home: try row.division("home"), title: row["title"], date: row["date"], place: row["place"],
            minutes: row["minutes"], capacity: row["capacity"], signedUp: signedUp, organisedBy: row["organised_by"],
            cancelled: row["cancelled"])
        return Stored(model: activity, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }
}

/// Time-bank entries: facts homed with their volunteer. An entry that arrives from a peer is
/// folded into its volunteer's balance, and an overdraft it reveals is raised as a conflict.
enum TimeEntryTable: RecordTable {
    static let table = "time_entry"
    static let columns = [
        "id", "home", "volunteer_id", "kind", "minutes", "activity_id", "activity_title", "order_id", "for_elder_id",
        "relation", "conflict_id", "note", "node", "operator", "at_millis", "version", "origin",
    ]

    static func values(_ e: TimeEntry, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            e.id.canonicalString, e.home.rawValue, e.volunteerId.canonicalString, e.kind.rawValue, e.minutes, e.activityId?.canonicalString,
            e.activityTitle, e.orderId?.canonicalString, e.forElderId?.canonicalString, e.relation?.rawValue, e.conflictId?.canonicalString,
            e.note, e.node.rawValue, e.operator, e.atMillis, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<TimeEntry> {
        let entry = TimeEntry(
            id: try row.uuid("id"), home: try row.division("home"), volunteerId: try row.uuid("volunteer_id"),
            kind: try row.code("kind", as: TimeEntryKind.self), minutes: row["minutes"], activityId: try row.optionalUUID("activity_id"),
            activityTitle: row["activity_title"], orderId: try row.optionalUUID("order_id"),
            forElderId: try row.optionalUUID("for_elder_id"),
            relation: try (row["relation"] as String?).map { code in
                guard let relation = RedemptionRelation(rawValue: code) else { throw StoreError.corrupt("relation '\(code)' is not a known code") }
                return relation
            },
            conflictId: try row.optionalUUID("conflict_id"), note: row["note"], node: try row.division("node"),
            operator: row["operator"], atMillis: row["at_millis"])
        return Stored(model: entry, meta: RecordMeta(version: row.version()))
    }

    /// An entry new here may reveal an overdraft: two stations spent the same hours apart.
    static func applied(_ entry: TimeEntry, _ db: Database) throws -> Int {
        guard entry.signedMinutes < 0 else { return 0 }
        return try AppDatabase.recordOverdrafts(of: entry.volunteerId, db)
    }
}
