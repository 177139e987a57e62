import Foundation

/// Who is to be assessed when, and by whom (评估方案设置, Anhui §5.2.2.3): one elder's planned
/// assessment, with the organisation and the two assessors when they are already known.
///
/// Merge class: profile, homed with its elder (it moves with the elder). A plan is set at the
/// street and may be rescheduled or cancelled later, possibly at another node; per-field
/// last-writer-wins keeps a new date and a change of assessors made apart. It is done when an
/// assessment naming it is approved (derived, never stored).
public struct AssessmentPlan: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The elder's community.
    public var home: DivisionCode
    public var elderId: UUID
    /// YYYY-MM-DD, the day the assessment is due.
    public var dueOn: String
    public var reason: AssessmentReason
    /// The assessing organisation (a third party), if one is engaged.
    public var organisationId: UUID?
    /// None yet, or the two assessors (registry staff ids).
    public var assessorIds: [UUID]
    public var note: String?
    /// Who set it (the operator's name).
    public var plannedBy: String
    public var cancelled: Bool

    public init(
        id: UUID = UUID(), home: DivisionCode, elderId: UUID, dueOn: String, reason: AssessmentReason, organisationId: UUID? = nil,
        assessorIds: [UUID] = [], note: String? = nil, plannedBy: String, cancelled: Bool = false
    ) {
        self.id = id
        self.home = home
        self.elderId = elderId
        self.dueOn = dueOn
        self.reason = reason
        self.organisationId = organisationId
        self.assessorIds = assessorIds
        self.note = note
        self.plannedBy = plannedBy
        self.cancelled = cancelled
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var dueOn: String?
        public var reason: String?
        public var organisationId: String?
        public var assessorIds: [String]?
        public var note: String?
        public var cancelled: Bool?

        public init() {}
    }

    /// A new plan for `elderId`, or (with `current`) an edit of one: fields the draft leaves
    /// out keep their values.
    public init(validating draft: Draft, elderId: UUID, home: DivisionCode, plannedBy: String, current: AssessmentPlan? = nil) throws(ValidationFailure) {
        var v = Validator()
        let dueOn = draft.dueOn ?? current?.dueOn
        if let dueOn, !CalendarDate.isValid(dueOn) {
            v.fail("dueOn", en: "dueOn '\(dueOn)' must be a date YYYY-MM-DD", zh: "计划日期格式应为YYYY-MM-DD")
        } else if dueOn == nil {
            v.fail("dueOn", en: "dueOn is required", zh: "计划日期为必填项")
        }
        let reason = draft.reason == nil ? current?.reason : v.code(draft.reason, "reason", as: AssessmentReason.self)
        if reason == nil && draft.reason == nil { v.fail("reason", en: "reason is required", zh: "评估原因为必填项") }
        let organisation = draft.organisationId == nil ? current?.organisationId : v.uuid(draft.organisationId, "organisationId")
        var assessors = current?.assessorIds ?? []
        if let ids = draft.assessorIds {
            assessors = ids.compactMap(UUID.init(uuidString:))
            if assessors.count != ids.count { v.fail("assessorIds", en: "assessorIds must be staff ids (UUIDs)", zh: "评估员编号格式错误") }
        }
        if !assessors.isEmpty { Assessment.checkAssessors(assessors, &v) }
        let note = draft.note == nil ? current?.note : v.text(draft.note, "note", max: Assessment.noteMax, multiline: true)
        try v.check()
        self.init(
            id: current?.id ?? UUID(), home: home, elderId: elderId, dueOn: dueOn!, reason: reason!, organisationId: organisation,
            assessorIds: assessors, note: note, plannedBy: current?.plannedBy ?? plannedBy, cancelled: draft.cancelled ?? current?.cancelled ?? false)
    }
}

extension AssessmentPlan: ReplicatedRecord {
    public static let kind = EntityKind.assessmentPlan
    public static let label = Label(en: "assessment plan", zh: "评估计划")
    public static let mergeClass = MergeClass.profile
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
}

extension AssessmentPlan: ProfileRecord {
    public static let mergeFields: [MergeField<AssessmentPlan>] = [
        MergeField("home", \.home), MergeField("elderId", \.elderId), MergeField("dueOn", \.dueOn), MergeField("reason", \.reason),
        MergeField("organisationId", \.organisationId), MergeField("assessorIds", \.assessorIds), MergeField("note", \.note),
        MergeField("plannedBy", \.plannedBy), MergeField("cancelled", \.cancelled),
    ]
}

extension AssessmentPlan: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if !CalendarDate.isValid(dueOn) { v.fail("dueOn", en: "dueOn must be a date YYYY-MM-DD", zh: "计划日期格式应为YYYY-MM-DD") }
        if !assessorIds.isEmpty { Assessment.checkAssessors(assessorIds, &v) }
        v.checkText(note, "note", max: Assessment.noteMax, optional: true, multiline: true)
        v.checkText(plannedBy, "plannedBy", max: Operator.nameMaxLength)
        return v.errors
    }
}
