import CareModel
import Foundation
import GRDB

/// A condition on the due list: the entry, its last follow-up and when the next falls due.
public struct FollowUpDueEntry: Sendable {
    public var condition: ChronicCondition
    public var lastFollowUp: FollowUp?
    public var due: FollowUpDue
}

/// An elder's health record: check-ups newest first, conditions, and follow-ups newest first.
public struct HealthRecord: Sendable {
    public var checkups: [Stored<Checkup>]
    public var conditions: [Stored<ChronicCondition>]
    public var followUps: [FollowUp]
}

extension AppDatabase {
    // MARK: Writes

    /// Stores a check-up for its elder, homed where the elder is.
    public func createCheckup(_ checkup: Checkup, actor: String) throws -> Stored<Checkup> {
        try write { db in
            var checkup = checkup
            checkup.home = try Self.liveElderHome(checkup.elderId, db)
            return try insertFact(CheckupTable.self, checkup, actor: actor, db)
        }
    }

    /// Registers a chronic condition; the elder may have each disease once.
    public func createCondition(_ condition: ChronicCondition, actor: String) throws -> Stored<ChronicCondition> {
        try write { db in
            var condition = condition
            condition.home = try Self.liveElderHome(condition.elderId, db)
            if let existing = try ChronicConditionTable.fetch(condition.id, db), !existing.meta.deleted {
                throw StoreError.conflict("the elder's \(condition.disease.label.en) is already registered (\(condition.id))")
            }
            return try writeProfile(ChronicConditionTable.self, condition, expect: .absent, deleted: false, actor: actor, db)
        }
    }

    public func updateCondition(_ condition: ChronicCondition, ifMatch: String?, actor: String) throws -> Stored<ChronicCondition> {
        try writeProfile(ChronicConditionTable.self, condition, expect: .present(ifMatch: ifMatch), actor: actor)
    }

    /// Records a follow-up of a condition held here, homed with it.
    public func createFollowUp(_ followUp: FollowUp, actor: String) throws -> Stored<FollowUp> {
        try write { db in
            guard let condition = try ChronicConditionTable.fetch(followUp.conditionId, db), !condition.meta.deleted else {
                throw StoreError.notFound(.chronicCondition, followUp.conditionId)
            }
            var followUp = followUp
            followUp.home = condition.model.home
            followUp.elderId = condition.model.elderId
            return try insertFact(FollowUpTable.self, followUp, actor: actor, db)
        }
    }

    /// Writes every record that lives with the elder again with its new home, in the same
    /// transaction as the elder's move, so the records travel where the elder went and the old
    /// subtree purges them.
    func rehomeDependents(ofElder elderId: UUID, to home: DivisionCode, actor: String, _ db: Database) throws {
        for table in RecordRegistry.elderDependents {
            try rehome(table, elderId: elderId, to: home, actor: actor, db)
        }
    }

    private func rehome<T: ElderDependentTable>(_ table: T.Type, elderId: UUID, to home: DivisionCode, actor: String, _ db: Database) throws {
        let rows = try Row.fetchAll(
            // In version order: lifecycle steps (a case's) keep their fold order under their new versions.
            db, sql: "SELECT * FROM \(T.table) WHERE elder_id = ? AND home != ? ORDER BY version, origin, id",
            arguments: [elderId.canonicalString, home.rawValue])
        for row in rows { try T.rehome(try T.decode(row), to: home, in: self, actor: actor, db) }
    }

    /// A fact written again with its new home and a new version; the change names the home it
    /// moved from, so the old subtree is sent it and purges its copy.
    func rehomeFact<T: ElderDependentTable>(_ table: T.Type, _ current: Stored<T.Model>, to home: DivisionCode, actor: String, _ db: Database) throws {
        let moved = T.rehomed(current.model, to: home)
        let stored = Stored(model: moved, meta: RecordMeta(version: try nextVersion(db)))
        try T.save(moved, stored.meta, db)
        try ChangeLog.append(T.envelope(stored), source: nil, movedFrom: T.home(current.model), db)
        try audit(actor: actor, action: "move", kind: T.kind, id: moved.id, detail: "moved from \(T.home(current.model)) to \(home) with its elder", db)
    }

    // MARK: Reads

    public func checkup(id: UUID) throws -> Stored<Checkup>? { try read { db in try CheckupTable.fetch(id, db) } }

    public func condition(id: UUID, in scope: Jurisdiction?) throws -> Stored<ChronicCondition>? {
        guard try isVisible(ChronicConditionTable.table, id: id, to: scope) else { return nil }
        return try read { db in try ChronicConditionTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// The elder's health record, with what any duplicate record merged into the elder holds.
    public func healthRecord(elderId: UUID) throws -> HealthRecord {
        try read { db in
            let elders = "elder_id IN (SELECT id FROM elder WHERE id = ? OR merged_into = ?)"
            let arguments: StatementArguments = [elderId.canonicalString, elderId.canonicalString]
            let checkups = try Row.fetchAll(db, sql: "SELECT * FROM checkup WHERE \(elders) ORDER BY date DESC, recorded_at_millis DESC", arguments: arguments)
                .map(CheckupTable.decode)
            let conditions = try Row.fetchAll(db, sql: "SELECT * FROM chronic_condition WHERE \(elders) AND deleted = 0 ORDER BY disease", arguments: arguments)
                .map(ChronicConditionTable.decode)
            // Only follow-ups homed with their condition count (see SyncScope.dependentRefusal).
            let followUps = try Row.fetchAll(db, sql: """
                SELECT f.* FROM follow_up f JOIN chronic_condition c ON c.id = f.condition_id AND c.home = f.home
                WHERE f.\(elders) ORDER BY f.date DESC, f.recorded_at_millis DESC
                """, arguments: arguments).map { try FollowUpTable.decode($0).model }
            return HealthRecord(checkups: checkups, conditions: conditions, followUps: followUps)
        }
    }

    /// Active conditions in `scope` (and under `within`) whose next follow-up is due within
    /// the notice days or overdue on `today`, the most overdue first.
    public func followUpsDue(scope: Jurisdiction?, within: DivisionCode?, today: String, includeLater: Bool = false) throws -> [FollowUpDueEntry] {
        try read { db in
            var sql = "SELECT * FROM chronic_condition c WHERE c.deleted = 0 AND c.status = 'active'"
            var arguments: [any DatabaseValueConvertible] = []
            if let scope {
                let (condition, more) = scope.condition(table: ChronicConditionTable.table, alias: "c")
                sql += " AND (\(condition))"
                arguments += more
            }
            if let within {
                sql += " AND c.home LIKE ?"
                arguments.append(within.rawValue + "%")
            }
            let conditions = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { try ChronicConditionTable.decode($0).model }
            let latest = try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT f.*, row_number() OVER (
                  PARTITION BY f.condition_id ORDER BY f.date DESC, f.recorded_at_millis DESC, f.id DESC) AS rank
                  FROM follow_up f JOIN chronic_condition c ON c.id = f.condition_id AND c.home = f.home
                  WHERE c.deleted = 0 AND c.status = 'active') WHERE rank = 1
                """).map { try FollowUpTable.decode($0).model }
            let byCondition = Dictionary(latest.map { ($0.conditionId, $0) }, uniquingKeysWith: { a, _ in a })
            return conditions
                .map { FollowUpDueEntry(condition: $0, lastFollowUp: byCondition[$0.id], due: .of($0, lastFollowUp: byCondition[$0.id], today: today)) }
                .filter { includeLater || $0.due.state != .later }
                .sorted { ($0.due.daysLate, $1.condition.id.canonicalString) > ($1.due.daysLate, $0.condition.id.canonicalString) }
        }
    }

    /// The home of a live elder held here, or a 422-style failure naming `elderId`.
    static func liveElderHome(_ elderId: UUID, _ db: Database) throws -> DivisionCode {
        guard let elder = try ElderTable.fetch(elderId, db), !elder.meta.deleted else {
            throw StoreError.invalid(ValidationFailure([FieldError(field: "elderId", Label(en: "no elder with id \(elderId)", zh: "老人档案不存在"))]))
        }
        return elder.model.home
    }
}

