import Foundation

extension PublicSubmission {
    /// What `POST /api/v1/public/requests` carries: a family's form, without an account.
    public struct Draft: Codable, Sendable, Equatable {
        public var kind: String?
        public var community: String?
        public var name: String?
        public var contactPhone: String?
        public var address: String?
        public var category: String?
        public var organisationId: String?
        public var description: String?

        public init() {}
    }

    /// The organisation a draft names, checked for form only: the caller looks it up.
    public static func organisationId(in draft: Draft) throws(ValidationFailure) -> UUID? {
        var v = Validator()
        let id = v.uuid(draft.organisationId, "organisationId", optional: true)
        try v.check()
        return id
    }

    /// A new submission from the public form. `organisationKnown` says whether the
    /// organisation the draft names (if any) is held here; `inJurisdiction` whether the
    /// community lies within the node that takes it.
    public init(
        validating draft: Draft, organisationKnown: Bool, inJurisdiction: (DivisionCode) -> Bool, tracking: String, nowMillis: Int64
    ) throws(ValidationFailure) {
        var v = Validator()
        let kind = v.code(draft.kind, "kind", as: PublicSubmissionKind.self)
        let community = v.division(draft.community, "community", role: .community)
        if let community, !inJurisdiction(community) {
            v.fail("community", en: "community \(community) is not in this county", zh: "该社区不在本县（区）辖区之内")
        }
        let name = v.text(draft.name, "name", max: Self.nameMax, optional: kind != .service)
        let phone = v.phone(draft.contactPhone, "contactPhone")
        let address = v.text(draft.address, "address", max: Address.textMax, optional: kind != .service)
        let category = v.code(draft.category, "category", as: ServiceCategory.self, optional: kind != .service)
        let organisationId = v.uuid(draft.organisationId, "organisationId", optional: true)
        let description = v.text(draft.description, "description", max: Self.descriptionMax, multiline: true)
        if kind == .service && organisationId != nil {
            v.fail("organisationId", en: "a service request names no organisation: the dispatch room chooses one", zh: "服务申请无需指定服务组织，由调度中心派单")
        }
        if kind != .service && draft.category != nil {
            v.fail("category", en: "category belongs to a service request only", zh: "服务类别仅用于服务申请")
        }
        if organisationId != nil && !organisationKnown {
            v.fail("organisationId", en: "no organisation with id \(draft.organisationId ?? "") at this node", zh: "本节点没有该服务组织")
        }
        try v.check()
        self.init(
            home: community!, kind: kind!, tracking: tracking, name: name, contactPhone: phone!, address: address, category: category,
            organisationId: organisationId, description: description!, submittedAtMillis: nowMillis)
    }

    /// What `POST /api/v1/public-submissions/{id}/take` carries: the registered elder a
    /// service request is for, or the organisation a complaint concerns (when the family named none).
    public struct TakeDraft: Codable, Sendable, Equatable {
        public var elderId: String?
        public var organisationId: String?
        public var wantedAt: String?

        public init() {}
    }

    /// What `POST /api/v1/public-submissions/{id}/answer` carries.
    public struct AnswerDraft: Codable, Sendable, Equatable {
        public var answer: String?

        public init() {}
    }

    /// The submission with its public answer; refused once answered.
    public func answered(_ draft: AnswerDraft, by: String, nowMillis: Int64) throws(ValidationFailure) -> PublicSubmission {
        var v = Validator()
        let text = v.text(draft.answer, "answer", max: Self.answerMax, multiline: true)
        if answer != nil { v.fail("answer", en: "this submission has already been answered", zh: "该诉求已答复") }
        if kind != .suggestion && taken == nil {
            v.fail("answer", en: "a \(kind.rawValue) is answered once it has been taken (turned into an order or a complaint)", zh: "请先将该诉求转为工单或投诉单后再答复")
        }
        try v.check()
        var next = self
        next.answer = PublicSubmissionAnswer(text: text!, by: by, atMillis: nowMillis)
        return next
    }
}

extension PublicSubmission: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        if home.role != .community { v.fail("home", en: "a public submission is homed at a community", zh: "公众诉求应属于社区") }
        if Self.normalisedTracking(tracking) != tracking {
            v.fail("tracking", en: "tracking '\(tracking)' is not 12 characters of Crockford base32", zh: "查询编号格式无效")
        }
        v.checkText(name, "name", max: Self.nameMax, optional: kind != .service)
        _ = v.phone(contactPhone, "contactPhone")
        v.checkText(address, "address", max: Address.textMax, optional: kind != .service)
        if kind == .service && category == nil { v.fail("category", en: "a service request has a category", zh: "服务申请须有服务类别") }
        if kind != .service && category != nil { v.fail("category", en: "category belongs to a service request only", zh: "服务类别仅用于服务申请") }
        v.checkText(description, "description", max: Self.descriptionMax, multiline: true)
        v.checkMillis(submittedAtMillis, "submittedAtMillis")
        if let taken {
            v.checkActor(taken.by, "taken.by")
            v.checkMillis(taken.atMillis, "taken.atMillis")
            let expected: PublicSubmissionTarget? = switch kind {
            case .service: .order
            case .complaint: .complaint
            case .suggestion: nil
            }
            if taken.target != expected { v.fail("taken", en: "a \(kind.rawValue) is not turned into a \(taken.target.rawValue)", zh: "诉求类型与转办记录不符") }
        }
        if let answer {
            v.checkText(answer.text, "answer", max: Self.answerMax, multiline: true)
            v.checkActor(answer.by, "answer.by")
            v.checkMillis(answer.atMillis, "answer.atMillis")
        }
        return v.errors
    }
}
