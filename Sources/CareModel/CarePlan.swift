import Foundation

/// An elder's care plan (关怀计划): which group the elder is looked after as, how and how
/// often they are contacted (the county's rule for the group unless the plan sets its own),
/// and who is responsible.
///
/// Merge class: profile, homed with its elder (it moves when the elder moves). Its id is
/// derived from the elder: one plan per elder, so plans set at the station and at the street
/// while apart merge field by field instead of doubling. Removing the plan is the pseudo-field
/// `deleted`.
///
/// Responsibility: `assignee` is always an operator account's login name, the staff member on
/// whose due list the elder appears. A volunteer (志愿者) who makes the contacts is named by
/// `volunteerName` and `volunteerPhone`: there are no volunteer records yet, and a named staff
/// member stays accountable for a volunteer's elders.
public struct CarePlan: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var elderId: UUID
    public var group: CareGroup
    /// Nil: the county's rule for the group.
    public var contactKind: CareContactKind?
    /// Nil: the county's rule for the group.
    public var intervalDays: Int?
    public var assignee: String
    public var volunteerName: String?
    public var volunteerPhone: String?
    /// YYYY-MM-DD: the first contact falls due on this day.
    public var startsOn: String
    public var note: String?
    public var setBy: String
    public var setAtMillis: Int64

    public init(
        home: DivisionCode, elderId: UUID, group: CareGroup, contactKind: CareContactKind? = nil, intervalDays: Int? = nil,
        assignee: String, volunteerName: String? = nil, volunteerPhone: String? = nil, startsOn: String, note: String? = nil,
        setBy: String, setAtMillis: Int64
    ) {
        id = Self.id(elderId: elderId)
        self.home = home
        self.elderId = elderId
        self.group = group
        self.contactKind = contactKind
        self.intervalDays = intervalDays
        self.assignee = assignee
        self.volunteerName = volunteerName
        self.volunteerPhone = volunteerPhone
        self.startsOn = startsOn
        self.note = note
        self.setBy = setBy
        self.setAtMillis = setAtMillis
    }

    public static func id(elderId: UUID) -> UUID { StableID.make("carePlan", elderId.canonicalString) }

    public static let nameMax = 50
    public static let noteMax = 500

    /// What station staff send to set a plan (PUT replaces it).
    public struct Draft: Codable, Sendable, Equatable {
        public var group: String?
        public var contactKind: String?
        public var intervalDays: Int?
        public var assignee: String?
        public var volunteerName: String?
        public var volunteerPhone: String?
        public var startsOn: String?
        public var note: String?
        public init() {}
    }

    /// A plan for `elderId` from a draft. The group must be one the elder belongs to
    /// (`elderGroups`); the plan starts today unless the draft names a day.
    public init(
        validating draft: Draft, elderId: UUID, home: DivisionCode, elderGroups: [CareGroup], setBy: String, today: String, nowMillis: Int64
    ) throws(ValidationFailure) {
        var v = Validator()
        let group = v.code(draft.group, "group", as: CareGroup.self)
        if let group, !elderGroups.contains(group) {
            let held = elderGroups.isEmpty ? "none" : elderGroups.map(\.rawValue).joined(separator: ", ")
            v.fail("group", en: "the elder is not in the group \(group.rawValue) (the elder's groups: \(held))",
                zh: "该老人不属于“\(group.label.zh)”人群，不能按此人群制定关怀计划")
        }
        let kind = v.code(draft.contactKind, "contactKind", as: CareContactKind.self, optional: true)
        let interval = v.range(draft.intervalDays, "intervalDays", CareDefault.intervalRange, optional: true)
        let assignee = v.text(draft.assignee, "assignee", max: Operator.nameMaxLength)
        let volunteer = v.text(draft.volunteerName, "volunteerName", max: Self.nameMax, optional: true)
        let phone = v.phone(draft.volunteerPhone, "volunteerPhone", optional: true)
        if draft.volunteerName != nil && draft.volunteerPhone == nil {
            v.fail("volunteerPhone", en: "a volunteer is named with a phone number", zh: "志愿者须同时填写联系电话")
        } else if draft.volunteerName == nil && draft.volunteerPhone != nil {
            v.fail("volunteerName", en: "a volunteer's phone needs the volunteer's name", zh: "填写志愿者电话时须填写志愿者姓名")
        }
        let startsOn = draft.startsOn ?? today
        if !CalendarDate.isValid(startsOn) {
            v.fail("startsOn", en: "startsOn '\(startsOn)' must be a date YYYY-MM-DD", zh: "开始日期格式应为YYYY-MM-DD")
        }
        let note = v.text(draft.note, "note", max: Self.noteMax, optional: true, multiline: true)
        try v.check()
        self.init(
            home: home, elderId: elderId, group: group!, contactKind: kind, intervalDays: interval, assignee: assignee!,
            volunteerName: volunteer, volunteerPhone: phone, startsOn: startsOn, note: note, setBy: setBy, setAtMillis: nowMillis)
    }
}

extension CarePlan: ReplicatedRecord {
    public static let kind = EntityKind.carePlan
    public static let label = Label(en: "care plan", zh: "关怀计划")
    public static let mergeClass = MergeClass.profile
    public static let collection = "carePlans"
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
}

extension CarePlan: ProfileRecord {
    public static let mergeFields: [MergeField<CarePlan>] = [
        MergeField("home", \.home), MergeField("elderId", \.elderId), MergeField("group", \.group),
        MergeField("contactKind", \.contactKind), MergeField("intervalDays", \.intervalDays), MergeField("assignee", \.assignee),
        MergeField("volunteerName", \.volunteerName), MergeField("volunteerPhone", \.volunteerPhone),
        MergeField("startsOn", \.startsOn), MergeField("note", \.note), MergeField("setBy", \.setBy),
        MergeField("setAtMillis", \.setAtMillis),
    ]
}

extension CarePlan: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if id != Self.id(elderId: elderId) {
            v.fail("id", en: "id is not the care plan id of this elder", zh: "关怀计划编号与老人不符")
        }
        if let intervalDays { _ = v.range(intervalDays, "intervalDays", CareDefault.intervalRange) }
        v.checkText(assignee, "assignee", max: Operator.nameMaxLength)
        v.checkText(volunteerName, "volunteerName", max: Self.nameMax, optional: true)
        if let volunteerPhone { _ = v.phone(volunteerPhone, "volunteerPhone") }
        if (volunteerName == nil) != (volunteerPhone == nil) {
            v.fail("volunteerPhone", en: "a volunteer has both a name and a phone number", zh: "志愿者须同时有姓名和电话")
        }
        if !CalendarDate.isValid(startsOn) { v.fail("startsOn", en: "startsOn must be a date YYYY-MM-DD", zh: "开始日期格式应为YYYY-MM-DD") }
        v.checkText(note, "note", max: Self.noteMax, optional: true, multiline: true)
        v.checkText(setBy, "setBy", max: Operator.nameMaxLength)
        v.checkMillis(setAtMillis, "setAtMillis")
        return v.errors
    }
}
