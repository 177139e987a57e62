import CareModel
import Foundation

extension WireEvaluation {
    init(_ evaluation: Evaluation) {
        self.init()
        if let orderId = evaluation.orderId { orderID = orderId.uuidString }
        if let organisationId = evaluation.organisationId { organisationID = organisationId.uuidString }
        stars = Int32(clamping: evaluation.stars)
        if let attitude = evaluation.attitude { self.attitude = Int32(clamping: attitude) }
        if let quality = evaluation.quality { self.quality = Int32(clamping: quality) }
        if let punctuality = evaluation.punctuality { self.punctuality = Int32(clamping: punctuality) }
        if let comment = evaluation.comment { self.comment = comment }
        evaluator = evaluation.evaluator.rawValue
        if let evaluatorName = evaluation.evaluatorName { self.evaluatorName = evaluatorName }
        createdAtMillis = evaluation.createdAtMillis
    }
}

extension Evaluation {
    /// An evaluation from a peer; `id` and `home` are the change's. Scores are 1–5, as
    /// `Evaluation.init(validating:)` requires of an operator.
    init(wire: WireEvaluation, id: UUID, home: DivisionCode) throws(WireError) {
        try self.init(
            id: id, home: home, orderId: FieldCheck.uuid(wire.orderID, present: wire.hasOrderID, "order_id"),
            organisationId: FieldCheck.uuid(wire.organisationID, present: wire.hasOrganisationID, "organisation_id"),
            stars: FieldCheck.range(wire.stars, "stars", 1...5),
            attitude: FieldCheck.range(wire.attitude, present: wire.hasAttitude, "attitude", 1...5),
            quality: FieldCheck.range(wire.quality, present: wire.hasQuality, "quality", 1...5),
            punctuality: FieldCheck.range(wire.punctuality, present: wire.hasPunctuality, "punctuality", 1...5),
            comment: wire.hasComment ? wire.comment : nil, evaluator: FieldCheck.code(wire.evaluator, "evaluator"),
            evaluatorName: wire.hasEvaluatorName ? wire.evaluatorName : nil, createdAtMillis: wire.createdAtMillis)
    }
}

extension Evaluation: WireMapped {
    static let wireKind = WireEntityKind.evaluation
    static func message(in record: WireChange.OneOf_Record) -> WireEvaluation? { if case .evaluation(let message) = record { message } else { nil } }
    static func record(_ message: WireEvaluation) -> WireChange.OneOf_Record { .evaluation(message) }
    var wireMessage: WireEvaluation { WireEvaluation(self) }
    static func decode(_ message: WireEvaluation, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try Evaluation(wire: message, id: id, home: home) }
}
