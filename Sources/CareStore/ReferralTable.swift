import CareModel
import Foundation
import GRDB

/// Referrals: a profile homed with its elder, re-homed as an edit of its `home` field when the
/// elder moves. The reply and the feedback are one merge field each, kept in columns of their own.
enum ReferralTable: ElderDependentTable {
    static let table = "referral"
    static let columns = [
        "id", "home", "elder_id", "order_id", "case_id", "from_street", "reason", "to_organisation_id", "to_third_party", "to_phone",
        "referred_by", "referred_at_millis", "reply_answer", "reply_note", "reply_by", "reply_at_millis",
        "feedback", "feedback_by", "feedback_at_millis", "version", "origin", "deleted", "stamps",
    ]

    static func values(_ r: Referral, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            r.id.canonicalString, r.home.rawValue, r.elderId.canonicalString, r.orderId?.canonicalString, r.caseId?.canonicalString, r.fromStreet.rawValue,
            r.reason, r.toOrganisationId?.canonicalString, r.toThirdParty, r.toPhone, r.referredBy, r.referredAtMillis,
            r.reply?.answer.rawValue, r.reply?.note, r.reply?.by, r.reply?.atMillis,
            r.feedback?.text, r.feedback?.by, r.feedback?.atMillis,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Referral> {
        var reply: ReferralReply?
        if row["reply_answer"] as String? != nil {
            reply = ReferralReply(
                answer: try row.code("reply_answer", as: ReferralAnswer.self), note: row["reply_note"], by: row["reply_by"],
                atMillis: row["reply_at_millis"])
        }
        var feedback: ReferralFeedback?
        if let text = row["feedback"] as String? {
            feedback = ReferralFeedback(text: text, by: row["feedback_by"], atMillis: row["feedback_at_millis"])
        }
        let referral = Referral(
            id: try row.uuid("id"), home: try row.division("home"), elderId: try row.uuid("elder_id"),
            orderId: try row.optionalUUID("order_id"), caseId: try row.optionalUUID("case_id"), fromStreet: try row.division("from_street"),
            reason: row["reason"], toOrganisationId: try row.optionalUUID("to_organisation_id"), toThirdParty: row["to_third_party"],
            toPhone: row["to_phone"], referredBy: row["referred_by"], referredAtMillis: row["referred_at_millis"], reply: reply,
            feedback: feedback)
        return Stored(model: referral, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }

    static func rehomed(_ model: Referral, to home: DivisionCode) -> Referral {
        var model = model
        model.home = home
        return model
    }

    static func rehome(_ current: Stored<Referral>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        guard !current.meta.deleted else { return }
        _ = try database.writeProfile(Self.self, rehomed(current.model, to: home), expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
    }
}
