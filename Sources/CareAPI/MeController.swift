import CareModel
import CareStore
import Foundation
import Hummingbird

/// The signed-in account's own routes: who am I (the console builds its menus from it),
/// changing my password, signing out. Every account may use them, even one that must change
/// its password first.
struct MeController {
    let db: AppDatabase
    let info: NodeInfo
    let clock: HybridLogicalClock.WallClock

    struct MeView: ResponseEncodable, Decodable {
        struct Account: Codable {
            let id: UUID
            let name: String
            let displayName: String?
            /// The staff record a caregiver works as (orders name it as their worker).
            let staffId: UUID?

            // `displayName: null` rather than no key: the console reads a fixed shape.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(id, forKey: .id)
                try container.encode(name, forKey: .name)
                try container.encode(displayName, forKey: .displayName)
                try container.encode(staffId, forKey: .staffId)
            }

            enum CodingKeys: String, CodingKey { case id, name, displayName, staffId }
        }
        struct Role: Codable {
            let code: String
            let label: Label
        }
        struct Jurisdiction: Codable {
            let division: String
            let organisation: UUID?

            // `organisation: null` for accounts that act for no organisation.
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(division, forKey: .division)
                try container.encode(organisation, forKey: .organisation)
            }

            enum CodingKeys: String, CodingKey { case division, organisation }
        }
        struct Node: Codable {
            let code: String
            let role: String
        }
        let account: Account
        let role: Role
        let permissions: [String]
        let jurisdiction: Jurisdiction
        let node: Node
        let mustChangePassword: Bool
    }

    struct PasswordChange: Decodable, StrictDraft {
        var currentPassword: String?
        var newPassword: String?
    }

    /// Mounted at /api/v1, behind the auth middleware.
    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.routeForAnyAccount(.get, "me") { (_: Request, context: NodeRequestContext) -> MeView in
            try view(context.operatorAccount!)
        }
        routes.routeForAnyAccount(.delete, "session") { (_: Request, context: NodeRequestContext) -> HTTPResponse.Status in
            let account = context.operatorAccount!
            try await db.perform { db in try db.endSession(
                tokenHash: context.sessionTokenHash!, account: account, action: AuditAction.signOut, detail: nil,
                origin: AuditOrigin(actor: account.name, atMillis: clock(), source: context.sourceAddress)) }
            return .noContent
        }
        routes.routeForAnyAccount(.post, "session/password") { (request: Request, context: NodeRequestContext) -> MeView in
            try await changePassword(request, context)
        }
        return routes
    }

    func view(_ account: Operator) throws -> MeView {
        MeView(
            account: .init(id: account.id, name: account.name, displayName: account.displayName, staffId: account.staffId),
            role: .init(code: account.role.rawValue, label: account.role.label),
            permissions: account.permissions.sorted().map(\.rawValue),
            jurisdiction: .init(division: account.home.rawValue, organisation: account.organisationId),
            node: .init(code: info.code.rawValue, role: info.role.rawValue),
            mustChangePassword: account.mustChangePassword)
    }

    /// Sets a new password after checking the current one; other sessions of the account end.
    private func changePassword(_ request: Request, _ context: NodeRequestContext) async throws -> MeView {
        let body = try await request.json(PasswordChange.self, context: context)
        var v = Validator()
        let current = v.required(body.currentPassword, "currentPassword")
        let new = Operator.checkPassword(body.newPassword, "newPassword", &v)
        if let current, let new, current == new {
            v.fail("newPassword", en: "newPassword must differ from the current password", zh: "新密码不能与当前密码相同")
        }
        try v.check()
        var account = context.operatorAccount!
        guard PasswordHashing.verify(current!, hash: account.passwordHash) else {
            throw APIError.invalid("currentPassword", en: "currentPassword is wrong", zh: "当前密码不正确")
        }
        account.passwordHash = PasswordHashing.hash(new!)
        account.mustChangePassword = false
        try await db.perform { [account] db in try db.updateOperator(
            account, action: AuditAction.passwordChanged, detail: nil,
            origin: AuditOrigin(actor: account.name, atMillis: clock(), source: context.sourceAddress),
            keepingSession: context.sessionTokenHash) }
        return try view(account)
    }
}
