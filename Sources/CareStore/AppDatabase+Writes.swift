import CareModel
import Foundation
import GRDB

/// What a write expects to find.
public enum Expectation: Sendable {
    /// A create: the id must be new.
    case absent
    /// An update or delete: the record must exist and, when an ETag is given, still be at it.
    case present(ifMatch: String?)
    /// A set-or-replace of a record whose id is derived (an elder's threshold for a measure):
    /// whatever is stored, deleted or not, is what the write follows.
    case any
}

extension AppDatabase {
    // MARK: Profile records (per-field stamps)

    /// - Throws: `StoreError.conflict` naming the elder who already holds the citizen ID.
    public func createElder(_ elder: Elder, actor: String) throws -> Stored<Elder> {
        try write { db in
            try Self.requireUniqueCitizenID(elder, db)
            return try writeProfile(ElderTable.self, elder, expect: .absent, deleted: false, actor: actor, db)
        }
    }

    public func updateElder(_ elder: Elder, ifMatch: String?, actor: String) throws -> Stored<Elder> {
        try write { db in
            try Self.requireUniqueCitizenID(elder, db)
            return try writeProfile(ElderTable.self, elder, expect: .present(ifMatch: ifMatch), deleted: false, actor: actor, db)
        }
    }

    public func deleteElder(id: UUID, ifMatch: String?, actor: String) throws {
        try deleteProfile(ElderTable.self, id: id, ifMatch: ifMatch, actor: actor)
    }

    public func createDevice(_ device: Device, actor: String) throws -> Stored<Device> {
        try writeProfile(DeviceTable.self, device, expect: .absent, actor: actor)
    }

    public func updateDevice(_ device: Device, ifMatch: String?, actor: String) throws -> Stored<Device> {
        try writeProfile(DeviceTable.self, device, expect: .present(ifMatch: ifMatch), actor: actor)
    }

    public func deleteDevice(id: UUID, ifMatch: String?, actor: String) throws {
        try deleteProfile(DeviceTable.self, id: id, ifMatch: ifMatch, actor: actor)
    }

    /// Imports many elders in one transaction: all are written or none.
    public func importElders(_ elders: [Elder], actor: String) throws {
        try write { db in
            for elder in elders {
                try Self.requireUniqueCitizenID(elder, db)
                _ = try writeProfile(ElderTable.self, elder, expect: .absent, deleted: false, actor: actor, db)
            }
        }
    }

    func writeProfile<T: RecordTable>(_ table: T.Type, _ model: T.Model, expect: Expectation, actor: String) throws -> Stored<T.Model> where T.Model: ProfileRecord {
        try write { db in try writeProfile(table, model, expect: expect, deleted: false, actor: actor, db) }
    }

    func deleteProfile<T: RecordTable>(_ table: T.Type, id: UUID, ifMatch: String?, actor: String) throws where T.Model: ProfileRecord {
        try write { db in
            guard let current = try T.fetch(id, db), !current.meta.deleted else { throw StoreError.notFound(T.kind, id) }
            _ = try writeProfile(table, current.model, expect: .present(ifMatch: ifMatch), deleted: true, actor: actor, db)
        }
    }

    func writeProfile<T: RecordTable>(_ table: T.Type, _ model: T.Model, expect: Expectation, deleted: Bool, actor: String, _ db: Database) throws -> Stored<T.Model> where T.Model: ProfileRecord {
        let current = try T.fetch(model.id, db)
        let state = try check(expect, current: current, kind: T.kind, id: model.id)
        let previous = state.map { ProfileState(record: $0.model, stamps: $0.meta.stamps, deleted: $0.meta.deleted) }
        // Saving what is already stored is not a change: nothing to write, log or replicate.
        if let state, let previous, previous.record == model && previous.deleted == deleted { return state }
        let version = try nextVersion(db)
        let next = ProfileMerge.edit(previous, to: model, deleted: deleted, at: version)
        let stored = Stored(model: next.record, meta: RecordMeta(version: next.version, deleted: next.deleted, stamps: next.stamps))
        try T.save(stored.model, stored.meta, db)
        let movedFrom = current.map { T.home($0.model) }.flatMap { $0 == T.home(model) ? nil : $0 }
        try ChangeLog.append(T.envelope(stored), source: nil, movedFrom: movedFrom, db)
        try audit(actor: actor, action: current == nil ? "create" : (deleted ? "delete" : "update"), kind: T.kind, id: model.id, detail: movedFrom.map { "moved from \($0) to \(T.home(model))" }, db)
        if T.kind == .elder, movedFrom != nil { try rehomeDependents(ofElder: model.id, to: T.home(model), actor: actor, db) }
        return stored
    }

    /// Checks the expectation against the stored row; a deleted row counts as absent for reads.
    private func check<M>(_ expect: Expectation, current: Stored<M>?, kind: EntityKind, id: UUID) throws -> Stored<M>? {
        switch expect {
        case .absent:
            if current != nil { throw StoreError.conflict("a \(kind.label.en) with id \(id) already exists") }
            return nil
        case .present(let ifMatch):
            guard let current, !current.meta.deleted else { throw StoreError.notFound(kind, id) }
            if let ifMatch, ifMatch != "*", ifMatch != current.etag { throw StoreError.stale(current: current.etag) }
            return current
        case .any:
            return current
        }
    }

    // MARK: Registry records (county only)

    public func createOrganisation(_ organisation: ServiceOrganisation, actor: String) throws -> Stored<ServiceOrganisation> {
        try writeRegistry(OrganisationTable.self, organisation, expect: .absent, deleted: false, actor: actor)
    }

    public func updateOrganisation(_ organisation: ServiceOrganisation, ifMatch: String?, actor: String) throws -> Stored<ServiceOrganisation> {
        try writeRegistry(OrganisationTable.self, organisation, expect: .present(ifMatch: ifMatch), deleted: false, actor: actor)
    }

    public func deleteOrganisation(id: UUID, ifMatch: String?, actor: String) throws {
        try deleteRegistry(OrganisationTable.self, id: id, ifMatch: ifMatch, actor: actor)
    }

    public func createStaff(_ staff: Staff, actor: String) throws -> Stored<Staff> {
        try writeRegistry(StaffTable.self, staff, expect: .absent, deleted: false, actor: actor)
    }

    public func updateStaff(_ staff: Staff, ifMatch: String?, actor: String) throws -> Stored<Staff> {
        try writeRegistry(StaffTable.self, staff, expect: .present(ifMatch: ifMatch), deleted: false, actor: actor)
    }

    public func deleteStaff(id: UUID, ifMatch: String?, actor: String) throws {
        try deleteRegistry(StaffTable.self, id: id, ifMatch: ifMatch, actor: actor)
    }

    func deleteRegistry<T: RecordTable>(_ table: T.Type, id: UUID, ifMatch: String?, actor: String) throws {
        guard let current = try read({ db in try T.fetch(id, db) }), !current.meta.deleted else { throw StoreError.notFound(T.kind, id) }
        _ = try writeRegistry(table, current.model, expect: .present(ifMatch: ifMatch), deleted: true, actor: actor)
    }

    func writeRegistry<T: RecordTable>(_ table: T.Type, _ model: T.Model, expect: Expectation, deleted: Bool, actor: String) throws -> Stored<T.Model> {
        guard node.role == .county else {
            throw StoreError.forbidden("\(T.kind.label.en) records belong to the county registry: write them on the county node, not on this \(node.role.rawValue) node")
        }
        guard node.contains(T.home(model)) else {
            throw StoreError.forbidden("home \(T.home(model)) is outside this county (\(node))")
        }
        return try write { db in try writeRegistry(table, model, expect: expect, deleted: deleted, actor: actor, detail: nil, db) }
    }

    /// The registry write inside a transaction already open (the caller has checked this is
    /// the county and the home is in it): a credit record and the organisation's new standing
    /// are written together.
    func writeRegistry<T: RecordTable>(
        _ table: T.Type, _ model: T.Model, expect: Expectation, deleted: Bool, actor: String, detail: String? = nil, _ db: Database
    ) throws -> Stored<T.Model> {
        let current = try T.fetch(model.id, db)
        _ = try check(expect, current: current, kind: T.kind, id: model.id)
        let stored = Stored(model: model, meta: RecordMeta(version: try nextVersion(db), deleted: deleted))
        try T.save(model, stored.meta, db)
        try ChangeLog.append(T.envelope(stored), source: nil, db)
        try audit(actor: actor, action: current == nil ? "create" : (deleted ? "delete" : "update"), kind: T.kind, id: model.id, detail: detail, db)
        return stored
    }

    // MARK: Facts

    public func createOrder(_ order: ServiceOrder, actor: String) throws -> Stored<ServiceOrder> {
        try write { db in try insertOrder(order, actor: actor, db) }
    }

    /// An order homed where its elder is: `createOrder`'s write, also used when a call
    /// produces an order.
    func insertOrder(_ order: ServiceOrder, actor: String, _ db: Database) throws -> Stored<ServiceOrder> {
        guard let elder = try ElderTable.fetch(order.elderId, db), !elder.meta.deleted else {
            throw StoreError.invalid(ValidationFailure([FieldError(field: "elderId", Label(en: "no elder with id \(order.elderId)", zh: "老人档案不存在"))]))
        }
        var order = order
        order.home = elder.model.home
        return try insertFact(OrderTable.self, order, actor: actor, db)
    }

    public func createEvaluation(_ evaluation: Evaluation, actor: String) throws -> Stored<Evaluation> {
        try write { db in try insertFact(EvaluationTable.self, evaluation, actor: actor, db) }
    }

    /// - Parameter version: the version already stamped into the model (an order event carries
    ///   its own); nil takes a new one.
    func insertFact<T: RecordTable>(_ table: T.Type, _ model: T.Model, version: Version? = nil, actor: String, _ db: Database) throws -> Stored<T.Model> {
        if try T.fetch(model.id, db) != nil { throw StoreError.conflict("a \(T.kind.label.en) with id \(model.id) already exists") }
        let stored = Stored(model: model, meta: RecordMeta(version: try version ?? nextVersion(db)))
        try T.save(model, stored.meta, db)
        try ChangeLog.append(T.envelope(stored), source: nil, db)
        try audit(actor: actor, action: "create", kind: T.kind, id: model.id, detail: nil, db)
        return stored
    }

    // MARK: Conflicts

    /// Marks a conflict reviewed; the resolution replicates like any change.
    /// - Parameter keep: for a duplicate-person conflict, the elder record that stands (required).
    public func resolveConflict(id: UUID, note: String, keep: UUID? = nil, actor: String) throws -> Stored<Conflict> {
        try write { db in
            guard var conflict = try ConflictTable.fetch(id, db)?.model else { throw StoreError.notFound(.conflict, id) }
            if conflict.resolution != nil { throw StoreError.conflict("conflict \(id) is already resolved") }
            switch (conflict.duplicatePair, keep) {
            case (nil, nil): break
            case (nil, _?):
                throw StoreError.invalid(ValidationFailure([FieldError(field: "keep", Label(
                    en: "keep applies only to duplicate-person conflicts", zh: "keep 仅用于同一人重复建档的冲突"))]))
            case (let pair?, nil):
                throw StoreError.invalid(ValidationFailure([FieldError(field: "keep", Label(
                    en: "keep is required: the elder record that stands, \(pair.0.canonicalString) or \(pair.1.canonicalString)",
                    zh: "须指定保留的老人档案（keep）"))]))
            case (_?, let keep?): try settleDuplicate(conflict, keep: keep, actor: actor, db)
            }
            conflict.resolution = .init(note: note, by: actor, at: try nextVersion(db))
            let stored = Stored(model: conflict, meta: RecordMeta(version: conflict.version))
            try ConflictTable.save(conflict, stored.meta, db)
            try ChangeLog.append(ConflictTable.envelope(stored), source: nil, db)
            try audit(actor: actor, action: "resolve", kind: .conflict, id: id, detail: note, db)
            return stored
        }
    }

    // MARK: Audit

    /// The audit entry of a record write. It stays here: the write itself travels with its
    /// writer and version, so sending its entry up as well would double the change log.
    func audit(actor: String, action: String, kind: EntityKind, id: UUID, detail: String?, _ db: Database) throws {
        try insertAudit(AuditEntry(
            home: node, atMillis: clock.wallMillis, actor: actor, action: action,
            subjectKind: kind.rawValue, subject: id.canonicalString, detail: detail), replicate: false, db)
    }
}
