import Foundation

/// The county's rule for one care group (关怀默认规则): how its elders are contacted, how often,
/// and how long care may stay overdue before it is escalated to the street.
///
/// Merge class: registry. The county is authoritative and the rule flows down to every node,
/// where plans without their own figures follow it. Its id is derived from the group, so the
/// county's edit of a shipped rule (`CareDefault.shipped`) is the same record wherever it is
/// read, and removing the edit restores the shipped rule.
public struct CareDefault: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The county (6 digits).
    public var home: DivisionCode
    public var group: CareGroup
    public var contactKind: CareContactKind
    /// Days between contacts.
    public var intervalDays: Int
    /// Days a contact may stay overdue before the elder's care is escalated to the street.
    public var graceDays: Int

    public init(home: DivisionCode, group: CareGroup, contactKind: CareContactKind, intervalDays: Int, graceDays: Int) {
        id = Self.id(group: group)
        self.home = home
        self.group = group
        self.contactKind = contactKind
        self.intervalDays = intervalDays
        self.graceDays = graceDays
    }

    public static func id(group: CareGroup) -> UUID { StableID.make("careDefault", group.rawValue) }

    public static let intervalRange = 1...90
    public static let graceRange = 0...30
    /// The grace period a shipped rule allows.
    public static let shippedGraceDays = 3

    /// The rules carenode ships, in force until the county sets its own: a weekly home visit
    /// for elders living alone, with dementia or disabled, a weekly phone call for empty-nest
    /// elders; three days' grace. The Ministry of Civil Affairs' 2022 guidance on visiting elders
    /// in special difficulty asks for at least one visit a month; these figures are tighter
    /// and are the county's to change.
    public static func shipped(county: DivisionCode) -> [CareDefault] {
        [
            CareDefault(home: county, group: .livingAlone, contactKind: .homeVisit, intervalDays: 7, graceDays: shippedGraceDays),
            CareDefault(home: county, group: .emptyNest, contactKind: .phoneCall, intervalDays: 7, graceDays: shippedGraceDays),
            CareDefault(home: county, group: .disabled, contactKind: .homeVisit, intervalDays: 7, graceDays: shippedGraceDays),
            CareDefault(home: county, group: .dementia, contactKind: .homeVisit, intervalDays: 7, graceDays: shippedGraceDays),
        ]
    }

    /// What the county sends to set a group's rule (PUT replaces it).
    public struct Draft: Codable, Sendable, Equatable {
        public var contactKind: String?
        public var intervalDays: Int?
        public var graceDays: Int?
        public init() {}
        public init(contactKind: String?, intervalDays: Int?, graceDays: Int?) {
            self.contactKind = contactKind
            self.intervalDays = intervalDays
            self.graceDays = graceDays
        }
    }

    public init(validating draft: Draft, group: CareGroup, county: DivisionCode) throws(ValidationFailure) {
        var v = Validator()
        let kind = v.code(draft.contactKind, "contactKind", as: CareContactKind.self)
        let interval = v.range(draft.intervalDays, "intervalDays", Self.intervalRange)
        let grace = v.range(draft.graceDays, "graceDays", Self.graceRange)
        try v.check()
        self.init(home: county, group: group, contactKind: kind!, intervalDays: interval!, graceDays: grace!)
    }
}

extension CareDefault: ReplicatedRecord {
    public static let kind = EntityKind.careDefault
    public static let label = Label(en: "care default", zh: "关怀默认规则")
    public static let mergeClass = MergeClass.registry
    public static let collection = "careDefaults"
}

extension CareDefault: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .county)
        if id != Self.id(group: group) {
            v.fail("id", en: "id is not the care default id of this group", zh: "关怀默认规则编号与人群不符")
        }
        _ = v.range(intervalDays, "intervalDays", Self.intervalRange)
        _ = v.range(graceDays, "graceDays", Self.graceRange)
        return v.errors
    }
}
