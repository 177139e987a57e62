import CareModel
import CareStore
import Foundation
import Hummingbird

/// Credit files (信用信息披露, Anhui §5.1.2.7): the list of organisations with their scores and
/// levels (`credit.read`; an organisation admin sees its own organisation only), an
/// organisation's file, and, at the county only (`credit.write`), entering a violation or an
/// award, upholding a closed complaint against an organisation, and lifting a blacklisting.
/// Scores follow `CreditRule`; a violation that takes an organisation below the threshold
/// blacklists it, and the organisation record carries that down to every node's dispatch.
struct CreditController {
    let db: AppDatabase
    let info: NodeInfo
    let clock: HybridLogicalClock.WallClock

    struct LiftDraft: Codable, Sendable, Equatable {
        var reason: String?
        init() {}
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, requires: .creditRead) { (request: Request, context: NodeRequestContext) -> CreditListView in
            let status = try request.codeQuery("status", CreditStatus.self)
            let level = try request.codeQuery("level", CreditLevel.self)
            let own = ownOrganisation(context)
            let files = try await db.perform { try $0.creditFiles(organisationId: own) }
            let items = files.map(CreditLineView.init).filter { line in
                (status == nil || line.creditStatus == status) && (level == nil || line.level == level)
            }
            return CreditListView(items: items, total: items.count, today: db.creditToday, rule: CreditRuleView())
        }
        routes.route(.get, "organisations/:id", requires: .creditRead) { (request: Request, context: NodeRequestContext) -> CreditFileView in
            try await file(try request.uuidParameter(context), context)
        }
        routes.route(.post, "records", requires: .creditWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<CreditOutcomeView> in
            try atCounty()
            let draft = try await request.json(CreditRecord.Draft.self, context: context)
            let ids = try CreditRecord.ids(in: draft)
            let (organisation, complaint) = try await db.perform { db in
                let complaint = try ids.source.flatMap { try db.complaint(id: $0) }
                return (try db.organisation(id: ids.organisation)?.model, complaint.map { ($0.summary.complaint, closed: $0.summary.status == .closed) })
            }
            let record = try CreditRecord(
                validating: draft, home: db.node, organisation: organisation, complaint: complaint, recordedBy: context.actor, nowMillis: clock())
            let outcome = try await db.perform { try $0.recordCredit(record, actor: context.actor) }
            guard outcome.created else {
                throw APIError(
                    .conflict, en: "that \(record.source.label.en) is already on the credit file (record \(outcome.record.model.id))",
                    zh: "该\(record.source.label.zh)已记入信用档案")
            }
            return try await respond(outcome, context)
        }
        routes.route(.post, "organisations/:id/lift", requires: .creditWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<CreditOutcomeView> in
            try atCounty()
            let id = try request.uuidParameter(context)
            let draft = try await request.json(LiftDraft.self, context: context)
            var v = Validator()
            let reason = v.text(draft.reason, "reason", max: CreditRecord.descriptionMax, multiline: true)
            try v.check()
            guard let organisation = try await db.perform({ try $0.organisation(id: id)?.model }) else {
                throw APIError(.notFound, en: "no organisation with id \(id)", zh: "未找到该服务组织")
            }
            guard organisation.creditStatus == .blacklisted else {
                throw APIError(
                    .conflict, en: "\(organisation.name) is not blacklisted (it is \(organisation.creditStatus.rawValue)): there is nothing to lift",
                    zh: "该服务组织不在失信黑名单中，无需移出")
            }
            let outcome = try await db.perform { try $0.liftBlacklisting(organisationId: id, reason: reason!, actor: context.actor) }
            return try await respond(outcome, context)
        }
        return routes
    }

    /// Credit records are written at the county, which holds every complaint's close and every
    /// re-inspection; a street or community reads the files sent down to it.
    private func atCounty() throws {
        guard info.role == .county else {
            throw APIError(
                .forbidden, en: "credit records are kept by the county: enter them on the county node, not on this \(info.role.rawValue) node",
                zh: "信用记录由县级录入，请在县级节点操作")
        }
    }

    /// An organisation admin's own organisation, to which its reads are narrowed.
    private func ownOrganisation(_ context: NodeRequestContext) -> UUID? {
        guard let account = context.operatorAccount, account.role == .organisationAdmin else { return nil }
        return account.organisationId ?? UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
    }

    private func file(_ id: UUID, _ context: NodeRequestContext) async throws -> CreditFileView {
        if let own = ownOrganisation(context), own != id {
            throw APIError(.forbidden, en: "an organisation admin sees its own organisation's credit file only", zh: "服务组织管理员只能查看本组织的信用档案")
        }
        guard let file = try await db.perform({ try $0.creditFiles(organisationId: id) }).first else {
            throw APIError(.notFound, en: "no organisation with id \(id)", zh: "未找到该服务组织")
        }
        return CreditFileView(file, today: db.creditToday)
    }

    private func respond(_ outcome: CreditOutcome, _ context: NodeRequestContext) async throws -> EditedResponse<CreditOutcomeView> {
        let file = try await file(outcome.organisation.model.id, context)
        let view = CreditOutcomeView(
            record: CreditRecordView(outcome.record.model, today: db.creditToday), previousStatus: outcome.previousStatus.rawValue, file: file)
        var response = tagged(view, etag: outcome.record.etag, status: .created)
        response.headers[.location] = "/api/v1/credit/organisations/\(outcome.organisation.model.id.uuidString)"
        return response
    }
}

extension CreditRecord.Draft: StrictDraft {}
extension CreditController.LiftDraft: StrictDraft {}
