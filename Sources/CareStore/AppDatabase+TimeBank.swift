import CareModel
import Foundation
import GRDB

/// The time bank (志愿服务, Anhui §5.2.2.6): volunteers and their ledger, held by every node of
/// the county; activities with their sign-ups where they are run. The balance is never
/// stored: it is the fold of the entries this node holds (`TimeBank.fold`).
extension AppDatabase {
    // MARK: Volunteers

    /// Registers a volunteer; an elder is registered once.
    public func createVolunteer(_ volunteer: Volunteer, actor: String) throws -> Stored<Volunteer> {
        try write { db in
            if let elderId = volunteer.elderId, let other = try Self.volunteer(ofElder: elderId, db) {
                throw StoreError.conflict("elder \(elderId) is already registered as volunteer \(other.model.id) (\(other.model.name))")
            }
            return try writeProfile(VolunteerTable.self, volunteer, expect: .absent, deleted: false, actor: actor, db)
        }
    }

    public func updateVolunteer(_ volunteer: Volunteer, ifMatch: String?, actor: String) throws -> Stored<Volunteer> {
        try write { db in
            if let elderId = volunteer.elderId, let other = try Self.volunteer(ofElder: elderId, db), other.model.id != volunteer.id {
                throw StoreError.conflict("elder \(elderId) is already registered as volunteer \(other.model.id) (\(other.model.name))")
            }
            return try writeProfile(VolunteerTable.self, volunteer, expect: .present(ifMatch: ifMatch), deleted: false, actor: actor, db)
        }
    }

    static func volunteer(ofElder elderId: UUID, _ db: Database) throws -> Stored<Volunteer>? {
        try Row.fetchOne(db, sql: "SELECT * FROM volunteer WHERE elder_id = ? AND deleted = 0 LIMIT 1", arguments: [elderId.canonicalString])
            .map(VolunteerTable.decode)
    }

    public func volunteer(id: UUID) throws -> Stored<Volunteer>? {
        try read { db in try VolunteerTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// The volunteers of the communities under `within` (every one this node holds when nil),
    /// by name, optionally those whose name or phone contains `text`.
    public func volunteers(within: DivisionCode?, matching text: String?, limit: Int) throws -> [Stored<Volunteer>] {
        try read { db in
            var sql = "SELECT * FROM volunteer WHERE deleted = 0"
            var arguments: [any DatabaseValueConvertible] = []
            if let within {
                sql += " AND community LIKE ?"
                arguments.append(within.rawValue + "%")
            }
            if let text, !text.isEmpty {
                sql += " AND (instr(name, ?) > 0 OR instr(phone, ?) > 0)"
                arguments += [text, text]
            }
            sql += " ORDER BY name, id LIMIT ?"
            arguments.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(VolunteerTable.decode)
        }
    }

    // MARK: Activities

    public func createActivity(_ activity: VolunteerActivity, actor: String) throws -> Stored<VolunteerActivity> {
        try writeProfile(VolunteerActivityTable.self, activity, expect: .absent, actor: actor)
    }

    public func activity(id: UUID) throws -> Stored<VolunteerActivity>? {
        try read { db in try VolunteerActivityTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// The activities homed under `within`, newest date first.
    public func activities(within: DivisionCode, limit: Int) throws -> [Stored<VolunteerActivity>] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM volunteer_activity WHERE home LIKE ? AND deleted = 0 ORDER BY date DESC, id LIMIT ?
                """, arguments: [within.rawValue + "%", limit]).map(VolunteerActivityTable.decode)
        }
    }

    /// Signs `volunteerId` up for the activity, in one transaction with the checks.
    public func signUp(activityId: UUID, volunteerId: UUID, actor: String) throws -> Stored<VolunteerActivity> {
        try write { db in
            let (activity, volunteer) = try Self.activityAndVolunteer(activityId, volunteerId, db)
            let next: VolunteerActivity
            do throws(ValidationFailure) { next = try activity.model.signingUp(volunteer.model) } catch { throw StoreError.invalid(error) }
            return try writeProfile(VolunteerActivityTable.self, next, expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
        }
    }

    /// Marks a signed-up volunteer present: the earn entry for the activity's minutes. One per
    /// volunteer and activity (its id is derived from the two); a second marking is a 409.
    public func markAttendance(activityId: UUID, volunteerId: UUID, actor: String) throws -> Stored<TimeEntry> {
        try write { db in
            let (activity, volunteer) = try Self.activityAndVolunteer(activityId, volunteerId, db)
            guard activity.model.signedUp.contains(volunteerId) else {
                throw StoreError.invalid(ValidationFailure([FieldError(field: "volunteerId", Label(
                    en: "\(volunteer.model.name) did not sign up for this activity", zh: "该志愿者未报名此活动"))]))
            }
            let entry = TimeEntry.attendance(
                activity.model, volunteer: volunteer.model, node: node, operator: actor, atMillis: clock.wallMillis)
            if try TimeEntryTable.fetch(entry.id, db) != nil {
                throw StoreError.conflict("\(volunteer.model.name)'s attendance at this activity is already credited")
            }
            return try insertFact(TimeEntryTable.self, entry, actor: actor, db)
        }
    }

    private static func activityAndVolunteer(_ activityId: UUID, _ volunteerId: UUID, _ db: Database) throws
        -> (Stored<VolunteerActivity>, Stored<Volunteer>)
    {
        guard let activity = try VolunteerActivityTable.fetch(activityId, db), !activity.meta.deleted else {
            throw StoreError.notFound(.volunteerActivity, activityId)
        }
        guard let volunteer = try VolunteerTable.fetch(volunteerId, db), !volunteer.meta.deleted else {
            throw StoreError.invalid(ValidationFailure([FieldError(field: "volunteerId", Label(
                en: "no volunteer with id \(volunteerId) at this node", zh: "本节点没有该志愿者"))]))
        }
        return (activity, volunteer)
    }

    /// The earn entries of an activity: who attended.
    public func attendance(activityId: UUID) throws -> [Stored<TimeEntry>] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM time_entry WHERE activity_id = ? ORDER BY version, id", arguments: [activityId.canonicalString])
                .map(TimeEntryTable.decode)
        }
    }

    // MARK: The ledger

    /// The volunteer's entries as held here, in fold order.
    public func ledger(volunteerId: UUID) throws -> [LedgerEntry] {
        try read { db in try Self.ledger(volunteerId, db) }
    }

    static func ledger(_ volunteerId: UUID, _ db: Database) throws -> [LedgerEntry] {
        let statement = try db.cachedStatement(sql: "SELECT * FROM time_entry WHERE volunteer_id = ? ORDER BY version, id")
        return try TimeBank.ordered(Row.fetchAll(statement, arguments: [volunteerId.canonicalString]).map {
            let stored = try TimeEntryTable.decode($0)
            return LedgerEntry(stored.model, version: stored.meta.version)
        })
    }

    /// Writes a redemption or an adjustment, refused (422) when it would overdraw the balance
    /// this node knows. Two nodes that cannot see each other may still both spend the same
    /// hours: that is found when their entries meet (`recordOverdrafts`).
    public func writeDebit(_ entry: TimeEntry, actor: String) throws -> Stored<TimeEntry> {
        try write { db in
            guard let volunteer = try VolunteerTable.fetch(entry.volunteerId, db), !volunteer.meta.deleted else {
                throw StoreError.notFound(.volunteer, entry.volunteerId)
            }
            let balance = TimeBank.fold(try Self.ledger(entry.volunteerId, db)).minutes
            if let refusal = TimeBank.overdrawRefusal(balance: balance, delta: entry.signedMinutes) {
                throw StoreError.invalid(ValidationFailure([FieldError(field: "minutes", refusal)]))
            }
            if let orderId = entry.orderId, entry.kind == .redeem,
                let paid = try String.fetchOne(db, sql: "SELECT id FROM time_entry WHERE order_id = ? AND kind = 'redeem' LIMIT 1", arguments: [orderId.canonicalString]) {
                throw StoreError.conflict("service order \(orderId) is already paid with hours (entry \(paid))")
            }
            var entry = entry
            entry.home = volunteer.model.home
            return try insertFact(TimeEntryTable.self, entry, actor: actor, db)
        }
    }

    /// After an entry arrived from a peer: a conflict for each entry that overdrew the
    /// volunteer's balance, logged so it travels.
    /// - Returns: how many conflicts are new here.
    static func recordOverdrafts(of volunteerId: UUID, _ db: Database) throws -> Int {
        let balance = TimeBank.fold(try ledger(volunteerId, db))
        guard !balance.overdrafts.isEmpty, let volunteer = try VolunteerTable.fetch(volunteerId, db) else { return 0 }
        var recorded = 0
        for held in balance.overdrafts {
            let conflict = Conflict(overdraft: held, volunteer: volunteer.model)
            let isNew = try ConflictTable.fetch(conflict.id, db) == nil
            if let stored = try ConflictStore.record(conflict, db) {
                try ChangeLog.append(ConflictTable.envelope(stored), source: nil, db)
                if isNew { recorded += 1 }
            }
        }
        return recorded
    }

    /// The overdraft conflicts held here, open ones first, newest first.
    public func overdrafts(includeSettled: Bool) throws -> [Stored<Conflict>] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM conflict WHERE field = ?\(includeSettled ? "" : " AND resolution IS NULL")
                ORDER BY resolution IS NOT NULL, version DESC, id
                """, arguments: [Conflict.overdraftField]).map(ConflictTable.decode)
        }
    }

    /// Settles an overdraft: with `adjust` (a signed number of minutes), an adjust entry that
    /// names the conflict; without, the overdraft is accepted as it stands. Either way the
    /// conflict is resolved, and both travel.
    public func settleOverdraft(id: UUID, adjust: Int?, note: String, actor: String) throws -> (Stored<Conflict>, Stored<TimeEntry>?) {
        try write { db in
            guard var conflict = try ConflictTable.fetch(id, db)?.model, conflict.field == Conflict.overdraftField else {
                throw StoreError.notFound(.conflict, id)
            }
            if conflict.resolution != nil { throw StoreError.conflict("overdraft \(id) is already settled") }
            var entry: Stored<TimeEntry>?
            if let adjust {
                let adjustment = TimeEntry(
                    home: conflict.home, volunteerId: conflict.entityId, kind: .adjust, minutes: adjust, conflictId: id, note: note,
                    node: node, operator: actor, atMillis: clock.wallMillis)
                let failures = adjustment.validationErrors
                if !failures.isEmpty { throw StoreError.invalid(ValidationFailure(failures)) }
                entry = try insertFact(TimeEntryTable.self, adjustment, actor: actor, db)
            }
            let how = adjust.map { "adjusted by \($0) min" } ?? "accepted"
            conflict.resolution = .init(note: note.isEmpty ? how : "\(how): \(note)", by: actor, at: try nextVersion(db))
            let stored = Stored(model: conflict, meta: RecordMeta(version: conflict.version))
            try ConflictTable.save(conflict, stored.meta, db)
            try ChangeLog.append(ConflictTable.envelope(stored), source: nil, db)
            try audit(actor: actor, action: "settle-overdraft", kind: .conflict, id: id, detail: how, db)
            return (stored, entry)
        }
    }
}
