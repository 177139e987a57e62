import CareModel
import Hummingbird

/// `GET /api/v1/codes`: every code table with its Chinese and English names, so the console's
/// selects and labels come from CareModel and cannot drift from what the API accepts.
struct CodeTablesController {
    struct Entry: Codable {
        let code: String
        let en: String
        let zh: String
    }

    struct View: ResponseEncodable, Decodable {
        let tables: [String: [Entry]]
    }

    static func entries<T: CodeTable>(_ type: T.Type) -> [Entry] {
        type.allCases.map { Entry(code: $0.rawValue, en: $0.label.en, zh: $0.label.zh) }
    }

    /// Table names are the field names that take the codes.
    static let view = View(tables: [
        "serviceCategory": entries(ServiceCategory.self),
        "deviceType": entries(DeviceType.self),
        "deviceStatus": entries(DeviceStatus.self),
        "organisationType": entries(OrganisationType.self),
        "creditStatus": entries(CreditStatus.self),
        "staffRole": entries(StaffRole.self),
        "gender": entries(Gender.self),
        "livingSituation": entries(LivingSituation.self),
        "intakeChannel": entries(IntakeChannel.self),
        "callDirection": entries(CallDirection.self),
        "callPurpose": entries(CallPurpose.self),
        "callOutcome": entries(CallOutcome.self),
        "callMatch": entries(CallMatch.self),
        "evaluator": entries(EvaluatorKind.self),
        "orderStatus": entries(OrderStatus.self),
        "orderEvent": entries(OrderEventKind.self),
        "complaintStatus": entries(ComplaintStatus.self),
        "referralStatus": entries(ReferralStatus.self),
        "referralAnswer": entries(ReferralAnswer.self),
        "materialKind": entries(MaterialKind.self),
        "trainingRecordKind": entries(TrainingRecordKind.self),
        "stayKind": entries(StayKind.self),
        "stayStatus": entries(StayStatus.self),
        "careRecordItem": entries(CareRecordItem.self),
        "meal": entries(Meal.self),
        "inspectionTarget": entries(InspectionTarget.self),
        "inspectionStatus": entries(InspectionStatus.self),
        "inspectionStep": entries(InspectionStep.self),
        "findingSeverity": entries(FindingSeverity.self),
        "rectificationState": entries(RectificationState.self),
        "performanceParty": entries(PerformanceParty.self),
        "activityCategory": entries(ActivityCategory.self),
        "publicSubmissionKind": entries(PublicSubmissionKind.self),
        "publicSubmissionStatus": entries(PublicSubmissionStatus.self),
        "publicSubmissionTarget": entries(PublicSubmissionTarget.self),
        "bookingChannel": entries(BookingChannel.self),
        "bookingStanding": entries(BookingStanding.self),
        "attendanceSource": entries(AttendanceSource.self),
        "creditRecordKind": entries(CreditRecordKind.self),
        "creditSeverity": entries(CreditSeverity.self),
        "awardLevel": entries(AwardLevel.self),
        "creditSource": entries(CreditSource.self),
        "creditLevel": entries(CreditLevel.self),
        "policyKind": entries(PolicyKind.self),
        "complaintStep": entries(ComplaintStep.self),
        "alertSeverity": entries(AlertSeverity.self),
        "alertStatus": entries(AlertStatus.self),
        "alertStep": entries(AlertStep.self),
        "alertAction": entries(AlertAction.self),
        "operatorRole": entries(OperatorRole.self),
        "measure": entries(Measure.self),
        "deviceSignal": entries(DeviceSignal.self),
        "entityKind": entries(EntityKind.self),
        "checkupItem": entries(CheckupItem.self),
        "urineGrade": entries(UrineGrade.self),
        "ecgFinding": entries(EcgFinding.self),
        "disease": entries(ChronicDisease.self),
        "conditionStatus": entries(ConditionStatus.self),
        "followUpMethod": entries(FollowUpMethod.self),
        "prescriptionKind": entries(PrescriptionKind.self),
        "careGroup": entries(CareGroup.self),
        "careContactKind": entries(CareContactKind.self),
        "careOutcome": entries(CareOutcome.self),
        "careState": entries(CareState.self),
        "careFollowUp": entries(CareFollowUpKind.self),
        "prescriptionStatus": entries(PrescriptionStatus.self),
        "followUpOutcome": entries(FollowUpOutcome.self),
        "caseKind": entries(CaseKind.self),
        "caseStatus": entries(CaseStatus.self),
        "caseStep": entries(CaseStep.self),
        "assessmentReason": entries(AssessmentReason.self),
        "assessmentStatus": entries(AssessmentStatus.self),
        "reassessmentTrigger": entries(ReassessmentTrigger.self),
        "careRiskEvent": entries(CareRiskEvent.self),
        "volunteerSkill": entries(VolunteerSkill.self),
        "volunteerStatus": entries(VolunteerStatus.self),
        "timeEntryKind": entries(TimeEntryKind.self),
        "redemptionRelation": entries(RedemptionRelation.self),
        "nodeRole": NodeRole.allCases.map { Entry(code: $0.rawValue, en: $0.label.en, zh: $0.label.zh) },
    ])

    var endpoints: RouteCollection<NodeRequestContext> {
        // Names of codes, no records: every signed-in account may read them.
        RouteCollection(context: NodeRequestContext.self).routeForAnyAccount(.get) { _, _ in Self.view }
    }
}
