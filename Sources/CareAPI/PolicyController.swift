import CareModel
import CareStore
import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// A policy or guide as the API shows it, with its attachments and where to read them.
struct PolicyView: ResponseEncodable, Decodable, Sendable {
    let id: UUID
    let home: String
    let kind: String
    let title: String
    let body: String
    let attachments: [Attachment]
    let effectiveFrom: String
    let effectiveTo: String?
    let inEffect: Bool
    let withdrawn: Bool
    let publishedBy: String
    let publishedAt: Date
    let version: String

    struct Attachment: Codable, Sendable {
        let sha256: String
        let name: String
        let href: String
        /// Whether this node holds the bytes yet (they come down by the blob loop).
        let held: Bool
    }

    init(_ stored: Stored<Policy>, today: String, held: Set<String>, base: String) {
        let p = stored.model
        id = p.id
        home = p.home.rawValue
        kind = p.kind.rawValue
        title = p.title
        body = p.body
        attachments = p.attachments.map {
            Attachment(sha256: $0.sha256, name: $0.name, href: "\(base)/\(p.id.uuidString)/attachments/\($0.sha256)", held: held.contains($0.sha256))
        }
        effectiveFrom = p.effectiveFrom
        effectiveTo = p.effectiveTo
        inEffect = p.inEffect(on: today)
        withdrawn = p.withdrawn
        publishedBy = p.publishedBy
        publishedAt = date(millis: p.publishedAtMillis)
        version = stored.etag
    }
}

extension AppDatabase {
    func policyViews(_ policies: [Stored<Policy>], base: String) throws -> [PolicyView] {
        let hashes = Set(policies.flatMap { $0.model.attachments.map(\.sha256) })
        let held = Set(try hashes.filter { try blobInfo(sha256: $0) != nil })
        let today = creditToday
        return policies.map { PolicyView($0, today: today, held: held, base: base) }
    }

    /// The bytes of a policy's attachment, only when `sha256` is one of its attachments.
    func policyAttachment(policyId: UUID, sha256: String, publicOnly: Bool) throws -> Response {
        guard let policy = try policy(id: policyId), !publicOnly || !policy.model.withdrawn else {
            throw APIError(.notFound, en: "no policy with id \(policyId)", zh: "未找到该政策指南")
        }
        guard policy.model.attachments.contains(where: { $0.sha256 == sha256 }), let (info, bytes) = try blobBytes(sha256: sha256) else {
            throw APIError(.notFound, en: "policy \(policyId) has no attachment \(sha256) held here", zh: "本节点没有该附件")
        }
        return Response(
            status: .ok,
            headers: [.contentType: info.type.rawValue, .eTag: "\"\(info.sha256)\"", .cacheControl: "private, max-age=31536000, immutable"],
            body: ResponseBody(byteBuffer: ByteBuffer(data: bytes)))
    }
}

/// Policies and service guides (政策发布, Anhui §5.1.2.2): every signed-in account lists and
/// reads them at any node (they are published to the public at the county as well); the county
/// publishes and edits them (`policy.write`; 403 at a street or community, which receive them).
struct PolicyController {
    let db: AppDatabase
    let info: NodeInfo
    let clock: HybridLogicalClock.WallClock
    static let base = "/api/v1/policies"

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.routeForAnyAccount(.get) { (request: Request, _: NodeRequestContext) -> PageView<PolicyView> in
            let all = try request.query("withdrawn", Bool.init) == true
            let current = try request.query("inEffect", Bool.init) == true
            let items = try await db.perform { db in
                try db.policyViews(try db.policies(includeWithdrawn: all, inEffectOn: current ? db.creditToday : nil), base: Self.base)
            }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.routeForAnyAccount(.get, ":id") { (request: Request, context: NodeRequestContext) -> EditedResponse<PolicyView> in
            let policy = try await policy(try request.uuidParameter(context))
            return tagged(try await view(policy), etag: policy.etag)
        }
        routes.routeForAnyAccount(.get, ":id/attachments/:sha256") { (request: Request, context: NodeRequestContext) -> Response in
            let id = try request.uuidParameter(context)
            let hash = try context.parameters.require("sha256")
            return try await db.perform { try $0.policyAttachment(policyId: id, sha256: hash, publicOnly: false) }
        }
        routes.route(.post, requires: .policyWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<PolicyView> in
            try atCounty()
            let draft = try await request.json(Policy.Draft.self, context: context)
            let policy = try await validated(draft, id: UUID(), context)
            let stored = try await db.perform { try $0.savePolicy(policy, new: true, ifMatch: nil, actor: context.actor) }
            var response = tagged(try await view(stored), etag: stored.etag, status: .created)
            response.headers[.location] = "\(Self.base)/\(stored.model.id.uuidString)"
            return response
        }
        routes.route(.put, ":id", requires: .policyWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<PolicyView> in
            try atCounty()
            let current = try await policy(try request.uuidParameter(context))
            let draft = try await request.json(Policy.Draft.self, context: context)
            var next = try await validated(draft, id: current.model.id, context)
            next.publishedBy = current.model.publishedBy
            next.publishedAtMillis = current.model.publishedAtMillis
            let stored = try await db.perform { [ifMatch = request.ifMatch, next] in
                try $0.savePolicy(next, new: false, ifMatch: ifMatch, actor: context.actor)
            }
            return tagged(try await view(stored), etag: stored.etag)
        }
        return routes
    }

    private func atCounty() throws {
        guard info.role == .county else {
            throw APIError(
                .forbidden, en: "policies are published by the county: write them on the county node, not on this \(info.role.rawValue) node",
                zh: "政策指南由县级发布，请在县级节点操作")
        }
    }

    private func validated(_ draft: Policy.Draft, id: UUID, _ context: NodeRequestContext) async throws -> Policy {
        let hashes = (draft.attachments ?? []).compactMap(\.sha256).filter(BlobHash.isValid)
        let kinds = try await db.perform { db in
            Dictionary(try hashes.compactMap { h in try db.blobInfo(sha256: h).map { (h, $0.type.kind) } }, uniquingKeysWith: { a, _ in a })
        }
        return try Policy(validating: draft, id: id, home: db.node, publishedBy: context.actor, nowMillis: clock(), blobKind: { kinds[$0] })
    }

    private func view(_ policy: Stored<Policy>) async throws -> PolicyView {
        try await db.perform { try $0.policyViews([policy], base: Self.base)[0] }
    }

    private func policy(_ id: UUID) async throws -> Stored<Policy> {
        guard let policy = try await db.perform({ try $0.policy(id: id) }) else {
            throw APIError(.notFound, en: "no policy with id \(id)", zh: "未找到该政策指南")
        }
        return policy
    }
}

extension Policy.Draft: StrictDraft {}
extension Policy.AttachmentDraft: StrictDraft {}
