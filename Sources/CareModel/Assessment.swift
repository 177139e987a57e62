import Foundation

/// Why an assessment is made (评估原因, GB/T 42195-2022 A.1).
public enum AssessmentReason: String, CodeTable {
    case first, routine, immediate, reassessment

    public var label: Label {
        switch self {
        case .first: Label(en: "first assessment", zh: "首次评估")
        case .routine: Label(en: "routine assessment", zh: "常规评估")
        case .immediate: Label(en: "immediate assessment (changed condition)", zh: "即时评估")
        case .reassessment: Label(en: "re-assessment (result questioned)", zh: "因对评估结果有疑问进行的复评")
        }
    }
}

/// Where an assessment stands. Drafted and submitted by its assessors, approved or returned
/// by an approver (assessment.approve); a returned one is edited back into a draft.
public enum AssessmentStatus: String, CodeTable {
    case draft, submitted, approved, returned

    public var label: Label {
        switch self {
        case .draft: Label(en: "draft", zh: "草稿")
        case .submitted: Label(en: "submitted", zh: "已提交")
        case .approved: Label(en: "approved", zh: "已审核")
        case .returned: Label(en: "returned", zh: "已退回")
        }
    }
}

extension AbilityDomain: CodingKeyRepresentable {}
extension CareRiskEvent: CodingKeyRepresentable {}

/// A needs assessment of one elder's ability (需求评估, Anhui §5.2.2.3) per GB/T 42195-2022:
/// the 26 answers, the adjustment facts, two assessors, and its approval.
///
/// Merge class: profile, homed with its elder (it moves with the elder, like a prescription).
/// An assessment is a document edited over days at more than one node: drafted by the
/// assessors at a street or on a visit, approved at the street or the county. Per-field
/// last-writer-wins keeps the approver's decision and a late correction of the note when
/// they are made apart; the sheet (`answers`) and the adjustment facts are one field each,
/// because 26 answers are scored together: merging two concurrent sheets item by item would
/// make a sheet no assessor filled in, so two concurrent sheet edits leave a conflict for a
/// person instead. Two approvers deciding differently offline do the same, on `status`.
/// The scores are never stored as fields: `score` is computed from the answers wherever the
/// record is read, so no merge can pair one sheet with another sheet's total.
public struct Assessment: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The elder's community.
    public var home: DivisionCode
    public var elderId: UUID
    /// The assessment plan it carries out, if any (a plan of the same elder).
    public var planId: UUID?
    public var reason: AssessmentReason
    /// YYYY-MM-DD, the day of the assessment.
    public var assessedOn: String
    /// The two assessors (registry staff ids), distinct: GB/T 42195 has two assessors sign.
    public var assessorIds: [UUID]
    /// The assessing organisation when it is a third party (registry organisation id).
    public var organisationId: UUID?
    /// Item id ("B.1.1") → score. A draft may be partial; a submitted one is complete.
    public var answers: [String: Int]
    public var adjustments: AbilityAdjustments
    public var note: String?
    /// Who drafted it (the operator's name).
    public var createdBy: String
    public var status: AssessmentStatus
    public var submittedAtMillis: Int64?
    public var decidedAtMillis: Int64?
    /// Who approved or returned it (the operator's name).
    public var decidedBy: String?
    /// Why it was returned.
    public var returnNote: String?

    public init(
        id: UUID = UUID(), home: DivisionCode, elderId: UUID, planId: UUID? = nil, reason: AssessmentReason, assessedOn: String,
        assessorIds: [UUID], organisationId: UUID? = nil, answers: [String: Int], adjustments: AbilityAdjustments = .none,
        note: String? = nil, createdBy: String, status: AssessmentStatus = .draft, submittedAtMillis: Int64? = nil,
        decidedAtMillis: Int64? = nil, decidedBy: String? = nil, returnNote: String? = nil
    ) {
        self.id = id
        self.home = home
        self.elderId = elderId
        self.planId = planId
        self.reason = reason
        self.assessedOn = assessedOn
        self.assessorIds = assessorIds
        self.organisationId = organisationId
        self.answers = answers
        self.adjustments = adjustments
        self.note = note
        self.createdBy = createdBy
        self.status = status
        self.submittedAtMillis = submittedAtMillis
        self.decidedAtMillis = decidedAtMillis
        self.decidedBy = decidedBy
        self.returnNote = returnNote
    }

    public static let noteMax = 1000

    /// The scores, computed from the answers each time.
    public var score: AbilityScore { AbilityScore(answers: answers, adjustments: adjustments) }
}

extension Assessment: ReplicatedRecord {
    public static let kind = EntityKind.assessment
    public static let label = Label(en: "ability assessment", zh: "老年人能力评估")
    public static let mergeClass = MergeClass.profile
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
    public var clockReadings: [Int64] { [submittedAtMillis, decidedAtMillis].compactMap { $0 } }
}

extension Assessment: ProfileRecord {
    public static let mergeFields: [MergeField<Assessment>] = [
        MergeField("home", \.home), MergeField("elderId", \.elderId), MergeField("planId", \.planId),
        MergeField("reason", \.reason), MergeField("assessedOn", \.assessedOn), MergeField("assessorIds", \.assessorIds),
        MergeField("organisationId", \.organisationId), MergeField("answers", \.answers),
        MergeField("adjustments", \.adjustments), MergeField("note", \.note), MergeField("createdBy", \.createdBy),
        MergeField("status", \.status), MergeField("submittedAtMillis", \.submittedAtMillis),
        MergeField("decidedAtMillis", \.decidedAtMillis), MergeField("decidedBy", \.decidedBy),
        MergeField("returnNote", \.returnNote),
    ]
}

extension Assessment {
    /// The level that stands for an elder: that of the approved assessment made last (by
    /// `assessedOn`, then by when it was approved, then by id so every node picks the same).
    public static func standing(_ assessments: [Assessment]) -> Assessment? {
        assessments.filter { $0.status == .approved && $0.score.level != nil }.max { a, b in
            (a.assessedOn, a.decidedAtMillis ?? 0, a.id.canonicalString) < (b.assessedOn, b.decidedAtMillis ?? 0, b.id.canonicalString)
        }
    }
}
