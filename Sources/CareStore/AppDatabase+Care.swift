import CareModel
import Foundation
import GRDB

/// One elder's care as a list shows it: the plan with the county's rule filled in, where it
/// stands on the node's clock, and the latest contact of any outcome.
public struct CareItem: Sendable {
    public var plan: EffectiveCarePlan
    public var meta: RecordMeta
    public var due: CareDue
    public var elderName: String
    public var elderPlace: String
    public var lastAttempt: Stored<CareContact>?
}

/// A care rule as the county lists it: the shipped one, the county's edit, or both.
public struct CareDefaultEntry: Sendable {
    public var current: CareDefault
    public var edit: Stored<CareDefault>?
    public var shipped: CareDefault
}

extension AppDatabase {
    // MARK: Plans

    /// Sets the elder's plan, homed with the elder (a new plan, or a replacement of the one held).
    public func setCarePlan(_ plan: CarePlan, ifMatch: String?, actor: String) throws -> Stored<CarePlan> {
        try write { db in
            var plan = plan
            plan.home = try Self.liveElderHome(plan.elderId, db)
            let expect: Expectation = ifMatch == nil ? .any : .present(ifMatch: ifMatch)
            return try writeProfile(CarePlanTable.self, plan, expect: expect, deleted: false, actor: actor, db)
        }
    }

    /// Ends the elder's plan: the elder leaves every due list.
    public func removeCarePlan(elderId: UUID, ifMatch: String?, actor: String) throws {
        try deleteProfile(CarePlanTable.self, id: CarePlan.id(elderId: elderId), ifMatch: ifMatch, actor: actor)
    }

    public func carePlan(elderId: UUID) throws -> Stored<CarePlan>? {
        try read { db in try CarePlanTable.fetch(CarePlan.id(elderId: elderId), db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    // MARK: Contacts

    /// Records a contact, and in the same transaction the service order or alert its concern
    /// became: both are written or neither is. The contact names what it became.
    public func recordCareContact(_ contact: CareContact, order: ServiceOrder?, alert: Alert?, actor: String) throws -> Stored<CareContact> {
        try write { db in
            var contact = contact
            contact.home = try Self.liveElderHome(contact.elderId, db)
            if let order {
                let stored = try insertOrder(order, actor: actor, db)
                contact.followUpKind = .order
                contact.followUpId = stored.model.id
            } else if var alert {
                alert.home = contact.home
                _ = try insertFact(AlertTable.self, alert, actor: actor, db)
                contact.followUpKind = .alert
                contact.followUpId = alert.id
            }
            let errors = contact.validationErrors
            if !errors.isEmpty { throw StoreError.invalid(ValidationFailure(errors)) }
            return try insertFact(CareContactTable.self, contact, actor: actor, db)
        }
    }

    /// The elder's contacts (with those of any duplicate merged into it), newest first.
    public func careContacts(elderId: UUID, limit: Int = 200) throws -> [Stored<CareContact>] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM care_contact WHERE elder_id IN (SELECT id FROM elder WHERE id = ? OR merged_into = ?)
                ORDER BY at_millis DESC, id LIMIT ?
                """, arguments: [elderId.canonicalString, elderId.canonicalString, limit]).map(CareContactTable.decode)
        }
    }

    public func careContact(id: UUID) throws -> Stored<CareContact>? {
        try read { db in try CareContactTable.fetch(id, db) }
    }

    // MARK: The county's rules

    /// Sets the county's rule for a group (the county node only).
    public func setCareDefault(_ rule: CareDefault, actor: String) throws -> Stored<CareDefault> {
        try writeRegistry(CareDefaultTable.self, rule, expect: .any, deleted: false, actor: actor)
    }

    /// Removes the county's edit: the shipped rule applies again.
    public func removeCareDefault(group: CareGroup, actor: String) throws {
        try deleteRegistry(CareDefaultTable.self, id: CareDefault.id(group: group), ifMatch: nil, actor: actor)
    }

    /// The rule of every group: the shipped one with the county's edit over it.
    public func careDefaults() throws -> [CareDefaultEntry] {
        try read { db in
            let edits = try Self.liveCareDefaults(db)
            return CareDefault.shipped(county: node.county).map { shipped in
                let edit = edits[shipped.group]
                return CareDefaultEntry(current: edit?.model ?? shipped, edit: edit, shipped: shipped)
            }
        }
    }

    private static func liveCareDefaults(_ db: Database) throws -> [CareGroup: Stored<CareDefault>] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM care_default WHERE deleted = 0").map(CareDefaultTable.decode)
        return Dictionary(rows.map { ($0.model.group, $0) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: Where care stands

    /// The care groups `elder` is in, read with its active chronic conditions.
    public func careGroups(of elder: Elder) throws -> [CareGroup] {
        let diseases = try read { db in
            try String.fetchAll(
                db, sql: "SELECT disease FROM chronic_condition WHERE elder_id = ? AND deleted = 0 AND status = 'active'",
                arguments: [elder.id.canonicalString])
        }
        return CareGroup.groups(of: elder, activeConditions: Set(diseases.compactMap(ChronicDisease.init(rawValue:))))
    }

    /// The care of every live plan held here that `scope` may see (and under `within`, and
    /// assigned to `assignee` when given), judged on `nowMillis`: most overdue first.
    /// - Parameter assignee: when given, the plans are those of this operator, kept to the
    ///   scope's division only (a caregiver sees the elders assigned to them).
    public func careItems(
        scope: Jurisdiction?, within: DivisionCode? = nil, assignee: String? = nil, elderId: UUID? = nil, nowMillis: Int64
    ) throws -> [CareItem] {
        try read { db in
            var sql = """
                SELECT p.*, e.name AS elder_name, e.address AS elder_address,
                  (SELECT max(c.at_millis) FROM care_contact c WHERE c.elder_id = p.elder_id AND c.outcome != 'notReached') AS last_contact,
                  (SELECT max(a.raised_at_millis) FROM alert a WHERE a.elder_id = p.elder_id AND a.condition = 'inactive') AS inactive_at
                FROM care_plan p JOIN elder e ON e.id = p.elder_id
                WHERE p.deleted = 0 AND e.deleted = 0 AND e.merged_into IS NULL
                """
            var arguments: [any DatabaseValueConvertible] = []
            if let assignee {
                sql += " AND p.assignee = ?"
                arguments.append(assignee)
                if let scope {
                    sql += " AND p.home LIKE ?"
                    arguments.append(scope.division.rawValue + "%")
                }
            } else if let scope {
                let (condition, more) = scope.condition(table: CarePlanTable.table, alias: "p")
                sql += " AND (\(condition))"
                arguments += more
            }
            if let within {
                sql += " AND p.home LIKE ?"
                arguments.append(within.rawValue + "%")
            }
            if let elderId {
                sql += " AND p.elder_id = ?"
                arguments.append(elderId.canonicalString)
            }
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
            let defaults = try Self.liveCareDefaults(db).mapValues(\.model)
            let county = node.county
            let plans = try rows.map(CarePlanTable.decode)
            let latest = try Self.latestContacts(of: plans.map(\.model.elderId), db)
            return try zip(rows, plans).map { row, stored in
                let plan = EffectiveCarePlan(stored.model, defaults: defaults, county: county)
                let due = CareDue.of(plan, lastContactMillis: row["last_contact"], inactivityMillis: row["inactive_at"], nowMillis: nowMillis)
                let address = try JSONColumn.decode(Address.self, row["elder_address"], column: "address")
                return CareItem(
                    plan: plan, meta: stored.meta, due: due, elderName: row["elder_name"], elderPlace: address.text,
                    lastAttempt: latest[stored.model.elderId])
            }.sorted { ($0.due.daysLate, $1.plan.plan.elderId.canonicalString) > ($1.due.daysLate, $0.plan.plan.elderId.canonicalString) }
        }
    }

    /// The latest contact of any outcome of each of `elders`, read in chunks (SQLite binds a
    /// bounded number of arguments) rather than one query per elder.
    private static func latestContacts(of elders: [UUID], _ db: Database) throws -> [UUID: Stored<CareContact>] {
        var latest: [UUID: Stored<CareContact>] = [:]
        for start in stride(from: 0, to: elders.count, by: 500) {
            let chunk = elders[start..<min(start + 500, elders.count)].map(\.canonicalString)
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT c.*, row_number() OVER (PARTITION BY c.elder_id ORDER BY c.at_millis DESC, c.id) AS rank
                  FROM care_contact c WHERE c.elder_id IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ",")))) WHERE rank = 1
                """, arguments: StatementArguments(chunk))
            for row in rows {
                let contact = try CareContactTable.decode(row)
                latest[contact.model.elderId] = contact
            }
        }
        return latest
    }
}
