import Foundation

extension CreditRecord {
    /// What `POST /api/v1/credit/records` carries: a violation or an award the county enters,
    /// or a closed complaint it upholds (`source: complaint`, `sourceId` the complaint). A lift
    /// has its own route.
    public struct Draft: Codable, Sendable, Equatable {
        public var organisationId: String?
        public var kind: String?
        public var severity: String?
        public var awardLevel: String?
        public var source: String?
        public var sourceId: String?
        public var description: String?
        public var occurredOn: String?
        public init() {}
    }

    /// What a draft names before the store is read: the organisation and, for an upheld
    /// complaint, the complaint.
    public static func ids(in draft: Draft) throws(ValidationFailure) -> (organisation: UUID, source: UUID?) {
        var v = Validator()
        let organisation = v.uuid(draft.organisationId, "organisationId")
        let source = v.uuid(draft.sourceId, "sourceId", optional: true)
        try v.check()
        return (organisation!, source)
    }

    /// A record the county enters at `home` (the county) on `today` (YYYY-MM-DD, China time).
    /// `organisation` is the organisation as held here (nil when none); `complaint` the
    /// complaint a `complaint` source names, with whether it is closed.
    public init(
        validating draft: Draft, home: DivisionCode, organisation: ServiceOrganisation?, complaint: (Complaint, closed: Bool)?,
        recordedBy: String, nowMillis: Int64
    ) throws(ValidationFailure) {
        var v = Validator()
        if home.role != .county {
            v.fail("home", en: "credit records are kept by the county: enter them on the county node", zh: "信用记录由县级录入，请在县级节点操作")
        }
        let organisationId = v.uuid(draft.organisationId, "organisationId")
        if let organisationId, organisation == nil {
            v.fail("organisationId", en: "no organisation with id \(organisationId) at this node", zh: "本节点没有该服务组织")
        }
        let kind = v.code(draft.kind, "kind", as: CreditRecordKind.self)
        var severity: CreditSeverity?
        var awardLevel: AwardLevel?
        switch kind {
        case .violation?:
            severity = v.code(draft.severity, "severity", as: CreditSeverity.self)
            if draft.awardLevel != nil { v.fail("awardLevel", en: "a violation has a severity, not an award level", zh: "失信记录不填写表彰级别") }
        case .award?:
            awardLevel = v.code(draft.awardLevel, "awardLevel", as: AwardLevel.self)
            if draft.severity != nil { v.fail("severity", en: "an award has a level, not a severity", zh: "守信奖励不填写严重程度") }
        case .lift?:
            v.fail("kind", en: "a blacklisting is lifted by POST /api/v1/credit/organisations/{id}/lift", zh: "移出黑名单请使用专门的操作")
        case nil:
            break
        }
        let source = draft.source == nil ? CreditSource.county : v.code(draft.source, "source", as: CreditSource.self)
        let sourceId = v.uuid(draft.sourceId, "sourceId", optional: true)
        switch source {
        case .county?:
            if draft.sourceId != nil { v.fail("sourceId", en: "a record the county enters names no source", zh: "县级录入的记录不关联来源") }
        case .complaint?:
            if kind == .award { v.fail("source", en: "a complaint gives a violation, not an award", zh: "投诉查实只能形成失信记录") }
            if draft.sourceId == nil {
                v.fail("sourceId", en: "sourceId is required: the complaint that was upheld", zh: "请指定查实的投诉（sourceId）")
            } else if let sourceId {
                if let (complaint, closed) = complaint {
                    if !closed {
                        v.fail("sourceId", en: "complaint \(sourceId) is not closed yet: uphold it once it is closed", zh: "该投诉尚未办结，办结后才能认定")
                    }
                    if let organisationId, complaint.organisationId != organisationId {
                        v.fail("sourceId", en: "complaint \(sourceId) is not about organisation \(organisationId)", zh: "该投诉不是针对此服务组织的")
                    }
                } else {
                    v.fail("sourceId", en: "no complaint with id \(sourceId) at this node", zh: "本节点没有该投诉")
                }
            }
        case .reinspection?:
            v.fail("source", en: "a failed re-inspection is recorded by the inspection itself, not entered", zh: "复查不合格由督查流程自动记录，不能手工录入")
        case nil:
            break
        }
        let description = v.text(draft.description, "description", max: Self.descriptionMax, multiline: true)
        let today = CreditRule.chinaDay(millis: nowMillis)
        let occurredOn = draft.occurredOn == nil ? today : TrainingRecord.checkDate(draft.occurredOn, "occurredOn", &v)
        if let occurredOn, occurredOn > today {
            v.fail("occurredOn", en: "occurredOn \(occurredOn) is after today (\(today))", zh: "发生日期不能晚于今天")
        }
        try v.check()
        let id = sourceId.map { Self.stableID(source: source!, sourceId: $0) } ?? UUID()
        self.init(
            id: id, home: home, organisationId: organisationId!, kind: kind!, severity: severity, awardLevel: awardLevel, source: source!,
            sourceId: sourceId, description: description!, occurredOn: occurredOn!, recordedBy: recordedBy, recordedAtMillis: nowMillis)
    }
}

extension CreditRecord: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        if home.role != .county { v.fail("home", en: "a credit record is homed at the county", zh: "信用记录应属于县（区）") }
        switch kind {
        case .violation:
            if severity == nil { v.fail("severity", en: "a violation needs a severity", zh: "失信记录须有严重程度") }
            if awardLevel != nil { v.fail("awardLevel", en: "a violation has no award level", zh: "失信记录不填写表彰级别") }
        case .award:
            if awardLevel == nil { v.fail("awardLevel", en: "an award needs a level", zh: "守信奖励须有表彰级别") }
            if severity != nil { v.fail("severity", en: "an award has no severity", zh: "守信奖励不填写严重程度") }
        case .lift:
            if severity != nil || awardLevel != nil { v.fail("kind", en: "a lift has neither severity nor award level", zh: "移出黑名单记录不填写严重程度或表彰级别") }
        }
        switch source {
        case .county:
            if sourceId != nil { v.fail("sourceId", en: "a record the county enters names no source", zh: "县级录入的记录不关联来源") }
        case .complaint, .reinspection:
            if let sourceId {
                if id != Self.stableID(source: source, sourceId: sourceId) {
                    v.fail("id", en: "a record from a \(source.rawValue) takes the id its source gives", zh: "来源记录的编号与来源不符")
                }
            } else {
                v.fail("sourceId", en: "a record from a \(source.rawValue) names it", zh: "须关联来源")
            }
            if kind != .violation { v.fail("kind", en: "a \(source.rawValue) gives a violation", zh: "该来源只能形成失信记录") }
        }
        v.checkText(description, "description", max: Self.descriptionMax, multiline: true)
        if !CalendarDate.isValid(occurredOn) { v.fail("occurredOn", en: "occurredOn '\(occurredOn)' is not a date YYYY-MM-DD", zh: "发生日期无效") }
        v.checkActor(recordedBy, "recordedBy")
        v.checkMillis(recordedAtMillis, "recordedAtMillis")
        return v.errors
    }
}

/// What the inspection code (or anything else at the county) hands to
/// `AppDatabase.recordCreditEvent(_:actor:)`: a violation or award with where it came from.
public struct CreditEvent: Sendable, Hashable {
    public var organisationId: UUID
    public var kind: CreditRecordKind
    public var severity: CreditSeverity?
    public var awardLevel: AwardLevel?
    public var source: CreditSource
    /// The complaint or re-inspection; nil for one the county enters.
    public var sourceId: UUID?
    public var description: String
    /// YYYY-MM-DD; nil for today (China time).
    public var occurredOn: String?

    public init(
        organisationId: UUID, kind: CreditRecordKind, severity: CreditSeverity? = nil, awardLevel: AwardLevel? = nil, source: CreditSource,
        sourceId: UUID? = nil, description: String, occurredOn: String? = nil
    ) {
        self.organisationId = organisationId
        self.kind = kind
        self.severity = severity
        self.awardLevel = awardLevel
        self.source = source
        self.sourceId = sourceId
        self.description = description
        self.occurredOn = occurredOn
    }

    /// A failed re-inspection of a rectification order: a violation of the finding's severity.
    public static func failedReinspection(organisationId: UUID, reinspectionId: UUID, severity: CreditSeverity, description: String, occurredOn: String? = nil) -> CreditEvent {
        CreditEvent(
            organisationId: organisationId, kind: .violation, severity: severity, source: .reinspection, sourceId: reinspectionId,
            description: description, occurredOn: occurredOn)
    }

    /// The record this event gives at `home` (the county).
    public func record(home: DivisionCode, recordedBy: String, nowMillis: Int64) -> CreditRecord {
        CreditRecord(
            id: sourceId.map { CreditRecord.stableID(source: source, sourceId: $0) } ?? UUID(), home: home, organisationId: organisationId,
            kind: kind, severity: severity, awardLevel: awardLevel, source: source, sourceId: sourceId, description: description,
            occurredOn: occurredOn ?? CreditRule.chinaDay(millis: nowMillis), recordedBy: recordedBy, recordedAtMillis: nowMillis)
    }
}

extension CreditSeverity {
    /// The violation a failed re-inspection of a finding gives: a minor finding is a minor
    /// violation, a moderate one general, a serious one serious, a critical one grave.
    public init(finding: FindingSeverity) {
        switch finding {
        case .minor: self = .minor
        case .moderate: self = .general
        case .serious: self = .serious
        case .critical: self = .grave
        }
    }
}

extension CreditEvent {
    /// A failed re-inspection of a finding of `finding` severity; `reinspectionId` is the
    /// verdict's own id (an inspection event), so each verdict counts once.
    public static func failedReinspection(
        organisationId: UUID, reinspectionId: UUID, finding: FindingSeverity, description: String, occurredOn: String? = nil
    ) -> CreditEvent {
        failedReinspection(
            organisationId: organisationId, reinspectionId: reinspectionId, severity: CreditSeverity(finding: finding), description: description,
            occurredOn: occurredOn)
    }
}
