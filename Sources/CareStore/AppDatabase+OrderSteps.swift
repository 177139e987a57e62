import CareModel
import Foundation
import GRDB

extension AppDatabase {
    /// Appends a lifecycle event made here; refused with the allowed next steps when the
    /// order's current state cannot take it. Blobs the event refers to must be stored here
    /// already. A rating step also writes its `Evaluation` fact in the same transaction, so
    /// the rating counts in the quality figures wherever the event goes.
    public func appendOrderEvent(_ event: OrderEvent, actor: String) throws -> (event: Stored<OrderEvent>, state: OrderState) {
        try write { db in try appendOrderEvent(event, actor: actor, db) }
    }

    /// `appendOrderEvent` inside a transaction the caller holds, for a write that takes an
    /// order's step with a record of its own (a referral).
    func appendOrderEvent(_ event: OrderEvent, actor: String, _ db: Database) throws -> (event: Stored<OrderEvent>, state: OrderState) {
        guard let order = try OrderTable.fetch(event.orderId, db) else { throw StoreError.notFound(.order, event.orderId) }
        let before = try OrderFold.state(of: event.orderId, db)
        if let reason = OrderLifecycle.rejection(of: event, in: before) {
            throw StoreError.conflict(reason)
        }
        try Self.checkBlobReferences(event.details, db)
        var event = event
        event.home = order.model.home
        event.version = try nextVersion(db)
        let stored = try insertFact(OrderEventTable.self, event, version: event.version, actor: actor, db)
        if event.kind == .rate, let evaluation = Self.evaluation(rating: event, organisationId: before.organisationId) {
            _ = try insertFact(EvaluationTable.self, evaluation, actor: actor, db)
        }
        let state = try OrderFold.refresh(event.orderId, db)
        return (stored, state)
    }

    /// The evaluation a rating step stands for; its id derives from the event's, so it is
    /// the same record wherever it is made.
    static func evaluation(rating event: OrderEvent, organisationId: UUID?) -> Evaluation? {
        guard let stars = event.details[StepDetail.stars].flatMap(Int.init) else { return nil }
        return Evaluation(
            id: StableID.make("rating", event.id.canonicalString), home: event.home, orderId: event.orderId,
            organisationId: organisationId, stars: stars,
            attitude: event.details[StepDetail.attitude].flatMap(Int.init),
            quality: event.details[StepDetail.quality].flatMap(Int.init),
            punctuality: event.details[StepDetail.punctuality].flatMap(Int.init),
            comment: event.details[StepDetail.comment],
            evaluator: event.details[StepDetail.rater].flatMap(EvaluatorKind.init(rawValue:)) ?? .elder,
            evaluatorName: nil, createdAtMillis: event.version.hlc.millis)
    }

    static func checkBlobReferences(_ details: [String: String], _ db: Database) throws {
        var errors: [FieldError] = []
        for reference in StepDetail.blobReferences(details) {
            let type = try String.fetchOne(db, sql: "SELECT type FROM blob WHERE sha256 = ?", arguments: [reference.sha256])
            guard let type, let blobType = BlobType(rawValue: type) else {
                errors.append(FieldError(field: reference.field, Label(
                    en: "no blob \(reference.sha256) has been uploaded to this node (POST /api/v1/blobs first)",
                    zh: "本节点没有该文件，请先上传")))
                continue
            }
            if blobType.kind != reference.kind {
                errors.append(FieldError(field: reference.field, Label(
                    en: "blob \(reference.sha256) is \(blobType.rawValue), not \(reference.kind.rawValue)",
                    zh: "文件类型不符")))
            }
        }
        if !errors.isEmpty { throw StoreError.invalid(ValidationFailure(errors)) }
    }
}
