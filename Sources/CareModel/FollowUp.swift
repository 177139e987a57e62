import Foundation

/// A follow-up of one chronic condition (随访): a fact, homed with its condition, which is
/// homed with its elder. What was measured and decided on the day does not change; the next
/// one is due on `nextDue`.
public struct FollowUp: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var conditionId: UUID
    public var elderId: UUID
    /// YYYY-MM-DD.
    public var date: String
    public var method: FollowUpMethod
    /// Who made it (the operator's name).
    public var by: String
    public var systolic: Double?
    public var diastolic: Double?
    public var fastingGlucose: Double?
    public var weight: Double?
    public var outcome: FollowUpOutcome
    /// YYYY-MM-DD: the day the next follow-up falls due.
    public var nextDue: String
    public var note: String?
    public var recordedAtMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, conditionId: UUID, elderId: UUID, date: String, method: FollowUpMethod, by: String,
        systolic: Double? = nil, diastolic: Double? = nil, fastingGlucose: Double? = nil, weight: Double? = nil,
        outcome: FollowUpOutcome, nextDue: String, note: String? = nil, recordedAtMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.conditionId = conditionId
        self.elderId = elderId
        self.date = date
        self.method = method
        self.by = by
        self.systolic = systolic
        self.diastolic = diastolic
        self.fastingGlucose = fastingGlucose
        self.weight = weight
        self.outcome = outcome
        self.nextDue = nextDue
        self.note = note
        self.recordedAtMillis = recordedAtMillis
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var date: String?
        public var method: String?
        public var systolic: Double?
        public var diastolic: Double?
        public var fastingGlucose: Double?
        public var weight: Double?
        public var outcome: String?
        public var nextDue: String?
        public var note: String?

        public init() {}
    }

    public static let noteMax = 500
    /// The measurements a follow-up may carry, with the check-up item whose plausible range
    /// bounds them.
    static let measurements: [(String, CheckupItem)] = [
        ("systolic", .systolic), ("diastolic", .diastolic), ("fastingGlucose", .fastingGlucose), ("weight", .weight),
    ]

    /// The measurements by name.
    var measured: [String: Double] {
        ["systolic": systolic, "diastolic": diastolic, "fastingGlucose": fastingGlucose, "weight": weight].compactMapValues { $0 }
    }

    /// A follow-up of `condition` by `by`; the next one falls due after the condition's
    /// interval unless the draft names the day.
    public init(validating draft: Draft, condition: ChronicCondition, by: String, today: String, nowMillis: Int64) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let date = v.required(draft.date, "date")
        if let date {
            if !CalendarDate.isValid(date) {
                v.fail("date", en: "date '\(date)' must be a date YYYY-MM-DD", zh: "随访日期格式应为YYYY-MM-DD")
            } else if date > today {
                v.fail("date", en: "date \(date) is in the future", zh: "随访日期不能晚于今天")
            }
        }
        let method = v.code(draft.method, "method", as: FollowUpMethod.self)
        let outcome = v.code(draft.outcome, "outcome", as: FollowUpOutcome.self)
        let note = v.text(draft.note, "note", max: Self.noteMax, optional: true, multiline: true)
        let given: [String: Double?] = [
            "systolic": draft.systolic, "diastolic": draft.diastolic, "fastingGlucose": draft.fastingGlucose, "weight": draft.weight,
        ]
        for (name, item) in Self.measurements {
            guard let value = given[name] ?? nil, case .number(let plausible) = item.resultKind else { continue }
            if !value.isFinite || !plausible.contains(value) {
                v.fail(name, en: "\(name) \(value) is outside \(plausible.lowerBound)–\(plausible.upperBound) \(item.unit)",
                    zh: "\(item.label.zh)数值应在\(plausible.lowerBound)到\(plausible.upperBound)\(item.unit)之间")
            }
        }
        var nextDue = draft.nextDue
        if let due = nextDue {
            if !CalendarDate.isValid(due) {
                v.fail("nextDue", en: "nextDue '\(due)' must be a date YYYY-MM-DD", zh: "下次随访日期格式应为YYYY-MM-DD")
            } else if let date, due <= date {
                v.fail("nextDue", en: "nextDue \(due) must come after the follow-up's date \(date)", zh: "下次随访日期应晚于本次随访日期")
            }
        } else if let date, CalendarDate.isValid(date) {
            nextDue = CalendarDate.adding(days: condition.intervalDays, to: date)
        }
        if condition.status != .active {
            v.fail("conditionId", en: "the \(condition.disease.label.en) entry is no longer managed", zh: "该慢病登记已结案，不能再随访")
        }
        try v.check()
        self.init(
            id: id!, home: condition.home, conditionId: condition.id, elderId: condition.elderId, date: date!, method: method!, by: by,
            systolic: draft.systolic, diastolic: draft.diastolic, fastingGlucose: draft.fastingGlucose, weight: draft.weight,
            outcome: outcome!, nextDue: nextDue!, note: note, recordedAtMillis: nowMillis)
    }
}

extension FollowUp: ReplicatedRecord {
    public static let kind = EntityKind.followUp
    public static let label = Label(en: "follow-up", zh: "慢病随访")
    /// A fact: a visit made stays made. Homed with its condition, so it moves with the elder.
    public static let mergeClass = MergeClass.fact
    public var parent: RecordReference? { RecordReference(.chronicCondition, conditionId) }
}

extension FollowUp: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if !CalendarDate.isValid(date) { v.fail("date", en: "date must be a date YYYY-MM-DD", zh: "随访日期格式应为YYYY-MM-DD") }
        if !CalendarDate.isValid(nextDue) || nextDue <= date {
            v.fail("nextDue", en: "nextDue must be a date YYYY-MM-DD after the follow-up's date", zh: "下次随访日期应晚于本次随访日期")
        }
        v.checkText(by, "by", max: Operator.nameMaxLength)
        v.checkText(note, "note", max: Self.noteMax, optional: true, multiline: true)
        v.checkMillis(recordedAtMillis, "recordedAtMillis")
        for (name, item) in Self.measurements {
            guard let value = measured[name], case .number(let plausible) = item.resultKind else { continue }
            if !value.isFinite || !plausible.contains(value) { v.fail(name, en: "\(name) is outside its plausible range", zh: "\(item.label.zh)数值无效") }
        }
        return v.errors
    }
}

extension CalendarDate {
    /// The day `days` after `day` (YYYY-MM-DD), or `day` itself when it is not a date.
    public static func adding(days: Int, to day: String) -> String {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return day }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        guard let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let end = calendar.date(byAdding: .day, value: days, to: start)
        else { return day }
        let c = calendar.dateComponents([.year, .month, .day], from: end)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// Whole days from `from` to `to` (both YYYY-MM-DD); 0 when either is not a date.
    public static func days(from: String, to: String) -> Int {
        func date(_ day: String) -> Date? {
            let parts = day.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: 0)!
            return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))
        }
        guard let a = date(from), let b = date(to) else { return 0 }
        return Int((b.timeIntervalSince(a) / 86_400).rounded())
    }

    /// The instants (milliseconds) from the start of `from` to the end of `to`, both China
    /// Standard Time calendar days (YYYY-MM-DD, checked by the caller): a day there starts at
    /// 16:00 UTC the day before.
    public static func chinaMillis(from: String, through to: String) -> Range<Int64> {
        let dayMillis: Int64 = 86_400_000
        let offset: Int64 = 8 * 3_600_000
        let start = Int64(days(from: "1970-01-01", to: from)) * dayMillis - offset
        let end = Int64(days(from: "1970-01-01", to: to) + 1) * dayMillis - offset
        return start..<max(start, end)
    }
}

/// When a condition's next follow-up falls due, and whether it is late: the last follow-up's
/// `nextDue`, or the registration day plus the interval before the first one.
public struct FollowUpDue: Sendable, Hashable {
    public enum State: String, Sendable, Codable { case overdue, due, later }

    public var dueOn: String
    public var state: State
    /// Days past due (positive) or until due (negative).
    public var daysLate: Int

    public init(dueOn: String, state: State, daysLate: Int) {
        self.dueOn = dueOn
        self.state = state
        self.daysLate = daysLate
    }

    /// Days before the due day from which a follow-up is listed as due.
    public static let noticeDays = 14

    public static func of(_ condition: ChronicCondition, lastFollowUp: FollowUp?, today: String) -> FollowUpDue {
        let dueOn = lastFollowUp?.nextDue ?? CalendarDate.adding(days: condition.intervalDays, to: condition.registeredOn)
        let late = CalendarDate.days(from: dueOn, to: today)
        let state: State = late > 0 ? .overdue : (late >= -noticeDays ? .due : .later)
        return FollowUpDue(dueOn: dueOn, state: state, daysLate: late)
    }
}
