import CareModel
import CareStore
import Crypto
import Foundation
import Hummingbird
import HummingbirdBcrypt

/// Operator sign-in: name + password for a bearer token. Only the token's SHA-256 is stored.
struct SessionController {
    let db: AppDatabase
    /// How long a token stays valid.
    let lifetimeMillis: Int64 = 12 * 3600 * 1000

    struct Credentials: Decodable, StrictDraft {
        var name: String?
        var password: String?
    }

    struct Token: ResponseEncodable {
        let token: String
        let tokenType = "Bearer"
        let expiresAt: Date
        let role: String
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        RouteCollection(context: NodeRequestContext.self).post { request, context in
            try await login(request, context)
        }
    }

    private func login(_ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<Token> {
        let credentials = try await request.json(Credentials.self, context: context)
        var v = Validator()
        let name = Operator.checkName(credentials.name, "name", &v)
        let password = v.required(credentials.password, "password")
        try v.check()
        // bcrypt at cost 10 takes about 50 ms of one core: acceptable for sign-in, which is rare.
        guard let account = try db.operatorNamed(name!), Bcrypt.verify(password!, hash: account.passwordHash) else {
            throw APIError(.unauthorized, "unknown operator name or wrong password")
        }
        let token = Self.newToken()
        let expires = HybridLogicalClock.systemMillis() + lifetimeMillis
        try db.createSession(tokenHash: Self.hash(token), operatorId: account.id, expiresAtMillis: expires)
        return EditedResponse(status: .created, headers: [:], response: Token(
            token: token, expiresAt: Date(timeIntervalSince1970: Double(expires) / 1000), role: account.role.rawValue))
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
struct AuthMiddleware: RouterMiddleware {
    typealias Context = NodeRequestContext
    let db: AppDatabase

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw unauthorized("sign in first: POST /api/v1/session, then send Authorization: Bearer <token>")
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let account = try db.operatorForSession(tokenHash: SessionController.hash(token), nowMillis: HybridLogicalClock.systemMillis()) else {
            throw unauthorized("the bearer token is unknown or has expired: sign in again")
        }
        var context = context
        context.operatorAccount = account
        return try await next(request, context)
    }

    private func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, message)
        error.headers[.wwwAuthenticate] = "Bearer realm=\"carenode\""
        return error
    }
}

/// Hashes a new operator's password (bcrypt, cost 10: about 50 ms here).
public enum PasswordHashing {
    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: 10) }
}
