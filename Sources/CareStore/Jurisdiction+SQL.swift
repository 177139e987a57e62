import CareModel
import Foundation
import GRDB

extension Jurisdiction {
    /// The condition that keeps a table's rows to this jurisdiction, with its arguments. Every
    /// list, read and statistic of a jurisdictional kind goes through it. Accounts that act for
    /// an organisation or as a worker see orders by the order's organisation or worker, and
    /// elders, devices, alerts and summaries by the elders of those orders.
    func condition(table: String, alias: String = "") -> (sql: String, arguments: [any DatabaseValueConvertible]) {
        let column = { (name: String) in alias.isEmpty ? name : "\(alias).\(name)" }
        var sql = "\(column("home")) LIKE ?"
        var arguments: [any DatabaseValueConvertible] = [division.rawValue + "%"]
        guard isByOrder else {
            return Self.everyones.contains(table) ? ("1", []) : (sql, arguments)
        }
        // The orders an account acting for an organisation or as a worker sees: its
        // organisation's, or the worker's own and those dispatched to its organisation that no
        // worker has taken yet (offered to the organisation's caregivers to accept).
        let orderArguments: [any DatabaseValueConvertible]
        func byOrder(_ col: (String) -> String) -> String {
            if workerId != nil, organisationId != nil {
                return "(\(col("worker_id")) = ? OR (\(col("worker_id")) IS NULL AND \(col("organisation_id")) = ? AND \(col("status")) IN \(SQLList.codes(OrderStatus.offered))))"
            }
            return workerId != nil ? "\(col("worker_id")) = ?" : "\(col("organisation_id")) = ?"
        }
        if let workerId {
            orderArguments = [workerId.canonicalString] + (organisationId.map { [$0.canonicalString] } ?? [])
        } else {
            orderArguments = [organisationId!.canonicalString]
        }
        let plain: (String) -> String = { $0 }
        if table == "inspection" || table == "self_assessment" {
            // An organisation's admin answers the inspections of its organisation; a caregiver has none.
            guard workerId == nil, let organisationId else { return ("0", []) }
            return (sql + " AND \(column("organisation_id")) = ?", arguments + [organisationId.canonicalString])
        }
        if table == "referral" {
            // An organisation's admin answers the referrals made to it; a caregiver has none.
            guard workerId == nil, let organisationId else { return ("0", []) }
            return (sql + " AND \(column("to_organisation_id")) = ?", arguments + [organisationId.canonicalString])
        }
        switch table {
        case "service_order":
            sql += " AND \(byOrder(column))"
        case "elder":
            sql += " AND \(column("id")) IN (SELECT elder_id FROM service_order WHERE \(byOrder(plain)))"
        case "device", "alert", "vitals_summary", "checkup", "chronic_condition", "follow_up":
            sql += " AND \(column("elder_id")) IN (SELECT elder_id FROM service_order WHERE \(byOrder(plain)))"
        case "complaint", "evaluation":
            if workerId != nil {
                sql += " AND \(column("order_id")) IN (SELECT id FROM service_order WHERE \(byOrder(plain)))"
            } else {
                sql += " AND \(column("organisation_id")) = ?"
            }
        case "organisation", "staff":
            return ("1", [])
        default:
            // Conflicts and anything else not tied to an order: not theirs to see.
            return ("0", [])
        }
        arguments += orderArguments
        return (sql, arguments)
    }

    /// Tables every account sees whole: the county registry. Every other replicated table is
    /// kept to the account's division by its `home` (events live where their records do).
    static let everyones: Set<String> = Set(ReplicatedTable.all.filter(\.everywhere).map(\.name))
}

extension AppDatabase {
    /// Whether the row `id` of `table` lies in `scope`.
    func isVisible(_ table: String, id: UUID, to scope: Jurisdiction?) throws -> Bool {
        guard let scope else { return true }
        let (condition, arguments) = scope.condition(table: table)
        return try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT 1 FROM \(table) WHERE id = ? AND (\(condition))",
                arguments: StatementArguments([id.canonicalString] + arguments)) ?? false
        }
    }

    public func elder(id: UUID, in scope: Jurisdiction?) throws -> Stored<Elder>? {
        try isVisible(ElderTable.table, id: id, to: scope) ? elder(id: id) : nil
    }

    public func device(id: UUID, in scope: Jurisdiction?) throws -> Stored<Device>? {
        try isVisible(DeviceTable.table, id: id, to: scope) ? device(id: id) : nil
    }

    public func evaluation(id: UUID, in scope: Jurisdiction?) throws -> Stored<Evaluation>? {
        try isVisible(EvaluationTable.table, id: id, to: scope) ? evaluation(id: id) : nil
    }

    public func conflict(id: UUID, in scope: Jurisdiction?) throws -> Stored<Conflict>? {
        try isVisible(ConflictTable.table, id: id, to: scope) ? conflict(id: id) : nil
    }

    public func order(id: UUID, in scope: Jurisdiction?) throws -> OrderSummary? {
        try isVisible(OrderTable.table, id: id, to: scope) ? order(id: id) : nil
    }

    public func complaint(id: UUID, in scope: Jurisdiction?) throws -> (summary: ComplaintSummary, state: ComplaintState)? {
        try isVisible(ComplaintTable.table, id: id, to: scope) ? complaint(id: id) : nil
    }

    public func alert(id: UUID, in scope: Jurisdiction?) throws -> (summary: AlertSummary, state: AlertState)? {
        try isVisible(AlertTable.table, id: id, to: scope) ? alert(id: id) : nil
    }
}
