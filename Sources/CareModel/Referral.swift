import Foundation

/// Where a referral stands; derived from what was recorded, never stored, so that an answer
/// recorded at the organisation's node and a feedback recorded later at the street both stand.
public enum ReferralStatus: String, CodeTable {
    case pending, accepted, refused, completed

    public var label: Label {
        switch self {
        case .pending: Label(en: "awaiting an answer", zh: "待答复")
        case .accepted: Label(en: "accepted", zh: "已接受")
        case .refused: Label(en: "refused", zh: "已拒绝")
        case .completed: Label(en: "fed back", zh: "已反馈")
        }
    }
}

/// The receiving party's answer to a referral.
public enum ReferralAnswer: String, CodeTable {
    case accepted, refused

    public var label: Label {
        switch self {
        case .accepted: Label(en: "accepted", zh: "接受")
        case .refused: Label(en: "refused", zh: "拒绝")
        }
    }
}

/// A request the street centre passes on (服务转介, Anhui §5.2.2.4: "街道接收到的服务转介需求，宜根据
/// 周边的服务资源情况，通过平台转介给养老服务机构或第三方养老服务组织"): to a service organisation on the
/// platform, or to a third party that is not (a hospital, a legal-aid office), with the reason,
/// the answer (accepted or refused) and the feedback on how it went.
///
/// A referral to an organisation may carry the service order it hands over: the order then
/// takes its `refer` step to that organisation in the same transaction and shows `referred`
/// until the organisation accepts it with a worker (the order's own `accept` step) or the
/// referral is refused, which sends the order back to the dispatch queue. A referral to a third
/// party carries no order (the platform does not follow a service outside it), only the window
/// case it came from, if any.
///
/// Merge class: profile. The reply and the feedback are fields of their own, written at
/// different nodes (the organisation answers at its station, the street records feedback) and
/// merged per field; each merges whole, so two replies made apart never mix one's answer with
/// the other's note (the later stands). Homed with its elder, it moves with the elder.
public struct Referral: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The elder's community.
    public var home: DivisionCode
    public var elderId: UUID
    public var orderId: UUID?
    public var caseId: UUID?
    /// The street centre that made it.
    public var fromStreet: DivisionCode
    public var reason: String
    public var toOrganisationId: UUID?
    /// A party outside the platform: its name and telephone.
    public var toThirdParty: String?
    public var toPhone: String?
    public var referredBy: String
    public var referredAtMillis: Int64
    /// The receiving party's answer, recorded by its admin or by the street on its behalf.
    public var reply: ReferralReply?
    /// How it went, after an acceptance.
    public var feedback: ReferralFeedback?

    public init(
        id: UUID = UUID(), home: DivisionCode, elderId: UUID, orderId: UUID? = nil, caseId: UUID? = nil, fromStreet: DivisionCode,
        reason: String, toOrganisationId: UUID? = nil, toThirdParty: String? = nil, toPhone: String? = nil, referredBy: String,
        referredAtMillis: Int64, reply: ReferralReply? = nil, feedback: ReferralFeedback? = nil
    ) {
        self.id = id
        self.home = home
        self.elderId = elderId
        self.orderId = orderId
        self.caseId = caseId
        self.fromStreet = fromStreet
        self.reason = reason
        self.toOrganisationId = toOrganisationId
        self.toThirdParty = toThirdParty
        self.toPhone = toPhone
        self.referredBy = referredBy
        self.referredAtMillis = referredAtMillis
        self.reply = reply
        self.feedback = feedback
    }

    public static let reasonMax = 500
    public static let nameMax = 100
    public static let noteMax = 500
    public static let feedbackMax = 2000
    /// How long the receiving party has to answer before the referral shows overdue in the
    /// street's queue: three days, the window case deadline for a consultation.
    public static let answerWindowMillis: Int64 = 3 * 24 * 3_600_000

    public var status: ReferralStatus {
        if feedback != nil { return .completed }
        switch reply?.answer {
        case .accepted: return .accepted
        case .refused: return .refused
        case nil: return .pending
        }
    }

    public var answerDueAtMillis: Int64 { referredAtMillis + Self.answerWindowMillis }

    /// Unanswered past its answer window.
    public func isOverdue(nowMillis: Int64) -> Bool { reply == nil && answerDueAtMillis < nowMillis }
}

extension Referral: ReplicatedRecord {
    public static let kind = EntityKind.referral
    public static let label = Label(en: "referral", zh: "服务转介")
    public static let mergeClass = MergeClass.profile
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
    public var clockReadings: [Int64] { [referredAtMillis, reply?.atMillis, feedback?.atMillis].compactMap { $0 } }
}

extension Referral: ProfileRecord {
    public static let mergeFields: [MergeField<Referral>] = [
        MergeField("home", \.home), MergeField("elderId", \.elderId), MergeField("orderId", \.orderId), MergeField("caseId", \.caseId),
        MergeField("fromStreet", \.fromStreet), MergeField("reason", \.reason), MergeField("toOrganisationId", \.toOrganisationId),
        MergeField("toThirdParty", \.toThirdParty), MergeField("toPhone", \.toPhone), MergeField("referredBy", \.referredBy),
        MergeField("referredAtMillis", \.referredAtMillis), MergeField("reply", \.reply), MergeField("feedback", \.feedback),
    ]
}

/// An answer with its note, who recorded it and when; merged as one field.
public struct ReferralReply: Hashable, Codable, Sendable {
    public var answer: ReferralAnswer
    public var note: String?
    public var by: String
    public var atMillis: Int64

    public init(answer: ReferralAnswer, note: String?, by: String, atMillis: Int64) {
        self.answer = answer
        self.note = note
        self.by = by
        self.atMillis = atMillis
    }
}

/// Feedback on a referral with who gave it and when; merged as one field.
public struct ReferralFeedback: Hashable, Codable, Sendable {
    public var text: String
    public var by: String
    public var atMillis: Int64

    public init(text: String, by: String, atMillis: Int64) {
        self.text = text
        self.by = by
        self.atMillis = atMillis
    }
}
