import Foundation

extension InspectionTemplate {
    public struct ItemDraft: Codable, Sendable, Equatable {
        public var code: String?
        public var text: String?
        public init() {}
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var title: String?
        public var target: String?
        public var items: [ItemDraft]?
        public var retired: Bool?
        public init() {}
    }

    public init(validating draft: Draft, id: UUID = UUID(), county: DivisionCode) throws(ValidationFailure) {
        var v = Validator()
        let title = v.text(draft.title, "title", max: Self.titleMax)
        let target = v.code(draft.target, "target", as: InspectionTarget.self)
        let drafts = draft.items ?? []
        if !(1...Self.itemsMax).contains(drafts.count) {
            v.fail("items", en: "a checklist has 1 to \(Self.itemsMax) items, got \(drafts.count)", zh: "检查项应为1至\(Self.itemsMax)项")
        }
        var items: [ChecklistItem] = []
        var codes = Set<String>()
        for (index, item) in drafts.enumerated() {
            let code = v.text(item.code, "items[\(index)].code", max: Self.codeMax)
            let text = v.text(item.text, "items[\(index)].text", max: Self.textMax)
            if let code, !codes.insert(code).inserted {
                v.fail("items[\(index)].code", en: "item code \(code) is used twice", zh: "检查项编号“\(code)”重复")
            }
            if let code, let text { items.append(ChecklistItem(code: code, text: text)) }
        }
        try v.check()
        self.init(id: id, home: county, title: title!, target: target!, items: items, retired: draft.retired ?? false)
    }

    public var draft: Draft {
        var d = Draft()
        d.title = title
        d.target = target.rawValue
        d.items = items.map {
            var item = ItemDraft()
            item.code = $0.code
            item.text = $0.text
            return item
        }
        d.retired = retired
        return d
    }
}

extension InspectionTemplate: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .county)
        v.throughDraft(self, draft: \.draft) { draft throws(ValidationFailure) in try InspectionTemplate(validating: draft, id: id, county: home) }
        return v.errors
    }
}

extension Inspection {
    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var target: String?
        public var organisationId: String?
        /// The community where the inspection takes place (the facility itself, for a facility).
        public var home: String?
        public var templateId: String?
        public var plannedOn: String?
        public var inspector: String?
        public var note: String?
        public init() {}
    }

    /// A plan checked field by field; that the organisation serves `home`, the template fits
    /// the target and the inspector may inspect are the API's checks against what it holds.
    public init(validating draft: Draft, plannedBy: String, nowMillis: Int64) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let target = v.code(draft.target, "target", as: InspectionTarget.self)
        let organisationId = v.uuid(draft.organisationId, "organisationId", optional: target != .organisation)
        if target == .facility && draft.organisationId != nil {
            v.fail("organisationId", en: "a facility inspection names no organisation: the facility is its home", zh: "设施检查不填写服务机构")
        }
        let home = v.division(draft.home, "home", role: .community)
        let templateId = v.uuid(draft.templateId, "templateId")
        let plannedOn = TrainingRecord.checkDate(draft.plannedOn, "plannedOn", &v)
        let inspector = v.text(draft.inspector, "inspector", max: Operator.nameMaxLength)
        let note = v.text(draft.note, "note", max: Self.noteMax, optional: true, multiline: true)
        try v.check()
        self.init(
            id: id!, home: home!, target: target!, organisationId: organisationId, templateId: templateId!, plannedOn: plannedOn!,
            inspector: inspector!, plannedBy: plannedBy, plannedAtMillis: nowMillis, note: note)
    }
}

extension Inspection: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if (target == .organisation) != (organisationId != nil) {
            v.fail("organisationId", en: "an organisation inspection names its organisation, a facility inspection none", zh: "机构检查须指定服务机构，设施检查不指定")
        }
        _ = TrainingRecord.checkDate(plannedOn, "plannedOn", &v)
        v.checkText(inspector, "inspector", max: Operator.nameMaxLength)
        v.checkText(plannedBy, "plannedBy", max: Operator.nameMaxLength)
        v.checkMillis(plannedAtMillis, "plannedAtMillis")
        v.checkText(note, "note", max: Self.noteMax, optional: true, multiline: true)
        return v.errors
    }
}

extension InspectionEvent {
    public struct Draft: Codable, Sendable, Equatable {
        public var step: String?
        public var findingId: String?
        public var item: String?
        public var severity: String?
        public var note: String?
        public var photos: [String]?
        public init() {}
    }

    /// A step of `inspection` by `actor`, checked field by field against the inspection's
    /// checklist; a finding's deadline is fixed from `deadlines`, and so is a rejection's.
    public init(
        validating draft: Draft, inspection: Inspection, template: InspectionTemplate?, state: InspectionState, deadlines: RectificationDeadlines,
        actor: String, nowMillis: Int64
    ) throws(ValidationFailure) {
        var v = Validator()
        let step = v.code(draft.step, "step", as: InspectionStep.self)
        let findingId = v.uuid(draft.findingId, "findingId", optional: !(step?.namesFinding ?? false))
        if let step, !step.namesFinding, draft.findingId != nil {
            v.fail("findingId", en: "only an answer or a verdict names a finding", zh: "只有整改反馈和复查结论指定问题")
        }
        var item: String?
        var severity: FindingSeverity?
        if step == .finding {
            item = v.text(draft.item, "item", max: InspectionTemplate.codeMax)
            if let code = item, let template, !template.items.contains(where: { $0.code == code }) {
                v.fail("item", en: "item \(code) is not on the checklist \(template.title)", zh: "检查项“\(code)”不在检查表中")
            }
            severity = v.code(draft.severity, "severity", as: FindingSeverity.self)
        } else if draft.item != nil || draft.severity != nil {
            v.fail(draft.item != nil ? "item" : "severity", en: "only a finding names an item and a severity", zh: "只有检查发现的问题填写检查项和严重程度")
        }
        let needsNote = step == .finding || step == .answer || step == .reject || step == .cancel
        let note = v.text(draft.note, "note", max: Inspection.noteMax, optional: !needsNote, multiline: true)
        let photos = draft.photos ?? []
        if photos.count > Inspection.photosMax {
            v.fail("photos", en: "at most \(Inspection.photosMax) photos", zh: "照片最多\(Inspection.photosMax)张")
        }
        for (index, digest) in photos.enumerated() where !BlobHash.isValid(digest) {
            v.fail("photos[\(index)]", en: "photos[\(index)] is not a SHA-256 digest of an uploaded file", zh: "照片应为已上传文件的SHA-256摘要")
        }
        if !photos.isEmpty, let step, step != .finding && step != .answer {
            v.fail("photos", en: "only a finding or an answer carries photos", zh: "只有检查发现和整改反馈可附照片")
        }
        try v.check()
        var due: Int64?
        if step == .finding { due = deadlines.dueAtMillis(severity!, fromMillis: nowMillis) }
        if step == .reject, let findingId, let finding = state.finding(findingId) {
            due = deadlines.dueAtMillis(finding.finding.severity ?? .minor, fromMillis: nowMillis)
        }
        self.init(
            inspectionId: inspection.id, home: inspection.home, step: step!, findingId: findingId, item: item, severity: severity,
            note: note ?? "", photos: photos, dueAtMillis: due, actor: actor, atMillis: nowMillis)
    }
}

extension InspectionEvent: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if step.namesFinding != (findingId != nil) {
            v.fail("findingId", en: "an answer or a verdict, and only one, names its finding", zh: "整改反馈和复查结论须指定问题")
        }
        if (step == .finding) != (item != nil && severity != nil && dueAtMillis != nil) {
            v.fail("item", en: "a finding, and only one, has an item, a severity and a deadline", zh: "检查发现须有检查项、严重程度和整改期限")
        }
        if step != .finding && step != .reject && dueAtMillis != nil {
            v.fail("dueAtMillis", en: "only a finding or a rejection sets a deadline", zh: "只有检查发现和复查退回设定整改期限")
        }
        v.checkText(item, "item", max: InspectionTemplate.codeMax, optional: true)
        if !note.isEmpty { v.checkText(note, "note", max: Inspection.noteMax, multiline: true) }
        if [.finding, .answer, .reject, .cancel].contains(step) && note.isEmpty {
            v.fail("note", en: "a \(step.rawValue) step says what it is about", zh: "该步骤须填写说明")
        }
        if photos.count > Inspection.photosMax || !photos.allSatisfy(BlobHash.isValid) {
            v.fail("photos", en: "at most \(Inspection.photosMax) photos, each a SHA-256 digest", zh: "照片最多\(Inspection.photosMax)张，须为SHA-256摘要")
        }
        v.checkText(actor, "actor", max: Operator.nameMaxLength)
        v.checkMillis(atMillis, "atMillis")
        return v.errors
    }
}
