import CareModel
import CareStore
import CareSync
import Foundation
import Hummingbird

/// Who this node is, as the operator API and the sync handshake present it.
public struct NodeInfo: Sendable {
    public var code: DivisionCode
    public var name: String
    public var parentURL: String?
    /// How close a worker's reported position must be to the elder's home to count as there.
    public var visitRadiusMeters: Double
    /// Days a window case of each kind may stay open (`NodeConfiguration.caseDeadlines`).
    public var caseDeadlines: CaseDeadlines = .standard
    /// Hours a rectification may take, by severity (`NodeConfiguration.rectificationDeadlines`).
    public var rectificationDeadlines: RectificationDeadlines = .standard
    /// When an ability re-assessment falls due (`NodeConfiguration.reassessment`).
    public var reassessment: ReassessmentPolicy = .standard

    public init(code: DivisionCode, name: String, parentURL: String?, visitRadiusMeters: Double = VisitSite.defaultRadiusMeters) {
        self.code = code
        self.name = name
        self.parentURL = parentURL
        self.visitRadiusMeters = visitRadiusMeters
    }

    public var role: NodeRole { code.role }

    /// The software release, shown by `carenode version` and in the handshake.
    public static let softwareVersion = SyncProtocol.softwareVersion
}

struct NodeController {
    let db: AppDatabase
    let info: NodeInfo

    struct View: ResponseEncodable, Decodable {
        let code: String
        let role: String
        let roleLabel: Label
        let name: String
        let parent: String?
        let parentURL: String?
        let softwareVersion: String
        let schemaVersion: Int
        let counts: [String: Int]
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        RouteCollection(context: NodeRequestContext.self).route(.get, requires: .nodeRead) { (_: Request, context: NodeRequestContext) -> View in
            View(
                code: info.code.rawValue, role: info.role.rawValue, roleLabel: info.role.label, name: info.name,
                parent: info.code.parent?.rawValue, parentURL: info.parentURL, softwareVersion: NodeInfo.softwareVersion,
                schemaVersion: AppDatabase.schemaVersion, counts: try await db.perform { try $0.recordCounts(in: context.scope) })
        }
    }
}

/// The unmasked identity of an elder, for an operator whose role has `elder.identity` and who
/// states why (`?reason=`, 1–200 characters); every read is audited.
struct ElderIdentityController {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    struct View: ResponseEncodable, Decodable {
        let id: UUID
        let citizenId: String
        let phone: String?
        let emergencyContacts: [EmergencyContact]
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        RouteCollection(context: NodeRequestContext.self).route(.get, ":id/identity", requires: .elderIdentity) { (request: Request, context: NodeRequestContext) -> View in
            let id = try request.uuidParameter(context)
            let reason = try RevealRequest.reason(request, context, always: true)!
            guard let elder = try await db.perform({ try $0.elder(id: id, in: context.scope) }) else { throw APIError(.notFound, "no elder with id \(id)") }
            try await PersonalDataReads(db: db, kind: .elder, clock: clock).audited(one: id, reason: reason, context)
            return View(id: id, citizenId: elder.model.citizenId.rawValue, phone: elder.model.phone, emergencyContacts: elder.model.emergencyContacts)
        }
    }
}

/// Conflicts kept for review, and their resolution.
struct ConflictController {
    let db: AppDatabase

    struct Resolve: Decodable, StrictDraft {
        var note: String?
        /// For a duplicate-person conflict: the id of the elder record that stands.
        var keep: String?
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, requires: .conflictRead) { (request: Request, context: NodeRequestContext) -> PageView<ConflictView> in
            let query = try ListQuery(request)
            var filter = ListFilter(limit: query.limit, after: query.cursor)
            filter.scope = context.scope
            filter.within = try request.query("community", DivisionCode.init)
            if let kind = try request.codeQuery("entityKind", EntityKind.self) { filter.equals[.entityKind] = kind }
            if let entity = try request.query("entityId", UUID.init(uuidString:)) { filter.equals[.entityId] = entity.uuidString }
            filter.resolved = try request.query("resolved", Bool.init)
            let page = try await db.perform { [filter] db in try db.conflicts(filter) }
            return PageView(page, ConflictView.init)
        }
        routes.route(.get, ":id", requires: .conflictRead) { (request: Request, context: NodeRequestContext) -> ConflictView in
            let id = try request.uuidParameter(context)
            guard let stored = try await db.perform({ try $0.conflict(id: id, in: context.scope) }) else { throw APIError(.notFound, "no conflict with id \(id)") }
            return ConflictView(stored)
        }
        routes.route(.post, ":id/resolve", requires: .conflictResolve) { (request: Request, context: NodeRequestContext) -> ConflictView in
            let id = try request.uuidParameter(context)
            guard try await db.perform({ try $0.conflict(id: id, in: context.scope) }) != nil else { throw APIError(.notFound, "no conflict with id \(id)") }
            let body = try await request.json(Resolve.self, context: context)
            var v = Validator()
            let note = v.text(body.note, "note", max: Conflict.resolutionNoteMax, multiline: true)
            let keep = v.uuid(body.keep, "keep", optional: true)
            try v.check()
            return ConflictView(try await db.perform { try $0.resolveConflict(id: id, note: note!, keep: keep, actor: context.actor) })
        }
        return routes
    }
}
