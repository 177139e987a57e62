import Foundation

extension Referral {
    /// What `POST /api/v1/referrals` carries.
    public struct Draft: Codable, Sendable, Equatable {
        public var elderId: String?
        public var orderId: String?
        public var caseId: String?
        public var reason: String?
        public var toOrganisationId: String?
        public var toThirdParty: String?
        public var toPhone: String?

        public init() {}
    }

    /// The ids a draft names, checked for form only: the caller looks the records up and
    /// passes them to `init(validating:…)`.
    public static func ids(in draft: Draft) throws(ValidationFailure) -> (elder: UUID, order: UUID?, case: UUID?, organisation: UUID?) {
        var v = Validator()
        let elder = v.uuid(draft.elderId, "elderId")
        let order = v.uuid(draft.orderId, "orderId", optional: true)
        let caseId = v.uuid(draft.caseId, "caseId", optional: true)
        let organisation = v.uuid(draft.toOrganisationId, "toOrganisationId", optional: true)
        try v.check()
        return (elder!, order, caseId, organisation)
    }

    /// A new referral made at `street` for `elder`. `order` is the order the draft names with
    /// its status, looked up by the caller (nil when it names none); an order must be the
    /// elder's and still waiting for dispatch, and goes only to an organisation.
    public init(
        validating draft: Draft, elder: Elder, order: (order: ServiceOrder, status: OrderStatus)?, caseId: UUID?,
        organisation: ServiceOrganisation?, street: DivisionCode, referredBy: String, nowMillis: Int64
    ) throws(ValidationFailure) {
        var v = Validator()
        let reason = v.text(draft.reason, "reason", max: Self.reasonMax, multiline: true)
        let thirdParty = v.text(draft.toThirdParty, "toThirdParty", max: Self.nameMax, optional: true)
        let phone = v.phone(draft.toPhone, "toPhone", optional: true)
        if street.role != .street || !street.contains(elder.home) {
            v.fail("elderId", en: "elder \(elder.id) lives in \(elder.home), outside street \(street)", zh: "该老人不在本街道辖区之内")
        }
        switch (draft.toOrganisationId, thirdParty) {
        case (nil, nil):
            v.fail("toOrganisationId", en: "name the organisation (toOrganisationId) or the third party (toThirdParty) it goes to", zh: "请指定转介的服务组织或第三方机构")
        case (.some, .some):
            v.fail("toThirdParty", en: "a referral goes to an organisation or to a third party, not both", zh: "转介对象只能是一个服务组织或一个第三方机构")
        case (.some(let named), nil):
            if organisation == nil {
                v.fail("toOrganisationId", en: "no organisation with id \(named) at this node", zh: "本节点没有该服务组织")
            }
        case (nil, .some):
            if draft.orderId != nil {
                v.fail("orderId", en: "an order is handed to an organisation on the platform; a referral to a third party carries none", zh: "转介给第三方机构时不能附带工单")
            }
        }
        if phone != nil && thirdParty == nil {
            v.fail("toPhone", en: "toPhone is the third party's telephone; give toThirdParty too", zh: "第三方电话须与第三方机构名称一同填写")
        }
        if let named = draft.orderId {
            if let order {
                if order.order.elderId != elder.id {
                    v.fail("orderId", en: "order \(named) is not this elder's", zh: "该工单不属于此老人")
                } else if order.status != .requested {
                    v.fail("orderId", en: "order \(named) is \(order.status.rawValue); only an order waiting for dispatch can be referred", zh: "只有待派单的工单可以转介")
                }
            } else {
                v.fail("orderId", en: "no order with id \(named)", zh: "没有该工单")
            }
        }
        try v.check()
        self.init(
            home: elder.home, elderId: elder.id, orderId: order?.order.id, caseId: caseId, fromStreet: street, reason: reason!,
            toOrganisationId: organisation?.id, toThirdParty: thirdParty, toPhone: phone, referredBy: referredBy, referredAtMillis: nowMillis)
    }

    /// What `POST /api/v1/referrals/{id}/answer` carries.
    public struct ReplyDraft: Codable, Sendable, Equatable {
        public var answer: String?
        public var note: String?

        public init() {}
        public init(answer: String?, note: String? = nil) {
            self.answer = answer
            self.note = note
        }
    }

    /// This referral answered. A refusal needs its reason; a referral is answered once.
    public func replied(_ draft: ReplyDraft, by: String, nowMillis: Int64) throws(ValidationFailure) -> Referral {
        var v = Validator()
        let answer = v.code(draft.answer, "answer", as: ReferralAnswer.self)
        let note = v.text(draft.note, "note", max: Self.noteMax, optional: answer != .refused, multiline: true)
        if let reply {
            v.fail("answer", en: "the referral was already \(reply.answer.rawValue) by \(reply.by)", zh: "该转介已答复")
        }
        try v.check()
        var next = self
        next.reply = ReferralReply(answer: answer!, note: note, by: by, atMillis: nowMillis)
        return next
    }

    /// What `POST /api/v1/referrals/{id}/feedback` carries.
    public struct FeedbackDraft: Codable, Sendable, Equatable {
        public var feedback: String?

        public init() {}
        public init(feedback: String?) { self.feedback = feedback }
    }

    /// This referral with the feedback on how the accepted service went.
    public func fedBack(_ draft: FeedbackDraft, by: String, nowMillis: Int64) throws(ValidationFailure) -> Referral {
        var v = Validator()
        let text = v.text(draft.feedback, "feedback", max: Self.feedbackMax, multiline: true)
        if reply?.answer != .accepted {
            v.fail("feedback", en: "feedback follows an accepted referral; this one is \(status.rawValue)", zh: "转介被接受后才能反馈")
        } else if feedback != nil {
            v.fail("feedback", en: "the referral already has its feedback", zh: "该转介已有反馈")
        }
        try v.check()
        var next = self
        next.feedback = ReferralFeedback(text: text!, by: by, atMillis: nowMillis)
        return next
    }
}

extension Referral: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        _ = v.division(fromStreet.rawValue, "fromStreet", role: .street)
        if fromStreet.role == .street && !fromStreet.contains(home) {
            v.fail("fromStreet", en: "street \(fromStreet) does not cover \(home)", zh: "转介街道不覆盖老人所在社区")
        }
        v.checkText(reason, "reason", max: Self.reasonMax, multiline: true)
        if (toOrganisationId == nil) == (toThirdParty == nil) {
            v.fail("toOrganisationId", en: "a referral goes to exactly one organisation or third party", zh: "转介对象须为一个服务组织或一个第三方机构")
        }
        v.checkText(toThirdParty, "toThirdParty", max: Self.nameMax, optional: true)
        if let toPhone { _ = v.phone(toPhone, "toPhone") }
        if orderId != nil && toOrganisationId == nil {
            v.fail("orderId", en: "only a referral to an organisation carries an order", zh: "只有转介给服务组织时才能附带工单")
        }
        v.checkText(referredBy, "referredBy", max: Operator.nameMaxLength)
        v.checkMillis(referredAtMillis, "referredAtMillis")
        if let reply {
            v.checkText(reply.by, "reply.by", max: Operator.nameMaxLength)
            v.checkText(reply.note, "reply.note", max: Self.noteMax, optional: reply.answer != .refused, multiline: true)
            v.checkMillis(reply.atMillis, "reply.atMillis")
        }
        if let feedback {
            if reply?.answer != .accepted {
                v.fail("feedback", en: "feedback follows an accepted referral", zh: "转介被接受后才能反馈")
            }
            v.checkText(feedback.text, "feedback.text", max: Self.feedbackMax, multiline: true)
            v.checkText(feedback.by, "feedback.by", max: Operator.nameMaxLength)
            v.checkMillis(feedback.atMillis, "feedback.atMillis")
        }
        return v.errors
    }
}
