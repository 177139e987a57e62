import CareModel
import CareStore
import Foundation
import Hummingbird

/// Operator accounts (`/api/v1/operators`): an administrator makes and edits accounts within
/// their own jurisdiction, which lies within the node's subtree. An account made or reset here
/// must change its password at first sign-in; every change is audited.
struct OperatorController {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    struct Draft: Decodable, StrictDraft {
        var name: String?
        var displayName: String?
        var role: String?
        var password: String?
        var division: String?
        var organisationId: String?
        var staffId: String?
    }

    struct Edit: Decodable, StrictDraft {
        var displayName: String?
        var role: String?
        var division: String?
        var organisationId: String?
        var staffId: String?
    }

    struct PasswordReset: Decodable, StrictDraft {
        var password: String?
    }

    struct AccountView: ResponseEncodable, Decodable {
        let id: UUID
        let name: String
        let displayName: String?
        let role: String
        let roleLabel: Label
        let division: String
        let organisationId: UUID?
        let staffId: UUID?
        let disabled: Bool
        let mustChangePassword: Bool
        /// Until when failed sign-ins lock the account, or nil.
        let lockedUntil: Date?
        /// The account's latest sign-in in the audit trail, or nil.
        let lastSignInAt: Date?

        init(_ a: Operator, _ status: AccountStatus = AccountStatus()) {
            id = a.id
            name = a.name
            displayName = a.displayName
            role = a.role.rawValue
            roleLabel = a.role.label
            division = a.home.rawValue
            organisationId = a.organisationId
            staffId = a.staffId
            disabled = a.disabled
            mustChangePassword = a.mustChangePassword
            lockedUntil = status.lockedUntil.map { date(millis: $0) }
            lastSignInAt = status.lastSignInAt.map { date(millis: $0) }
        }
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, requires: .operatorRead) { (request: Request, context: NodeRequestContext) -> PageView<AccountView> in
            let query = try ListQuery(request)
            var filter = OperatorFilter(within: context.scope?.division, limit: query.limit, after: query.cursor)
            filter.role = try request.codeQuery("role", OperatorRole.self).flatMap(OperatorRole.init(rawValue:))
            let now = clock()
            return try await db.perform { [filter] db in
                let page = try db.operators(filter)
                let status = try db.accountStatus(of: page.items, at: now)
                return PageView(page) { AccountView($0, status[$0.id] ?? AccountStatus()) }
            }
        }
        routes.route(.post, requires: .operatorWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<AccountView> in
            try await create(request, context)
        }
        routes.route(.get, ":id", requires: .operatorRead) { (request: Request, context: NodeRequestContext) -> AccountView in
            try await view(try await existing(request, context))
        }
        routes.route(.patch, ":id", requires: .operatorWrite) { (request: Request, context: NodeRequestContext) -> AccountView in
            try await edit(request, context)
        }
        routes.route(.post, ":id/disable", requires: .operatorWrite) { (request: Request, context: NodeRequestContext) -> AccountView in
            try await setDisabled(true, request, context)
        }
        routes.route(.post, ":id/enable", requires: .operatorWrite) { (request: Request, context: NodeRequestContext) -> AccountView in
            try await setDisabled(false, request, context)
        }
        routes.route(.post, ":id/unlock", requires: .operatorWrite) { (request: Request, context: NodeRequestContext) -> AccountView in
            let account = try await existing(request, context)
            try await db.perform { [origin = origin(context)] db in try db.unlockOperator(account, origin: origin) }
            return try await view(account)
        }
        routes.route(.post, ":id/password", requires: .operatorWrite) { (request: Request, context: NodeRequestContext) -> AccountView in
            let body = try await request.json(PasswordReset.self, context: context)
            var v = Validator()
            let password = Operator.checkPassword(body.password, "password", &v)
            try v.check()
            var account = try await existing(request, context)
            account.passwordHash = PasswordHashing.hash(password!)
            account.mustChangePassword = true
            try await db.perform { [account] db in try db.updateOperator(account, action: AuditAction.passwordReset, detail: nil, origin: origin(context)) }
            return AccountView(account)
        }
        return routes
    }

    private func create(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<AccountView> {
        let body = try await request.json(Draft.self, context: context)
        var v = Validator()
        let name = Operator.checkName(body.name, "name", &v)
        let password = Operator.checkPassword(body.password, "password", &v)
        let role = v.code(body.role, "role", as: OperatorRole.self)
        let displayName = v.text(body.displayName, "displayName", max: Operator.displayNameMaxLength, optional: true)
        let division = v.division(body.division, "division", optional: true) ?? context.scope?.division
        let organisationId = v.uuid(body.organisationId, "organisationId", optional: true)
        let staffId = v.uuid(body.staffId, "staffId", optional: true)
        try v.check()
        var account = Operator(
            name: name!, displayName: displayName, role: role!, home: division ?? db.node, organisationId: organisationId,
            staffId: staffId, passwordHash: PasswordHashing.hash(password!), mustChangePassword: true)
        try await checkPlacement(&account, context)
        try await db.perform { [account] db in try db.addOperator(account, origin: origin(context)) }
        var response = EditedResponse(status: .created, response: AccountView(account))
        response.headers[.location] = "/api/v1/operators/\(account.id.uuidString)"
        return response
    }

    private func edit(_ request: Request, _ context: NodeRequestContext) async throws -> AccountView {
        let body = try await request.json(Edit.self, context: context)
        var account = try await existing(request, context)
        var v = Validator()
        if let role = v.code(body.role, "role", as: OperatorRole.self, optional: true) { account.role = role }
        if body.displayName != nil {
            account.displayName = v.text(body.displayName, "displayName", max: Operator.displayNameMaxLength, optional: true)
        }
        if let division = v.division(body.division, "division", optional: true) { account.home = division }
        if body.organisationId != nil { account.organisationId = v.uuid(body.organisationId, "organisationId", optional: true) }
        if body.staffId != nil { account.staffId = v.uuid(body.staffId, "staffId", optional: true) }
        try v.check()
        if !account.role.needsOrganisation { account.organisationId = nil }
        if !account.role.needsStaffRecord { account.staffId = nil }
        try await checkPlacement(&account, context)
        if account.id == context.operatorAccount?.id && !account.role.allows(.operatorWrite) {
            throw APIError(.conflict, en: "an administrator may not take account management from their own account", zh: "不能取消自己账号的账号管理权限")
        }
        try await db.perform { [account] db in try db.updateOperator(
            account, action: AuditAction.operatorUpdated,
            detail: "role \(account.role.rawValue), jurisdiction \(account.home)\(account.organisationId.map { ", organisation \($0)" } ?? "")",
            origin: origin(context)) }
        return AccountView(account)
    }

    private func setDisabled(_ disabled: Bool, _ request: Request, _ context: NodeRequestContext) async throws -> AccountView {
        var account = try await existing(request, context)
        if disabled && account.id == context.operatorAccount?.id {
            throw APIError(.conflict, en: "an administrator may not disable their own account", zh: "不能停用自己的账号")
        }
        account.disabled = disabled
        try await db.perform { [account] db in try db.updateOperator(
            account, action: disabled ? AuditAction.operatorDisabled : AuditAction.operatorEnabled, detail: nil,
            origin: origin(context)) }
        return AccountView(account)
    }

    /// The account with its lock and last sign-in as they are now.
    private func view(_ account: Operator) async throws -> AccountView {
        let now = clock()
        return AccountView(account, try await db.perform { try $0.accountStatus(of: [account], at: now)[account.id] } ?? AccountStatus())
    }

    /// An account within the caller's jurisdiction, else 404 (as if it did not exist).
    private func existing(_ request: Request, _ context: NodeRequestContext) async throws -> Operator {
        let id = try request.uuidParameter(context)
        guard let account = try await db.perform({ try $0.operatorAccount(id: id) }), context.scope?.contains(account.home) ?? true else {
            throw APIError(.notFound, en: "no operator account with id \(id)", zh: "没有该操作员账号")
        }
        return account
    }

    /// The jurisdiction must lie at or below this node and the administrator's own; a caregiver
    /// or organisation admin needs an organisation that exists, and a caregiver a staff record
    /// that works for it.
    private func checkPlacement(_ account: inout Operator, _ context: NodeRequestContext) async throws {
        let limit = context.scope?.division ?? db.node
        guard db.node.contains(account.home), limit.contains(account.home) else {
            throw APIError.invalid(
                "division", en: "division \(account.home) is not at or below \(limit), the jurisdiction you manage",
                zh: "辖区 \(account.home) 不在您管理的辖区 \(limit) 之内")
        }
        if account.role.needsStaffRecord, let staffId = account.staffId {
            guard let staff = try await db.perform({ try $0.staff(id: staffId) })?.model else {
                throw APIError.invalid("staffId", en: "no staff member with id \(staffId) at this node", zh: "本节点没有该从业人员")
            }
            if account.organisationId == nil { account.organisationId = staff.organisationId }
            if let employer = staff.organisationId, employer != account.organisationId {
                throw APIError.invalid("staffId", en: "\(staff.name) works for organisation \(employer), not for \(account.organisationId!)", zh: "该从业人员不属于所选服务组织")
            }
        }
        if account.role.needsOrganisation, let organisationId = account.organisationId, try await db.perform({ try $0.organisation(id: organisationId) }) == nil {
            throw APIError.invalid("organisationId", en: "no organisation with id \(organisationId) at this node", zh: "本节点没有该服务组织")
        }
        try ValidationFailure.checked(account)
    }

    private func origin(_ context: NodeRequestContext) -> AuditOrigin {
        AuditOrigin(actor: context.actor, atMillis: clock(), source: context.sourceAddress)
    }
}

extension ValidationFailure {
    /// Throws the record's validation errors as a 422, if any.
    static func checked(_ record: some ValidatedRecord) throws {
        let errors = record.validationErrors
        if !errors.isEmpty { throw APIError.validation(ValidationFailure(errors)) }
    }
}
