import Foundation

/// One care contact with an elder (关怀记录): a call, video call, visit or message, and what it
/// found. A fact, homed with its elder: a contact made stays made, and it moves with the elder.
/// A concern found names the service order or alert it became, written with it.
public struct CareContact: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var elderId: UUID
    public var kind: CareContactKind
    public var outcome: CareOutcome
    /// When the contact was made (the operator may record one made earlier).
    public var atMillis: Int64
    /// The operator who recorded it.
    public var by: String
    /// The volunteer who made it, when it was not the operator.
    public var volunteer: String?
    public var notes: String?
    public var followUpKind: CareFollowUpKind?
    public var followUpId: UUID?
    public var recordedAtMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, elderId: UUID, kind: CareContactKind, outcome: CareOutcome, atMillis: Int64, by: String,
        volunteer: String? = nil, notes: String? = nil, followUpKind: CareFollowUpKind? = nil, followUpId: UUID? = nil,
        recordedAtMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.elderId = elderId
        self.kind = kind
        self.outcome = outcome
        self.atMillis = atMillis
        self.by = by
        self.volunteer = volunteer
        self.notes = notes
        self.followUpKind = followUpKind
        self.followUpId = followUpId
        self.recordedAtMillis = recordedAtMillis
    }

    public static let notesMax = 1000
    /// How far back a contact may be recorded.
    public static let backdateMillis: Int64 = 30 * 86_400_000
    /// Tolerance for a contact time a little ahead of this node's clock (another device's clock).
    public static let aheadMillis: Int64 = 5 * 60_000

    /// What an operator sends to record a contact.
    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var kind: String?
        public var outcome: String?
        /// ISO 8601 date-time; absent: now.
        public var at: String?
        public var volunteer: String?
        public var notes: String?
        /// With a concern found: what it becomes in the same step.
        public var raise: Raise?
        public init() {}
    }

    /// A concern's follow-up as the operator asks for it.
    public struct Raise: Codable, Sendable, Equatable {
        /// `order` or `alert`.
        public var kind: String?
        /// For an order: the service wanted.
        public var category: String?
        /// For an alert: `warning` (default) or `critical`.
        public var severity: String?
        public init() {}
    }

    /// A validated follow-up request: an order of `category`, or an alert of `severity`.
    public struct FollowUpRequest: Sendable, Equatable {
        public var kind: CareFollowUpKind
        public var category: ServiceCategory?
        public var severity: AlertSeverity

        public init(kind: CareFollowUpKind, category: ServiceCategory?, severity: AlertSeverity) {
            self.kind = kind
            self.category = category
            self.severity = severity
        }
    }

    /// A contact with `elderId` recorded by `by` at `nowMillis`, and the follow-up its concern
    /// asks for. A concern needs notes; only a concern may raise an order or an alert.
    public static func validate(
        _ draft: Draft, elderId: UUID, home: DivisionCode, by: String, nowMillis: Int64
    ) throws(ValidationFailure) -> (contact: CareContact, followUp: FollowUpRequest?) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let kind = v.code(draft.kind, "kind", as: CareContactKind.self)
        let outcome = v.code(draft.outcome, "outcome", as: CareOutcome.self)
        let at = v.instant(draft.at, "at", nowMillis: nowMillis, backdateMillis: backdateMillis, aheadMillis: aheadMillis)
        let volunteer = v.text(draft.volunteer, "volunteer", max: CarePlan.nameMax, optional: true)
        let notes = v.text(draft.notes, "notes", max: notesMax, optional: true, multiline: true)
        if outcome == .concernFound && notes == nil && draft.notes == nil {
            v.fail("notes", en: "a concern found needs notes saying what it is", zh: "发现问题时须填写情况说明")
        }
        var followUp: FollowUpRequest?
        if let raise = draft.raise {
            if outcome != nil && outcome != .concernFound {
                v.fail("raise", en: "only a concern found raises an order or an alert", zh: "只有发现问题时才能生成工单或预警")
            }
            let raiseKind = v.code(raise.kind, "raise.kind", as: CareFollowUpKind.self)
            var category: ServiceCategory?
            var severity = AlertSeverity.warning
            switch raiseKind {
            case .order:
                category = v.code(raise.category, "raise.category", as: ServiceCategory.self)
                if raise.severity != nil { v.fail("raise.severity", en: "an order has no severity", zh: "服务工单没有预警级别") }
            case .alert:
                if raise.category != nil { v.fail("raise.category", en: "an alert has no service category", zh: "预警没有服务类别") }
                if let given = v.code(raise.severity, "raise.severity", as: AlertSeverity.self, optional: true) { severity = given }
            case nil:
                break
            }
            if let raiseKind { followUp = FollowUpRequest(kind: raiseKind, category: category, severity: severity) }
        }
        try v.check()
        let contact = CareContact(
            id: id!, home: home, elderId: elderId, kind: kind!, outcome: outcome!, atMillis: at!, by: by, volunteer: volunteer, notes: notes,
            followUpKind: followUp?.kind, recordedAtMillis: nowMillis)
        return (contact, followUp)
    }

    /// The alert a concern becomes: no device raised it, so its source names proactive care.
    public func concernAlert(id: UUID = UUID(), severity: AlertSeverity, place: String, nowMillis: Int64) -> Alert {
        let note = notes ?? ""
        return Alert(
            id: id, home: home, elderId: elderId, deviceSerial: Self.alertSource, condition: Self.alertCondition, measure: "care",
            value: nil, severity: severity, message: "proactive care: concern found by \(by): \(note)",
            messageZh: "主动关怀发现问题（\(by)）：\(note)", place: place, raisedAtMillis: nowMillis)
    }

    /// The device-serial field of an alert raised from a care contact.
    public static let alertSource = "proactive-care"
    /// The condition key of such an alert.
    public static let alertCondition = "care.concern"
}

/// The contact's time is not among its `clockReadings`: it is the time the operator says the
/// contact was made (it may be recorded later, up to `backdateMillis`), read on the node's own
/// injected clock, not a reading the sync's skew check can hold against the receiver's clock.
extension CareContact: ReplicatedRecord {
    public static let kind = EntityKind.careContact
    public static let label = Label(en: "care contact", zh: "关怀记录")
    /// A fact: a contact made stays made. Homed with its elder, so it moves with the elder.
    public static let mergeClass = MergeClass.fact
    public static let collection = "careContacts"
    public var parent: RecordReference? { RecordReference(.elder, elderId) }
}

extension CareContact: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        v.checkMillis(atMillis, "atMillis")
        v.checkMillis(recordedAtMillis, "recordedAtMillis")
        v.checkText(by, "by", max: Operator.nameMaxLength)
        v.checkText(volunteer, "volunteer", max: CarePlan.nameMax, optional: true)
        v.checkText(notes, "notes", max: Self.notesMax, optional: true, multiline: true)
        if outcome == .concernFound && notes == nil {
            v.fail("notes", en: "a concern found has notes", zh: "发现问题的关怀记录须有情况说明")
        }
        if followUpKind != nil && outcome != .concernFound {
            v.fail("followUpKind", en: "only a concern found has a follow-up", zh: "只有发现问题的记录才有后续工单或预警")
        }
        if (followUpKind == nil) != (followUpId == nil) {
            v.fail("followUpId", en: "a follow-up has both its kind and its id", zh: "后续工单或预警须同时有类别和编号")
        }
        return v.errors
    }
}
