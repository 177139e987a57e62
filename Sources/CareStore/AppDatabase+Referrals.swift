import CareModel
import Foundation
import GRDB

/// What the street's referral queue asks for: typed, so no SQL leaves the store.
public struct ReferralFilter: Sendable {
    public var status: ReferralStatus?
    public var elderId: UUID?
    public var organisationId: UUID?
    /// Unanswered past the answer window at this time.
    public var overdueAtMillis: Int64?
    public var limit: Int

    public init(status: ReferralStatus? = nil, elderId: UUID? = nil, organisationId: UUID? = nil, overdueAtMillis: Int64? = nil, limit: Int = 200) {
        self.status = status
        self.elderId = elderId
        self.organisationId = organisationId
        self.overdueAtMillis = overdueAtMillis
        self.limit = limit
    }
}

extension AppDatabase {
    /// Stores a new referral, homed where its elder is. One that hands an order to an
    /// organisation takes the order's `refer` step in the same transaction, so the order shows
    /// `referred` wherever the referral goes, and neither is written without the other.
    public func createReferral(_ referral: Referral, actor: String) throws -> Stored<Referral> {
        try write { db in
            var referral = referral
            referral.home = try Self.liveElderHome(referral.elderId, db)
            let stored = try writeProfile(ReferralTable.self, referral, expect: .absent, deleted: false, actor: actor, db)
            if let orderId = referral.orderId, let organisation = referral.toOrganisationId {
                let refer = OrderEvent(
                    orderId: orderId, home: referral.home, kind: .refer, version: .zero, actor: actor, reason: referral.reason,
                    organisationId: organisation)
                _ = try appendOrderEvent(refer, actor: actor, db)
            }
            return stored
        }
    }

    /// Writes a referral's reply. A refusal of a referral that handed over an order, while
    /// the order still waits at that organisation, also takes the order's `refuse` step: the
    /// order goes back to the dispatch queue in the same transaction.
    public func replyToReferral(_ next: Referral, ifMatch: String?, actor: String) throws -> Stored<Referral> {
        try write { db in
            let stored = try writeProfile(ReferralTable.self, next, expect: .present(ifMatch: ifMatch), deleted: false, actor: actor, db)
            if let reply = next.reply, reply.answer == .refused, let orderId = next.orderId, let organisation = next.toOrganisationId {
                let state = try OrderFold.state(of: orderId, db)
                if state.status == .referred && state.organisationId == organisation {
                    // A refusal always carries its reason (`Referral.replied`); the order's step takes it.
                    let refuse = OrderEvent(
                        orderId: orderId, home: next.home, kind: .refuse, version: .zero, actor: actor, reason: reply.note)
                    _ = try appendOrderEvent(refuse, actor: actor, db)
                }
            }
            return stored
        }
    }

    /// Writes a referral's feedback.
    public func updateReferral(_ next: Referral, ifMatch: String?, actor: String) throws -> Stored<Referral> {
        try writeProfile(ReferralTable.self, next, expect: .present(ifMatch: ifMatch), actor: actor)
    }

    public func referral(id: UUID, in scope: Jurisdiction?) throws -> Stored<Referral>? {
        guard try isVisible(ReferralTable.table, id: id, to: scope) else { return nil }
        return try read { db in try ReferralTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// Referrals in the account's jurisdiction, oldest unanswered first, then newest.
    public func referrals(_ filter: ReferralFilter, scope: Jurisdiction?) throws -> [Stored<Referral>] {
        var sql = "SELECT * FROM referral WHERE deleted = 0"
        var arguments: [any DatabaseValueConvertible] = []
        if let scope {
            let (condition, more) = scope.condition(table: ReferralTable.table)
            sql += " AND (\(condition))"
            arguments += more
        }
        switch filter.status {
        case .pending: sql += " AND reply_answer IS NULL"
        case .accepted: sql += " AND reply_answer = 'accepted' AND feedback IS NULL"
        case .refused: sql += " AND reply_answer = 'refused' AND feedback IS NULL"
        case .completed: sql += " AND feedback IS NOT NULL"
        case nil: break
        }
        if let elderId = filter.elderId {
            sql += " AND elder_id IN (SELECT id FROM elder WHERE id = ? OR merged_into = ?)"
            arguments += [elderId.canonicalString, elderId.canonicalString]
        }
        if let organisation = filter.organisationId {
            sql += " AND to_organisation_id = ?"
            arguments.append(organisation.canonicalString)
        }
        if let now = filter.overdueAtMillis {
            sql += " AND reply_answer IS NULL AND referred_at_millis < ?"
            arguments.append(now - Referral.answerWindowMillis)
        }
        sql += " ORDER BY reply_answer IS NOT NULL, CASE WHEN reply_answer IS NULL THEN referred_at_millis ELSE -referred_at_millis END, id LIMIT ?"
        arguments.append(filter.limit)
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(ReferralTable.decode)
        }
    }
}
