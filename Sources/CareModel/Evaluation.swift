import Foundation

/// A rating of a service (评价): an immutable fact, inserted once and united everywhere.
public struct Evaluation: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The community of the order or elder it concerns.
    public var home: DivisionCode
    public var orderId: UUID?
    public var organisationId: UUID?
    public var stars: Int
    /// Optional 1–5 scores per dimension (attitude, quality, punctuality).
    public var attitude: Int?
    public var quality: Int?
    public var punctuality: Int?
    public var comment: String?
    public var evaluator: EvaluatorKind
    public var evaluatorName: String?
    public var createdAtMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, orderId: UUID?, organisationId: UUID?, stars: Int, attitude: Int? = nil,
        quality: Int? = nil, punctuality: Int? = nil, comment: String? = nil, evaluator: EvaluatorKind,
        evaluatorName: String? = nil, createdAtMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.orderId = orderId
        self.organisationId = organisationId
        self.stars = stars
        self.attitude = attitude
        self.quality = quality
        self.punctuality = punctuality
        self.comment = comment
        self.evaluator = evaluator
        self.evaluatorName = evaluatorName
        self.createdAtMillis = createdAtMillis
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var orderId: String?
        public var home: String?
        public var stars: Int?
        public var attitude: Int?
        public var quality: Int?
        public var punctuality: Int?
        public var comment: String?
        public var evaluator: String?
        public var evaluatorName: String?

        public init() {}
    }

    /// Validates what does not need the store; `home` and the organisation come from the order
    /// when there is one.
    public init(validating draft: Draft, home: DivisionCode?, organisationId: UUID?, nowMillis: Int64) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let orderId = v.uuid(draft.orderId, "orderId", optional: true)
        let home = home ?? v.division(draft.home, "home", role: .community)
        let scores = Self.checkScores(stars: draft.stars, attitude: draft.attitude, quality: draft.quality, punctuality: draft.punctuality, &v)
        let comment = v.text(draft.comment, "comment", max: Self.commentMax, optional: true, multiline: true)
        let evaluator = v.code(draft.evaluator, "evaluator", as: EvaluatorKind.self)
        let name = v.text(draft.evaluatorName, "evaluatorName", max: Operator.nameMaxLength, optional: true)
        try v.check()
        self.init(
            id: id!, home: home!, orderId: orderId, organisationId: organisationId, stars: scores.stars!, attitude: scores.attitude,
            quality: scores.quality, punctuality: scores.punctuality, comment: comment, evaluator: evaluator!, evaluatorName: name,
            createdAtMillis: nowMillis)
    }
}

extension Evaluation: ReplicatedRecord {
    public static let kind = EntityKind.evaluation
    public static let label = Label(en: "evaluation", zh: "服务评价")
    public static let mergeClass = MergeClass.fact
    public var parent: RecordReference? { orderId.map { RecordReference(.order, $0) } }
}
