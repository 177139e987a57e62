import Foundation

/// When an elder's next ability assessment is due (评估提醒, Anhui §5.2.2.3).
///
/// - Never assessed (no approved assessment): a first assessment is due now.
/// - Otherwise a routine re-assessment `intervalMonths` after the last approved one was made
///   (default 12, the figure the issue gives; a node may set another).
/// - Sooner after a fall alert or a hospital stay after that assessment: an immediate
///   assessment (即时评估) `afterEventDays` after the event (default 30). Why 30: the
///   standard's care-risk rule looks back 30 days (近30天内), so an assessment made within
///   30 days of the fall still counts that fall among the events that raise the level.
public struct ReassessmentPolicy: Sendable, Hashable, Codable {
    public var intervalMonths: Int
    public var afterEventDays: Int

    public init(intervalMonths: Int = 12, afterEventDays: Int = 30) {
        self.intervalMonths = intervalMonths
        self.afterEventDays = afterEventDays
    }

    public static let standard = ReassessmentPolicy()
    /// Days before the due day from which an assessment is listed as due.
    public static let noticeDays = 30
}

/// What makes an assessment due sooner.
public enum ReassessmentTrigger: String, CodeTable {
    case first, routine, fall, hospitalStay, planned

    public var label: Label {
        switch self {
        case .first: Label(en: "never assessed", zh: "尚未评估")
        case .routine: Label(en: "routine re-assessment", zh: "定期复评")
        case .fall: Label(en: "fall alert since the last assessment", zh: "上次评估后发生跌倒预警")
        case .hospitalStay: Label(en: "hospital stay since the last assessment", zh: "上次评估后住院")
        case .planned: Label(en: "an assessment plan falls due", zh: "评估计划到期")
        }
    }

    /// The reason an assessment made for this trigger is recorded with.
    public var reason: AssessmentReason {
        switch self {
        case .first: .first
        case .routine, .planned: .routine
        case .fall, .hospitalStay: .immediate
        }
    }
}

public struct ReassessmentDue: Sendable, Hashable {
    public enum State: String, Sendable, Codable { case overdue, due, later }

    public let dueOn: String
    public let trigger: ReassessmentTrigger
    public let state: State
    /// Days past due (positive) or until due (negative).
    public let daysLate: Int

    /// When the next assessment is due. `lastAssessedOn` is the day of the approved assessment
    /// that stands (nil when none); `events` are the days (YYYY-MM-DD) of fall alerts and
    /// hospital stays, of which only those on or after `lastAssessedOn` count; `planned` are
    /// the due days of open assessment plans, each due on its own day.
    public static func of(
        lastAssessedOn: String?, events: [(trigger: ReassessmentTrigger, day: String)], planned: [String] = [], today: String,
        policy: ReassessmentPolicy = .standard
    ) -> ReassessmentDue {
        let plan = planned.min()
        guard let last = lastAssessedOn else {
            if let plan, plan > today { return ReassessmentDue(dueOn: plan, trigger: .planned, today: today) }
            return ReassessmentDue(dueOn: today, trigger: .first, today: today)
        }
        var dueOn = CalendarDate.adding(months: policy.intervalMonths, to: last)
        var trigger = ReassessmentTrigger.routine
        for event in events where event.day >= last {
            let soon = CalendarDate.adding(days: policy.afterEventDays, to: event.day)
            if soon < dueOn || (soon == dueOn && trigger == .routine) {
                dueOn = soon
                trigger = event.trigger
            }
        }
        if let plan, plan < dueOn {
            dueOn = plan
            trigger = .planned
        }
        return ReassessmentDue(dueOn: dueOn, trigger: trigger, today: today)
    }

    init(dueOn: String, trigger: ReassessmentTrigger, today: String) {
        self.dueOn = dueOn
        self.trigger = trigger
        daysLate = CalendarDate.days(from: dueOn, to: today)
        state = daysLate > 0 ? .overdue : (daysLate >= -ReassessmentPolicy.noticeDays ? .due : .later)
    }
}

extension CalendarDate {
    /// The day `months` after `day` (YYYY-MM-DD), the last of the month when it is shorter
    /// (2024-02-29 + 12 months = 2025-02-28); `day` itself when it is not a date.
    public static func adding(months: Int, to day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, isValid(day) else { return day }
        let index = parts[0] * 12 + (parts[1] - 1) + months
        let year = index / 12, month = index % 12 + 1
        return String(format: "%04d-%02d-%02d", year, month, min(parts[2], daysIn(month: month, year: year)))
    }
}
