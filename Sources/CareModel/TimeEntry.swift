import Foundation

/// What a ledger entry does to a balance.
public enum TimeEntryKind: String, CodeTable {
    /// Minutes credited for attending an activity.
    case earn
    /// Minutes paid for a service order.
    case redeem
    /// A correction, either way, made when the street settles an overdraft.
    case adjust

    public var label: Label {
        switch self {
        case .earn: Label(en: "earned", zh: "存入")
        case .redeem: Label(en: "redeemed", zh: "兑换")
        case .adjust: Label(en: "adjusted", zh: "调整")
        }
    }
}

/// Whose service a redemption pays for.
public enum RedemptionRelation: String, CodeTable {
    /// The volunteer's own service: the volunteer is an elder and the order is theirs.
    case own
    /// A family member's service (the operator states the relation).
    case family

    public var label: Label {
        switch self {
        case .own: Label(en: "own service", zh: "本人使用")
        case .family: Label(en: "a family member's service", zh: "家庭成员使用")
        }
    }
}

/// One entry of a volunteer's time-bank ledger (时间银行记录).
///
/// Merge class: fact. An entry is never changed or deleted: a mistake or an overdraft is set
/// right by a further `adjust` entry, so every node that holds the same entries folds the same
/// balance, and no entry made apart can be lost in a merge. Homed with its volunteer (the
/// county), and written anywhere in the county. Minutes are whole numbers: there are no
/// fractions on the wire or in the fold.
public struct TimeEntry: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The volunteer's home (the county).
    public var home: DivisionCode
    public var volunteerId: UUID
    public var kind: TimeEntryKind
    /// Positive for earn and redeem (the kind says which way); signed for adjust.
    public var minutes: Int
    /// The activity an earn entry credits, with its title as it was (the activity itself is
    /// held only where it was run).
    public var activityId: UUID?
    public var activityTitle: String?
    /// The service order a redemption pays for, and whose service it is.
    public var orderId: UUID?
    public var forElderId: UUID?
    public var relation: RedemptionRelation?
    /// The overdraft conflict an adjust entry settles, if any.
    public var conflictId: UUID?
    public var note: String
    /// The node and the operator that wrote it.
    public var node: DivisionCode
    public var `operator`: String
    public var atMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, volunteerId: UUID, kind: TimeEntryKind, minutes: Int, activityId: UUID? = nil,
        activityTitle: String? = nil, orderId: UUID? = nil, forElderId: UUID? = nil, relation: RedemptionRelation? = nil,
        conflictId: UUID? = nil, note: String = "", node: DivisionCode, operator: String, atMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.volunteerId = volunteerId
        self.kind = kind
        self.minutes = minutes
        self.activityId = activityId
        self.activityTitle = activityTitle
        self.orderId = orderId
        self.forElderId = forElderId
        self.relation = relation
        self.conflictId = conflictId
        self.note = note
        self.node = node
        self.operator = `operator`
        self.atMillis = atMillis
    }

    public static let noteMax = 200
    /// The most one entry may move: 100 hours.
    public static let minutesMax = 6000

    /// What the entry adds to the balance.
    public var signedMinutes: Int {
        switch kind {
        case .earn: minutes
        case .redeem: -minutes
        case .adjust: minutes
        }
    }

    /// The id of the earn entry for `volunteer` attending `activity`: one per pair, so marking
    /// the same attendance twice credits once.
    public static func attendanceId(activity: UUID, volunteer: UUID) -> UUID {
        StableID.make("timeEntry", "earn", activity.canonicalString, volunteer.canonicalString)
    }

    /// The earn entry crediting `volunteer` for attending `activity`.
    public static func attendance(
        _ activity: VolunteerActivity, volunteer: Volunteer, node: DivisionCode, operator: String, atMillis: Int64
    ) -> TimeEntry {
        TimeEntry(
            id: attendanceId(activity: activity.id, volunteer: volunteer.id), home: volunteer.home, volunteerId: volunteer.id,
            kind: .earn, minutes: activity.minutes, activityId: activity.id, activityTitle: activity.title,
            note: activity.date, node: node, operator: `operator`, atMillis: atMillis)
    }

    /// What a redemption carries (JSON).
    public struct RedemptionDraft: Codable, Sendable, Equatable {
        public var minutes: Int?
        public var orderId: String?
        public var relation: String?
        public var note: String?

        public init() {}
    }

    /// What a settlement carries: an adjust of `minutes` (signed, non-zero), or none to accept
    /// the overdraft as it stands.
    public struct SettlementDraft: Codable, Sendable, Equatable {
        public var minutes: Int?
        public var note: String?

        public init() {}
    }
}

extension TimeEntry: ReplicatedRecord {
    public static let kind = EntityKind.timeEntry
    public static let label = Label(en: "time-bank entry", zh: "时间银行记录")
    public static let mergeClass = MergeClass.fact
    public static let collection = "timeEntries"
    public static let sharedAcrossCounty = true
    public var countyWideWriter: DivisionCode? { node }
    public var parent: RecordReference? { RecordReference(.volunteer, volunteerId) }
    public var clockReadings: [Int64] { [atMillis] }
}

extension TimeEntry: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .county)
        _ = v.division(node.rawValue, "node")
        if node.county != home { v.fail("node", en: "an entry is written in its volunteer's county", zh: "时间银行记录只能在志愿者所在县（区）内记入") }
        switch kind {
        case .earn, .redeem:
            if !(1...Self.minutesMax).contains(minutes) {
                v.fail("minutes", en: "minutes must be between 1 and \(Self.minutesMax)", zh: "时长应在1到\(Self.minutesMax)分钟之间")
            }
        case .adjust:
            if minutes == 0 || abs(minutes) > Self.minutesMax {
                v.fail("minutes", en: "an adjustment moves between 1 and \(Self.minutesMax) minutes either way", zh: "调整时长应为非零且不超过\(Self.minutesMax)分钟")
            }
        }
        if kind == .earn, activityId == nil { v.fail("activityId", en: "an earn entry names its activity", zh: "存入记录须注明活动") }
        if kind == .redeem {
            if orderId == nil { v.fail("orderId", en: "a redemption names the service order it pays for", zh: "兑换记录须注明服务工单") }
            if forElderId == nil || relation == nil {
                v.fail("relation", en: "a redemption names whose service it pays for", zh: "兑换记录须注明服务对象")
            }
        }
        v.checkText(activityTitle, "activityTitle", max: VolunteerActivity.titleMax, optional: true)
        if !note.isEmpty { v.checkText(note, "note", max: Self.noteMax) }
        v.checkText(`operator`, "operator", max: Operator.nameMaxLength)
        v.checkMillis(atMillis, "atMillis")
        return v.errors
    }
}
