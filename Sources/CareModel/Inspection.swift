import Foundation

/// What an inspection looks at: a service organisation, or a facility (a community station).
public enum InspectionTarget: String, CodeTable {
    case organisation, facility

    public var label: Label {
        switch self {
        case .organisation: Label(en: "service organisation", zh: "服务机构")
        case .facility: Label(en: "facility", zh: "服务设施（站点）")
        }
    }
}

/// One line of a checklist: a short code findings name and what is checked.
public struct ChecklistItem: Hashable, Codable, Sendable {
    public var code: String
    public var text: String

    public init(code: String, text: String) {
        self.code = code
        self.text = text
    }
}

/// The county's checklist for one kind of inspection (服务监督, Anhui §5.1.2.5): registry data,
/// written at the county and sent down to every node. A template is retired, not deleted, so
/// the inspections made with it keep their checklist.
public struct InspectionTemplate: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var title: String
    public var target: InspectionTarget
    public var items: [ChecklistItem]
    public var retired: Bool

    public init(id: UUID = UUID(), home: DivisionCode, title: String, target: InspectionTarget, items: [ChecklistItem], retired: Bool = false) {
        self.id = id
        self.home = home
        self.title = title
        self.target = target
        self.items = items
        self.retired = retired
    }

    public static let titleMax = 100
    public static let itemsMax = 100
    public static let codeMax = 20
    public static let textMax = 300
}

/// How serious a finding is; it sets the rectification deadline.
public enum FindingSeverity: String, CodeTable, Comparable {
    case minor, moderate, serious, critical

    public var label: Label {
        switch self {
        case .minor: Label(en: "minor", zh: "一般")
        case .moderate: Label(en: "moderate", zh: "较重")
        case .serious: Label(en: "serious", zh: "严重")
        case .critical: Label(en: "critical", zh: "重大")
        }
    }

    public static func < (a: FindingSeverity, b: FindingSeverity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Hours a rectification may take, by severity, counted from the finding (or from a rejected
/// answer). A node may set its own (`NodeConfiguration.rectificationHours`); the deadline is
/// fixed on the finding when it is recorded, so every node agrees on it. The defaults are this
/// project's, after the example (15 days, 7 days, 3 days, 24 hours): the standard
/// names rectification but no time limit.
public struct RectificationDeadlines: Sendable, Hashable, Codable {
    public var hours: [FindingSeverity: Int]

    public init(hours: [FindingSeverity: Int]) { self.hours = hours }

    public static let standard = RectificationDeadlines(hours: [.minor: 15 * 24, .moderate: 7 * 24, .serious: 3 * 24, .critical: 24])

    public func hours(for severity: FindingSeverity) -> Int { hours[severity] ?? Self.standard.hours[severity]! }

    public func dueAtMillis(_ severity: FindingSeverity, fromMillis: Int64) -> Int64 {
        fromMillis + Int64(hours(for: severity)) * 3_600_000
    }

    /// A deadline within this many hours is listed as due soon (a reminder).
    public static let reminderHours = 24
}

/// A planned inspection of an organisation or a facility. Homed at the community where it takes
/// place, so the inspector working at that station (online or not), the organisation answering
/// there, and the street and county above all hold it. A fact: what was planned stays planned;
/// everything after is its steps, and its status is their fold (`InspectionState`).
public struct Inspection: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var target: InspectionTarget
    /// The organisation inspected; nil for a facility, which is the station `home`.
    public var organisationId: UUID?
    public var templateId: UUID
    /// YYYY-MM-DD, China Standard Time.
    public var plannedOn: String
    /// The inspector's operator account.
    public var inspector: String
    public var plannedBy: String
    public var plannedAtMillis: Int64
    public var note: String?

    public init(
        id: UUID = UUID(), home: DivisionCode, target: InspectionTarget, organisationId: UUID?, templateId: UUID, plannedOn: String,
        inspector: String, plannedBy: String, plannedAtMillis: Int64, note: String? = nil
    ) {
        self.id = id
        self.home = home
        self.target = target
        self.organisationId = organisationId
        self.templateId = templateId
        self.plannedOn = plannedOn
        self.inspector = inspector
        self.plannedBy = plannedBy
        self.plannedAtMillis = plannedAtMillis
        self.note = note
    }

    public static let noteMax = 2000
    public static let photosMax = 10
}

/// The steps of an inspection: findings on site and the visit's conclusion (the inspector's),
/// an answer per finding (the organisation's), the re-inspection's verdict per finding
/// (accepted, or sent back with a new deadline), and cancelling a plan.
public enum InspectionStep: String, CodeTable {
    case finding, conclude, answer, accept, reject, cancel

    public var label: Label {
        switch self {
        case .finding: Label(en: "finding", zh: "检查发现问题")
        case .conclude: Label(en: "conclude the visit", zh: "完成现场检查")
        case .answer: Label(en: "rectification answer", zh: "整改反馈")
        case .accept: Label(en: "accept the rectification", zh: "复查通过")
        case .reject: Label(en: "send back", zh: "复查退回")
        case .cancel: Label(en: "cancel", zh: "取消检查")
        }
    }

    /// Steps that name the finding they are about.
    public var namesFinding: Bool { [.answer, .accept, .reject].contains(self) }

    /// The re-inspection's verdicts: taken at a street or the county, never at a community, so an
    /// organisation's own station cannot close its rectification (`SyncScope`).
    public var isVerdict: Bool { self == .accept || self == .reject }
}

public enum InspectionStatus: String, CodeTable {
    case planned, inspecting, rectifying, closed, cancelled

    public var label: Label {
        switch self {
        case .planned: Label(en: "planned", zh: "待检查")
        case .inspecting: Label(en: "inspecting", zh: "检查中")
        case .rectifying: Label(en: "rectifying", zh: "整改中")
        case .closed: Label(en: "closed", zh: "已办结")
        case .cancelled: Label(en: "cancelled", zh: "已取消")
        }
    }
}

/// One step of an inspection, homed with it: a fact.
public struct InspectionEvent: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var inspectionId: UUID
    public var home: DivisionCode
    public var step: InspectionStep
    /// The step's place in the fold: the version it was written with.
    public var version: Version
    /// The finding an answer or verdict is about.
    public var findingId: UUID?
    /// A finding's checklist item code.
    public var item: String?
    public var severity: FindingSeverity?
    public var note: String
    /// Photos of a finding, or the evidence of an answer, as blob SHA-256 digests.
    public var photos: [String]
    /// A finding's deadline, or a rejection's new one, fixed when written.
    public var dueAtMillis: Int64?
    public var actor: String
    public var atMillis: Int64

    public init(
        id: UUID = UUID(), inspectionId: UUID, home: DivisionCode, step: InspectionStep, version: Version = .zero, findingId: UUID? = nil,
        item: String? = nil, severity: FindingSeverity? = nil, note: String, photos: [String] = [], dueAtMillis: Int64? = nil, actor: String,
        atMillis: Int64
    ) {
        self.id = id
        self.inspectionId = inspectionId
        self.home = home
        self.step = step
        self.version = version
        self.findingId = findingId
        self.item = item
        self.severity = severity
        self.note = note
        self.photos = photos
        self.dueAtMillis = dueAtMillis
        self.actor = actor
        self.atMillis = atMillis
    }
}

extension InspectionTemplate: ReplicatedRecord {
    public static let kind = EntityKind.inspectionTemplate
    public static let label = Label(en: "inspection template", zh: "检查模板")
    public static let mergeClass = MergeClass.registry
}

extension Inspection: ReplicatedRecord {
    public static let kind = EntityKind.inspection
    public static let label = Label(en: "inspection", zh: "监督检查")
    public static let mergeClass = MergeClass.fact
}

/// An inspection's steps carry their times as the writing node's clock read them; the version
/// orders them, so the times are not clock readings for the skew check.
extension InspectionEvent: ReplicatedRecord {
    public static let kind = EntityKind.inspectionEvent
    public static let label = Label(en: "inspection step", zh: "检查整改记录")
    public static let mergeClass = MergeClass.fact
    public static let collection = "inspectionEvents"
    public var parent: RecordReference? { RecordReference(.inspection, inspectionId) }
}
