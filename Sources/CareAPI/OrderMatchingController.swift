import CareModel
import CareStore
import Foundation
import Hummingbird

/// The county dispatch room's view of an order (Anhui §5.1.2.4): ranked candidates with the
/// parts of each score, and dispatch to the best one.
struct OrderMatchingController {
    let db: AppDatabase
    /// Ratings and visits older than this do not count towards a candidate's score.
    static let lookBackMillis: Int64 = 90 * 86_400_000

    struct CandidateView: ResponseEncodable, Decodable {
        let rank: Int
        let organisationId: UUID
        let name: String
        let creditStatus: String
        let score: Double
        let parts: [ScorePart]
    }

    struct CandidatesView: ResponseEncodable, Decodable {
        let orderId: UUID
        let category: String
        let community: String
        let weights: [String: Double]
        let candidates: [CandidateView]
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, ":id/candidates", requires: .orderDispatch) { (request: Request, context: NodeRequestContext) -> CandidatesView in
            let (_, view) = try await candidates(try request.uuidParameter(context), context)
            return view
        }
        routes.route(.post, ":id/auto-dispatch", requires: .orderDispatch) { (request: Request, context: NodeRequestContext) -> EditedResponse<CandidateView> in
            try await autoDispatch(request, context)
        }
        return routes
    }

    private func candidates(_ id: UUID, _ context: NodeRequestContext) async throws -> (OrderSummary, CandidatesView) {
        guard let summary = try await db.perform({ try $0.order(id: id, in: context.scope) }) else { throw APIError(.notFound, "no service order with id \(id)") }
        let order = summary.order
        let home = try await db.perform { try $0.elder(id: order.elderId) }?.model.address.location
        let facts = try await db.perform { try $0.candidateFacts(for: order, sinceMillis: db.clock.wallMillis - Self.lookBackMillis) }
        let ranked = Matching.rank(facts, for: order, home: home)
        let w = Matching.weights
        return (summary, CandidatesView(
            orderId: order.id, category: order.category.rawValue, community: order.home.rawValue,
            weights: ["distance": w.distance, "load": w.load, "rating": w.rating, "onTime": w.onTime],
            candidates: ranked.enumerated().map { index, candidate in
                CandidateView(
                    rank: index + 1, organisationId: candidate.organisation.id, name: candidate.organisation.name,
                    creditStatus: candidate.organisation.creditStatus.rawValue, score: candidate.total, parts: candidate.parts)
            }))
    }

    /// Dispatches to the top-ranked candidate; 409 when the order is not waiting for dispatch,
    /// 422 when no organisation can take it.
    private func autoDispatch(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<CandidateView> {
        let (summary, view) = try await candidates(try request.uuidParameter(context), context)
        guard summary.status == .requested else {
            var error = APIError(.conflict, "order is \(summary.status.rawValue); only a requested order is dispatched")
            error.allowed = OrderEventKind.allowed(from: summary.status).map(\.rawValue)
            throw error
        }
        guard let top = view.candidates.first else {
            throw OrderStepRules.invalid(
                "organisationId", en: "no organisation serves community \(summary.order.home) with \(summary.order.category.rawValue) and is in good standing",
                zh: "没有可承接该工单的服务组织")
        }
        let event = OrderEvent(
            orderId: summary.order.id, home: summary.order.home, kind: .dispatch, version: .zero, actor: context.actor,
            reason: "automatic match, score \(top.score)", organisationId: top.organisationId)
        do {
            _ = try await db.perform { try $0.appendOrderEvent(event, actor: context.actor) }
        } catch StoreError.conflict(let reason) {
            throw APIError(.conflict, reason)
        }
        return EditedResponse(status: .created, response: top)
    }
}
