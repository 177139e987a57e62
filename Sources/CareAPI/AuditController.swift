import CareModel
import CareStore
import Foundation
import Hummingbird

/// The audit trail for auditors (`GET /api/v1/audit`): sign-ins, account changes, record
/// writes and reads of personal data, newest first.
struct AuditController {
    let db: AppDatabase

    struct EntryView: ResponseEncodable, Decodable {
        let id: UUID
        let node: String
        let at: Date
        let actor: String
        let action: String
        let subjectKind: String
        let subject: String
        let detail: String?
        let reason: String?
        let source: String?

        init(_ e: AuditEntry) {
            id = e.id
            node = e.home.rawValue
            at = date(millis: e.atMillis)
            actor = e.actor
            action = e.action
            subjectKind = e.subjectKind
            subject = e.subject
            detail = e.detail
            reason = e.reason
            source = e.source
        }
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        RouteCollection(context: NodeRequestContext.self)
            .route(.get, requires: .auditRead) { (request: Request, context: NodeRequestContext) -> PageView<EntryView> in
                var filter = AuditFilter()
                filter.within = context.scope?.division
                if let text = request.uri.queryParameters.get("limit") {
                    guard let limit = Int(text), (1...500).contains(limit) else {
                        throw APIError.badRequest("limit must be a whole number from 1 to 500, got '\(text)'")
                    }
                    filter.limit = limit
                }
                if let cursor = request.uri.queryParameters.get("cursor") {
                    guard AppDatabase.auditCursor(cursor) != nil else { throw APIError.badRequest("cursor '\(cursor)' is not one this API gave out") }
                    filter.after = cursor
                }
                filter.actor = try request.textQuery("actor")
                filter.subject = try request.textQuery("subject")
                filter.action = try request.textQuery("action")
                filter.from = try request.query("from", QualityController.instant)
                filter.to = try request.query("to", QualityController.instant)
                if let from = filter.from, let to = filter.to, from >= to {
                    throw APIError.badRequest("query parameter from must be before to")
                }
                let page = try await db.perform { [filter] db in try db.auditEntries(filter) }
                return PageView(items: page.items.map(EntryView.init), next: page.next)
            }
    }
}
