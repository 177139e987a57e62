import CareModel
import Foundation
import GRDB

/// Tables of records that live with an elder and move with it: when an elder's home changes
/// at a node, `AppDatabase.rehomeDependents` writes each of them again with the new home,
/// so the new subtree receives them and the old one purges them (as the elder itself).
protocol ElderDependentTable: RecordTable {
    /// The model with its home changed and nothing else.
    static func rehomed(_ model: Model, to home: DivisionCode) -> Model
    /// Writes `current` again homed at `home`, logged as a move from its old home.
    static func rehome(_ current: Stored<Model>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws
    /// Whether two copies of a fact are the same fact (a lifecycle step's copies differ in the
    /// version they carry once it has moved).
    static func sameFact(_ a: Model, _ b: Model) -> Bool
}

extension ElderDependentTable {
    static func sameFact(_ a: Model, _ b: Model) -> Bool { a == b }

    /// Facts: a new version with the new home.
    static func rehome(_ current: Stored<Model>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        try database.rehomeFact(Self.self, current, to: home, actor: actor, db)
    }
}

enum CheckupTable: ElderDependentTable {
    static let table = "checkup"
    static let columns = [
        "id", "home", "elder_id", "date", "place", "station", "entered_by", "recorded_at_millis", "results", "summary", "abnormal",
        "version", "origin",
    ]

    static func values(_ c: Checkup, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            c.id.canonicalString, c.home.rawValue, c.elderId.canonicalString, c.date, c.place, c.station.rawValue, c.enteredBy, c.recordedAtMillis,
            JSONColumn.encode(c.results), c.summary, c.abnormalCount, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Checkup> {
        let checkup = Checkup(
            id: try row.uuid("id"), home: try row.division("home"), elderId: try row.uuid("elder_id"), date: row["date"],
            place: row["place"], station: try row.division("station"), enteredBy: row["entered_by"],
            recordedAtMillis: row["recorded_at_millis"],
            results: try JSONColumn.decode([CheckupResult].self, row["results"], column: "results"), summary: row["summary"])
        return Stored(model: checkup, meta: RecordMeta(version: row.version()))
    }

    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        try insertOnceFollowingElder(change, context, db)
    }

    static func rehomed(_ model: Checkup, to home: DivisionCode) -> Checkup {
        var model = model
        model.home = home
        return model
    }
}

enum ChronicConditionTable: ElderDependentTable {
    static let table = "chronic_condition"
    static let columns = [
        "id", "home", "elder_id", "disease", "diagnosed_on", "registered_on", "interval_days", "status", "note",
        "version", "origin", "deleted", "stamps",
    ]

    static func values(_ c: ChronicCondition, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            c.id.canonicalString, c.home.rawValue, c.elderId.canonicalString, c.disease.rawValue, c.diagnosedOn, c.registeredOn, c.intervalDays,
            c.status.rawValue, c.note, meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<ChronicCondition> {
        let condition = ChronicCondition(
            home: try row.division("home"), elderId: try row.uuid("elder_id"), disease: try row.code("disease", as: ChronicDisease.self),
            diagnosedOn: row["diagnosed_on"], registeredOn: row["registered_on"], intervalDays: row["interval_days"],
            status: try row.code("status", as: ConditionStatus.self), note: row["note"])
        return Stored(model: condition, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }

    static func rehomed(_ model: ChronicCondition, to home: DivisionCode) -> ChronicCondition {
        var model = model
        model.home = home
        return model
    }

    /// A profile: the move is an edit of its `home` field, merged like any other field.
    static func rehome(_ current: Stored<ChronicCondition>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        guard !current.meta.deleted else { return }
        _ = try database.writeProfile(Self.self, rehomed(current.model, to: home), expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
    }
}

enum FollowUpTable: ElderDependentTable {
    static let table = "follow_up"
    static let columns = [
        "id", "home", "condition_id", "elder_id", "date", "method", "by", "systolic", "diastolic", "fasting_glucose", "weight",
        "outcome", "next_due", "note", "recorded_at_millis", "version", "origin",
    ]

    static func values(_ f: FollowUp, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            f.id.canonicalString, f.home.rawValue, f.conditionId.canonicalString, f.elderId.canonicalString, f.date, f.method.rawValue, f.by,
            f.systolic, f.diastolic, f.fastingGlucose, f.weight, f.outcome.rawValue, f.nextDue, f.note, f.recordedAtMillis,
            meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<FollowUp> {
        let followUp = FollowUp(
            id: try row.uuid("id"), home: try row.division("home"), conditionId: try row.uuid("condition_id"),
            elderId: try row.uuid("elder_id"), date: row["date"], method: try row.code("method", as: FollowUpMethod.self), by: row["by"],
            systolic: row["systolic"], diastolic: row["diastolic"], fastingGlucose: row["fasting_glucose"], weight: row["weight"],
            outcome: try row.code("outcome", as: FollowUpOutcome.self), nextDue: row["next_due"], note: row["note"],
            recordedAtMillis: row["recorded_at_millis"])
        return Stored(model: followUp, meta: RecordMeta(version: row.version()))
    }

    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged {
        try insertOnceFollowingElder(change, context, db)
    }

    static func rehomed(_ model: FollowUp, to home: DivisionCode) -> FollowUp {
        var model = model
        model.home = home
        return model
    }
}

extension ElderDependentTable {
    /// Facts that live with an elder: inserted once and never changed, except that a newer
    /// copy that differs only in its home re-homes the stored one (the elder moved). Any other
    /// difference is refused: a fact is not edited.
    static func insertOnceFollowingElder(_ change: ChangeEnvelope, _ context: MergeContext, _ db: Database) throws -> Merged {
        guard let incoming = stored(change) else { throw StoreError.corrupt("change body does not match its kind") }
        if !context.movedOut, try insertIfAbsent(incoming.model, incoming.meta, db) {
            return .changed(previousHome: nil, home: change.home)
        }
        guard let local = try fetch(change.id, db) else {
            // Purged when it moved out, and now moving back in.
            if let reason = context.refusal(change, storedHome: nil, movedOut: context.movedOut) { return .refused(reason) }
            try save(incoming.model, incoming.meta, db)
            return .changed(previousHome: nil, home: change.home)
        }
        if let reason = context.refusal(change, storedHome: home(local.model)) { return .refused(reason) }
        guard sameFact(rehomed(local.model, to: home(incoming.model)), incoming.model) else {
            return .refused("\(kind.rawValue) \(change.id.canonicalString) is a fact: it may move with its elder but not change")
        }
        guard incoming.meta.version > local.meta.version, home(incoming.model) != home(local.model) else { return .unchanged }
        try save(incoming.model, incoming.meta, db)
        return .changed(previousHome: home(local.model), home: change.home)
    }
}
