import Foundation

/// What a credit record records (信用信息, Anhui §5.1.2.7).
public enum CreditRecordKind: String, CodeTable {
    /// A breach found against the organisation: an upheld complaint, a failed re-inspection,
    /// or one the county enters by hand.
    case violation
    /// A commendation the organisation received.
    case award
    /// The county's decision to lift the organisation's blacklisting (信用修复).
    case lift

    public var label: Label {
        switch self {
        case .violation: Label(en: "violation", zh: "失信记录")
        case .award: Label(en: "award", zh: "守信奖励")
        case .lift: Label(en: "blacklisting lifted", zh: "移出黑名单")
        }
    }
}

/// How grave a violation is: the points it takes off and how long it counts.
public enum CreditSeverity: String, CodeTable {
    case minor, general, serious, grave

    public var label: Label {
        switch self {
        case .minor: Label(en: "minor", zh: "轻微")
        case .general: Label(en: "general", zh: "一般")
        case .serious: Label(en: "serious", zh: "严重")
        case .grave: Label(en: "grave", zh: "特别严重")
        }
    }
}

/// Who gave an award: the higher the level, the more it adds.
public enum AwardLevel: String, CodeTable {
    case county, municipal, provincial

    public var label: Label {
        switch self {
        case .county: Label(en: "county commendation", zh: "县（区）级表彰")
        case .municipal: Label(en: "municipal commendation", zh: "市级表彰")
        case .provincial: Label(en: "provincial or national commendation", zh: "省级及以上表彰")
        }
    }
}

/// Where a credit record came from.
public enum CreditSource: String, CodeTable {
    /// A complaint against the organisation, closed and upheld by the county (GB/T 17242).
    case complaint
    /// A re-inspection of a rectification order that failed (服务监督).
    case reinspection
    /// Entered by the county's staff.
    case county

    public var label: Label {
        switch self {
        case .complaint: Label(en: "upheld complaint", zh: "投诉查实")
        case .reinspection: Label(en: "failed re-inspection", zh: "复查不合格")
        case .county: Label(en: "entered by the county", zh: "县级录入")
        }
    }
}

/// One entry of an organisation's credit file: a violation, an award or the lifting of its
/// blacklisting. A county registry record: written only at the county (which holds every
/// complaint's close and every re-inspection's result), homed there and sent down to every
/// node, so the list and the score read the same everywhere.
///
/// Merge class: registry. A record from a complaint or a re-inspection takes the id
/// `StableID.make("credit", source, sourceId)`, so one complaint or re-inspection gives at
/// most one record however often it is reported.
public struct CreditRecord: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The county (6 digits).
    public var home: DivisionCode
    public var organisationId: UUID
    public var kind: CreditRecordKind
    /// A violation's severity; nil otherwise.
    public var severity: CreditSeverity?
    /// An award's level; nil otherwise.
    public var awardLevel: AwardLevel?
    public var source: CreditSource
    /// The complaint or re-inspection it came from; nil when entered by the county.
    public var sourceId: UUID?
    public var description: String
    /// The day it happened (YYYY-MM-DD, China time): validity counts from it.
    public var occurredOn: String
    public var recordedBy: String
    public var recordedAtMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, organisationId: UUID, kind: CreditRecordKind, severity: CreditSeverity? = nil,
        awardLevel: AwardLevel? = nil, source: CreditSource, sourceId: UUID? = nil, description: String, occurredOn: String,
        recordedBy: String, recordedAtMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.organisationId = organisationId
        self.kind = kind
        self.severity = severity
        self.awardLevel = awardLevel
        self.source = source
        self.sourceId = sourceId
        self.description = description
        self.occurredOn = occurredOn
        self.recordedBy = recordedBy
        self.recordedAtMillis = recordedAtMillis
    }

    public static let descriptionMax = 1000

    /// The id of the record a complaint or a re-inspection gives.
    public static func stableID(source: CreditSource, sourceId: UUID) -> UUID {
        StableID.make("credit", source.rawValue, sourceId.canonicalString)
    }

    /// The points the record moves the score by while it counts (negative for a violation).
    public var points: Int {
        switch kind {
        case .violation: -(severity.map(CreditRule.deduction) ?? 0)
        case .award: awardLevel.map(CreditRule.bonus) ?? 0
        case .lift: 0
        }
    }

    /// The last day the record counts towards the score.
    public var countsThrough: String {
        let months = switch kind {
        case .violation: severity.map(CreditRule.validMonths) ?? 0
        case .award: CreditRule.awardValidMonths
        case .lift: 0
        }
        return CalendarDate.adding(days: -1, to: CreditRule.adding(months: months, to: occurredOn))
    }

    /// Whether the record counts towards the score on `day` (YYYY-MM-DD).
    public func counts(on day: String) -> Bool {
        kind != .lift && occurredOn <= day && day <= countsThrough
    }
}

extension CreditRecord: ReplicatedRecord {
    public static let kind = EntityKind.creditRecord
    public static let label = Label(en: "credit record", zh: "信用记录")
    public static let mergeClass = MergeClass.registry
    public var clockReadings: [Int64] { [recordedAtMillis] }
}
