import CareModel
import CareStore
import Foundation
import HTTPTypes

/// The checks on a step that need the store or the node: who may take it here, and whether
/// the organisation and worker it names can serve this order.
enum OrderStepRules {
    static func check(_ event: OrderEvent, order: OrderSummary, node: DivisionCode, db: AppDatabase) async throws {
        switch event.kind {
        case .refer where node.role != .street:
            throw APIError(.forbidden, "a referral (转介) is made at a street centre's one-stop window; this node is a \(node.role.rawValue)")
        case .returnVisit where node.role != .county:
            throw APIError(.forbidden, "return visits are recorded by the county call center; this node is a \(node.role.rawValue)")
        default: break
        }
        if event.kind.assignsOrganisation, let id = event.organisationId {
            try await checkOrganisation(id, for: order.order, db: db)
        }
        if event.kind == .accept, let workerId = event.workerId {
            guard let worker = try await db.perform({ try $0.staff(id: workerId) }) else {
                throw invalid("workerId", en: "no staff member with id \(workerId) at this node", zh: "本节点没有该服务人员")
            }
            if let employer = worker.model.organisationId, let serving = order.organisationId, employer != serving {
                throw invalid("workerId", en: "\(worker.model.name) works for organisation \(employer), not for \(serving) which holds this order", zh: "该服务人员不属于承接工单的服务组织")
            }
        }
    }

    /// An organisation may take an order when it serves the elder's community, offers the
    /// category and is not on the credit blacklist.
    static func checkOrganisation(_ id: UUID, for order: ServiceOrder, db: AppDatabase) async throws {
        guard let organisation = try await db.perform({ try $0.organisation(id: id) })?.model else {
            throw invalid("organisationId", en: "no organisation with id \(id) at this node", zh: "本节点没有该服务组织")
        }
        if organisation.creditStatus == .blacklisted {
            throw invalid("organisationId", en: "\(organisation.name) is on the credit blacklist and may not be dispatched to", zh: "该服务组织已列入失信黑名单")
        }
        if !organisation.categories.contains(order.category) {
            throw invalid("organisationId", en: "\(organisation.name) does not offer \(order.category.rawValue)", zh: "该服务组织不提供此类服务")
        }
        if !organisation.communities.contains(order.home) {
            throw invalid("organisationId", en: "\(organisation.name) does not serve community \(order.home)", zh: "该服务组织不覆盖老人所在社区")
        }
    }

    static func invalid(_ field: String, en: String, zh: String) -> APIError {
        APIError.validation(ValidationFailure([FieldError(field: field, Label(en: en, zh: zh))]))
    }
}
