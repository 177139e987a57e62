import Foundation

/// What a published text is: a policy (政策法规) or a service guide (办事指南).
public enum PolicyKind: String, CodeTable {
    case policy, guide

    public var label: Label {
        switch self {
        case .policy: Label(en: "policy", zh: "政策法规")
        case .guide: Label(en: "service guide", zh: "服务指南")
        }
    }
}

/// A PDF attached to a policy: an uploaded document blob and the name it is shown by.
public struct PolicyAttachment: Hashable, Codable, Sendable {
    public var sha256: String
    public var name: String

    public init(sha256: String, name: String) {
        self.sha256 = sha256
        self.name = name
    }
}

/// A policy or service guide the county guidance center publishes (政策发布, Anhui §5.1.2.2:
/// "发布养老服务相关政策法规、服务指南"), with its PDF attachments and the days it is in effect.
///
/// Merge class: registry. Authored only at the county, homed there and sent down to every node
/// (its PDFs follow by the children's blob loops), so every station reads the same text. A
/// policy is never deleted once published: it is withdrawn, or its `effectiveTo` passes.
public struct Policy: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The county (6 digits).
    public var home: DivisionCode
    public var kind: PolicyKind
    public var title: String
    public var body: String
    public var attachments: [PolicyAttachment]
    /// YYYY-MM-DD, China time.
    public var effectiveFrom: String
    /// The last day in effect (YYYY-MM-DD); nil while it stands.
    public var effectiveTo: String?
    public var withdrawn: Bool
    public var publishedBy: String
    public var publishedAtMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, kind: PolicyKind, title: String, body: String, attachments: [PolicyAttachment],
        effectiveFrom: String, effectiveTo: String? = nil, withdrawn: Bool = false, publishedBy: String, publishedAtMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.kind = kind
        self.title = title
        self.body = body
        self.attachments = attachments
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.withdrawn = withdrawn
        self.publishedBy = publishedBy
        self.publishedAtMillis = publishedAtMillis
    }

    public static let titleMax = 200
    public static let bodyMax = 20_000
    public static let attachmentsMax = 10

    /// Whether it is in effect on `day` (YYYY-MM-DD).
    public func inEffect(on day: String) -> Bool {
        !withdrawn && effectiveFrom <= day && (effectiveTo.map { day <= $0 } ?? true)
    }
}

extension Policy: ReplicatedRecord {
    public static let kind = EntityKind.policy
    public static let label = Label(en: "policy", zh: "政策指南")
    public static let collection = "policies"
    public static let mergeClass = MergeClass.registry
    public var clockReadings: [Int64] { [publishedAtMillis] }
}

extension Policy {
    /// What `POST /api/v1/policies` and `PUT /api/v1/policies/{id}` carry.
    public struct Draft: Codable, Sendable, Equatable {
        public var kind: String?
        public var title: String?
        public var body: String?
        public var attachments: [AttachmentDraft]?
        public var effectiveFrom: String?
        public var effectiveTo: String?
        public var withdrawn: Bool?
        public init() {}
    }

    public struct AttachmentDraft: Codable, Sendable, Equatable {
        public var sha256: String?
        public var name: String?
        public init() {}
        public init(sha256: String?, name: String?) {
            self.sha256 = sha256
            self.name = name
        }
    }

    /// A policy published at `home`, which must be the county. `blobKind` tells what a named
    /// blob was stored as here, nil when this node holds none: an attachment must be a PDF.
    public init(
        validating draft: Draft, id: UUID = UUID(), home: DivisionCode, publishedBy: String, nowMillis: Int64,
        blobKind: (String) -> BlobKind?
    ) throws(ValidationFailure) {
        var v = Validator()
        if home.role != .county {
            v.fail("home", en: "policies are published by the county: write them on the county node", zh: "政策指南由县级发布，请在县级节点操作")
        }
        let kind = v.code(draft.kind, "kind", as: PolicyKind.self)
        let title = v.text(draft.title, "title", max: Self.titleMax)
        let body = v.text(draft.body, "body", max: Self.bodyMax, multiline: true)
        let given = draft.attachments ?? []
        if given.count > Self.attachmentsMax {
            v.fail("attachments", en: "a policy has at most \(Self.attachmentsMax) attachments", zh: "每项政策最多\(Self.attachmentsMax)个附件")
        }
        var attachments: [PolicyAttachment] = []
        for (index, a) in given.prefix(Self.attachmentsMax).enumerated() {
            let field = "attachments[\(index)]"
            let hash = BlobHash.validate(a.sha256, "\(field).sha256", &v)
            let name = v.text(a.name, "\(field).name", max: 100)
            if let hash {
                switch blobKind(hash) {
                case nil:
                    v.fail("\(field).sha256", en: "no blob \(hash) has been uploaded here: upload the file first", zh: "尚未上传该文件，请先上传")
                case let stored? where stored != .document:
                    v.fail("\(field).sha256", en: "blob \(hash) is a \(stored.rawValue), not a PDF document", zh: "附件须为PDF文档")
                default:
                    break
                }
            }
            if let hash, let name {
                if attachments.contains(where: { $0.sha256 == hash }) {
                    v.fail("\(field).sha256", en: "blob \(hash) is listed twice", zh: "同一文件重复列出")
                } else {
                    attachments.append(PolicyAttachment(sha256: hash, name: name))
                }
            }
        }
        let from = TrainingRecord.checkDate(draft.effectiveFrom, "effectiveFrom", &v)
        let to = draft.effectiveTo == nil ? nil : TrainingRecord.checkDate(draft.effectiveTo, "effectiveTo", &v)
        if let from, let to, to < from {
            v.fail("effectiveTo", en: "effectiveTo \(to) is before effectiveFrom \(from)", zh: "失效日期不能早于生效日期")
        }
        try v.check()
        self.init(
            id: id, home: home, kind: kind!, title: title!, body: body!, attachments: attachments, effectiveFrom: from!, effectiveTo: to,
            withdrawn: draft.withdrawn ?? false, publishedBy: publishedBy, publishedAtMillis: nowMillis)
    }
}

extension Policy: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        if home.role != .county { v.fail("home", en: "a policy is homed at the county", zh: "政策指南应属于县（区）") }
        v.checkText(title, "title", max: Self.titleMax)
        v.checkText(body, "body", max: Self.bodyMax, multiline: true)
        if attachments.count > Self.attachmentsMax { v.fail("attachments", en: "at most \(Self.attachmentsMax) attachments", zh: "附件过多") }
        for (index, a) in attachments.enumerated() {
            if !BlobHash.isValid(a.sha256) { v.fail("attachments[\(index)].sha256", en: "not a SHA-256", zh: "不是有效的SHA-256") }
            v.checkText(a.name, "attachments[\(index)].name", max: 100)
        }
        if Set(attachments.map(\.sha256)).count != attachments.count { v.fail("attachments", en: "a blob is listed twice", zh: "同一文件重复列出") }
        if !CalendarDate.isValid(effectiveFrom) { v.fail("effectiveFrom", en: "not a date YYYY-MM-DD", zh: "生效日期无效") }
        if let to = effectiveTo {
            if !CalendarDate.isValid(to) { v.fail("effectiveTo", en: "not a date YYYY-MM-DD", zh: "失效日期无效") }
            if to < effectiveFrom { v.fail("effectiveTo", en: "effectiveTo is before effectiveFrom", zh: "失效日期不能早于生效日期") }
        }
        v.checkActor(publishedBy, "publishedBy")
        v.checkMillis(publishedAtMillis, "publishedAtMillis")
        return v.errors
    }
}
