import CareModel
import Foundation
import GRDB

/// An elder on the risk list, by name.
public struct RiskEntry: Sendable {
    public var assessment: RiskAssessment
    public var elderName: String
    public var home: DivisionCode
}

extension AppDatabase {
    /// The risk reminders of the elders in `scope` on `today`, computed from what this node
    /// holds (a county holds its whole subtree's summaries, conditions, follow-ups and
    /// check-ups): elders with a score above zero, the highest first. Computed on each read,
    /// not stored, so it follows the clock and every record that arrives.
    public func riskReminders(scope: Jurisdiction?, today: String) throws -> [RiskEntry] {
        let overdue = try followUpsDue(scope: scope, within: nil, today: today).filter { $0.due.state == .overdue }
        return try read { db in
            var filter = "1"
            var arguments: [any DatabaseValueConvertible] = []
            if let scope {
                let (condition, more) = scope.condition(table: ElderTable.table, alias: "e")
                filter = condition
                arguments = more
            }
            let elders = try Row.fetchAll(
                db, sql: "SELECT e.id, e.name, e.home FROM elder e WHERE e.deleted = 0 AND e.merged_into IS NULL AND (\(filter))",
                arguments: StatementArguments(arguments))
            let from = CalendarDate.adding(days: -(RiskRules.windowDays - 1), to: today)
            var inputs: [UUID: RiskInput] = [:]
            var names: [UUID: (String, DivisionCode)] = [:]
            for row in elders {
                guard let id = UUID(uuidString: row["id"]), let home = DivisionCode(row["home"]) else { continue }
                inputs[id] = RiskInput(elderId: id)
                names[id] = (row["name"], home)
            }
            for row in try Row.fetchAll(db, sql: "SELECT elder_id, measure, day, mean, abnormal FROM vitals_summary WHERE day >= ? AND day <= ?", arguments: [from, today]) {
                guard let id = UUID(uuidString: row["elder_id"]), inputs[id] != nil else { continue }
                let day: String = row["day"]
                if row["measure"] == Measure.systolic.rawValue { inputs[id]!.systolicMeans.append((day, row["mean"])) }
                let abnormal: Int = row["abnormal"]
                if abnormal > 0 { inputs[id]!.outOfRangeDays.insert(day) }
            }
            for entry in overdue where inputs[entry.condition.elderId] != nil {
                inputs[entry.condition.elderId]!.overdue.append((entry.condition.disease, entry.due.daysLate))
            }
            let latest = try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT c.*, row_number() OVER (PARTITION BY c.elder_id ORDER BY c.date DESC, c.recorded_at_millis DESC) AS rank
                  FROM checkup c) WHERE rank = 1
                """).map { try CheckupTable.decode($0).model }
            for checkup in latest where inputs[checkup.elderId] != nil {
                inputs[checkup.elderId]!.latestCheckup = (checkup.date, checkup.results.filter(\.abnormal).map(\.item))
            }
            return inputs.values.map { RiskRules.assess($0, today: today) }
                .filter { $0.score > 0 }
                .map { RiskEntry(assessment: $0, elderName: names[$0.elderId]!.0, home: names[$0.elderId]!.1) }
                .sorted { ($0.assessment.score, $1.elderName) > ($1.assessment.score, $0.elderName) }
        }
    }
}
