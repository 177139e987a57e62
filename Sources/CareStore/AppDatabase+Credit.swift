import CareModel
import Foundation
import GRDB

/// One organisation's credit file as this node holds it: its records and what they give today.
public struct CreditFile: Sendable {
    public var organisation: Stored<ServiceOrganisation>
    public var standing: CreditStanding
    /// Newest first.
    public var records: [CreditRecord]

    public init(organisation: Stored<ServiceOrganisation>, standing: CreditStanding, records: [CreditRecord]) {
        self.organisation = organisation
        self.standing = standing
        self.records = records
    }
}

/// What recording a credit record did.
public struct CreditOutcome: Sendable {
    public var record: Stored<CreditRecord>
    /// False when the record was already held (a complaint or re-inspection reported again):
    /// nothing was written.
    public var created: Bool
    public var standing: CreditStanding
    /// The organisation as it stands after the record, with its published status.
    public var organisation: Stored<ServiceOrganisation>
    public var previousStatus: CreditStatus
}

/// Credit files (信用信息披露, Anhui §5.1.2.7). Credit records and the organisation's status are
/// county registry records: written here only on the county node, in one transaction, so the
/// organisation record the children receive carries the status its credit gives and dispatch
/// at every node skips a blacklisted organisation (`Matching.isEligible`).
extension AppDatabase {
    /// Today in China time, the day scores are computed for.
    public var creditToday: String { CreditRule.chinaDay(millis: clock.wallMillis) }

    public func creditRecords(organisationId: UUID) throws -> [CreditRecord] {
        try read { db in try Self.creditRecords(organisationId, db) }
    }

    public func creditRecord(id: UUID) throws -> Stored<CreditRecord>? {
        try read { db in try CreditRecordTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// Every live organisation held here with its credit file, lowest score first (then by
    /// name); `organisationId` narrows to one.
    public func creditFiles(organisationId: UUID? = nil) throws -> [CreditFile] {
        let today = creditToday
        return try read { db in
            var sql = "SELECT * FROM organisation WHERE deleted = 0"
            var arguments: [any DatabaseValueConvertible] = []
            if let organisationId {
                sql += " AND id = ?"
                arguments.append(organisationId.canonicalString)
            }
            let organisations = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)!).map(OrganisationTable.decode)
            var byOrganisation: [UUID: [CreditRecord]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM credit_record WHERE deleted = 0 ORDER BY occurred_on DESC, recorded_at_millis DESC, id") {
                let record = try CreditRecordTable.decode(row).model
                byOrganisation[record.organisationId, default: []].append(record)
            }
            return organisations.map { o in
                let records = byOrganisation[o.model.id] ?? []
                return CreditFile(organisation: o, standing: CreditRule.standing(records, on: today), records: records)
            }
            .sorted {
                $0.standing.score != $1.standing.score
                    ? $0.standing.score < $1.standing.score
                    : ($0.organisation.model.name, $0.organisation.model.id.canonicalString) < ($1.organisation.model.name, $1.organisation.model.id.canonicalString)
            }
        }
    }

    /// Records a violation or an award for an organisation (an upheld complaint, a failed
    /// re-inspection, one the county enters) and publishes the status its credit then gives,
    /// by `CreditRule`: the inspection code calls this when a re-inspection fails
    /// (`CreditEvent.failedReinspection`). At the county only. An event with a `sourceId`
    /// already recorded writes nothing and returns the record held (`created == false`).
    /// - Throws: `StoreError.forbidden` off the county node, `.invalid` for a record that
    ///   breaks its rules, `.notFound` for an organisation not held here.
    public func recordCreditEvent(_ event: CreditEvent, actor: String) throws -> CreditOutcome {
        try recordCredit(event.record(home: node, recordedBy: actor, nowMillis: clock.wallMillis), actor: actor)
    }

    /// Lifts an organisation's blacklisting (信用修复): a `lift` record with the county's reason,
    /// after which the organisation is `good` or `warning` by its level.
    /// - Throws: `StoreError.conflict` when it is not blacklisted.
    public func liftBlacklisting(organisationId: UUID, reason: String, actor: String) throws -> CreditOutcome {
        let now = clock.wallMillis
        let record = CreditRecord(
            home: node, organisationId: organisationId, kind: .lift, source: .county, description: reason,
            occurredOn: CreditRule.chinaDay(millis: now), recordedBy: actor, recordedAtMillis: now)
        return try recordCredit(record, actor: actor)
    }

    /// Writes `record` and the organisation's new status together; see `recordCreditEvent`.
    public func recordCredit(_ record: CreditRecord, actor: String) throws -> CreditOutcome {
        try write { db in try recordCredit(record, actor: actor, db) }
    }

    /// `recordCredit` in the caller's transaction: a re-inspection's rejection and the credit
    /// record it gives are written together or not at all.
    func recordCredit(_ record: CreditRecord, actor: String, _ db: Database) throws -> CreditOutcome {
        guard node.role == .county else {
            throw StoreError.forbidden("credit records belong to the county registry: write them on the county node, not on this \(node.role.rawValue) node")
        }
        guard node.contains(record.home) else { throw StoreError.forbidden("home \(record.home) is outside this county (\(node))") }
        do {
            try record.validate()
        } catch {
            throw StoreError.invalid(error)
        }
        let today = creditToday
        guard let organisation = try OrganisationTable.fetch(record.organisationId, db), !organisation.meta.deleted else {
            throw StoreError.notFound(.organisation, record.organisationId)
        }
        let was = organisation.model.creditStatus
        if let held = try CreditRecordTable.fetch(record.id, db), !held.meta.deleted {
            let standing = CreditRule.standing(try Self.creditRecords(record.organisationId, db), on: today)
            return CreditOutcome(record: held, created: false, standing: standing, organisation: organisation, previousStatus: was)
        }
        if record.kind == .lift, was != .blacklisted {
            throw StoreError.conflict("organisation \(record.organisationId) is not blacklisted (it is \(was.rawValue)): there is nothing to lift")
        }
        let stored = try writeRegistry(CreditRecordTable.self, record, expect: .absent, deleted: false, actor: actor, detail: nil, db)
        let standing = CreditRule.standing(try Self.creditRecords(record.organisationId, db), on: today)
        let status = CreditRule.status(after: record, was: was, standing: standing)
        var after = organisation
        if status != was {
            var next = organisation.model
            next.creditStatus = status
            after = try writeRegistry(
                OrganisationTable.self, next, expect: .present(ifMatch: nil), deleted: false, actor: actor,
                detail: "credit \(standing.score) (\(standing.level.rawValue)): \(was.rawValue) → \(status.rawValue)", db)
        }
        return CreditOutcome(record: stored, created: true, standing: standing, organisation: after, previousStatus: was)
    }

    static func creditRecords(_ organisationId: UUID, _ db: Database) throws -> [CreditRecord] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM credit_record WHERE organisation_id = ? AND deleted = 0 ORDER BY occurred_on DESC, recorded_at_millis DESC, id",
            arguments: [organisationId.canonicalString]
        ).map { try CreditRecordTable.decode($0).model }
    }
}

/// Policies and service guides (政策发布, Anhui §5.1.2.2): county registry records.
extension AppDatabase {
    /// The policies held here, newest in effect first; withdrawn ones only when asked, and
    /// only those in effect on `inEffectOn` when it is given.
    public func policies(includeWithdrawn: Bool, inEffectOn day: String? = nil) throws -> [Stored<Policy>] {
        try read { db in
            var sql = "SELECT * FROM policy WHERE deleted = 0" + (includeWithdrawn ? "" : " AND withdrawn = 0")
            var arguments: [any DatabaseValueConvertible] = []
            if let day {
                sql += " AND withdrawn = 0 AND effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?)"
                arguments += [day, day]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY effective_from DESC, title, id", arguments: StatementArguments(arguments)!)
                .map(PolicyTable.decode)
        }
    }

    public func policy(id: UUID) throws -> Stored<Policy>? {
        try read { db in try PolicyTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// Publishes a policy or edits one (`ifMatch` its current ETag, nil to skip the check); at
    /// the county only.
    public func savePolicy(_ policy: Policy, new: Bool, ifMatch: String?, actor: String) throws -> Stored<Policy> {
        do {
            try policy.validate()
        } catch {
            throw StoreError.invalid(error)
        }
        return try writeRegistry(PolicyTable.self, policy, expect: new ? .absent : .present(ifMatch: ifMatch), deleted: false, actor: actor)
    }
}
