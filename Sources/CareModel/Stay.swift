import Foundation

/// Which centralised care a stay is (集中照护, Anhui §5.3.2.4): day care, where the elder goes
/// home every evening, or full care with a bed at the station.
public enum StayKind: String, CodeTable {
    case dayCare, fullCare

    public var label: Label {
        switch self {
        case .dayCare: Label(en: "day care", zh: "日间照料")
        case .fullCare: Label(en: "full care", zh: "全托照护")
        }
    }
}

/// An elder's stay at a community station: the admission and what it agreed (room and bed,
/// the care level, the contract period, who to call). A fact homed with its elder, so the
/// street and the county see it and it moves when the elder does; what happens during the
/// stay (care given, leave, a bed change, discharge) is its care records, and its status is
/// their fold (`StayState`).
public struct Stay: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var elderId: UUID
    public var kind: StayKind
    public var room: String
    /// The bed, for full care; day care has a place in a room, not a bed.
    public var bed: String?
    /// The care level at admission (0 able … 4 completely disabled, GB/T 42195-2022).
    public var careLevel: Int
    /// The approved assessment that gave the level; nil when the elder had none and the level
    /// is the one on the elder's file.
    public var assessmentId: UUID?
    /// The contract period, YYYY-MM-DD, both days included.
    public var contractFrom: String
    public var contractTo: String
    public var contacts: [EmergencyContact]
    public var admittedAtMillis: Int64
    public var admittedBy: String
    public var note: String?

    public init(
        id: UUID = UUID(), home: DivisionCode, elderId: UUID, kind: StayKind, room: String, bed: String?, careLevel: Int, assessmentId: UUID?,
        contractFrom: String, contractTo: String, contacts: [EmergencyContact], admittedAtMillis: Int64, admittedBy: String, note: String? = nil
    ) {
        self.id = id
        self.home = home
        self.elderId = elderId
        self.kind = kind
        self.room = room
        self.bed = bed
        self.careLevel = careLevel
        self.assessmentId = assessmentId
        self.contractFrom = contractFrom
        self.contractTo = contractTo
        self.contacts = contacts
        self.admittedAtMillis = admittedAtMillis
        self.admittedBy = admittedBy
        self.note = note
    }

    public static let placeMax = 20
    public static let noteMax = 1000
    public static let contactsMax = 3
    /// The longest contract one admission may agree.
    public static let contractDaysMax = 3 * 366
}

/// What a care record records: care given (a meal 助餐, bathing 助浴, medication, a nursing
/// item) or a turn of the stay (leave, return, a room or bed change, discharge).
public enum CareRecordItem: String, CodeTable {
    case meal, bathing, medication, nursing, leave, `return`, transfer, discharge

    public var label: Label {
        switch self {
        case .meal: Label(en: "meal", zh: "助餐")
        case .bathing: Label(en: "bathing", zh: "助浴")
        case .medication: Label(en: "medication", zh: "服药")
        case .nursing: Label(en: "nursing", zh: "护理")
        case .leave: Label(en: "leave", zh: "请假外出")
        case .return: Label(en: "return", zh: "销假返回")
        case .transfer: Label(en: "room or bed change", zh: "调换房间床位")
        case .discharge: Label(en: "discharge", zh: "出院（退住）")
        }
    }

    /// Care given, as opposed to a turn of the stay.
    public var isCare: Bool { [.meal, .bathing, .medication, .nursing].contains(self) }

    /// The statuses a record of this item fits: care is given to an elder who is in, a turn
    /// follows the stay's status table.
    public var allowedFrom: Set<StayStatus> {
        switch self {
        case .meal, .bathing, .medication, .nursing, .leave: [.inCare]
        case .return: [.onLeave]
        case .transfer, .discharge: [.inCare, .onLeave]
        }
    }

    /// The status it leads to, when it changes one.
    public var leadsTo: StayStatus? {
        switch self {
        case .leave: .onLeave
        case .return: .inCare
        case .discharge: .discharged
        default: nil
        }
    }
}

public enum Meal: String, CodeTable {
    case breakfast, lunch, dinner

    public var label: Label {
        switch self {
        case .breakfast: Label(en: "breakfast", zh: "早餐")
        case .lunch: Label(en: "lunch", zh: "午餐")
        case .dinner: Label(en: "dinner", zh: "晚餐")
        }
    }
}

public enum StayStatus: String, CodeTable {
    case inCare, onLeave, discharged

    public var label: Label {
        switch self {
        case .inCare: Label(en: "in care", zh: "在住")
        case .onLeave: Label(en: "on leave", zh: "请假中")
        case .discharged: Label(en: "discharged", zh: "已出院")
        }
    }
}

/// One thing done in a stay, by whom and when: a fact homed with the stay. `elderId` is the
/// stay's, written with it, so the record moves with the elder.
public struct CareRecord: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var stayId: UUID
    public var elderId: UUID
    public var home: DivisionCode
    public var item: CareRecordItem
    /// Which meal, for a meal.
    public var meal: Meal?
    /// What was given or done: the medicine and dose, the nursing item, where the elder went on
    /// leave, why the elder was discharged (required for medication, nursing, leave and discharge).
    public var detail: String?
    /// The new room and bed, for a transfer.
    public var room: String?
    public var bed: String?
    /// Who did it (the caregiver's name), which may not be who recorded it.
    public var by: String
    /// When it was done.
    public var atMillis: Int64
    public var recordedBy: String
    public var recordedAtMillis: Int64

    public init(
        id: UUID = UUID(), stayId: UUID, elderId: UUID, home: DivisionCode, item: CareRecordItem, meal: Meal? = nil, detail: String? = nil,
        room: String? = nil, bed: String? = nil, by: String, atMillis: Int64, recordedBy: String, recordedAtMillis: Int64
    ) {
        self.id = id
        self.stayId = stayId
        self.elderId = elderId
        self.home = home
        self.item = item
        self.meal = meal
        self.detail = detail
        self.room = room
        self.bed = bed
        self.by = by
        self.atMillis = atMillis
        self.recordedBy = recordedBy
        self.recordedAtMillis = recordedAtMillis
    }

    public static let detailMax = 200
    public static let byMax = 50
    /// How far back a record may be entered (a paper sheet typed in at the end of the week).
    public static let backdateMillis: Int64 = 7 * 86_400_000
    /// Tolerance for a time a little ahead of this node's clock.
    public static let aheadMillis: Int64 = 5 * 60_000
}

extension Stay: ReplicatedRecord {
    public static let kind = EntityKind.stay
    public static let label = Label(en: "care stay", zh: "集中照护入住")
    /// A fact: an admission stays made. Homed with its elder.
    public static let mergeClass = MergeClass.fact
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
}

/// The times a stay's records carry are the times the operator says things were done (they may
/// be entered later, up to `backdateMillis`), read on the node's injected clock, so they are not
/// clock readings for the sync's skew check.
extension CareRecord: ReplicatedRecord {
    public static let kind = EntityKind.careRecord
    public static let label = Label(en: "care record", zh: "照护记录")
    public static let mergeClass = MergeClass.fact
    public static let collection = "careRecords"
    public var parent: RecordReference? { RecordReference(.stay, stayId) }
}
