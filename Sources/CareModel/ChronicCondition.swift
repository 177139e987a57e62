import Foundation

/// One chronic disease of one elder in the station's registry (慢病管理), with its follow-up
/// interval.
///
/// Merge class: profile. The entry is edited over time (interval, status, note) and may be
/// edited at two nodes while they are apart: the station changes the interval while the
/// street closes the case. Per-field last-writer-wins keeps both edits, and the same field
/// changed on both sides leaves a conflict row for an operator, as an elder's profile does. Its
/// id is derived from the elder and the disease, so the same condition registered at two nodes
/// is one entry that merges rather than two.
public struct ChronicCondition: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The elder's community: the entry moves with the elder.
    public var home: DivisionCode
    public var elderId: UUID
    public var disease: ChronicDisease
    /// YYYY-MM-DD, when known.
    public var diagnosedOn: String?
    /// YYYY-MM-DD: the day management began, from which the first follow-up falls due.
    public var registeredOn: String
    public var intervalDays: Int
    public var status: ConditionStatus
    public var note: String?

    public init(
        home: DivisionCode, elderId: UUID, disease: ChronicDisease, diagnosedOn: String? = nil, registeredOn: String,
        intervalDays: Int? = nil, status: ConditionStatus = .active, note: String? = nil
    ) {
        id = Self.id(elderId: elderId, disease: disease)
        self.home = home
        self.elderId = elderId
        self.disease = disease
        self.diagnosedOn = diagnosedOn
        self.registeredOn = registeredOn
        self.intervalDays = intervalDays ?? disease.defaultIntervalDays
        self.status = status
        self.note = note
    }

    /// One entry per elder and disease, wherever it is registered.
    public static func id(elderId: UUID, disease: ChronicDisease) -> UUID {
        StableID.make("condition", elderId.canonicalString, disease.rawValue)
    }

    public static let intervalRange = 7...365
    public static let noteMax = 500

    public struct Draft: Codable, Sendable, Equatable {
        public var disease: String?
        public var diagnosedOn: String?
        public var intervalDays: Int?
        public var status: String?
        public var note: String?

        public init() {}
    }

    /// A new entry for `elderId`, homed with the elder, registered today.
    public init(validating draft: Draft, elderId: UUID, home: DivisionCode, today: String) throws(ValidationFailure) {
        var v = Validator()
        let disease = v.code(draft.disease, "disease", as: ChronicDisease.self)
        let fields = Self.checkEditable(draft, today: today, &v)
        try v.check()
        self.init(
            home: home, elderId: elderId, disease: disease!, diagnosedOn: fields.diagnosedOn, registeredOn: today,
            intervalDays: fields.intervalDays, status: fields.status ?? .active, note: fields.note)
    }

    /// This entry with the fields `patch` gives changed (a JSON merge patch: absent keeps).
    public func patched(_ patch: Draft, today: String) throws(ValidationFailure) -> ChronicCondition {
        var v = Validator()
        if let disease = patch.disease, disease != self.disease.rawValue {
            v.fail("disease", en: "disease cannot change: register the other disease as its own entry", zh: "病种不可修改，请另行登记")
        }
        let fields = Self.checkEditable(patch, today: today, &v)
        try v.check()
        var next = self
        if patch.diagnosedOn != nil { next.diagnosedOn = fields.diagnosedOn }
        if let interval = fields.intervalDays { next.intervalDays = interval }
        if let status = fields.status { next.status = status }
        if patch.note != nil { next.note = fields.note?.isEmpty == true ? nil : fields.note }
        return next
    }

    private static func checkEditable(_ draft: Draft, today: String, _ v: inout Validator)
        -> (diagnosedOn: String?, intervalDays: Int?, status: ConditionStatus?, note: String?)
    {
        if let day = draft.diagnosedOn {
            if !CalendarDate.isValid(day) {
                v.fail("diagnosedOn", en: "diagnosedOn '\(day)' must be a date YYYY-MM-DD", zh: "确诊日期格式应为YYYY-MM-DD")
            } else if day > today {
                v.fail("diagnosedOn", en: "diagnosedOn \(day) is in the future", zh: "确诊日期不能晚于今天")
            }
        }
        let interval = v.range(draft.intervalDays, "intervalDays", intervalRange, optional: true)
        let status = v.code(draft.status, "status", as: ConditionStatus.self, optional: true)
        let note = v.text(draft.note, "note", max: noteMax, optional: true, multiline: true)
        return (draft.diagnosedOn, interval, status, note)
    }
}

extension ChronicCondition: ReplicatedRecord {
    public static let kind = EntityKind.chronicCondition
    public static let label = Label(en: "chronic condition", zh: "慢病登记")
    public static let mergeClass = MergeClass.profile
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
}

extension ChronicCondition: ProfileRecord {
    public static let mergeFields: [MergeField<ChronicCondition>] = [
        MergeField("home", \.home), MergeField("elderId", \.elderId), MergeField("disease", \.disease),
        MergeField("diagnosedOn", \.diagnosedOn), MergeField("registeredOn", \.registeredOn),
        MergeField("intervalDays", \.intervalDays), MergeField("status", \.status), MergeField("note", \.note),
    ]
}

extension ChronicCondition: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if id != Self.id(elderId: elderId, disease: disease) {
            v.fail("id", en: "id is not the entry id of this elder and disease", zh: "慢病登记编号与老人、病种不符")
        }
        if let day = diagnosedOn, !CalendarDate.isValid(day) { v.fail("diagnosedOn", en: "diagnosedOn must be a date YYYY-MM-DD", zh: "确诊日期格式应为YYYY-MM-DD") }
        if !CalendarDate.isValid(registeredOn) { v.fail("registeredOn", en: "registeredOn must be a date YYYY-MM-DD", zh: "登记日期格式应为YYYY-MM-DD") }
        _ = v.range(intervalDays, "intervalDays", Self.intervalRange)
        v.checkText(note, "note", max: Self.noteMax, optional: true, multiline: true)
        return v.errors
    }
}
