import CareModel
import Foundation

extension WireReferral {
    init(_ r: Referral) {
        self.init()
        elderID = r.elderId.uuidString
        if let orderId = r.orderId { orderID = orderId.uuidString }
        if let caseId = r.caseId { caseID = caseId.uuidString }
        fromStreet = r.fromStreet.rawValue
        reason = r.reason
        if let organisation = r.toOrganisationId { toOrganisationID = organisation.uuidString }
        if let party = r.toThirdParty { toThirdParty = party }
        if let phone = r.toPhone { toPhone = phone }
        referredBy = r.referredBy
        referredAtMillis = r.referredAtMillis
        if let reply = r.reply {
            replyAnswer = reply.answer.rawValue
            if let note = reply.note { replyNote = note }
            replyBy = reply.by
            replyAtMillis = reply.atMillis
        }
        if let feedback = r.feedback {
            self.feedback = feedback.text
            feedbackBy = feedback.by
            feedbackAtMillis = feedback.atMillis
        }
    }
}

extension Referral: WireMapped {
    static let wireKind = WireEntityKind.referral
    static func message(in record: WireChange.OneOf_Record) -> WireReferral? { if case .referral(let message) = record { message } else { nil } }
    static func record(_ message: WireReferral) -> WireChange.OneOf_Record { .referral(message) }
    var wireMessage: WireReferral { WireReferral(self) }

    /// A referral from a peer. A reply or a feedback comes whole or not at all: a reply
    /// without its author or time, or a note without a reply, is refused rather than guessed.
    static func decode(_ m: WireReferral, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        var reply: ReferralReply?
        if m.hasReplyAnswer {
            guard m.hasReplyBy, m.hasReplyAtMillis else {
                throw WireError(field: "reply_answer", problem: "a reply comes with reply_by and reply_at_millis")
            }
            reply = ReferralReply(
                answer: try FieldCheck.code(m.replyAnswer, "reply_answer"), note: m.hasReplyNote ? m.replyNote : nil,
                by: try FieldCheck.required(m.replyBy, "reply_by"), atMillis: m.replyAtMillis)
        } else if m.hasReplyNote || m.hasReplyBy || m.hasReplyAtMillis {
            throw WireError(field: "reply_answer", problem: "reply_note, reply_by and reply_at_millis come only with reply_answer")
        }
        var feedback: ReferralFeedback?
        if m.hasFeedback {
            guard m.hasFeedbackBy, m.hasFeedbackAtMillis else {
                throw WireError(field: "feedback", problem: "feedback comes with feedback_by and feedback_at_millis")
            }
            feedback = ReferralFeedback(
                text: try FieldCheck.required(m.feedback, "feedback"), by: try FieldCheck.required(m.feedbackBy, "feedback_by"),
                atMillis: m.feedbackAtMillis)
        } else if m.hasFeedbackBy || m.hasFeedbackAtMillis {
            throw WireError(field: "feedback", problem: "feedback_by and feedback_at_millis come only with feedback")
        }
        return try Referral(
            id: id, home: home, elderId: FieldCheck.uuid(m.elderID, "elder_id"),
            orderId: FieldCheck.uuid(m.orderID, present: m.hasOrderID, "order_id"),
            caseId: FieldCheck.uuid(m.caseID, present: m.hasCaseID, "case_id"),
            fromStreet: FieldCheck.division(m.fromStreet, "from_street"), reason: FieldCheck.required(m.reason, "reason"),
            toOrganisationId: FieldCheck.uuid(m.toOrganisationID, present: m.hasToOrganisationID, "to_organisation_id"),
            toThirdParty: m.hasToThirdParty ? m.toThirdParty : nil, toPhone: m.hasToPhone ? m.toPhone : nil,
            referredBy: FieldCheck.required(m.referredBy, "referred_by"), referredAtMillis: m.referredAtMillis,
            reply: reply, feedback: feedback)
    }
}
