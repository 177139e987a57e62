import Foundation

/// The groups of elders proactive care (主动关怀, Anhui §5.3.2.x) looks after. An elder's groups
/// are read from what the elder's record already holds, so nothing new is asked at registration:
/// the living situation (独居, 空巢), the ability level (失能) and a dementia entry (失智) among the
/// active chronic conditions or the registration's condition list.
public enum CareGroup: String, CodeTable {
    case livingAlone, emptyNest, disabled, dementia

    public var label: Label {
        switch self {
        case .livingAlone: Label(en: "living alone", zh: "独居")
        case .emptyNest: Label(en: "empty-nest", zh: "空巢")
        case .disabled: Label(en: "disabled", zh: "失能")
        case .dementia: Label(en: "with dementia", zh: "失智")
        }
    }

    /// From this ability level up (GB/T 42195: 2 moderate, 3 severe, 4 complete loss of
    /// ability) an elder counts as disabled (失能) for proactive care.
    public static let disabledFromLevel = 2

    /// The groups `elder` belongs to, given the diseases of its active chronic conditions.
    public static func groups(of elder: Elder, activeConditions: Set<ChronicDisease>) -> [CareGroup] {
        var groups: [CareGroup] = []
        switch elder.livingSituation {
        case .alone: groups.append(.livingAlone)
        case .emptyNest: groups.append(.emptyNest)
        case .withFamily, .inCare: break
        }
        if elder.abilityLevel >= disabledFromLevel { groups.append(.disabled) }
        if activeConditions.contains(.dementia) || elder.chronicConditions.contains(ChronicDisease.dementia.rawValue) {
            groups.append(.dementia)
        }
        return groups
    }
}

/// How a care contact is made.
public enum CareContactKind: String, CodeTable {
    case phoneCall, video, homeVisit, message

    public var label: Label {
        switch self {
        case .phoneCall: Label(en: "phone call", zh: "电话问候")
        case .video: Label(en: "video call", zh: "视频问候")
        case .homeVisit: Label(en: "home visit", zh: "上门探访")
        case .message: Label(en: "message", zh: "消息问候")
        }
    }
}

/// What a care contact found.
public enum CareOutcome: String, CodeTable {
    case reached, notReached, concernFound

    public var label: Label {
        switch self {
        case .reached: Label(en: "reached, all well", zh: "已联系，情况正常")
        case .notReached: Label(en: "not reached", zh: "未联系上")
        case .concernFound: Label(en: "concern found", zh: "发现问题")
        }
    }

    /// Whether the contact counts as care given: an elder not reached is still to be reached.
    public var counts: Bool { self != .notReached }
}

/// What a concern found at a contact becomes, in the same write as the contact.
public enum CareFollowUpKind: String, CodeTable {
    case order, alert

    public var label: Label {
        switch self {
        case .order: Label(en: "service order", zh: "服务工单")
        case .alert: Label(en: "alert", zh: "预警")
        }
    }
}

/// Where an elder's care stands on a day.
public enum CareState: String, CodeTable, Comparable {
    case later, due, overdue, escalated

    public var label: Label {
        switch self {
        case .later: Label(en: "not yet due", zh: "未到期")
        case .due: Label(en: "due", zh: "待关怀")
        case .overdue: Label(en: "overdue", zh: "已逾期")
        case .escalated: Label(en: "escalated to the street", zh: "已上报街道")
        }
    }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
