import CareModel
import Foundation
import GRDB

/// An elder's care plan: a profile homed with the elder, re-homed as an edit of its `home`
/// field when the elder moves.
enum CarePlanTable: ElderDependentTable {
    static let table = "care_plan"
    static let columns = [
        "id", "home", "elder_id", "care_group", "contact_kind", "interval_days", "assignee", "volunteer_name", "volunteer_phone",
        "starts_on", "note", "set_by", "set_at_millis", "version", "origin", "deleted", "stamps",
    ]

    static func values(_ p: CarePlan, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            p.id.canonicalString, p.home.rawValue, p.elderId.canonicalString, p.group.rawValue, p.contactKind?.rawValue, p.intervalDays,
            p.assignee, p.volunteerName, p.volunteerPhone, p.startsOn, p.note, p.setBy, p.setAtMillis,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<CarePlan> {
        let kind: String? = row["contact_kind"]
        let plan = CarePlan(
            home: try row.division("home"), elderId: try row.uuid("elder_id"), group: try row.code("care_group", as: CareGroup.self),
            contactKind: try kind.map { _ in try row.code("contact_kind", as: CareContactKind.self) }, intervalDays: row["interval_days"],
            assignee: row["assignee"], volunteerName: row["volunteer_name"], volunteerPhone: row["volunteer_phone"],
            startsOn: row["starts_on"], note: row["note"], setBy: row["set_by"], setAtMillis: row["set_at_millis"])
        return Stored(model: plan, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }

    static func rehomed(_ model: CarePlan, to home: DivisionCode) -> CarePlan {
        var model = model
        model.home = home
        return model
    }

    /// A profile: the move is an edit of its `home` field, merged like any other field.
    static func rehome(_ current: Stored<CarePlan>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        guard !current.meta.deleted else { return }
        _ = try database.writeProfile(Self.self, rehomed(current.model, to: home), expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
    }
}

/// The contacts made: facts homed with the elder, inserted once and moved with the elder.
enum CareContactTable: ElderDependentTable {
    static let table = "care_contact"
    static let columns = [
        "id", "home", "elder_id", "kind", "outcome", "at_millis", "by", "volunteer", "notes", "follow_up_kind", "follow_up_id",
        "recorded_at_millis", "version", "origin",
    ]

    static func values(_ c: CareContact, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            c.id.canonicalString, c.home.rawValue, c.elderId.canonicalString, c.kind.rawValue, c.outcome.rawValue, c.atMillis, c.by, c.volunteer,
            c.notes, c.followUpKind?.rawValue, c.followUpId?.canonicalString, c.recordedAtMillis, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<CareContact> {
        let followUp: String? = row["follow_up_kind"]
        let contact = CareContact(
            id: try row.uuid("id"), home: try row.division("home"), elderId: try row.uuid("elder_id"),
            kind: try row.code("kind", as: CareContactKind.self), outcome: try row.code("outcome", as: CareOutcome.self),
            atMillis: row["at_millis"], by: row["by"], volunteer: row["volunteer"], notes: row["notes"],
            followUpKind: try followUp.map { _ in try row.code("follow_up_kind", as: CareFollowUpKind.self) },
            followUpId: try row.optionalUUID("follow_up_id"), recordedAtMillis: row["recorded_at_millis"])
        return Stored(model: contact, meta: RecordMeta(version: row.version()))
    }

    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        try insertOnceFollowingElder(change, context, db)
    }

    static func rehomed(_ model: CareContact, to home: DivisionCode) -> CareContact {
        var model = model
        model.home = home
        return model
    }
}

/// The county's rule per care group (registry: the newest version wins, written at the county only).
enum CareDefaultTable: RecordTable {
    static let table = "care_default"
    static let columns = ["id", "home", "care_group", "contact_kind", "interval_days", "grace_days", "version", "origin", "deleted"]

    static func values(_ d: CareDefault, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            d.id.canonicalString, d.home.rawValue, d.group.rawValue, d.contactKind.rawValue, d.intervalDays, d.graceDays,
            meta.version.hlc.packed, meta.version.origin, meta.deleted,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<CareDefault> {
        let rule = CareDefault(
            home: try row.division("home"), group: try row.code("care_group", as: CareGroup.self),
            contactKind: try row.code("contact_kind", as: CareContactKind.self), intervalDays: row["interval_days"],
            graceDays: row["grace_days"])
        return Stored(model: rule, meta: RecordMeta(version: row.version(), deleted: row["deleted"]))
    }
}
