import Foundation

/// Whether a volunteer takes part in the time bank now.
public enum VolunteerStatus: String, CodeTable {
    case active, paused, withdrawn

    public var label: Label {
        switch self {
        case .active: Label(en: "active", zh: "在册")
        case .paused: Label(en: "paused", zh: "暂停")
        case .withdrawn: Label(en: "withdrawn", zh: "已退出")
        }
    }
}

/// What a volunteer offers to do (志愿服务内容, Anhui §5.2.2.6).
public enum VolunteerSkill: String, CodeTable {
    case companionship, errands, housework, meals, escort, health, haircut, repair, culture, digital

    public var label: Label {
        switch self {
        case .companionship: Label(en: "companionship and chats", zh: "陪伴聊天")
        case .errands: Label(en: "errands and shopping", zh: "代办代购")
        case .housework: Label(en: "housework", zh: "家务帮助")
        case .meals: Label(en: "meals", zh: "助餐送餐")
        case .escort: Label(en: "escort to hospital", zh: "陪同就医")
        case .health: Label(en: "health talks and checks", zh: "健康宣教")
        case .haircut: Label(en: "haircuts", zh: "理发")
        case .repair: Label(en: "small repairs", zh: "家电维修")
        case .culture: Label(en: "culture and recreation", zh: "文体活动")
        case .digital: Label(en: "help with phones and apps", zh: "智能设备使用帮助")
        }
    }
}

/// A volunteer of the time bank (时间银行志愿者). Elders can be volunteers: the record then names
/// the elder (`elderId`), and hours it earns can pay for the elder's own services.
///
/// Merge class: profile. Homed at the county (not at `community`, where the volunteer is
/// registered), so that every node of the county holds the volunteer and its ledger and a
/// station elsewhere in the county can redeem its hours; any node of the county may write it
/// (`sharedAcrossCounty`).
public struct Volunteer: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The county of `community`.
    public var home: DivisionCode
    public var elderId: UUID?
    public var name: String
    public var phone: String
    /// The community the volunteer belongs to (12 digits).
    public var community: DivisionCode
    public var skills: [VolunteerSkill]
    public var status: VolunteerStatus
    /// The operator who registered the volunteer.
    public var registeredBy: String

    public init(
        id: UUID = UUID(), elderId: UUID? = nil, name: String, phone: String, community: DivisionCode, skills: [VolunteerSkill],
        status: VolunteerStatus = .active, registeredBy: String
    ) {
        self.id = id
        home = community.county
        self.elderId = elderId
        self.name = name
        self.phone = phone
        self.community = community
        self.skills = skills
        self.status = status
        self.registeredBy = registeredBy
    }

    public static let nameMax = 50

    /// What a registration or an edit carries (JSON).
    public struct Draft: Codable, Sendable, Equatable {
        public var elderId: String?
        public var name: String?
        public var phone: String?
        public var community: String?
        public var skills: [String]?
        public var status: String?

        public init() {}
    }

    /// A new volunteer, or `current` edited, from a draft. `elder` is the elder record the
    /// draft's `elderId` names, looked up by the caller (nil when none is held); a volunteer
    /// who is an elder takes the elder's name, phone and community unless the draft gives them.
    public init(validating draft: Draft, current: Volunteer? = nil, elder: Elder?, registeredBy: String) throws(ValidationFailure) {
        var v = Validator()
        var elderId = current?.elderId
        if let named = draft.elderId {
            elderId = v.uuid(named, "elderId")
            if elderId != nil, elder == nil { v.fail("elderId", en: "no elder \(named) at this node", zh: "本节点没有该老人档案") }
        }
        let name = v.text(draft.name ?? current?.name ?? elder?.name, "name", max: Self.nameMax)
        let phone = v.phone(draft.phone ?? current?.phone ?? elder?.phone, "phone")
        let community = v.division(draft.community ?? current?.community.rawValue ?? elder?.home.rawValue, "community", role: .community)
        let skills = draft.skills.map { v.codes($0, "skills", as: VolunteerSkill.self) ?? [] } ?? current?.skills ?? []
        let status = draft.status.map { v.code($0, "status", as: VolunteerStatus.self) ?? .active } ?? current?.status ?? .active
        if let current, let community, community.county != current.home {
            v.fail("community", en: "community \(community) is outside the county \(current.home) the volunteer is registered in", zh: "志愿者只能在本县（区）范围内变更所属社区")
        }
        try v.check()
        self.init(
            id: current?.id ?? UUID(), elderId: elderId, name: name!, phone: phone!, community: community!,
            skills: Array(Set(skills)).sorted { $0.rawValue < $1.rawValue }, status: status,
            registeredBy: current?.registeredBy ?? registeredBy)
    }
}

extension Volunteer: ReplicatedRecord {
    public static let kind = EntityKind.volunteer
    public static let label = Label(en: "volunteer", zh: "志愿者")
    public static let mergeClass = MergeClass.profile
    public static let sharedAcrossCounty = true
    public var countyWideWriter: DivisionCode? { community }
}

extension Volunteer: ProfileRecord {
    public static let mergeFields: [MergeField<Volunteer>] = [
        MergeField("home", \.home), MergeField("elderId", \.elderId), MergeField("name", \.name), MergeField("phone", \.phone),
        MergeField("community", \.community), MergeField("skills", \.skills), MergeField("status", \.status),
        MergeField("registeredBy", \.registeredBy),
    ]
}

extension Volunteer: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .county)
        _ = v.division(community.rawValue, "community", role: .community)
        if community.county != home {
            v.fail("home", en: "a volunteer is homed at the county of its community", zh: "志愿者归属其社区所在的县（区）")
        }
        v.checkText(name, "name", max: Self.nameMax)
        _ = v.phone(phone, "phone")
        v.checkText(registeredBy, "registeredBy", max: Operator.nameMaxLength)
        return v.errors
    }
}
