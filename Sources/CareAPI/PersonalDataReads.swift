import CareModel
import CareStore
import Foundation
import Hummingbird

/// Asking for personal data unmasked (GB/T 35273): `?reveal=identity&reason=…`. Only a role
/// with `elder.identity` may ask, and only with a reason of 1–200 characters, which goes into
/// the audit trail with the read.
enum RevealRequest {
    /// The stated reason when the request asks to reveal, nil when it does not.
    static func reason(_ request: Request, _ context: NodeRequestContext, always: Bool = false) throws -> String? {
        let reveal = request.uri.queryParameters.get("reveal")
        guard always || reveal != nil else { return nil }
        if let reveal, reveal != "identity" {
            throw APIError.badRequest("query parameter reveal='\(reveal)' is not valid; the only value is identity")
        }
        try context.require(.elderIdentity)
        let reason = try request.textQuery("reason")
        guard let reason, AccountPolicy.reasonCharacters.contains(reason.count),
            !reason.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            throw APIError.invalid(
                "reason", en: "give a reason of 1–200 characters (query parameter reason): reads of personal data are logged",
                zh: "请填写查看理由（1至200个字符）：查看个人信息将被记录")
        }
        return reason
    }
}

/// Audits reads of a kind that holds personal data: every read of one record, every list
/// (an export of many), and every unmasked read with its reason.
struct PersonalDataReads: Sendable {
    let db: AppDatabase
    let kind: EntityKind
    let clock: HybridLogicalClock.WallClock

    func audited(one id: UUID, reason: String?, _ context: NodeRequestContext) async throws {
        try await db.perform { db in try db.recordAudit(AuditEntry(
            home: db.node, atMillis: clock(), actor: context.actor,
            action: reason == nil ? AuditAction.elderRead : AuditAction.elderRevealed, subjectKind: kind.rawValue,
            subject: id.uuidString, reason: reason, source: context.sourceAddress)) }
    }

    /// A list is one entry naming the query; an unmasked list adds one entry per record shown,
    /// so that a search by elder finds every unmasked read of them.
    func audited(list ids: [UUID], query: String?, reason: String?, _ context: NodeRequestContext) async throws {
        let now = clock()
        var entries = [AuditEntry(
            home: db.node, atMillis: now, actor: context.actor, action: AuditAction.elderList, subjectKind: kind.rawValue,
            subject: "list", detail: "\(ids.count) records; query: \(query ?? "")", reason: reason, source: context.sourceAddress)]
        if let reason {
            entries += ids.map { id in
                AuditEntry(
                    home: db.node, atMillis: now, actor: context.actor, action: AuditAction.elderRevealed, subjectKind: kind.rawValue,
                    subject: id.uuidString, detail: "in a list", reason: reason, source: context.sourceAddress)
            }
        }
        try await db.perform { [entries] db in try db.recordAudit(entries) }
    }
}
