import Foundation

extension WindowCase {
    public static let summaryMax = 1000
    /// Documents one case may carry.
    public static let documentsMax = 20

    /// What an operator sends to open a case. A complaint case names the order or the
    /// organisation it is about, as any complaint does (`Complaint.Draft`).
    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var elderId: String?
        public var kind: String?
        public var channel: String?
        public var summary: String?
        public var documents: [String]?
        public var orderId: String?
        public var organisationId: String?
        /// Who complains, for a complaint case; the elder's name when not given.
        public var complainant: String?
        public init() {}
    }

    public struct Fields: Sendable, Equatable {
        public var id: UUID
        public var elderId: UUID
        public var kind: CaseKind
        public var channel: IntakeChannel
        public var summary: String
        public var documents: [String]
        public var orderId: UUID?
        public var organisationId: UUID?
        public var complainant: String?
    }

    /// Checks what does not need the store; the elder, the documents and a complaint's order or
    /// organisation are looked up by the caller.
    public static func validate(_ draft: Draft) throws(ValidationFailure) -> Fields {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        var elderId: UUID?
        if draft.elderId == nil {
            v.fail("elderId", en: "elderId is required: choose the elder the case concerns", zh: "请选择事项涉及的老人")
        } else {
            elderId = v.uuid(draft.elderId, "elderId")
        }
        let kind = v.code(draft.kind, "kind", as: CaseKind.self)
        let channel = v.code(draft.channel, "channel", as: IntakeChannel.self)
        var summary: String?
        if (draft.summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            v.fail("summary", en: "summary is required: what the elder asks for", zh: "请填写事项内容（老人咨询或申请的事项）")
        } else {
            summary = v.text(draft.summary, "summary", max: summaryMax, multiline: true)
        }
        let documents = draft.documents ?? []
        if documents.count > documentsMax {
            v.fail("documents", en: "a case carries at most \(documentsMax) documents", zh: "每个事项最多附\(documentsMax)份材料")
        }
        for (index, digest) in documents.enumerated() where !isDigest(digest) {
            v.fail("documents[\(index)]", en: "documents[\(index)] is not a SHA-256 digest of an uploaded file", zh: "材料须先上传（应为SHA-256摘要）")
        }
        let orderId = v.uuid(draft.orderId, "orderId", optional: true)
        let organisationId = v.uuid(draft.organisationId, "organisationId", optional: true)
        let complainant = v.text(draft.complainant, "complainant", max: 50, optional: true)
        if kind == .complaint, draft.orderId == nil, draft.organisationId == nil {
            v.fail("orderId", en: "a complaint concerns an order (orderId) or an organisation (organisationId)", zh: "投诉须关联工单或服务组织")
        }
        try v.check()
        return Fields(
            id: id!, elderId: elderId!, kind: kind!, channel: channel!, summary: summary!, documents: documents, orderId: orderId,
            organisationId: organisationId, complainant: complainant)
    }

    static func isDigest(_ text: String) -> Bool { BlobHash.isValid(text) }
}

extension WindowCase: ValidatedRecord {
    /// The operator API's rules (through the same draft check), plus a community home, who took
    /// it when, and a complaint case's complaint.
    public var validationErrors: [FieldError] {
        var v = Validator()
        var draft = Draft()
        draft.id = id.canonicalString
        draft.elderId = elderId.canonicalString
        draft.kind = kind.rawValue
        draft.channel = channel.rawValue
        draft.summary = summary
        draft.documents = documents
        // The complaint record carries the order or organisation; the case carries the complaint.
        if kind == .complaint { draft.organisationId = complaintId?.canonicalString }
        _ = v.collect { () throws(ValidationFailure) in try Self.validate(draft) }
        if kind == .complaint, complaintId == nil {
            v.fail("complaintId", en: "a complaint case names its complaint record", zh: "投诉事项须关联投诉记录")
        }
        if kind != .complaint, complaintId != nil {
            v.fail("complaintId", en: "only a complaint case names a complaint record", zh: "只有投诉事项可关联投诉记录")
        }
        _ = v.division(home.rawValue, "home", role: .community)
        v.checkText(takenBy, "takenBy", max: Operator.actorMaxLength)
        v.checkMillis(receivedAtMillis, "receivedAtMillis")
        if dueAtMillis < receivedAtMillis {
            v.fail("dueAtMillis", en: "dueAtMillis is before the case was received", zh: "办理期限早于受理时间")
        }
        return v.errors
    }
}

extension CaseEvent {
    public static let noteMax = 2000

    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var step: String?
        public var note: String?
        /// For `toOrder`: the service order the booking became.
        public var orderId: String?
        public init() {}
    }

    /// Steps whose note is required: what was noted, the result, or why the county returned it.
    public static let needsNote: Set<CaseStep> = [.note, .close, .return]

    public init(validating draft: Draft, windowCase: WindowCase, actor: String) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let step = v.code(draft.step, "step", as: CaseStep.self)
        var note = ""
        if let step, Self.needsNote.contains(step), (draft.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            v.fail("note", en: "note is required for \(step.rawValue): \(step == .return ? "why it is returned" : "what was done")",
                zh: step == .return ? "请填写退回理由" : "请填写办理情况或结果")
        } else {
            // A step that needs no note (handle, submit, approve) may leave it empty.
            let given = (draft.note ?? "").isEmpty ? nil : draft.note
            note = v.text(given, "note", max: Self.noteMax, optional: true, multiline: true) ?? ""
        }
        let orderId = v.uuid(draft.orderId, "orderId", optional: true)
        if step == .toOrder, draft.orderId == nil {
            v.fail("orderId", en: "orderId is required: the service order the booking became", zh: "请关联预约转成的服务工单")
        }
        if let step, step != .toOrder, draft.orderId != nil {
            v.fail("orderId", en: "only a toOrder step names an order", zh: "只有“转为服务工单”可关联工单")
        }
        if let step, !step.kinds.contains(windowCase.kind) {
            v.fail("step", en: "a \(windowCase.kind.rawValue) case has no \(step.rawValue) step", zh: "\(windowCase.kind.label.zh)事项不能“\(step.label.zh)”")
        }
        try v.check()
        self.init(
            id: id!, caseId: windowCase.id, elderId: windowCase.elderId, home: windowCase.home, step: step!, version: .zero, actor: actor,
            note: note, orderId: orderId)
    }
}

extension CaseEvent: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        if !note.isEmpty { v.checkText(note, "note", max: Self.noteMax, multiline: true) }
        if Self.needsNote.contains(step), note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            v.fail("note", en: "a \(step.rawValue) step carries a note", zh: "该办理步骤须填写说明")
        }
        if (step == .toOrder) != (orderId != nil) {
            v.fail("orderId", en: "a toOrder step, and only it, names an order", zh: "只有“转为服务工单”关联工单")
        }
        _ = v.division(home.rawValue, "home", role: .community)
        v.checkActor(actor)
        return v.errors
    }
}
