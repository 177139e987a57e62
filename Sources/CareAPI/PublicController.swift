import CareModel
import CareStore
import Foundation
import Hummingbird

/// The public channel's read-only pages at the county (公众服务, Anhui §5.1.2.3), without
/// sign-in: the credit list (信用信息披露, §5.1.2.7) and the policies and guides in effect
/// (§5.1.2.2) with their PDFs. Mounted at the county node only (a street or community answers
/// 404), outside the signed-in group. Nothing here writes, and nothing shows personal data: a
/// credit record is shown by its kind, severity, source and dates, not its free-text description.
struct PublicController {
    let db: AppDatabase
    static let base = "/api/v1/public/policies"

    struct PublicCreditRecord: Codable, Sendable {
        let kind: String
        let severity: String?
        let awardLevel: String?
        let source: String
        let occurredOn: String
        let countsThrough: String
        let points: Int
    }

    struct PublicCreditLine: Codable, Sendable {
        let organisationId: UUID
        let name: String
        let type: String
        let communities: [String]
        let creditStatus: String
        let score: Int
        let level: String
        /// The records that count today, newest first.
        let records: [PublicCreditRecord]
    }

    struct PublicCreditList: ResponseEncodable, Decodable, Sendable {
        let items: [PublicCreditLine]
        let total: Int
        let today: String
        let rule: CreditRuleView
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.routeWithoutSignIn(.get, "credit") { request, _ -> PublicCreditList in
            let status = try request.codeQuery("status", CreditStatus.self)
            let today = db.creditToday
            let files = try await db.perform { try $0.creditFiles() }
            let items = files.filter { status == nil || $0.organisation.model.creditStatus.rawValue == status }.map { file in
                let o = file.organisation.model
                return PublicCreditLine(
                    organisationId: o.id, name: o.name, type: o.type.rawValue, communities: o.communities.map(\.rawValue),
                    creditStatus: o.creditStatus.rawValue, score: file.standing.score, level: file.standing.level.rawValue,
                    records: file.records.filter { $0.counts(on: today) || $0.kind == .lift }.map {
                        PublicCreditRecord(
                            kind: $0.kind.rawValue, severity: $0.severity?.rawValue, awardLevel: $0.awardLevel?.rawValue, source: $0.source.rawValue,
                            occurredOn: $0.occurredOn, countsThrough: $0.countsThrough, points: $0.points)
                    })
            }
            return PublicCreditList(items: items, total: items.count, today: today, rule: CreditRuleView())
        }
        routes.routeWithoutSignIn(.get, "policies") { request, _ -> PageView<PolicyView> in
            let kind = try request.codeQuery("kind", PolicyKind.self)
            let items = try await db.perform { db in
                try db.policyViews(try db.policies(includeWithdrawn: false, inEffectOn: db.creditToday), base: Self.base)
            }.filter { kind == nil || $0.kind == kind }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.routeWithoutSignIn(.get, "policies/:id/attachments/:sha256") { request, context -> Response in
            let id = try request.uuidParameter(context)
            let hash = try context.parameters.require("sha256")
            return try await db.perform { try $0.policyAttachment(policyId: id, sha256: hash, publicOnly: true) }
        }
        return routes
    }
}
