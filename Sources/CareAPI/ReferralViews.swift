import CareModel
import CareStore
import Foundation
import Hummingbird

/// A referral as the API shows it: the elder and the organisation by name, times as dates, its
/// derived status and whether the answer is overdue.
struct ReferralView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let elderName: String?
    let orderId: UUID?
    let caseId: UUID?
    let fromStreet: String
    let reason: String
    let toOrganisationId: UUID?
    let toOrganisationName: String?
    let toThirdParty: String?
    let toPhone: String?
    let referredBy: String
    let referredAt: Date
    let answerDueAt: Date
    let status: String
    let overdue: Bool
    let reply: Reply?
    let feedback: Feedback?
    let version: String

    struct Reply: Codable {
        let answer: String
        let note: String?
        let by: String
        let at: Date
    }

    struct Feedback: Codable {
        let text: String
        let by: String
        let at: Date
    }

    init(_ stored: Stored<Referral>, elderName: String?, organisationName: String?, nowMillis: Int64) {
        let r = stored.model
        id = r.id
        home = r.home.rawValue
        elderId = r.elderId
        self.elderName = elderName
        orderId = r.orderId
        caseId = r.caseId
        fromStreet = r.fromStreet.rawValue
        reason = r.reason
        toOrganisationId = r.toOrganisationId
        toOrganisationName = organisationName
        toThirdParty = r.toThirdParty
        toPhone = r.toPhone
        referredBy = r.referredBy
        referredAt = date(millis: r.referredAtMillis)
        answerDueAt = date(millis: r.answerDueAtMillis)
        status = r.status.rawValue
        overdue = r.isOverdue(nowMillis: nowMillis)
        reply = r.reply.map { Reply(answer: $0.answer.rawValue, note: $0.note, by: $0.by, at: date(millis: $0.atMillis)) }
        feedback = r.feedback.map { Feedback(text: $0.text, by: $0.by, at: date(millis: $0.atMillis)) }
        version = stored.etag
    }
}

extension AppDatabase {
    /// Views of `referrals` with the names of their elders and organisations, each name read
    /// once however many referrals share it.
    func referralViews(_ referrals: [Stored<Referral>], nowMillis: Int64) throws -> [ReferralView] {
        var elders: [UUID: String] = [:]
        var organisations: [UUID: String] = [:]
        for id in Set(referrals.map(\.model.elderId)) { elders[id] = try elder(id: id)?.model.name }
        for id in Set(referrals.compactMap(\.model.toOrganisationId)) { organisations[id] = try organisation(id: id)?.model.name }
        return referrals.map {
            ReferralView(
                $0, elderName: elders[$0.model.elderId], organisationName: $0.model.toOrganisationId.flatMap { organisations[$0] },
                nowMillis: nowMillis)
        }
    }
}
