import Foundation

extension Stay {
    /// An admission as an operator sends it. The care level is not the operator's to give: it
    /// comes from the elder's latest approved assessment (or the elder's file when there is none).
    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var elderId: String?
        public var kind: String?
        public var room: String?
        public var bed: String?
        public var contractFrom: String?
        public var contractTo: String?
        /// Absent: the elder's own emergency contacts.
        public var contacts: [Elder.Draft.ContactDraft]?
        /// ISO 8601 date-time of the admission; absent: now.
        public var at: String?
        public var note: String?
        public init() {}
    }

    /// The fields of an admission as checked, before the elder is looked up.
    public struct Fields: Sendable, Equatable {
        public var id: UUID
        public var elderId: UUID
        public var kind: StayKind
        public var room: String
        public var bed: String?
        public var contractFrom: String
        public var contractTo: String
        public var contacts: [EmergencyContact]?
        public var admittedAtMillis: Int64
        public var note: String?
    }

    public static func validate(_ draft: Draft, nowMillis: Int64) throws(ValidationFailure) -> Fields {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let elderId = v.uuid(draft.elderId, "elderId")
        let kind = v.code(draft.kind, "kind", as: StayKind.self)
        let room = v.text(draft.room, "room", max: placeMax)
        let bed = v.text(draft.bed, "bed", max: placeMax, optional: true)
        if kind == .fullCare && draft.bed == nil {
            v.fail("bed", en: "full care needs a bed", zh: "全托照护须指定床位")
        } else if kind == .dayCare && draft.bed != nil {
            v.fail("bed", en: "day care has no bed", zh: "日间照料不分配床位")
        }
        let from = TrainingRecord.checkDate(draft.contractFrom, "contractFrom", &v)
        let to = TrainingRecord.checkDate(draft.contractTo, "contractTo", &v)
        var contract: ClosedRange<String>?
        if let from, let to {
            let days = CalendarDate.days(from: from, to: to)
            if days < 0 {
                v.fail("contractTo", en: "contractTo \(to) is before contractFrom \(from)", zh: "合同截止日期早于起始日期")
            } else if days >= contractDaysMax {
                v.fail("contractTo", en: "a contract runs at most \(contractDaysMax) days", zh: "合同期限不能超过\(contractDaysMax)天")
            } else {
                contract = from...to
            }
        }
        let contacts = draft.contacts.map { v.emergencyContacts($0, "contacts") }
        let at = v.instant(draft.at, "at", nowMillis: nowMillis, backdateMillis: CareRecord.backdateMillis, aheadMillis: CareRecord.aheadMillis)
        if let at, let contract, !contract.contains(VitalsSummary.day(at)) {
            v.fail(
                "at", en: "the admission on \(VitalsSummary.day(at)) is outside the contract \(contract.lowerBound) to \(contract.upperBound)",
                zh: "入住日期不在合同期内")
        }
        let note = v.text(draft.note, "note", max: noteMax, optional: true, multiline: true)
        try v.check()
        return Fields(
            id: id!, elderId: elderId!, kind: kind!, room: room!, bed: bed, contractFrom: from!, contractTo: to!, contacts: contacts,
            admittedAtMillis: at!, note: note)
    }
}

extension Stay: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        v.checkText(room, "room", max: Self.placeMax)
        v.checkText(bed, "bed", max: Self.placeMax, optional: true)
        if (kind == .fullCare) != (bed != nil) {
            v.fail("bed", en: "full care has a bed and day care none", zh: "全托照护须有床位，日间照料不分配床位")
        }
        _ = v.range(careLevel, "careLevel", 0...4)
        _ = TrainingRecord.checkDate(contractFrom, "contractFrom", &v)
        _ = TrainingRecord.checkDate(contractTo, "contractTo", &v)
        if contractTo < contractFrom { v.fail("contractTo", en: "contractTo is before contractFrom", zh: "合同截止日期早于起始日期") }
        if !(1...Self.contactsMax).contains(contacts.count) {
            v.fail("contacts", en: "a stay names 1 to 3 emergency contacts", zh: "紧急联系人应为1至3人")
        }
        for (index, contact) in contacts.enumerated() {
            v.checkText(contact.name, "contacts[\(index)].name", max: 50)
            v.checkText(contact.relation, "contacts[\(index)].relation", max: 20)
            _ = v.phone(contact.phone, "contacts[\(index)].phone")
        }
        v.checkMillis(admittedAtMillis, "admittedAtMillis")
        v.checkText(admittedBy, "admittedBy", max: Operator.nameMaxLength)
        v.checkText(note, "note", max: Self.noteMax, optional: true, multiline: true)
        return v.errors
    }
}

extension CareRecord {
    /// A care record as an operator sends it.
    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var item: String?
        public var meal: String?
        public var detail: String?
        public var room: String?
        public var bed: String?
        /// Who did it; absent: the operator recording it.
        public var by: String?
        /// ISO 8601 date-time it was done; absent: now.
        public var at: String?
        public init() {}
    }

    /// A record of `stay` by `recordedBy` at `nowMillis`, checked field by field (whether it
    /// fits the stay is `StayState.refusal`'s).
    public init(validating draft: Draft, stay: Stay, recordedBy: String, nowMillis: Int64) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let item = v.code(draft.item, "item", as: CareRecordItem.self)
        let meal = v.code(draft.meal, "meal", as: Meal.self, optional: item != .meal)
        if item != nil && item != .meal && draft.meal != nil {
            v.fail("meal", en: "only a meal names a meal", zh: "只有助餐记录填写餐次")
        }
        let detail = v.text(draft.detail, "detail", max: Self.detailMax, optional: !(item?.needsDetail ?? false), multiline: true)
        var room: String?
        var bed: String?
        if item == .transfer {
            room = v.text(draft.room, "room", max: Stay.placeMax)
            bed = v.text(draft.bed, "bed", max: Stay.placeMax, optional: stay.kind == .dayCare)
            if stay.kind == .dayCare && draft.bed != nil { v.fail("bed", en: "day care has no bed", zh: "日间照料不分配床位") }
        } else if draft.room != nil || draft.bed != nil {
            v.fail(draft.room != nil ? "room" : "bed", en: "only a transfer names a room or bed", zh: "只有调换房间床位时填写房间和床位")
        }
        let by = v.text(draft.by ?? recordedBy, "by", max: Self.byMax)
        let at = v.instant(draft.at, "at", nowMillis: nowMillis, backdateMillis: Self.backdateMillis, aheadMillis: Self.aheadMillis)
        try v.check()
        self.init(
            id: id!, stayId: stay.id, elderId: stay.elderId, home: stay.home, item: item!, meal: meal, detail: detail, room: room, bed: bed,
            by: by!, atMillis: at!, recordedBy: recordedBy, recordedAtMillis: nowMillis)
    }
}

extension CareRecordItem {
    /// Medication and nursing say what was given, leave where the elder went, discharge why.
    public var needsDetail: Bool { [.medication, .nursing, .leave, .discharge].contains(self) }
}

extension CareRecord: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if (item == .meal) != (meal != nil) { v.fail("meal", en: "a meal record, and only one, names its meal", zh: "助餐记录须填写餐次") }
        v.checkText(detail, "detail", max: Self.detailMax, optional: !item.needsDetail, multiline: true)
        if item == .transfer {
            v.checkText(room, "room", max: Stay.placeMax)
            v.checkText(bed, "bed", max: Stay.placeMax, optional: true)
        } else if room != nil || bed != nil {
            v.fail("room", en: "only a transfer names a room or bed", zh: "只有调换房间床位时填写房间和床位")
        }
        v.checkText(by, "by", max: Self.byMax)
        v.checkText(recordedBy, "recordedBy", max: Operator.nameMaxLength)
        v.checkMillis(atMillis, "atMillis")
        v.checkMillis(recordedAtMillis, "recordedAtMillis")
        return v.errors
    }
}
