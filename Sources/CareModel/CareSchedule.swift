import Foundation

/// A plan with the county's rule filled in: what actually applies to the elder.
public struct EffectiveCarePlan: Sendable, Hashable {
    public var plan: CarePlan
    public var contactKind: CareContactKind
    public var intervalDays: Int
    public var graceDays: Int
    /// Whether the kind and interval are the plan's own (else the county's rule for the group).
    public var ownKind: Bool
    public var ownInterval: Bool

    /// The plan under the rule for its group: the county's edit if `defaults` holds one, else the
    /// shipped rule. The grace period is always the county's.
    public init(_ plan: CarePlan, defaults: [CareGroup: CareDefault], county: DivisionCode) {
        let rule = defaults[plan.group] ?? CareDefault.shipped(county: county).first { $0.group == plan.group }!
        self.plan = plan
        contactKind = plan.contactKind ?? rule.contactKind
        intervalDays = plan.intervalDays ?? rule.intervalDays
        graceDays = rule.graceDays
        ownKind = plan.contactKind != nil
        ownInterval = plan.intervalDays != nil
    }
}

/// Where an elder's care stands on a day, and why (主动关怀 due and overdue rules).
///
/// - The next contact falls due `intervalDays` after the day of the last contact that reached
///   the elder (a concern found counts: the elder was reached), or on the plan's first day when
///   there has been none. A contact that did not reach the elder does not move the due day.
/// - An inactivity alert (the 24-hour rule for elders living alone, `AlertRules.inactive`)
///   raised after that contact is a missed contact signal: the contact falls due on the day the
///   alert was raised, if that is sooner.
/// - It is listed as due from `noticeDays` before its day, overdue from the day after, and
///   escalated to the street once it has been overdue for more than the grace period.
///
/// Days are China Standard Time calendar days of the node's own clock: a street computes the
/// same state from the plans and contacts it holds, on its own clock.
public struct CareDue: Sendable, Hashable {
    public var dueOn: String
    public var state: CareState
    /// Days past due (positive) or until due (negative).
    public var daysLate: Int
    /// The day of the last contact that reached the elder.
    public var lastContactOn: String?
    /// When an inactivity alert made the contact due sooner than the plan.
    public var signalledAtMillis: Int64?

    public init(dueOn: String, state: CareState, daysLate: Int, lastContactOn: String?, signalledAtMillis: Int64?) {
        self.dueOn = dueOn
        self.state = state
        self.daysLate = daysLate
        self.lastContactOn = lastContactOn
        self.signalledAtMillis = signalledAtMillis
    }

    /// Days before the due day from which the contact is listed as due.
    public static let noticeDays = 1

    /// - Parameters:
    ///   - lastContactMillis: when the last contact that reached the elder was made, if any.
    ///   - inactivityMillis: when the latest inactivity alert of the elder was raised, if any.
    public static func of(_ plan: EffectiveCarePlan, lastContactMillis: Int64?, inactivityMillis: Int64?, nowMillis: Int64) -> CareDue {
        let today = VitalsSummary.day(nowMillis)
        let lastOn = lastContactMillis.map(VitalsSummary.day)
        var dueOn = lastOn.map { CalendarDate.adding(days: plan.intervalDays, to: $0) } ?? plan.plan.startsOn
        var signalled: Int64?
        if let raised = inactivityMillis, raised > (lastContactMillis ?? Int64.min) {
            let signalDay = VitalsSummary.day(raised)
            if signalDay < dueOn {
                dueOn = signalDay
                signalled = raised
            }
        }
        let late = CalendarDate.days(from: dueOn, to: today)
        let state: CareState =
            late > plan.graceDays ? .escalated : late > 0 ? .overdue : late >= -noticeDays ? .due : .later
        return CareDue(dueOn: dueOn, state: state, daysLate: late, lastContactOn: lastOn, signalledAtMillis: signalled)
    }
}
