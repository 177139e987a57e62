import CareModel
import CareStore
import Crypto
import Foundation
import Hummingbird
import HummingbirdBcrypt
import HTTPTypes

/// Operator sign-in: name + password for a bearer token. Only the token's SHA-256 is stored.
/// Failures count towards a lockout, and every attempt is audited with the client's address.
struct SessionController {
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    struct Credentials: Decodable, StrictDraft {
        var name: String?
        var password: String?
    }

    struct Token: ResponseEncodable, Decodable {
        let token: String
        let tokenType = "Bearer"
        /// The latest the session can last; it ends sooner after `idleTimeoutSeconds` unused.
        let expiresAt: Date
        let idleTimeoutSeconds: Int
        let role: String
        let mustChangePassword: Bool
    }

    /// Mounted at /api/v1/session, outside the auth middleware.
    var endpoints: RouteCollection<NodeRequestContext> {
        RouteCollection(context: NodeRequestContext.self).routeWithoutSignIn(.post) { request, context -> EditedResponse<Token> in
            try await signIn(request, context)
        }
    }

    private func signIn(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<Token> {
        let credentials = try await request.json(Credentials.self, context: context)
        var v = Validator()
        let name = Operator.checkName(credentials.name, "name", &v)
        let password = v.required(credentials.password, "password")
        try v.check()
        let now = clock()
        let origin = AuditOrigin(actor: name!, atMillis: now, source: context.sourceAddress)
        guard let account = try await db.perform({ try $0.operatorNamed(name!) }) else {
            try await db.perform { try $0.recordRefusedSignIn(name: name!, detail: "unknown operator name", origin: origin) }
            throw Self.wrongCredentials
        }
        if let until = try await db.perform({ try $0.lockedUntil(account, at: now) }) {
            try await db.perform { try $0.recordRefusedSignIn(name: account.name, detail: "account locked", origin: origin) }
            throw Self.locked(until: until, now: now)
        }
        // bcrypt at cost 10 takes about 50 ms of one core: acceptable for sign-in, which is rare.
        guard Bcrypt.verify(password!, hash: account.passwordHash) else {
            if let until = try await db.perform({ try $0.recordFailedSignIn(account, origin: origin) }) { throw Self.locked(until: until, now: now) }
            throw Self.wrongCredentials
        }
        if account.disabled {
            try await db.perform { try $0.recordRefusedSignIn(name: account.name, detail: "account disabled", origin: origin) }
            throw APIError(.forbidden, en: "this account is disabled; ask an administrator", zh: "该账号已停用，请联系系统管理员")
        }
        let token = Self.newToken()
        try await db.perform { try $0.openSession(tokenHash: Self.hash(token), for: account, origin: origin) }
        return EditedResponse(status: .created, headers: [:], response: Token(
            token: token, expiresAt: date(millis: now + AccountPolicy.maxSessionMillis),
            idleTimeoutSeconds: Int(AccountPolicy.idleMillis / 1000), role: account.role.rawValue,
            mustChangePassword: account.mustChangePassword))
    }

    static let wrongCredentials = APIError(.unauthorized, en: "unknown operator name or wrong password", zh: "用户名或密码错误")

    /// 423: the account is locked until `until`, which the message names.
    static func locked(until: Int64, now: Int64) -> APIError {
        let when = date(millis: until).formatted(.iso8601)
        // 423 Locked (RFC 4918): swift-http-types names no constant for it.
        var error = APIError(
            HTTPResponse.Status(code: 423, reasonPhrase: "Locked"), en: "too many failed sign-ins: the account is locked until \(when)",
            zh: "连续登录失败次数过多，账号已锁定至 \(when)")
        error.headers[HTTPField.Name.retryAfter] = String(max(1, (until - now + 999) / 1000))
        return error
    }

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Every `/api/v1` route but sign-in needs a live bearer token: the door is locked from day one.
/// A session ends 30 idle minutes after its last use and 12 hours after sign-in, and when its
/// account is disabled; an account with an initial or reset password may only change it.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = NodeRequestContext
    let db: AppDatabase
    let clock: HybridLogicalClock.WallClock

    /// What an account that must change its password may still do.
    static let beforePasswordChange: Set<String> = ["GET /api/v1/me", "POST /api/v1/session/password", "DELETE /api/v1/session"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw unauthorized(en: "sign in first: POST /api/v1/session, then send Authorization: Bearer <token>", zh: "请先登录")
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        let tokenHash = SessionController.hash(token)
        let now = clock()
        guard let session = try await db.perform({ try $0.session(tokenHash: tokenHash) }) else {
            throw unauthorized(en: "the bearer token is unknown or has ended: sign in again", zh: "登录已失效，请重新登录")
        }
        if let reason = session.ended(at: now) {
            try await db.perform { db in try db.endSession(
                tokenHash: tokenHash, account: session.account, action: AuditAction.sessionExpired, detail: reason,
                origin: AuditOrigin(actor: session.account.name, atMillis: now, source: context.sourceAddress)) }
            throw unauthorized(en: "\(reason): sign in again", zh: "登录已超时或账号已停用，请重新登录")
        }
        if now - session.lastSeenAtMillis >= AccountPolicy.touchIntervalMillis {
            try await db.perform { try $0.touchSession(tokenHash: tokenHash, at: now) }
        }
        if session.account.mustChangePassword && !Self.beforePasswordChange.contains("\(request.method.rawValue) \(request.uri.path)") {
            throw APIError(
                .forbidden, en: "password change required: set a new password with POST /api/v1/session/password first",
                zh: "须先修改初始密码（POST /api/v1/session/password）")
        }
        var context = context
        context.operatorAccount = session.account
        context.sessionTokenHash = tokenHash
        let response = try await next(request, context)
        guard context.declared.isMarked || !(200..<300).contains(response.status.code) else {
            // A route behind sign-in that named no permission: a programming error, made loud.
            throw APIError(.internalServerError, "route \(request.method.rawValue) \(request.uri.path) declares no permission")
        }
        return response
    }

    private func unauthorized(en: String, zh: String) -> APIError {
        var error = APIError(.unauthorized, en: en, zh: zh)
        error.headers[.wwwAuthenticate] = "Bearer realm=\"carenode\""
        return error
    }
}

/// Hashes a new operator's password (bcrypt, cost 10: about 50 ms here).
public enum PasswordHashing {
    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: 10) }
    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}
