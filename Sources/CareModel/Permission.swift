import Foundation

/// One thing an operator may do. Every route behind sign-in names the permission it needs; a
/// role is a set of them (`OperatorRole.permissions`). Raw values are dotted (`order.dispatch`)
/// because that is how refusals, `GET /api/v1/me` and the console name them.
public enum Permission: String, CodeTable, Comparable {
    case nodeRead = "node.read"
    case syncRead = "sync.read"
    case elderRead = "elder.read"
    case elderWrite = "elder.write"
    /// Unmasked citizen IDs and phones, and only with a stated reason (GB/T 35273).
    case elderIdentity = "elder.identity"
    case healthRead = "health.read"
    /// Check-ups, chronic-disease entries and their follow-ups.
    case healthWrite = "health.write"
    /// An elder's own alert thresholds (the county's defaults are `registryWrite`).
    case thresholdWrite = "threshold.write"
    /// Issue and withdraw health prescriptions (a doctor's act; station staff include the station's doctor).
    case healthPrescribe = "health.prescribe"
    case deviceRead = "device.read"
    case deviceWrite = "device.write"
    case alertRead = "alert.read"
    case alertHandle = "alert.handle"
    /// The call center's records (numbers masked without `elder.identity`).
    case callRead = "call.read"
    /// Take incoming calls, make outgoing ones, complete them.
    case callHandle = "call.handle"
    case registryRead = "registry.read"
    case registryWrite = "registry.write"
    case orderRead = "order.read"
    case orderCreate = "order.create"
    case orderDispatch = "order.dispatch"
    case orderServe = "order.serve"
    case orderCancel = "order.cancel"
    case orderRate = "order.rate"
    case orderReturnVisit = "order.returnVisit"
    case worklistRead = "worklist.read"
    case blobRead = "blob.read"
    case blobWrite = "blob.write"
    case complaintRead = "complaint.read"
    case complaintCreate = "complaint.create"
    case complaintHandle = "complaint.handle"
    case caseRead = "case.read"
    /// Open a case at the one-stop window (consultation, booking, application, complaint).
    case caseCreate = "case.create"
    /// Take a case's handling steps (notes, submitting an application, closing with the result).
    case caseHandle = "case.handle"
    /// Approve or return an application: the county's decision.
    case caseApprove = "case.approve"
    case referralRead = "referral.read"
    /// Refer a request to an organisation or a third party: a street centre's work.
    case referralWrite = "referral.write"
    /// Answer a referral (accept or refuse) and feed back how it went.
    case referralAnswer = "referral.answer"
    /// Ability assessments (GB/T 42195-2022), their plans, the due list and the report.
    case assessmentRead = "assessment.read"
    /// Draft, edit and submit assessments, and plan them: the assessors' part.
    case assessmentWrite = "assessment.write"
    /// Approve or return a submitted assessment: the approver's part, never an assessor's.
    case assessmentApprove = "assessment.approve"
    /// Proactive care: plans, contacts, due lists and the street's escalations.
    case careRead = "care.read"
    /// Record a care contact (and turn a concern into an order or alert with it).
    case careWrite = "care.write"
    /// Set and end elders' care plans; at the county, the care rules per group.
    case carePlan = "care.plan"
    /// See courses, training sessions and training records (服务培训, Anhui §5.2.2.5).
    case trainingRead = "training.read"
    /// Author courses (county or street) and schedule training sessions.
    case trainingWrite = "training.write"
    /// Record a registration, attendance, study progress or a certificate for a staff member.
    case trainingRecord = "training.record"
    /// Centralised care (集中照护, Anhui §5.3.2.4): stays, their care records and the occupancy figures.
    case stayRead = "stay.read"
    /// Admit an elder, send one on leave and back, change a room or bed, discharge.
    case stayWrite = "stay.write"
    /// Record the care given in a stay: meals, bathing, medication, nursing.
    case stayRecord = "stay.record"
    /// Supervision (服务监督, Anhui §5.1.2.5): inspections, their findings and the rectification list.
    case inspectionRead = "inspection.read"
    /// Plan inspections, record findings on site, conclude the visit, re-inspect (accept or send back).
    case inspectionWrite = "inspection.write"
    /// Answer a finding with the rectification made and its evidence: the organisation's part.
    case inspectionAnswer = "inspection.answer"
    /// See a station's activities, their lists and participation figures (文娱活动, Anhui §5.3.2.5).
    case activityRead = "activity.read"
    /// Put activities on a station's calendar, edit or cancel them, and take attendance.
    case activityWrite = "activity.write"
    /// Book an elder for an activity (or cancel the booking) and record the elder's rating.
    case activityBook = "activity.book"
    /// Record the organisation's own self-assessment for a quarter (its admin's part of the
    /// performance evaluation, §5.1.2.6).
    case performanceSelf = "performance.self"
    /// See organisations' credit files, scores and levels (信用信息披露, Anhui §5.1.2.7); an
    /// organisation admin sees its own organisation's only.
    case creditRead = "credit.read"
    /// Enter violations and awards, uphold closed complaints and lift blacklistings (at the county).
    case creditWrite = "credit.write"
    /// Publish and edit policies and service guides (at the county, Anhui §5.1.2.2).
    case policyWrite = "policy.write"
    /// See what families filed through the public channel (公众服务, §5.1.2.3): service
    /// requests, complaints and suggestions, with the contact phone they left. Not one of the
    /// plain reads: a viewer does not see it.
    case publicRead = "public.read"
    /// Turn a public submission into a service order or a complaint, and write its public answer.
    case publicHandle = "public.handle"
    case evaluationRead = "evaluation.read"
    case evaluationCreate = "evaluation.create"
    case statsRead = "stats.read"
    case conflictRead = "conflict.read"
    case conflictResolve = "conflict.resolve"
    /// The time bank's volunteers, activities and ledgers (phones masked).
    case volunteerRead = "volunteer.read"
    /// Register and edit volunteers, run activities and take sign-ups.
    case volunteerWrite = "volunteer.write"
    /// Mark attendance at an activity, which credits its hours.
    case timebankCredit = "timebank.credit"
    /// Redeem a volunteer's hours for a service order.
    case timebankRedeem = "timebank.redeem"
    /// Settle an overdraft (adjust or accept): the street's or the county's.
    case timebankSettle = "timebank.settle"
    case operatorRead = "operator.read"
    case operatorWrite = "operator.write"
    case auditRead = "audit.read"
    /// Export a dataset as a file for the civil-affairs systems (数据交换, Anhui §4.2.1), with
    /// the dataset's own read permission; masked unless `elder.identity` and a reason.
    case dataExport = "data.export"

    public var label: Label {
        switch self {
        case .nodeRead: Label(en: "see this node's status", zh: "查看节点信息")
        case .syncRead: Label(en: "see the sync links", zh: "查看同步状态")
        case .dataExport: Label(en: "export data as files", zh: "导出数据文件")
        case .elderRead: Label(en: "read elders' records (masked)", zh: "查看老人档案（脱敏）")
        case .elderWrite: Label(en: "register and edit elders", zh: "登记和修改老人档案")
        case .elderIdentity: Label(en: "read unmasked citizen IDs and phones, with a reason", zh: "查看未脱敏的身份证号和电话（须说明理由）")
        case .healthRead: Label(en: "read vital signs and health records", zh: "查看健康数据和健康档案")
        case .healthWrite: Label(en: "record check-ups, chronic conditions and follow-ups", zh: "录入健康体检、慢病登记和随访")
        case .thresholdWrite: Label(en: "set and remove an elder's own alert thresholds", zh: "设置和取消老人个人预警阈值")
        case .healthPrescribe: Label(en: "issue and withdraw health prescriptions", zh: "开具和撤销健康处方")
        case .deviceRead: Label(en: "see devices", zh: "查看设备")
        case .deviceWrite: Label(en: "register and change devices", zh: "登记和修改设备")
        case .alertRead: Label(en: "see alerts", zh: "查看预警")
        case .alertHandle: Label(en: "acknowledge and handle alerts", zh: "处置预警")
        case .callRead: Label(en: "see call records", zh: "查看通话记录")
        case .callHandle: Label(en: "take, make and complete calls", zh: "接听、外呼和登记通话")
        case .registryRead: Label(en: "see organisations and staff", zh: "查看服务组织和从业人员")
        case .registryWrite: Label(en: "change organisations, staff and the county's alert threshold defaults", zh: "维护服务组织、从业人员和县级预警阈值默认值")
        case .orderRead: Label(en: "see service orders", zh: "查看服务工单")
        case .orderCreate: Label(en: "take service requests", zh: "受理服务请求")
        case .orderDispatch: Label(en: "dispatch, refer and close orders", zh: "派单、转介和关闭工单")
        case .orderServe: Label(en: "accept, refuse, check in and complete orders", zh: "接单、拒单、签到和完成服务")
        case .orderCancel: Label(en: "cancel orders", zh: "取消工单")
        case .orderRate: Label(en: "record ratings of a service", zh: "录入服务评价")
        case .orderReturnVisit: Label(en: "record return visits", zh: "录入回访")
        case .worklistRead: Label(en: "see organisation queues and workers' days", zh: "查看服务组织队列和服务人员日程")
        case .blobRead: Label(en: "see photos and recordings", zh: "查看照片和录音")
        case .blobWrite: Label(en: "upload photos and recordings", zh: "上传照片和录音")
        case .complaintRead: Label(en: "see complaints", zh: "查看投诉")
        case .complaintCreate: Label(en: "take complaints", zh: "受理投诉")
        case .complaintHandle: Label(en: "handle complaints", zh: "处理投诉")
        case .caseRead: Label(en: "see window cases", zh: "查看受理事项")
        case .caseCreate: Label(en: "take window cases", zh: "受理事项（咨询、预约、申请、投诉）")
        case .caseHandle: Label(en: "handle window cases", zh: "办理受理事项")
        case .caseApprove: Label(en: "approve or return applications", zh: "审批申请事项")
        case .referralRead: Label(en: "see referrals", zh: "查看服务转介")
        case .referralWrite: Label(en: "refer requests to organisations and third parties", zh: "办理服务转介")
        case .referralAnswer: Label(en: "answer referrals and feed back", zh: "答复和反馈服务转介")
        case .assessmentRead: Label(en: "see ability assessments and the re-assessment list", zh: "查看老年人能力评估和复评提醒")
        case .assessmentWrite: Label(en: "draft, submit and plan ability assessments", zh: "录入、提交和安排老年人能力评估")
        case .assessmentApprove: Label(en: "approve or return ability assessments", zh: "审核或退回老年人能力评估")
        case .careRead: Label(en: "see care plans, contacts, due lists and escalations", zh: "查看关怀计划、关怀记录、待关怀清单和上报清单")
        case .careWrite: Label(en: "record care contacts", zh: "登记关怀记录")
        case .carePlan: Label(en: "set care plans and the county's care rules", zh: "制定关怀计划和县级关怀默认规则")
        case .trainingRead: Label(en: "see courses, training sessions and training records", zh: "查看培训课程、培训班和培训记录")
        case .trainingWrite: Label(en: "author courses and schedule training sessions", zh: "编写培训课程和安排培训班")
        case .trainingRecord: Label(en: "record registrations, attendance, study progress and certificates", zh: "登记报名、签到、学习进度和培训证书")
        case .stayRead: Label(en: "see care stays, their records and occupancy", zh: "查看集中照护入住、照护记录和入住统计")
        case .stayWrite: Label(en: "admit, send on leave, move and discharge elders in care", zh: "办理入住、请假、调换床位和出院")
        case .stayRecord: Label(en: "record meals, bathing, medication and nursing", zh: "登记助餐、助浴、服药和护理记录")
        case .inspectionRead: Label(en: "see inspections, findings and rectifications", zh: "查看监督检查、问题和整改")
        case .inspectionWrite: Label(en: "plan inspections, record findings and re-inspect", zh: "安排检查、登记问题和复查")
        case .inspectionAnswer: Label(en: "answer findings with the rectification made", zh: "反馈整改情况")
        case .activityRead: Label(en: "see activities, their bookings and participation figures", zh: "查看文娱活动、预约和参与统计")
        case .activityWrite: Label(en: "run a station's activity calendar and take attendance", zh: "安排文娱活动和登记签到")
        case .activityBook: Label(en: "book elders for activities, cancel bookings and record ratings", zh: "办理活动预约、取消和活动评价")
        case .performanceSelf: Label(en: "record the organisation's self-assessment", zh: "填报机构自评")
        case .creditRead: Label(en: "see organisations' credit files, scores and levels", zh: "查看服务组织信用档案、信用分和信用等级")
        case .creditWrite: Label(en: "record violations and awards and lift blacklistings", zh: "录入失信和守信记录、移出黑名单")
        case .policyWrite: Label(en: "publish policies and service guides", zh: "发布政策法规和服务指南")
        case .publicRead: Label(en: "see what the public filed", zh: "查看公众诉求")
        case .publicHandle: Label(en: "turn public submissions into orders or complaints and answer them", zh: "办理和答复公众诉求")
        case .evaluationRead: Label(en: "see evaluations", zh: "查看服务评价")
        case .evaluationCreate: Label(en: "record evaluations", zh: "录入服务评价")
        case .statsRead: Label(en: "see service-quality figures", zh: "查看服务质量统计")
        case .conflictRead: Label(en: "see data conflicts", zh: "查看数据冲突")
        case .conflictResolve: Label(en: "resolve data conflicts", zh: "处理数据冲突")
        case .volunteerRead: Label(en: "see volunteers, activities and time-bank ledgers", zh: "查看志愿者、志愿服务活动和时间银行")
        case .volunteerWrite: Label(en: "register volunteers, run activities and take sign-ups", zh: "登记志愿者、组织活动和报名")
        case .timebankCredit: Label(en: "mark attendance, crediting its hours", zh: "活动签到并存入时长")
        case .timebankRedeem: Label(en: "redeem a volunteer's hours for a service", zh: "兑换志愿服务时长")
        case .timebankSettle: Label(en: "settle time-bank overdrafts", zh: "处理时间银行透支")
        case .operatorRead: Label(en: "see operator accounts", zh: "查看操作员账号")
        case .operatorWrite: Label(en: "manage operator accounts", zh: "管理操作员账号")
        case .auditRead: Label(en: "read the audit trail", zh: "查看审计日志")
        }
    }

    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Every permission that only reads, none of which shows personal data unmasked.
    public static let reads: Set<Permission> = [
        .nodeRead, .syncRead, .elderRead, .healthRead, .deviceRead, .alertRead, .callRead, .registryRead, .orderRead,
        .worklistRead, .blobRead, .complaintRead, .caseRead, .referralRead, .assessmentRead, .careRead, .evaluationRead, .statsRead, .conflictRead, .volunteerRead,
        .trainingRead, .stayRead, .inspectionRead, .activityRead, .creditRead,
    ]

    /// The permission a lifecycle step of a service order needs. Dispatching and referring are
    /// the dispatch desk's; what the organisation and its worker do at the visit is serving; the
    /// desk that dispatched an order closes its loop; rating and return visits are separate
    /// because the call center records them without touching dispatch.
    public static func forStep(_ kind: OrderEventKind) -> Permission {
        switch kind {
        case .dispatch, .refer, .close: .orderDispatch
        case .refuse, .accept, .checkIn, .complete: .orderServe
        case .rate: .orderRate
        case .returnVisit: .orderReturnVisit
        case .cancel: .orderCancel
        }
    }

    /// The permission a window case's step needs: the county's decision on an application, or
    /// the handling desk's.
    public static func forCaseStep(_ step: CaseStep) -> Permission {
        step.isDecision ? .caseApprove : .caseHandle
    }
}
