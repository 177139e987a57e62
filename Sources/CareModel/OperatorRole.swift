import Foundation

/// What an operator account is for; `permissions` says what it may do. Jurisdiction (which
/// part of the tree, which organisation) is the account's own, see `Jurisdiction`.
public enum OperatorRole: String, CodeTable {
    case admin, dispatcher, callAgent, clerk, assessor, inspector, stationStaff, caregiver, organisationAdmin, viewer, auditor

    public var label: Label {
        switch self {
        case .admin: Label(en: "administrator", zh: "系统管理员")
        case .dispatcher: Label(en: "dispatcher", zh: "调度员")
        case .callAgent: Label(en: "call-center agent", zh: "呼叫中心坐席")
        case .clerk: Label(en: "window clerk", zh: "窗口受理员")
        case .assessor: Label(en: "assessor", zh: "评估员")
        case .inspector: Label(en: "inspector", zh: "督查员")
        case .stationStaff: Label(en: "station staff", zh: "站点工作人员")
        case .caregiver: Label(en: "caregiver", zh: "服务人员")
        case .organisationAdmin: Label(en: "organisation admin", zh: "服务组织管理员")
        case .viewer: Label(en: "viewer", zh: "只读")
        case .auditor: Label(en: "auditor", zh: "审计员")
        }
    }

    /// Roles whose accounts act for one service organisation: the account names it, and they
    /// see that organisation's orders only (a caregiver only the orders assigned to them).
    public var needsOrganisation: Bool { self == .caregiver || self == .organisationAdmin }

    /// A caregiver's orders are found by the staff record they work as.
    public var needsStaffRecord: Bool { self == .caregiver }

    /// The permission table, checked against the Anhui standard's roles (§5) and the minimum
    /// principle of GB/T 35273: nobody but the roles that talk to or register elders may see an
    /// unmasked citizen ID or phone, and they only with a stated reason.
    ///
    /// Every signed-in account reads the policies and service guides (they are published to the
    /// public at the county too), so that read names no permission.
    ///
    /// | role | may |
    /// | --- | --- |
    /// | admin 系统管理员 | everything (at the county: the care rules per group, `care.plan`; publishing policies and service guides, `policy.write`, §5.1.2.2) |
    /// | dispatcher 调度员 (county dispatch room) | every read but audit and accounts; identity (to call an elder back); take, dispatch, cancel and rate orders; handle alerts and calls (the dispatch room runs the county call center, Anhui §5.1.1.3); take complaints; take and handle window cases, and approve or return applications (the county's approver, Anhui §5.2.2.2); approve or return ability assessments (the same approver; a street's own approver is an admin account of the street); settle time-bank overdrafts at the county; the credit files (§5.1.2.7): record violations and awards, uphold closed complaints against an organisation, lift a blacklisting (written at the county only); the public channel (§5.1.2.3): what families filed, turned into an order or a complaint, and its public answer |
    /// | callAgent 呼叫中心坐席 | read elders with identity, alerts, calls, registry, orders, complaints, evaluations; take and complete calls (pop-up, callbacks); upload call recordings; take orders; cancel, rate and return-visit; handle alerts (one-key calls); take complaints; take and handle window cases (a call is a case); record evaluations; see station activities and book elders for them (or cancel) when they call |
    /// | clerk 窗口受理员 (street window) | register and edit elders with identity; take, dispatch/refer, cancel and rate orders; upload; take complaints; take and handle window cases (§5.2.2.2); refer requests to organisations and third parties and record their answers and feedback (§5.2.2.4); author courses and schedule training sessions at the street, and record registrations, attendance, progress and certificates (§5.2.2.5); see ability assessments; record evaluations; see proactive care and the street's escalation list; see the stations' care stays and occupancy; the street's time bank (§5.2.2.6): volunteers, activities, attendance, redemptions, and settling overdrafts; see the stations' activities and book elders for them, cancel bookings and record ratings at the window (§5.3.2.5); the public channel (§5.1.2.3): what families filed, turned into an order or a complaint, and its public answer |
    /// | assessor 评估员 (the street's, or a third-party assessment organisation's: its jurisdiction is the division it covers) | read and edit elders (ability level), vital signs, registry; upload assessment material; draft, submit and plan ability assessments (GB/T 42195), never approve them |
    /// | inspector 督查员 | read orders, work lists, alerts, devices, registry, statistics, proactive care (the street's escalation list), care stays and occupancy, organisations' credit files; upload photos of problems; take and handle complaints (rectification); record evaluations; supervision (§5.1.2.5): plan inspections, record findings with photos on site (at a station, online or not), conclude the visit, re-inspect and accept or send back a rectification (verdicts at a street or the county) |
    /// | stationStaff 站点工作人员 | a community's elders (with identity), health records (check-ups, chronic conditions, follow-ups, prescriptions, which the station's doctor issues) and elders' own alert thresholds, devices, alerts, calls (first responder to one-key calls, §5.3.1), orders through to service, complaints, window cases (take and handle), the referrals of its elders (read), training at the station (schedule sessions, register, attendance, progress, certificates; courses are authored at the county or a street: `training.write` at a community node covers sessions only), ability assessments (read), evaluations, conflicts; the station's time bank (§5.2.2.6): volunteers, activities and sign-ups, attendance (crediting hours) and redemptions, but not settling an overdraft, which needs the street's view of every station; proactive care: set elders' care plans, record contacts (a concern becomes an order or alert in the same step), their due lists; activities (§5.3.2.5): the calendar, bookings with the waiting list, attendance (by hand or from a face-recognition device), ratings and figures; the station's inspections (read, and answer a facility's findings); centralised care (§5.3.2.4): admit elders to day or full care, leave and return, bed changes, discharge, and the daily care records (meals, bathing, medication, nursing); the public channel (§5.1.2.3): what families filed, turned into an order or a complaint, and its public answer |
    /// | caregiver 服务人员 | their own orders and day list: read orders, serve them, upload and see photos, read the elders of their orders and read and record their health records (a check-up or follow-up at the visit, the elder's acknowledgement of a prescription), record the elder's rating at the visit, and read the registry (their own staff record and organisation by name); the proactive care assigned to them: their due list and recording its contacts; read the courses and their own training record |
    /// | organisationAdmin 服务组织管理员 | their organisation's orders, queue and workers: serve (accept and assign), complaints against it (rectification answers), the referrals made to it (answer and feed back), evaluations, statistics; its inspections: answer each finding with the rectification made and its evidence; and its own credit file (score, level, records); its quarterly self-assessment and its performance evaluation |
    /// | viewer 只读 | every read but audit and accounts; never identity |
    /// | auditor 审计员 | the audit trail and accounts, and every read; never identity |
    public var permissions: Set<Permission> {
        switch self {
        case .admin:
            Set(Permission.allCases)
        case .dispatcher:
            Permission.reads.union([
                .elderIdentity, .alertHandle, .callHandle, .orderCreate, .orderDispatch, .orderCancel, .orderRate,
                .complaintCreate, .evaluationCreate, .caseCreate, .caseHandle, .caseApprove, .assessmentApprove, .timebankSettle,
                .creditWrite, .publicRead, .publicHandle,
            ])
        case .callAgent:
            [
                .nodeRead, .elderRead, .elderIdentity, .alertRead, .alertHandle, .callRead, .callHandle, .registryRead, .orderRead,
                .orderCreate, .orderCancel, .orderRate, .orderReturnVisit, .blobRead, .blobWrite, .complaintRead, .complaintCreate,
                .evaluationRead, .evaluationCreate, .caseRead, .caseCreate, .caseHandle,
                .activityRead, .activityBook,
            ]
        case .clerk:
            [
                .nodeRead, .elderRead, .elderWrite, .elderIdentity, .registryRead, .orderRead, .orderCreate, .orderDispatch,
                .orderCancel, .orderRate, .worklistRead, .blobRead, .blobWrite, .complaintRead, .complaintCreate,
                .evaluationRead, .evaluationCreate, .caseRead, .caseCreate, .caseHandle, .assessmentRead, .referralRead, .referralWrite, .referralAnswer,
                .volunteerRead, .volunteerWrite, .timebankCredit, .timebankRedeem, .timebankSettle,
                .careRead,
                .trainingRead, .trainingWrite, .trainingRecord,
                .stayRead,
                .activityRead, .activityBook,
                .publicRead, .publicHandle,
            ]
        case .assessor:
            [.nodeRead, .elderRead, .elderWrite, .healthRead, .registryRead, .blobRead, .blobWrite, .assessmentRead, .assessmentWrite]
        case .inspector:
            [
                .nodeRead, .elderRead, .deviceRead, .alertRead, .registryRead, .orderRead, .worklistRead, .blobRead,
                .blobWrite, .complaintRead, .complaintCreate, .complaintHandle, .evaluationRead, .evaluationCreate, .statsRead,
                .careRead, .stayRead, .inspectionRead, .inspectionWrite, .creditRead,
            ]
        case .stationStaff:
            [
                .nodeRead, .syncRead, .elderRead, .elderWrite, .elderIdentity, .healthRead, .healthWrite, .healthPrescribe, .thresholdWrite,
                .deviceRead, .deviceWrite, .alertRead, .alertHandle, .callRead, .callHandle, .registryRead, .orderRead, .orderCreate,
                .orderDispatch, .orderServe,
                .orderCancel, .orderRate, .worklistRead, .blobRead, .blobWrite, .complaintRead, .complaintCreate,
                .evaluationRead, .evaluationCreate, .statsRead, .conflictRead, .conflictResolve,
                .caseRead, .caseCreate, .caseHandle, .referralRead, .assessmentRead,
                .volunteerRead, .volunteerWrite, .timebankCredit, .timebankRedeem,
                .careRead, .careWrite, .carePlan,
                .trainingRead, .trainingWrite, .trainingRecord,
                .stayRead, .stayWrite, .stayRecord,
                .inspectionRead, .inspectionAnswer,
                .activityRead, .activityWrite, .activityBook,
                .publicRead, .publicHandle,
            ]
        case .caregiver:
            [
                .orderRead, .orderServe, .orderRate, .worklistRead, .blobRead, .blobWrite, .elderRead, .registryRead, .healthRead, .healthWrite,
                .careRead, .careWrite, .trainingRead,
            ]
        case .organisationAdmin:
            [
                .nodeRead, .elderRead, .registryRead, .orderRead, .orderServe, .worklistRead, .blobRead, .blobWrite,
                .complaintRead, .complaintHandle, .evaluationRead, .statsRead, .referralRead, .referralAnswer,
                .inspectionRead, .inspectionAnswer, .performanceSelf, .creditRead,
            ]
        case .viewer:
            Permission.reads
        case .auditor:
            Permission.reads.union([.auditRead, .operatorRead])
        }
    }

    public func allows(_ permission: Permission) -> Bool { permissions.contains(permission) }
}
