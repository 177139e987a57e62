import CareModel
import Foundation
import GRDB

/// One elder's line of the re-assessment list.
public struct AssessmentDueEntry: Sendable {
    public let elder: Stored<Elder>
    /// The approved assessment that stands, if any.
    public let standing: Assessment?
    public let due: ReassessmentDue
}

extension AppDatabase {
    /// Stores a new draft assessment, homed where its elder is.
    public func createAssessment(_ assessment: Assessment, actor: String) throws -> Stored<Assessment> {
        try write { db in
            var assessment = assessment
            assessment.home = try Self.liveElderHome(assessment.elderId, db)
            try assessment.validate()
            return try writeProfile(AssessmentTable.self, assessment, expect: .absent, deleted: false, actor: actor, db)
        }
    }

    /// Writes an edited, submitted, approved or returned assessment; `ifMatch` guards against
    /// an edit made since the caller read it. An approval sets the elder's ability level, in
    /// the same transaction, to the level of the approved assessment that now stands, so the
    /// level travels as an edit of the elder wherever the elder is held.
    public func updateAssessment(_ assessment: Assessment, ifMatch: String?, actor: String) throws -> Stored<Assessment> {
        try write { db in
            try assessment.validate()
            let stored = try writeProfile(AssessmentTable.self, assessment, expect: .present(ifMatch: ifMatch), deleted: false, actor: actor, db)
            if assessment.status == .approved { try Self.settleAbilityLevel(of: assessment.elderId, actor: actor, in: self, db) }
            return stored
        }
    }

    /// Sets the elder's `abilityLevel` to that of the standing approved assessment, when it differs.
    static func settleAbilityLevel(of elderId: UUID, actor: String, in database: AppDatabase, _ db: Database) throws {
        guard let elder = try ElderTable.fetch(elderId, db), !elder.meta.deleted else { return }
        let assessments = try Row.fetchAll(db, sql: "SELECT * FROM assessment WHERE elder_id = ? AND deleted = 0 AND status = 'approved'",
                                           arguments: [elderId.canonicalString]).map { try AssessmentTable.decode($0).model }
        guard let level = Assessment.standing(assessments)?.score.level, level.rawValue != elder.model.abilityLevel else { return }
        var next = elder.model
        next.abilityLevel = level.rawValue
        _ = try database.writeProfile(ElderTable.self, next, expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
    }

    public func assessment(id: UUID, in scope: Jurisdiction?) throws -> Stored<Assessment>? {
        guard try isVisible(AssessmentTable.table, id: id, to: scope) else { return nil }
        return try read { db in try AssessmentTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// The elder's assessments (with those of any duplicate merged into it), newest first: the archive.
    public func assessments(elderId: UUID) throws -> [Stored<Assessment>] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM assessment WHERE elder_id IN (SELECT id FROM elder WHERE id = ? OR merged_into = ?) AND deleted = 0
                ORDER BY assessed_on DESC, id
                """, arguments: [elderId.canonicalString, elderId.canonicalString]).map(AssessmentTable.decode)
        }
    }

    /// Submitted assessments in `scope` waiting for a decision, oldest submission first.
    public func submittedAssessments(in scope: Jurisdiction?) throws -> [Stored<Assessment>] {
        let (condition, arguments) = scope?.condition(table: AssessmentTable.table) ?? ("1", [])
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM assessment WHERE status = 'submitted' AND deleted = 0 AND \(condition)
                ORDER BY submitted_at_millis, id
                """, arguments: StatementArguments(arguments)).map(AssessmentTable.decode)
        }
    }

    /// Every live elder in `scope` whose assessment is due by `today` plus the notice period
    /// (or overdue), most overdue first. Fall alerts count from the day they were raised (China
    /// time) and open plans on their day. No record of this node holds hospital stays yet, so
    /// only falls and plans bring a date forward.
    public func assessmentsDue(in scope: Jurisdiction?, today: String, policy: ReassessmentPolicy) throws -> [AssessmentDueEntry] {
        let (condition, arguments) = scope?.condition(table: ElderTable.table, alias: "e") ?? ("1", [])
        return try read { db in
            let elders = try Row.fetchAll(db, sql: "SELECT e.* FROM elder e WHERE e.deleted = 0 AND e.merged_into IS NULL AND \(condition)",
                                          arguments: StatementArguments(arguments)).map(ElderTable.decode)
            var entries: [AssessmentDueEntry] = []
            for elder in elders {
                let approved = try Row.fetchAll(db, sql: "SELECT * FROM assessment WHERE elder_id = ? AND deleted = 0 AND status = 'approved'",
                                                arguments: [elder.model.id.canonicalString]).map { try AssessmentTable.decode($0).model }
                let standing = Assessment.standing(approved)
                let falls = try Int64.fetchAll(db, sql: "SELECT raised_at_millis FROM alert WHERE elder_id = ? AND condition = 'fall'",
                                               arguments: [elder.model.id.canonicalString])
                let planned = try String.fetchAll(db, sql: """
                    SELECT p.due_on FROM assessment_plan p WHERE p.elder_id = ? AND p.deleted = 0 AND p.cancelled = 0
                      AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.plan_id = p.id AND a.status = 'approved' AND a.deleted = 0)
                    """, arguments: [elder.model.id.canonicalString])
                let due = ReassessmentDue.of(
                    lastAssessedOn: standing?.assessedOn, events: falls.map { (trigger: ReassessmentTrigger.fall, day: VitalsSummary.day($0)) },
                    planned: planned, today: today, policy: policy)
                if due.state != .later { entries.append(AssessmentDueEntry(elder: elder, standing: standing, due: due)) }
            }
            return entries.sorted { ($0.due.daysLate, $1.elder.model.name) > ($1.due.daysLate, $0.elder.model.name) }
        }
    }
}

/// A plan with whether an approved assessment has carried it out.
public struct PlanSummary: Sendable {
    public let plan: Stored<AssessmentPlan>
    public let done: Bool
}

extension AppDatabase {
    /// Stores a new plan homed with its elder, or an edit of one (`ifMatch` when editing).
    public func savePlan(_ plan: AssessmentPlan, creating: Bool, ifMatch: String?, actor: String) throws -> Stored<AssessmentPlan> {
        try write { db in
            var plan = plan
            plan.home = try Self.liveElderHome(plan.elderId, db)
            try plan.validate()
            return try writeProfile(AssessmentPlanTable.self, plan, expect: creating ? .absent : .present(ifMatch: ifMatch), deleted: false, actor: actor, db)
        }
    }

    public func assessmentPlan(id: UUID, in scope: Jurisdiction?) throws -> Stored<AssessmentPlan>? {
        guard try isVisible(AssessmentPlanTable.table, id: id, to: scope) else { return nil }
        return try read { db in try AssessmentPlanTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// Plans in `scope` (or of one elder), earliest due first, each with whether it is done.
    public func assessmentPlans(in scope: Jurisdiction?, elderId: UUID? = nil) throws -> [PlanSummary] {
        var (condition, arguments) = scope?.condition(table: AssessmentPlanTable.table, alias: "p") ?? ("1", [])
        if let elderId {
            condition += " AND p.elder_id = ?"
            arguments.append(elderId.canonicalString)
        }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.*, EXISTS (SELECT 1 FROM assessment a WHERE a.plan_id = p.id AND a.status = 'approved' AND a.deleted = 0) AS done
                FROM assessment_plan p WHERE p.deleted = 0 AND \(condition) ORDER BY p.due_on, p.id
                """, arguments: StatementArguments(arguments)).map { PlanSummary(plan: try AssessmentPlanTable.decode($0), done: $0["done"]) }
        }
    }
}
