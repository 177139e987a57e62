import Foundation

extension Assessment {
    /// The adjustment facts as a client sends them.
    public struct AdjustmentsDraft: Codable, Sendable, Equatable {
        public var comatose: Bool?
        public var dementia: Bool?
        public var mentalDisorder: Bool?
        /// Event code ("fall") → count in the last 30 days, 0–3.
        public var riskEvents: [String: Int]?

        public init() {}
    }

    /// A new assessment or an edit of a draft. No total, sub-score or level is accepted: they
    /// are computed from `answers`.
    public struct Draft: Codable, Sendable, Equatable {
        public var reason: String?
        public var assessedOn: String?
        public var assessorIds: [String]?
        public var organisationId: String?
        public var planId: String?
        public var answers: [String: Int]?
        public var adjustments: AdjustmentsDraft?
        public var note: String?

        public init() {}
    }

    /// What an approver's return carries.
    public struct Return: Codable, Sendable, Equatable {
        public var note: String?
        public init() {}
        public init(note: String?) { self.note = note }
    }

    /// A new draft assessment of `elderId`, homed with the elder. The caller has checked that
    /// the assessors and the organisation are in the registry and that the plan is the elder's.
    public init(validating draft: Draft, elderId: UUID, home: DivisionCode, createdBy: String, today: String) throws(ValidationFailure) {
        var v = Validator()
        let fields = Self.fields(draft, today: today, &v)
        try v.check()
        self.init(
            home: home, elderId: elderId, planId: fields.planId, reason: fields.reason!, assessedOn: fields.assessedOn,
            assessorIds: fields.assessorIds, organisationId: fields.organisationId, answers: fields.answers,
            adjustments: fields.adjustments, note: fields.note, createdBy: createdBy)
    }

    /// This draft (or returned assessment) with `draft`'s fields replacing its own; it is a
    /// draft again. Fields the draft leaves out keep their values.
    public func edited(_ draft: Draft, today: String) throws(ValidationFailure) -> Assessment {
        var merged = draft
        merged.reason = draft.reason ?? reason.rawValue
        merged.assessedOn = draft.assessedOn ?? assessedOn
        merged.assessorIds = draft.assessorIds ?? assessorIds.map(\.canonicalString)
        merged.organisationId = draft.organisationId ?? organisationId?.canonicalString
        merged.planId = draft.planId ?? planId?.canonicalString
        merged.answers = draft.answers ?? answers
        merged.note = draft.note ?? note
        var v = Validator()
        if status != .draft && status != .returned {
            v.fail("status", en: "a \(status.rawValue) assessment cannot be edited", zh: "\(status.label.zh)的评估不能修改")
        }
        let fields = Self.fields(merged, today: today, &v, keep: draft.adjustments == nil ? adjustments : nil)
        try v.check()
        var next = self
        next.reason = fields.reason!
        next.assessedOn = fields.assessedOn
        next.assessorIds = fields.assessorIds
        next.organisationId = fields.organisationId
        next.planId = fields.planId
        next.answers = fields.answers
        next.adjustments = fields.adjustments
        next.note = fields.note
        next.status = .draft
        // The return was answered by this edit; the audit trail keeps the note.
        next.decidedAtMillis = nil
        next.decidedBy = nil
        next.returnNote = nil
        return next
    }

    /// Submitted for approval at `nowMillis`: all 26 items answered and two assessors named.
    public func submitted(nowMillis: Int64) throws(ValidationFailure) -> Assessment {
        var v = Validator()
        if status != .draft && status != .returned {
            v.fail("status", en: "only a draft or returned assessment can be submitted, not a \(status.rawValue) one", zh: "只有草稿或已退回的评估可以提交")
        }
        let missing = AbilityItems.all.map(\.id).filter { answers[$0] == nil }
        if !missing.isEmpty {
            v.fail("answers", en: "every item must be answered before submitting; missing: \(missing.joined(separator: ", "))",
                   zh: "提交前须完成全部评估项目，未填写：\(missing.joined(separator: "、"))")
        }
        try v.check()
        var next = self
        next.status = .submitted
        next.submittedAtMillis = nowMillis
        next.decidedAtMillis = nil
        next.decidedBy = nil
        next.returnNote = nil
        return next
    }

    /// Approved by `by` at `nowMillis`. `approverStaffId` is the approver's own staff record, if
    /// any: an assessor does not approve their own assessment.
    public func approved(by: String, approverStaffId: UUID?, nowMillis: Int64) throws(ValidationFailure) -> Assessment {
        var v = Validator()
        checkDecidable(approverStaffId, &v)
        try v.check()
        var next = self
        next.status = .approved
        next.decidedAtMillis = nowMillis
        next.decidedBy = by
        return next
    }

    /// Returned to its assessors by `by` at `nowMillis`, with a note saying what to correct.
    public func returned(_ ret: Return, by: String, approverStaffId: UUID?, nowMillis: Int64) throws(ValidationFailure) -> Assessment {
        var v = Validator()
        let note = v.text(ret.note, "note", max: Self.noteMax, multiline: true)
        checkDecidable(approverStaffId, &v)
        try v.check()
        var next = self
        next.status = .returned
        next.decidedAtMillis = nowMillis
        next.decidedBy = by
        next.returnNote = note
        return next
    }

    private func checkDecidable(_ approverStaffId: UUID?, _ v: inout Validator) {
        if status != .submitted {
            v.fail("status", en: "only a submitted assessment can be approved or returned, not a \(status.rawValue) one", zh: "只有已提交的评估可以审核或退回")
        }
        if let staff = approverStaffId, assessorIds.contains(staff) {
            v.fail("approver", en: "an assessor cannot approve or return their own assessment", zh: "评估员不能审核自己参与的评估")
        }
    }

    private struct Fields {
        var reason: AssessmentReason?
        var assessedOn: String
        var assessorIds: [UUID]
        var organisationId: UUID?
        var planId: UUID?
        var answers: [String: Int]
        var adjustments: AbilityAdjustments
        var note: String?
    }

    private static func fields(_ draft: Draft, today: String, _ v: inout Validator, keep: AbilityAdjustments? = nil) -> Fields {
        let reason = v.code(draft.reason, "reason", as: AssessmentReason.self)
        let assessedOn = draft.assessedOn ?? today
        if !CalendarDate.isValid(assessedOn) {
            v.fail("assessedOn", en: "assessedOn '\(assessedOn)' must be a date YYYY-MM-DD", zh: "评估日期格式应为YYYY-MM-DD")
        } else if assessedOn > today {
            v.fail("assessedOn", en: "assessedOn \(assessedOn) is in the future", zh: "评估日期不能晚于今天")
        }
        var assessors: [UUID] = []
        if let ids = draft.assessorIds {
            for (index, text) in ids.enumerated() {
                if let id = UUID(uuidString: text) { assessors.append(id) } else {
                    v.fail("assessorIds[\(index)]", en: "assessor '\(text)' is not a staff id (UUID)", zh: "评估员编号格式错误")
                }
            }
        }
        if assessors.count == (draft.assessorIds?.count ?? 0) { checkAssessors(assessors, &v) }
        let organisation = v.uuid(draft.organisationId, "organisationId", optional: true)
        let plan = v.uuid(draft.planId, "planId", optional: true)
        let answers = draft.answers ?? [:]
        v.add(AbilityScore.problems(answers))
        let adjustments = keep ?? Self.adjustments(draft.adjustments, answers: answers, &v)
        let note = v.text(draft.note, "note", max: noteMax, optional: true, multiline: true)
        return Fields(
            reason: reason, assessedOn: assessedOn, assessorIds: assessors, organisationId: organisation, planId: plan,
            answers: answers, adjustments: adjustments, note: note)
    }

    static func checkAssessors(_ ids: [UUID], _ v: inout Validator) {
        if ids.count != 2 {
            v.fail("assessorIds", en: "an assessment has two assessors, not \(ids.count)", zh: "评估须由两名评估员进行")
        } else if ids[0] == ids[1] {
            v.fail("assessorIds", en: "the two assessors must be different people", zh: "两名评估员不能是同一人")
        }
    }

    private static func adjustments(_ draft: AdjustmentsDraft?, answers: [String: Int], _ v: inout Validator) -> AbilityAdjustments {
        guard let draft else { return .none }
        var events: [CareRiskEvent: Int] = [:]
        for (code, count) in (draft.riskEvents ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let event = CareRiskEvent(rawValue: code) else {
                v.fail("adjustments.riskEvents.\(code)", en: "'\(code)' is not a care-risk event; one of: \(CareRiskEvent.codeList)",
                       zh: "“\(code)”不是照护风险事件")
                continue
            }
            if !CareRiskEvent.countRange.contains(count) {
                v.fail("adjustments.riskEvents.\(code)", en: "count \(count) must be 0–3 (3 = three or more)", zh: "次数应为0–3（3表示3次及以上）")
            }
            events[event] = count
        }
        let comatose = draft.comatose ?? false
        if comatose, let consciousness = answers[AbilityItems.consciousness], consciousness != 0 {
            v.fail("adjustments.comatose", en: "a comatose elder scores 0 on B.3.9 level of consciousness, not \(consciousness)",
                   zh: "昏迷者意识水平（B.3.9）应为0分")
        }
        return AbilityAdjustments(
            comatose: comatose, dementia: draft.dementia ?? false, mentalDisorder: draft.mentalDisorder ?? false, riskEvents: events)
    }
}

extension Assessment: ValidatedRecord {
    /// The rules a stored or received assessment keeps, whoever wrote it.
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if !CalendarDate.isValid(assessedOn) { v.fail("assessedOn", en: "assessedOn must be a date YYYY-MM-DD", zh: "评估日期格式应为YYYY-MM-DD") }
        Self.checkAssessors(assessorIds, &v)
        v.add(AbilityScore.problems(answers))
        for (event, count) in adjustments.riskEvents where !CareRiskEvent.countRange.contains(count) {
            v.fail("adjustments.riskEvents.\(event.rawValue)", en: "count must be 0–3", zh: "次数应为0–3")
        }
        if adjustments.comatose, let c = answers[AbilityItems.consciousness], c != 0 {
            v.fail("adjustments.comatose", en: "a comatose elder scores 0 on B.3.9", zh: "昏迷者意识水平（B.3.9）应为0分")
        }
        v.checkText(note, "note", max: Self.noteMax, optional: true, multiline: true)
        v.checkText(createdBy, "createdBy", max: Operator.nameMaxLength)
        if status != .draft {
            if !score.complete { v.fail("answers", en: "a \(status.rawValue) assessment answers all 26 items", zh: "已提交的评估须完成全部26项") }
            if submittedAtMillis == nil { v.fail("submittedAtMillis", en: "a \(status.rawValue) assessment has its submission time", zh: "缺少提交时间") }
        }
        if let at = submittedAtMillis { v.checkMillis(at, "submittedAtMillis") }
        let decided = status == .approved || status == .returned
        if decided != (decidedAtMillis != nil) || decided != (decidedBy != nil) {
            v.fail("decidedBy", en: "an approved or returned assessment, and only one, has who decided and when", zh: "审核结果须同时有审核人和时间")
        }
        if let at = decidedAtMillis { v.checkMillis(at, "decidedAtMillis") }
        v.checkText(decidedBy, "decidedBy", max: Operator.nameMaxLength, optional: true)
        if (status == .returned) != (returnNote != nil) {
            v.fail("returnNote", en: "a returned assessment, and only one, has a return note", zh: "退回的评估须有退回说明")
        }
        v.checkText(returnNote, "returnNote", max: Self.noteMax, optional: true, multiline: true)
        return v.errors
    }
}
