import Foundation

/// A volunteer activity (志愿服务活动): a date, a place, the minutes credited to each attendee
/// and how many may sign up.
///
/// Merge class: profile. Homed at the node that runs it (a station, or a street for its own
/// activities); sign-ups are a field of the activity and are taken there, and attendance is
/// not stored on it at all: marking a volunteer present writes the earn entry of the ledger,
/// whose id is derived from the activity and the volunteer, so a volunteer is credited once.
public struct VolunteerActivity: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The node that runs it.
    public var home: DivisionCode
    public var title: String
    /// YYYY-MM-DD.
    public var date: String
    public var place: String
    /// Minutes credited to each attendee.
    public var minutes: Int
    public var capacity: Int
    /// The volunteers signed up, in sign-up order.
    public var signedUp: [UUID]
    public var organisedBy: String
    public var cancelled: Bool

    public init(
        id: UUID = UUID(), home: DivisionCode, title: String, date: String, place: String, minutes: Int, capacity: Int,
        signedUp: [UUID] = [], organisedBy: String, cancelled: Bool = false
    ) {
        self.id = id
        self.home = home
        self.title = title
        self.date = date
        self.place = place
        self.minutes = minutes
        self.capacity = capacity
        self.signedUp = signedUp
        self.organisedBy = organisedBy
        self.cancelled = cancelled
    }

    public static let titleMax = 100
    public static let placeMax = 200
    /// Minutes one attendance may credit: from a quarter hour to a long day.
    public static let minutesRange = 15...720
    public static let capacityRange = 1...500

    public struct Draft: Codable, Sendable, Equatable {
        public var title: String?
        public var date: String?
        public var place: String?
        public var minutes: Int?
        public var capacity: Int?

        public init() {}
    }

    /// A new activity run at `home`.
    public init(validating draft: Draft, home: DivisionCode, organisedBy: String) throws(ValidationFailure) {
        var v = Validator()
        let title = v.text(draft.title, "title", max: Self.titleMax)
        let date = v.required(draft.date, "date")
        if let date, !CalendarDate.isValid(date) {
            v.fail("date", en: "date '\(date)' must be a date YYYY-MM-DD", zh: "活动日期格式应为YYYY-MM-DD")
        }
        let place = v.text(draft.place, "place", max: Self.placeMax)
        let minutes = v.range(draft.minutes, "minutes", Self.minutesRange)
        let capacity = v.range(draft.capacity, "capacity", Self.capacityRange)
        try v.check()
        self.init(home: home, title: title!, date: date!, place: place!, minutes: minutes!, capacity: capacity!, organisedBy: organisedBy)
    }

    /// This activity with `volunteer` signed up; refused when it is full, cancelled, or the
    /// volunteer is not active or already signed up.
    public func signingUp(_ volunteer: Volunteer) throws(ValidationFailure) -> VolunteerActivity {
        var v = Validator()
        if cancelled { v.fail("activity", en: "the activity was cancelled", zh: "该活动已取消") }
        if volunteer.status != .active {
            v.fail("volunteerId", en: "volunteer \(volunteer.name) is \(volunteer.status.rawValue), not active", zh: "该志愿者当前不在册")
        }
        if signedUp.contains(volunteer.id) {
            v.fail("volunteerId", en: "\(volunteer.name) is already signed up", zh: "该志愿者已报名")
        } else if signedUp.count >= capacity {
            v.fail("capacity", en: "the activity is full (\(capacity) places)", zh: "活动名额已满（\(capacity)人）")
        }
        try v.check()
        var next = self
        next.signedUp.append(volunteer.id)
        return next
    }
}

extension VolunteerActivity: ReplicatedRecord {
    public static let kind = EntityKind.volunteerActivity
    public static let label = Label(en: "volunteer activity", zh: "志愿服务活动")
    public static let mergeClass = MergeClass.profile
    public static let collection = "volunteerActivities"
}

extension VolunteerActivity: ProfileRecord {
    public static let mergeFields: [MergeField<VolunteerActivity>] = [
        MergeField("home", \.home), MergeField("title", \.title), MergeField("date", \.date), MergeField("place", \.place),
        MergeField("minutes", \.minutes), MergeField("capacity", \.capacity), MergeField("signedUp", \.signedUp),
        MergeField("organisedBy", \.organisedBy), MergeField("cancelled", \.cancelled),
    ]
}

extension VolunteerActivity: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home")
        v.checkText(title, "title", max: Self.titleMax)
        if !CalendarDate.isValid(date) { v.fail("date", en: "date must be a date YYYY-MM-DD", zh: "活动日期格式应为YYYY-MM-DD") }
        v.checkText(place, "place", max: Self.placeMax)
        _ = v.range(minutes, "minutes", Self.minutesRange)
        _ = v.range(capacity, "capacity", Self.capacityRange)
        if Set(signedUp).count != signedUp.count {
            v.fail("signedUp", en: "a volunteer is signed up once", zh: "同一志愿者只能报名一次")
        }
        v.checkText(organisedBy, "organisedBy", max: Operator.nameMaxLength)
        return v.errors
    }
}
