import CareModel
import Foundation
import GRDB
import Synchronization

/// How one kind of replicated record maps to its table: one type per table, columns named
/// once, read and written with cached prepared statements. The table is the store's half of a
/// kind's declaration; `RecordRegistry` lists the tables.
protocol RecordTable: Sendable {
    associatedtype Model: ReplicatedRecord
    static var table: String { get }
    /// Column names, in the order `values` gives them.
    static var columns: [String] { get }
    /// Columns each node keeps for itself, which replicas need not agree on.
    static var localColumns: [String] { get }
    static func values(_ model: Model, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?]
    static func decode(_ row: Row) throws -> Stored<Model>
    /// Writes the row, replacing the one with its id.
    static func save(_ model: Model, _ meta: RecordMeta, _ db: Database) throws
    /// Merges a change from a peer into what is stored, by the kind's merge class. The
    /// defaults (`Merges.swift`) cover every class; a table overrides only to add to them.
    static func merge(_ change: ChangeEnvelope, _ context: inout MergeContext, _ db: Database) throws -> Merged
    /// The lifecycle record whose state this record feeds, refolded once per batch after the
    /// batch is applied (an order from its events, an alert from its handling).
    static func folds(_ model: Model) -> FoldTarget?
    /// What else a newly applied change leads to here (an elder's duplicate citizen ID);
    /// returns the number of conflicts it recorded.
    static func applied(_ model: Model, _ db: Database) throws -> Int
}

extension RecordTable {
    static var kind: EntityKind { Model.kind }
    static func body(_ model: Model) -> RecordBody { RecordBody(model) }
    static func model(_ body: RecordBody) -> Model? { body.as(Model.self) }
    static func home(_ model: Model) -> DivisionCode { model.home }
    static func folds(_ model: Model) -> FoldTarget? { nil }
    static var localColumns: [String] { [] }
    static func applied(_ model: Model, _ db: Database) throws -> Int { 0 }

    /// `folds` for a change's body, callable on any table.
    static func foldTarget(_ body: RecordBody) -> FoldTarget? { model(body).flatMap(folds) }
    /// `applied` for a change's body, callable on any table.
    static func afterApply(_ body: RecordBody, _ db: Database) throws -> Int { try model(body).map { try applied($0, db) } ?? 0 }

    static func save(_ model: Model, _ meta: RecordMeta, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: TableSQL.upsert(table, columns))
        // The values match the columns by construction: skip GRDB's argument check.
        statement.setUncheckedArguments(StatementArguments(values(model, meta)))
        try statement.execute()
    }

    /// Inserts the row unless one with its id is already stored.
    /// - Returns: whether it was inserted.
    static func insertIfAbsent(_ model: Model, _ meta: RecordMeta, _ db: Database) throws -> Bool {
        let statement = try db.cachedStatement(sql: TableSQL.insertIfAbsent(table, columns))
        statement.setUncheckedArguments(StatementArguments(values(model, meta)))
        try statement.execute()
        return db.changesCount > 0
    }

    static func fetch(_ id: UUID, _ db: Database) throws -> Stored<Model>? {
        let statement = try db.cachedStatement(sql: TableSQL.select(table))
        return try Row.fetchOne(statement, arguments: [id.canonicalString]).map(decode)
    }

    static func remove(_ id: UUID, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id.canonicalString])
    }

    static func envelope(_ stored: Stored<Model>) -> ChangeEnvelope {
        ChangeEnvelope(
            id: stored.model.id, home: home(stored.model), version: stored.meta.version,
            deleted: stored.meta.deleted, stamps: stored.meta.stamps, body: body(stored.model))
    }

    static func stored(_ envelope: ChangeEnvelope) -> Stored<Model>? {
        model(envelope.body).map {
            Stored(model: $0, meta: RecordMeta(version: envelope.version, deleted: envelope.deleted, stamps: envelope.stamps))
        }
    }
}

/// A lifecycle record to refold after a batch: which fold, which record.
struct FoldTarget: Hashable {
    let fold: any RecordFold.Type
    let id: UUID

    static func == (a: FoldTarget, b: FoldTarget) -> Bool { a.fold == b.fold && a.id == b.id }
    func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(fold))
        hasher.combine(id)
    }
}

/// Derives a lifecycle record's state (its status columns) from its events.
protocol RecordFold: Sendable {
    /// Recomputes the state of record `id` from everything held here.
    static func refold(_ id: UUID, _ db: Database) throws
}

/// SQL text per table, built once: the apply path runs these for every change.
enum TableSQL {
    private static let cache = Mutex<[String: String]>([:])

    static func upsert(_ table: String, _ columns: [String]) -> String {
        cached("upsert " + table) {
            let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ",")
            return "INSERT OR REPLACE INTO \(table) (\(columns.joined(separator: ","))) VALUES (\(placeholders))"
        }
    }

    /// An insert that leaves an existing row with the same id alone (and changes nothing).
    static func insertIfAbsent(_ table: String, _ columns: [String]) -> String {
        cached("insert " + table) {
            let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ",")
            return "INSERT INTO \(table) (\(columns.joined(separator: ","))) VALUES (\(placeholders)) ON CONFLICT(id) DO NOTHING"
        }
    }

    static func select(_ table: String) -> String {
        cached("select " + table) { "SELECT * FROM \(table) WHERE id = ?" }
    }

    static func home(_ table: String) -> String {
        cached("home " + table) { "SELECT home FROM \(table) WHERE id = ?" }
    }

    private static func cached(_ key: String, _ make: () -> String) -> String {
        cache.withLock { cache in
            if let sql = cache[key] { return sql }
            let sql = make()
            cache[key] = sql
            return sql
        }
    }
}

/// The meta columns every replicated table ends with.
private func metaValues(_ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
    [meta.version.hlc.packed, meta.version.origin]
}

enum ElderTable: RecordTable {
    static let table = "elder"
    static let columns = [
        "id", "home", "name", "gender", "birth_date", "citizen_id", "phone", "address", "living_situation",
        "ability_level", "chronic_conditions", "emergency_contacts", "version", "origin", "deleted", "stamps", "merged_into",
    ]

    static func values(_ e: Elder, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            e.id.canonicalString, e.home.rawValue, e.name, e.gender.rawValue, e.birthDate, e.citizenId.rawValue, e.phone,
            JSONColumn.encode(e.address), e.livingSituation.rawValue, e.abilityLevel,
            JSONColumn.encode(e.chronicConditions), JSONColumn.encode(e.emergencyContacts),
        ] + metaValues(meta) + [meta.deleted, StampColumn.encode(meta.stamps), e.mergedInto?.canonicalString]
    }

    /// A new or changed elder may share a citizen ID with another: recorded as a conflict.
    static func applied(_ elder: Elder, _ db: Database) throws -> Int {
        try AppDatabase.recordDuplicatePersons(of: elder.id, db)
    }

    static func decode(_ row: Row) throws -> Stored<Elder> {
        let elder = Elder(
            id: try row.uuid("id"), home: try row.division("home"), name: row["name"],
            gender: try row.code("gender", as: Gender.self), birthDate: row["birth_date"],
            citizenId: try row.parse("citizen_id") { try? CitizenID(validating: $0) }, phone: row["phone"],
            address: try JSONColumn.decode(Address.self, row["address"], column: "address"),
            livingSituation: try row.code("living_situation", as: LivingSituation.self),
            abilityLevel: row["ability_level"],
            chronicConditions: try JSONColumn.decode([String].self, row["chronic_conditions"], column: "chronic_conditions"),
            emergencyContacts: try JSONColumn.decode([EmergencyContact].self, row["emergency_contacts"], column: "emergency_contacts"),
            mergedInto: try row.optionalUUID("merged_into"))
        return Stored(model: elder, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"],
            stamps: try StampColumn.decode(row["stamps"])))
    }
}

enum DeviceTable: RecordTable {
    static let table = "device"
    static let columns = ["id", "home", "type", "serial", "elder_id", "status", "version", "origin", "deleted", "stamps"]

    static func values(_ d: Device, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [d.id.canonicalString, d.home.rawValue, d.type.rawValue, d.serial, d.elderId?.canonicalString, d.status.rawValue]
            + metaValues(meta) + [meta.deleted, StampColumn.encode(meta.stamps)]
    }

    static func decode(_ row: Row) throws -> Stored<Device> {
        let device = Device(
            id: try row.uuid("id"), home: try row.division("home"), type: try row.code("type", as: DeviceType.self),
            serial: row["serial"], elderId: try row.optionalUUID("elder_id"),
            status: try row.code("status", as: DeviceStatus.self))
        return Stored(model: device, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"],
            stamps: try StampColumn.decode(row["stamps"])))
    }
}

/// Every replicated table: the one list of the store's record kinds. Apply, purge, pull
/// counts, the chaos checker and the node page iterate it; a test checks it covers every
/// `EntityKind` exactly once.
enum RecordRegistry {
    /// In fold order: orders are refolded before the complaints and alerts that may name them.
    static let tables: [any RecordTable.Type] = [
        OrganisationTable.self, StaffTable.self, ElderTable.self, DeviceTable.self,
        OrderTable.self, OrderEventTable.self, EvaluationTable.self, ConflictTable.self,
        ComplaintTable.self, ComplaintEventTable.self, AlertTable.self, AlertEventTable.self, VitalsSummaryTable.self,
        OperatorTable.self, AuditEntryTable.self, CheckupTable.self, ChronicConditionTable.self, FollowUpTable.self,
        ThresholdDefaultTable.self, ThresholdOverrideTable.self,
        CallRecordTable.self,
        PrescriptionTable.self,
        WindowCaseTable.self, CaseEventTable.self,
        ReferralTable.self,
        AssessmentTable.self, AssessmentPlanTable.self,
        VolunteerTable.self, VolunteerActivityTable.self, TimeEntryTable.self,
        CarePlanTable.self, CareContactTable.self, CareDefaultTable.self,
        CourseTable.self, TrainingSessionTable.self, TrainingRecordTable.self,
        StayTable.self, CareRecordTable.self,
        InspectionTemplateTable.self, InspectionTable.self, InspectionEventTable.self,
        PerformanceWeightsTable.self, SelfAssessmentTable.self,
        ActivityTable.self, ActivityBookingTable.self,
        CreditRecordTable.self, PolicyTable.self,
        PublicSubmissionTable.self,
    ]

    /// The lifecycle folds, in the order a batch refolds them: an order's state first, since
    /// complaints and alerts may name orders.
    static let folds: [any RecordFold.Type] = [OrderFold.self, ComplaintFold.self, AlertFold.self, CaseFold.self, StayFold.self, InspectionFold.self]

    /// The tables of records that live with an elder, in the order a move re-homes them: a
    /// follow-up after the condition it is homed with, a case's steps after the case.
    static let elderDependents: [any ElderDependentTable.Type] = [
        CheckupTable.self, ChronicConditionTable.self, FollowUpTable.self, ThresholdOverrideTable.self, CallRecordTable.self,
        PrescriptionTable.self, WindowCaseTable.self, CaseEventTable.self, ReferralTable.self, AssessmentTable.self, AssessmentPlanTable.self,
        CarePlanTable.self, CareContactTable.self, StayTable.self, CareRecordTable.self,
    ]

    private static let byKind: [EntityKind: any RecordTable.Type] = Dictionary(uniqueKeysWithValues: tables.map { ($0.kind, $0) })

    static func table(of kind: EntityKind) -> any RecordTable.Type {
        guard let table = byKind[kind] else { preconditionFailure("no table is registered for \(kind.rawValue)") }
        return table
    }

    /// The home of a record as this node holds it, or nil when it holds none.
    static func home(of reference: RecordReference, _ db: Database) throws -> DivisionCode? {
        let table = table(of: reference.kind).table
        let statement = try db.cachedStatement(sql: TableSQL.home(table))
        return try String.fetchOne(statement, arguments: [reference.id.canonicalString]).flatMap(DivisionCode.init)
    }
}

/// What the rest of the house may know of the replicated tables: names, not SQL.
public struct ReplicatedTable: Sendable, Hashable {
    public let kind: EntityKind
    /// The SQLite table that holds the kind.
    public let name: String
    /// Columns each node keeps for itself.
    public let localColumns: [String]
    /// Whether every node holds all of it (the county registry) rather than its subtree.
    public var everywhere: Bool { kind.mergeClass == .registry }
    /// Whether every node of the county holds all of it (the time bank), though not the registry.
    public var countyWide: Bool { kind.sharedAcrossCounty }
    /// Whether it flows up only: a node holds what is homed in its subtree, nothing above.
    public var upOnly: Bool { !kind.flowsDown }

    /// Every replicated table, in registry order.
    public static let all: [ReplicatedTable] = RecordRegistry.tables.map {
        ReplicatedTable(kind: $0.kind, name: $0.table, localColumns: $0.localColumns)
    }
}
