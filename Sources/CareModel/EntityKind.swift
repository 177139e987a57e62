/// How concurrent changes to a kind of record are reconciled (ARCHITECTURE.md, merge rules).
public enum MergeClass: String, Sendable {
    /// County authoritative; flows down only.
    case registry
    /// Per-field last-writer-wins by version; concurrent same-field edits leave a conflict.
    case profile
    /// Immutable once written; the union of everything seen.
    case fact
    /// A conflict record: united by id; a resolution, once made, wins.
    case conflict
    /// Computed by the one community that holds the raw data; the newest version wins and it
    /// flows up only.
    case summary
    /// An operator account: the newest version wins. Written at the county or at a street (for
    /// its subtree), never at a community; it flows to every node its jurisdiction covers.
    case account
}

/// Every kind of record the federation replicates, each named by its model.
public enum EntityKind: String, CodeTable {
    case elder, device, organisation, staff, order, orderEvent, evaluation, conflict, complaint, complaintEvent
    case alert, alertEvent, vitalsSummary, operatorAccount, auditEntry
    case checkup, chronicCondition, followUp
    case thresholdDefault, thresholdOverride
    case callRecord
    case prescription
    case windowCase, caseEvent
    case referral
    case assessment, assessmentPlan
    case volunteer, volunteerActivity, timeEntry
    case carePlan, careContact, careDefault
    case course, trainingSession, trainingRecord
    case stay, careRecord
    case inspectionTemplate, inspection, inspectionEvent
    case performanceWeights, selfAssessment
    // Activities (文娱活动) at a community station and their bookings.
    case activity, activityBooking
    case creditRecord, policy
    // What families file through the public channel at the county (公众服务).
    case publicSubmission

    /// The model of each kind: the one table of kinds in CareModel. Everything else about a
    /// kind (its label, merge class, lane, parent) is declared by the model itself.
    public var recordType: any ReplicatedRecord.Type {
        switch self {
        case .elder: Elder.self
        case .device: Device.self
        case .organisation: ServiceOrganisation.self
        case .staff: Staff.self
        case .order: ServiceOrder.self
        case .orderEvent: OrderEvent.self
        case .evaluation: Evaluation.self
        case .conflict: Conflict.self
        case .complaint: Complaint.self
        case .complaintEvent: ComplaintEvent.self
        case .alert: Alert.self
        case .alertEvent: AlertEvent.self
        case .vitalsSummary: VitalsSummary.self
        case .operatorAccount: Operator.self
        case .auditEntry: AuditEntry.self
        case .checkup: Checkup.self
        case .chronicCondition: ChronicCondition.self
        case .followUp: FollowUp.self
        case .thresholdDefault: ThresholdDefault.self
        case .thresholdOverride: ThresholdOverride.self
        case .callRecord: CallRecord.self
        case .prescription: Prescription.self
        case .windowCase: WindowCase.self
        case .caseEvent: CaseEvent.self
        case .referral: Referral.self
        case .assessment: Assessment.self
        case .assessmentPlan: AssessmentPlan.self
        case .volunteer: Volunteer.self
        case .volunteerActivity: VolunteerActivity.self
        case .timeEntry: TimeEntry.self
        case .carePlan: CarePlan.self
        case .careContact: CareContact.self
        case .careDefault: CareDefault.self
        case .course: Course.self
        case .trainingSession: TrainingSession.self
        case .trainingRecord: TrainingRecord.self
        case .stay: Stay.self
        case .careRecord: CareRecord.self
        case .inspectionTemplate: InspectionTemplate.self
        case .inspection: Inspection.self
        case .inspectionEvent: InspectionEvent.self
        case .performanceWeights: PerformanceWeights.self
        case .selfAssessment: SelfAssessment.self
        case .activity: Activity.self
        case .activityBooking: ActivityBooking.self
        case .creditRecord: CreditRecord.self
        case .policy: Policy.self
        case .publicSubmission: PublicSubmission.self
        }
    }

    public var label: Label { recordType.label }
    public var mergeClass: MergeClass { recordType.mergeClass }
    public var lane: Lane { recordType.lane }
    public var flowsDown: Bool { recordType.flowsDown }
    public var sharedAcrossCounty: Bool { recordType.sharedAcrossCounty }
}

/// The two queues of the change log.
public enum Lane: Int, Codable, Sendable, CaseIterable {
    case urgent = 0
    case bulk = 1
}
