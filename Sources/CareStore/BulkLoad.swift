import CareModel
import Foundation
import GRDB

/// Records made elsewhere (at the communities, years ago) to be loaded into a node's store in
/// bulk: the county-scale benchmark's way to give a county three years of history in minutes.
/// Each record carries the version its origin gave it; the rows written are the ones the
/// store's own tables write, and each order's and alert's state columns are folded from its
/// events by the store's folds, so a node serves the result as if it had received it.
public struct BulkBatch: Sendable {
    public var elders: [(Elder, Version)] = []
    public var organisations: [(ServiceOrganisation, Version)] = []
    public var staff: [(Staff, Version)] = []
    public var orders: [(ServiceOrder, Version)] = []
    /// Events carry their versions in the model.
    public var orderEvents: [OrderEvent] = []
    public var alerts: [(Alert, Version)] = []
    public var alertEvents: [AlertEvent] = []
    public var vitals: [(VitalsSummary, Version)] = []
    public var audit: [(AuditEntry, Version)] = []

    public init() {}

    public var count: Int {
        elders.count + organisations.count + staff.count + orders.count + orderEvents.count + alerts.count + alertEvents.count
            + vitals.count + audit.count
    }
}

/// Why a bulk batch was refused: a record the store's rules reject.
public struct BulkLoadError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension AppDatabase {
    /// Writes `batch` in one transaction with the tables' reused insert statements, then folds
    /// the state of every order and alert it touched and writes the evaluation each rating
    /// stands for, as the apply path does. Nothing is logged to the change log: the records are
    /// history the node's parent already holds (a county has none), not changes to pass on.
    /// Records are checked by the rules every receiver applies (`validate: false` skips that,
    /// for data made by code already checked at a smaller scale).
    public func bulkLoad(_ batch: BulkBatch, validate: Bool = true) throws {
        if validate { try Self.check(batch) }
        try write { db in
            // A bigger page cache for this connection: the loads insert into large indexes.
            try db.execute(sql: "PRAGMA cache_size = -262144")
            try Self.insert(ElderTable.self, batch.elders.map { elder, version in
                let state = ProfileMerge.edit(nil, to: elder, at: version)
                return (elder, RecordMeta(version: version, stamps: state.stamps))
            }, db)
            try Self.insert(OrganisationTable.self, batch.organisations.map(Self.registry), db)
            try Self.insert(StaffTable.self, batch.staff.map(Self.registry), db)
            try Self.insert(OrderTable.self, batch.orders.map { ($0, RecordMeta(version: $1)) }, db)
            try Self.insert(OrderEventTable.self, batch.orderEvents.map { ($0, RecordMeta(version: $0.version)) }, db)
            try Self.insert(AlertTable.self, batch.alerts.map { ($0, RecordMeta(version: $1)) }, db)
            try Self.insert(AlertEventTable.self, batch.alertEvents.map { ($0, RecordMeta(version: $0.version)) }, db)
            try Self.insert(VitalsSummaryTable.self, batch.vitals.map { ($0, RecordMeta(version: $1)) }, db)
            try Self.insert(AuditEntryTable.self, batch.audit.map { ($0, RecordMeta(version: $1)) }, db)
            var folded = Set<UUID>()
            for (order, _) in batch.orders where folded.insert(order.id).inserted { try OrderFold.refresh(order.id, db) }
            for event in batch.orderEvents where folded.insert(event.orderId).inserted { try OrderFold.refresh(event.orderId, db) }
            let evaluations = batch.orderEvents.filter { $0.kind == .rate }
            if !evaluations.isEmpty {
                let organisation = try db.cachedStatement(sql: "SELECT organisation_id FROM service_order WHERE id = ?")
                let rows: [(Evaluation, RecordMeta)] = try evaluations.compactMap { event in
                    let id = try String.fetchOne(organisation, arguments: [event.orderId.canonicalString]).flatMap(UUID.init(uuidString:))
                    return Self.evaluation(rating: event, organisationId: id).map { ($0, RecordMeta(version: event.version)) }
                }
                try Self.insert(EvaluationTable.self, rows, db)
            }
            folded.removeAll()
            for (alert, _) in batch.alerts where folded.insert(alert.id).inserted { try AlertFold.refresh(alert.id, db) }
            for event in batch.alertEvents where folded.insert(event.alertId).inserted { try AlertFold.refresh(event.alertId, db) }
            // The node's clock never goes below what it holds.
            let newest = ([batch.elders.map(\.1), batch.orders.map(\.1), batch.alerts.map(\.1), batch.vitals.map(\.1), batch.audit.map(\.1)]
                .flatMap { $0 } + batch.orderEvents.map(\.version) + batch.alertEvents.map(\.version)).max()
            if let newest { try NodeState.recordHLC(newest.hlc, db) }
        }
    }

    private static func registry<M>(_ model: M, _ version: Version) -> (M, RecordMeta) {
        (model, RecordMeta(version: version))
    }

    private static func insert<T: RecordTable>(_ table: T.Type, _ rows: [(T.Model, RecordMeta)], _ db: Database) throws {
        guard !rows.isEmpty else { return }
        let statement = try db.cachedStatement(sql: TableSQL.insertIfAbsent(T.table, T.columns))
        for (model, meta) in rows {
            statement.setUncheckedArguments(StatementArguments(T.values(model, meta)))
            try statement.execute()
        }
    }

    private static func check(_ batch: BulkBatch) throws {
        func rules(_ records: some Sequence<any ReplicatedRecord>) throws {
            for record in records {
                let broken = record.validationErrors
                if !broken.isEmpty {
                    throw BulkLoadError(description: "\(type(of: record)) \(record.id): \(broken.map { "\($0.field): \($0.message)" }.joined(separator: "; "))")
                }
            }
        }
        try rules(batch.elders.lazy.map { $0.0 as any ReplicatedRecord })
        try rules(batch.organisations.lazy.map { $0.0 as any ReplicatedRecord })
        try rules(batch.staff.lazy.map { $0.0 as any ReplicatedRecord })
        try rules(batch.orders.lazy.map { $0.0 as any ReplicatedRecord })
        try rules(batch.orderEvents.lazy.map { $0 as any ReplicatedRecord })
        try rules(batch.alerts.lazy.map { $0.0 as any ReplicatedRecord })
        try rules(batch.alertEvents.lazy.map { $0 as any ReplicatedRecord })
        try rules(batch.vitals.lazy.map { $0.0 as any ReplicatedRecord })
        try rules(batch.audit.lazy.map { $0.0 as any ReplicatedRecord })
    }
}

/// One statement and SQLite's plan for it.
public struct QueryPlan: Sendable {
    public let sql: String
    public let steps: [String]

    /// Steps that read a whole table (not through an index, not a one-row constant, not the
    /// rows a subquery already chose, such as a list's capped count).
    public var fullScans: [String] {
        steps.filter { step in
            step.hasPrefix("SCAN ") && !step.contains("USING INDEX") && !step.contains("USING COVERING INDEX")
                && !step.contains("CONSTANT ROW") && !step.hasPrefix("SCAN json_") && step != "SCAN sqlite_sequence"
                && !step.hasPrefix("SCAN (subquery-")
        }
    }

    /// Steps that read a whole index, which still visit every row.
    public var indexScans: [String] {
        steps.filter { $0.hasPrefix("SCAN ") && ($0.contains("USING INDEX") || $0.contains("USING COVERING INDEX")) }
    }
}
