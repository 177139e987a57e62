import CareModel
import CareStore
import Foundation
import Hummingbird

struct PrescriptionView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let conditionId: UUID?
    let kind: String
    let issuedOn: String
    let doctor: String
    let advice: String
    let validUntil: String?
    let issuedBy: String
    let status: String
    let acknowledgedAt: Date?
    let acknowledgedBy: String?
    let withdrawnAt: Date?
    let withdrawnReason: String?
    let version: String

    init(_ stored: Stored<Prescription>) {
        let p = stored.model
        id = p.id
        home = p.home.rawValue
        elderId = p.elderId
        conditionId = p.conditionId
        kind = p.kind.rawValue
        issuedOn = p.issuedOn
        doctor = p.doctor
        advice = p.advice
        validUntil = p.validUntil
        issuedBy = p.issuedBy
        status = p.status.rawValue
        acknowledgedAt = p.acknowledgedAtMillis.map(CareAPI.date(millis:))
        acknowledgedBy = p.acknowledgedBy
        withdrawnAt = p.withdrawnAtMillis.map(CareAPI.date(millis:))
        withdrawnReason = p.withdrawnReason
        version = stored.etag
    }
}

/// Health prescriptions (健康处方): a doctor at the station issues one (`health.prescribe`);
/// whoever records health data at the visit records that the elder or family acknowledged
/// it (`health.write`); the doctor may withdraw it. Every write goes to the node that holds the
/// elder's subtree, like the rest of the health record.
extension HealthController {
    func addPrescriptionRoutes(to routes: RouteCollection<NodeRequestContext>) {
        routes.route(.get, "elders/:id/prescriptions", requires: .healthRead) { (request: Request, context: NodeRequestContext) -> PageView<PrescriptionView> in
            let id = try request.uuidParameter(context)
            let items = try await db.perform { db in
                let elder = try visibleElder(id, context)
                return try db.prescriptions(elderId: elder.model.id).map(PrescriptionView.init)
            }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.post, "elders/:id/prescriptions", requires: .healthPrescribe) { (request: Request, context: NodeRequestContext) -> EditedResponse<PrescriptionView> in
            let elder = try await writableElder(try request.uuidParameter(context), context)
            let draft = try await request.json(Prescription.Draft.self, context: context)
            if let named = draft.conditionId, UUID(uuidString: named) == nil {
                throw ValidationFailure([FieldError(field: "conditionId", Label(en: "conditionId '\(named)' is not a UUID", zh: "慢病登记编号格式错误"))])
            }
            let condition = try await db.perform { db -> ChronicCondition? in
                guard let named = draft.conditionId.flatMap(UUID.init(uuidString:)) else { return nil }
                return try db.condition(id: named, in: context.scope)?.model
            }
            let prescription = try Prescription(
                validating: draft, elderId: elder.model.id, home: elder.model.home, condition: condition, issuedBy: context.actor, today: today)
            let stored = try await db.perform { try $0.createPrescription(prescription, actor: context.actor) }
            var response = tagged(PrescriptionView(stored), etag: stored.etag, status: .created)
            response.headers[.location] = "/api/v1/prescriptions/\(stored.model.id.uuidString)"
            return response
        }
        routes.route(.post, "prescriptions/:id/acknowledge", requires: .healthWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<PrescriptionView> in
            let current = try await writablePrescription(try request.uuidParameter(context), context)
            let ack = try await request.json(Prescription.Acknowledgement.self, context: context)
            let next = try current.model.acknowledged(ack, nowMillis: clock())
            let stored = try await db.perform { [ifMatch = request.ifMatch] in try $0.updatePrescription(next, ifMatch: ifMatch, actor: context.actor) }
            return tagged(PrescriptionView(stored), etag: stored.etag)
        }
        routes.route(.post, "prescriptions/:id/withdraw", requires: .healthPrescribe) { (request: Request, context: NodeRequestContext) -> EditedResponse<PrescriptionView> in
            let current = try await writablePrescription(try request.uuidParameter(context), context)
            let withdrawal = try await request.json(Prescription.Withdrawal.self, context: context)
            let next = try current.model.withdrawn(withdrawal, nowMillis: clock())
            let stored = try await db.perform { [ifMatch = request.ifMatch] in try $0.updatePrescription(next, ifMatch: ifMatch, actor: context.actor) }
            return tagged(PrescriptionView(stored), etag: stored.etag)
        }
    }

    /// A prescription the account can see, whose elder this node may write.
    private func writablePrescription(_ id: UUID, _ context: NodeRequestContext) async throws -> Stored<Prescription> {
        guard let current = try await db.perform({ try $0.prescription(id: id, in: context.scope) }) else {
            throw APIError(.notFound, "no prescription with id \(id)")
        }
        _ = try await writableElder(current.model.elderId, context)
        return current
    }
}

extension Prescription.Draft: StrictDraft {}
extension Prescription.Acknowledgement: StrictDraft {}
extension Prescription.Withdrawal: StrictDraft {}
