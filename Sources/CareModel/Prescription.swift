import Foundation

/// What a health prescription advises (健康处方: 饮食、运动、用药 and the like, Hubei draft
/// 健康管理; Anhui §5.3.2.6 health guidance).
public enum PrescriptionKind: String, CodeTable {
    case diet, exercise, medication, lifestyle, psychological

    public var label: Label {
        switch self {
        case .diet: Label(en: "diet", zh: "饮食")
        case .exercise: Label(en: "exercise", zh: "运动")
        case .medication: Label(en: "medication", zh: "用药")
        case .lifestyle: Label(en: "lifestyle", zh: "生活方式")
        case .psychological: Label(en: "psychological", zh: "心理")
        }
    }
}

/// Where a prescription stands; derived from what was recorded, never stored, so that an
/// acknowledgement and a withdrawal made at two nodes apart both stand.
public enum PrescriptionStatus: String, CodeTable {
    case issued, acknowledged, withdrawn

    public var label: Label {
        switch self {
        case .issued: Label(en: "issued", zh: "已开具")
        case .acknowledged: Label(en: "acknowledged", zh: "已知晓")
        case .withdrawn: Label(en: "withdrawn", zh: "已撤销")
        }
    }
}

/// Diet, exercise or medication advice a doctor issues to one elder (健康处方), acknowledged by
/// the elder or a family member, and shown with the elder's health record.
///
/// Merge class: profile. The advice is written once; acknowledging and withdrawing are later
/// edits of their own fields, often at different nodes (a caregiver records the elder's
/// acknowledgement at the visit while the doctor withdraws it at the station), and per-field
/// last-writer-wins keeps both. Homed with its elder, it moves with the elder.
public struct Prescription: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The elder's community.
    public var home: DivisionCode
    public var elderId: UUID
    /// The chronic condition it is for, if any.
    public var conditionId: UUID?
    public var kind: PrescriptionKind
    /// YYYY-MM-DD.
    public var issuedOn: String
    /// The doctor who issued it (name as signed).
    public var doctor: String
    public var advice: String
    /// YYYY-MM-DD, the last day it applies, when it is for a period.
    public var validUntil: String?
    /// Who recorded it (the operator's name).
    public var issuedBy: String
    public var acknowledgedAtMillis: Int64?
    /// Who acknowledged it: the elder, or the family member's name and relation.
    public var acknowledgedBy: String?
    public var withdrawnAtMillis: Int64?
    public var withdrawnReason: String?

    public init(
        id: UUID = UUID(), home: DivisionCode, elderId: UUID, conditionId: UUID? = nil, kind: PrescriptionKind, issuedOn: String,
        doctor: String, advice: String, validUntil: String? = nil, issuedBy: String, acknowledgedAtMillis: Int64? = nil,
        acknowledgedBy: String? = nil, withdrawnAtMillis: Int64? = nil, withdrawnReason: String? = nil
    ) {
        self.id = id
        self.home = home
        self.elderId = elderId
        self.conditionId = conditionId
        self.kind = kind
        self.issuedOn = issuedOn
        self.doctor = doctor
        self.advice = advice
        self.validUntil = validUntil
        self.issuedBy = issuedBy
        self.acknowledgedAtMillis = acknowledgedAtMillis
        self.acknowledgedBy = acknowledgedBy
        self.withdrawnAtMillis = withdrawnAtMillis
        self.withdrawnReason = withdrawnReason
    }

    public static let adviceMax = 2000
    public static let nameMax = 50
    public static let reasonMax = 200

    public var status: PrescriptionStatus {
        if withdrawnAtMillis != nil { return .withdrawn }
        return acknowledgedAtMillis != nil ? .acknowledged : .issued
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var kind: String?
        public var issuedOn: String?
        public var doctor: String?
        public var advice: String?
        public var validUntil: String?
        public var conditionId: String?

        public init() {}
    }

    /// A new prescription for `elderId`, homed with the elder. `condition` is the entry the
    /// draft's `conditionId` names, looked up by the caller (nil when it names none or an
    /// unknown one).
    public init(
        validating draft: Draft, elderId: UUID, home: DivisionCode, condition: ChronicCondition?, issuedBy: String, today: String
    ) throws(ValidationFailure) {
        var v = Validator()
        let kind = v.code(draft.kind, "kind", as: PrescriptionKind.self)
        let issuedOn = draft.issuedOn ?? today
        if !CalendarDate.isValid(issuedOn) {
            v.fail("issuedOn", en: "issuedOn '\(issuedOn)' must be a date YYYY-MM-DD", zh: "开具日期格式应为YYYY-MM-DD")
        } else if issuedOn > today {
            v.fail("issuedOn", en: "issuedOn \(issuedOn) is in the future", zh: "开具日期不能晚于今天")
        }
        let doctor = v.text(draft.doctor, "doctor", max: Self.nameMax)
        let advice = v.text(draft.advice, "advice", max: Self.adviceMax, multiline: true)
        if let until = draft.validUntil {
            if !CalendarDate.isValid(until) {
                v.fail("validUntil", en: "validUntil '\(until)' must be a date YYYY-MM-DD", zh: "有效期格式应为YYYY-MM-DD")
            } else if until < issuedOn {
                v.fail("validUntil", en: "validUntil \(until) comes before issuedOn \(issuedOn)", zh: "有效期不能早于开具日期")
            }
        }
        if let named = draft.conditionId {
            if let condition {
                if condition.elderId != elderId {
                    v.fail("conditionId", en: "chronic condition \(named) is not this elder's", zh: "该慢病登记不属于此老人")
                }
            } else {
                v.fail("conditionId", en: "no chronic condition \(named) of this elder", zh: "此老人没有该慢病登记")
            }
        }
        try v.check()
        self.init(
            home: home, elderId: elderId, conditionId: condition?.id, kind: kind!, issuedOn: issuedOn, doctor: doctor!, advice: advice!,
            validUntil: draft.validUntil, issuedBy: issuedBy)
    }

    /// What an acknowledgement carries.
    public struct Acknowledgement: Codable, Sendable, Equatable {
        public var by: String?
        public init() {}
        public init(by: String?) { self.by = by }
    }

    /// This prescription acknowledged by `ack.by` at `nowMillis`. A withdrawn one cannot be.
    public func acknowledged(_ ack: Acknowledgement, nowMillis: Int64) throws(ValidationFailure) -> Prescription {
        var v = Validator()
        let by = v.text(ack.by, "by", max: Self.nameMax)
        if withdrawnAtMillis != nil {
            v.fail("status", en: "the prescription was withdrawn: it cannot be acknowledged", zh: "该健康处方已撤销，不能确认")
        } else if acknowledgedAtMillis != nil {
            v.fail("status", en: "the prescription was already acknowledged", zh: "该健康处方已确认")
        }
        try v.check()
        var next = self
        next.acknowledgedAtMillis = nowMillis
        next.acknowledgedBy = by
        return next
    }

    /// What a withdrawal carries.
    public struct Withdrawal: Codable, Sendable, Equatable {
        public var reason: String?
        public init() {}
        public init(reason: String?) { self.reason = reason }
    }

    /// This prescription withdrawn at `nowMillis` for `withdrawal.reason`.
    public func withdrawn(_ withdrawal: Withdrawal, nowMillis: Int64) throws(ValidationFailure) -> Prescription {
        var v = Validator()
        let reason = v.text(withdrawal.reason, "reason", max: Self.reasonMax)
        if withdrawnAtMillis != nil {
            v.fail("status", en: "the prescription was already withdrawn", zh: "该健康处方已撤销")
        }
        try v.check()
        var next = self
        next.withdrawnAtMillis = nowMillis
        next.withdrawnReason = reason
        return next
    }
}

extension Prescription: ReplicatedRecord {
    public static let kind = EntityKind.prescription
    public static let label = Label(en: "health prescription", zh: "健康处方")
    public static let mergeClass = MergeClass.profile
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
    public var clockReadings: [Int64] { [acknowledgedAtMillis, withdrawnAtMillis].compactMap { $0 } }
}

extension Prescription: ProfileRecord {
    public static let mergeFields: [MergeField<Prescription>] = [
        MergeField("home", \.home), MergeField("elderId", \.elderId), MergeField("conditionId", \.conditionId),
        MergeField("kind", \.kind), MergeField("issuedOn", \.issuedOn), MergeField("doctor", \.doctor),
        MergeField("advice", \.advice), MergeField("validUntil", \.validUntil), MergeField("issuedBy", \.issuedBy),
        MergeField("acknowledgedAtMillis", \.acknowledgedAtMillis), MergeField("acknowledgedBy", \.acknowledgedBy),
        MergeField("withdrawnAtMillis", \.withdrawnAtMillis), MergeField("withdrawnReason", \.withdrawnReason),
    ]
}

extension Prescription: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if !CalendarDate.isValid(issuedOn) { v.fail("issuedOn", en: "issuedOn must be a date YYYY-MM-DD", zh: "开具日期格式应为YYYY-MM-DD") }
        if let until = validUntil, !CalendarDate.isValid(until) || until < issuedOn {
            v.fail("validUntil", en: "validUntil must be a date YYYY-MM-DD on or after issuedOn", zh: "有效期应为不早于开具日期的日期")
        }
        v.checkText(doctor, "doctor", max: Self.nameMax)
        v.checkText(advice, "advice", max: Self.adviceMax, multiline: true)
        v.checkText(issuedBy, "issuedBy", max: Operator.nameMaxLength)
        if (acknowledgedAtMillis == nil) != (acknowledgedBy == nil) {
            v.fail("acknowledgedBy", en: "an acknowledgement has both its time and who made it", zh: "确认须同时有时间和确认人")
        }
        v.checkText(acknowledgedBy, "acknowledgedBy", max: Self.nameMax, optional: true)
        if let at = acknowledgedAtMillis { v.checkMillis(at, "acknowledgedAtMillis") }
        if (withdrawnAtMillis == nil) != (withdrawnReason == nil) {
            v.fail("withdrawnReason", en: "a withdrawal has both its time and its reason", zh: "撤销须同时有时间和原因")
        }
        v.checkText(withdrawnReason, "withdrawnReason", max: Self.reasonMax, optional: true)
        if let at = withdrawnAtMillis { v.checkMillis(at, "withdrawnAtMillis") }
        return v.errors
    }
}
