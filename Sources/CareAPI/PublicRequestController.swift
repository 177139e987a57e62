import CareModel
import CareStore
import Foundation
import Hummingbird

/// The public channel's open half that writes (公众服务, Anhui §5.1.2.3, §6.3), at the county
/// only and without sign-in: organisations and their services by community, the family's form
/// (a service request, complaint or suggestion) answered with a tracking number, and the
/// lookup by that number. Both the form and the lookup are throttled per client address (the
/// TCP peer), and the lookup shows the status and the public answer only: never the phone,
/// name, address or description the family left.
struct PublicRequestController {
    let db: AppDatabase
    let submissions: PublicThrottle
    let lookups: PublicThrottle

    init(db: AppDatabase, clock: @escaping HybridLogicalClock.WallClock) {
        self.db = db
        submissions = .submissions(clock: clock)
        lookups = .lookups(clock: clock)
    }

    struct PublicOrganisation: Codable, Sendable {
        let id: UUID
        let name: String
        let type: String
        let typeLabel: Label
        let categories: [String]
        let categoryLabels: [Label]
        let communities: [String]
        let address: String
        let phone: String?
    }

    struct OrganisationList: ResponseEncodable, Decodable, Sendable {
        let items: [PublicOrganisation]
        let total: Int
    }

    /// What the family reads by its tracking number.
    struct TrackingView: ResponseEncodable, Decodable, Sendable {
        let tracking: String
        let kind: String
        let kindLabel: Label
        let community: String
        let category: String?
        let status: String
        let statusLabel: Label
        let submittedAt: Date
        let takenAt: Date?
        let answer: String?
        let answeredAt: Date?

        init(_ s: PublicSubmission) {
            tracking = s.tracking
            kind = s.kind.rawValue
            kindLabel = s.kind.label
            community = s.home.rawValue
            category = s.category?.rawValue
            status = s.status.rawValue
            statusLabel = s.status.label
            submittedAt = date(millis: s.submittedAtMillis)
            takenAt = s.taken.map { date(millis: $0.atMillis) }
            answer = s.answer?.text
            answeredAt = s.answer.map { date(millis: $0.atMillis) }
        }
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.routeWithoutSignIn(.get, "organisations") { request, _ -> OrganisationList in
            let community = try request.query("community") { try? DivisionCode(validating: $0) }
            let all = try await db.perform { try $0.allOrganisations() }
            let items = all.filter { o in community.map { c in o.communities.contains { $0.contains(c) || c.contains($0) } } ?? true }.map { o in
                PublicOrganisation(
                    id: o.id, name: o.name, type: o.type.rawValue, typeLabel: o.type.label, categories: o.categories.map(\.rawValue),
                    categoryLabels: o.categories.map(\.label), communities: o.communities.map(\.rawValue), address: o.address.text,
                    phone: o.phone)
            }
            return OrganisationList(items: items, total: items.count)
        }
        routes.routeWithoutSignIn(.post, "requests") { request, context -> EditedResponse<TrackingView> in
            try submissions.check(context.sourceAddress)
            let draft = try await request.json(PublicSubmission.Draft.self, context: context)
            let organisationId = try PublicSubmission.organisationId(in: draft)
            let known = try await organisationId.asyncMap { id in try await db.perform { try $0.organisation(id: id) } != nil } ?? false
            let county = db.node
            // A tracking number already held (one in 2^60) is drawn again.
            for _ in 0..<3 {
                let submission = try PublicSubmission(
                    validating: draft, organisationKnown: known, inJurisdiction: { county.contains($0) },
                    tracking: PublicSubmission.newTracking(), nowMillis: db.clock.wallMillis)
                do {
                    let stored = try await db.perform { try $0.filePublicSubmission(submission) }
                    var response = EditedResponse(status: .created, response: TrackingView(stored.model))
                    response.headers[.location] = "/api/v1/public/requests/\(stored.model.tracking)"
                    return response
                } catch StoreError.conflict {
                    continue
                }
            }
            throw APIError(.serviceUnavailable, en: "no tracking number could be drawn; try again", zh: "暂时无法生成查询编号，请重试")
        }
        routes.routeWithoutSignIn(.get, "requests/:tracking") { request, context -> TrackingView in
            try lookups.check(context.sourceAddress)
            let given = try context.parameters.require("tracking")
            guard let tracking = PublicSubmission.normalisedTracking(given),
                  let stored = try await db.perform({ try $0.publicSubmission(tracking: tracking) }) else {
                throw APIError(.notFound, en: "no request with tracking number \(given)", zh: "没有该查询编号对应的诉求")
            }
            return TrackingView(stored.model)
        }
        return routes
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
