import CareModel
import Foundation
import NIOHTTP1

/// One signed-in operator per node, writing through the JSON API as a console would. A 2xx
/// answer is an acknowledgement; a 4xx is the node refusing (a record not yet replicated here,
/// a step its view of the order does not allow); anything else is a failure of the run.
struct ChaosOperator: Sendable {
    enum Outcome: Sendable {
        case acknowledged(UUID)
        case refused(String)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let node: DivisionCode
    let client: OperatorClient
    let token: String

    static func signIn(_ node: DivisionCode, at url: URL, caPEM: String) async throws -> ChaosOperator {
        let client = try OperatorClient(baseURL: url, caPEM: caPEM)
        do {
            let token = try await client.login(name: ChaosAccount.name, password: ChaosAccount.password)
            return ChaosOperator(node: node, client: client, token: token)
        } catch {
            await client.shutdown()
            throw error
        }
    }

    func createElder(_ elder: Elder) async throws -> Outcome {
        try await send(.POST, "/api/v1/elders", elder.draft)
    }

    func editPhone(elder id: UUID, phone: String) async throws -> Outcome {
        var patch = Elder.Draft()
        patch.phone = phone
        return try await send(.PATCH, "/api/v1/elders/\(id.uuidString)", patch)
    }

    func createOrder(elder: UUID, category: ServiceCategory) async throws -> Outcome {
        var draft = ServiceOrder.Draft()
        draft.elderId = elder.uuidString
        draft.category = category.rawValue
        draft.channel = IntakeChannel.phone.rawValue
        return try await send(.POST, "/api/v1/orders", draft)
    }

    /// The order's status as this node sees it, or nil if the node does not hold it yet.
    func orderStatus(_ id: UUID) async throws -> OrderStatus? {
        let reply = try await client.send(.GET, "/api/v1/orders/\(id.uuidString)", token: token)
        if reply.status == 404 { return nil }
        guard reply.status == 200 else { throw Failure(description: "GET order at \(node) answered \(reply.status): \(reply.text)") }
        let order = reply.json["order"] as? [String: Any]
        return (order?["status"] as? String).flatMap(OrderStatus.init(rawValue:))
    }

    /// A lifecycle step; the id of the event the node stored when it is acknowledged.
    func step(_ order: UUID, kind: OrderEventKind, organisation: UUID?, worker: UUID?) async throws -> Outcome {
        var draft = OrderEvent.Draft()
        let id = UUID()
        draft.id = id.uuidString
        draft.kind = kind.rawValue
        draft.organisationId = kind.assignsOrganisation ? organisation?.uuidString : nil
        draft.workerId = kind == .accept ? worker?.uuidString : nil
        draft.reason = kind == .cancel || kind == .refuse ? "chaos schedule" : nil
        switch try await write(.POST, "/api/v1/orders/\(order.uuidString)/events", draft) {
        case .acknowledged: return .acknowledged(id)
        case .refused(let why): return .refused(why)
        }
    }

    func evaluate(order: UUID, stars: Int) async throws -> Outcome {
        var draft = Evaluation.Draft()
        draft.orderId = order.uuidString
        draft.stars = stars
        draft.evaluator = EvaluatorKind.family.rawValue
        return try await send(.POST, "/api/v1/evaluations", draft)
    }

    func createOrganisation(_ organisation: ServiceOrganisation) async throws -> Outcome {
        try await send(.POST, "/api/v1/organisations", organisation.draft)
    }

    func createWorker(name: String, organisation: UUID) async throws -> Outcome {
        var draft = Staff.Draft()
        draft.name = name
        draft.role = StaffRole.caregiver.rawValue
        draft.organisationId = organisation.uuidString
        return try await send(.POST, "/api/v1/staff", draft)
    }

    /// Sends a write; the id of what it created, read from the answer's `id`.
    private func send(_ method: HTTPMethod, _ path: String, _ body: some Encodable & Sendable) async throws -> Outcome {
        switch try await write(method, path, body) {
        case .refused(let why): return .refused(why)
        case .acknowledged(let answer):
            guard let id = (answer["id"] as? String).flatMap(UUID.init(uuidString:)) else {
                throw Failure(description: "\(method) \(path) at \(node) was acknowledged without an id")
            }
            return .acknowledged(id)
        }
    }

    private enum Answer {
        case acknowledged([String: Any])
        case refused(String)
    }

    private func write(_ method: HTTPMethod, _ path: String, _ body: some Encodable & Sendable) async throws -> Answer {
        let reply: OperatorClient.Reply
        do {
            reply = try await client.send(method, path, token: token, json: body)
        } catch {
            throw Failure(description: "\(method) \(path) at \(node) failed: \(error)")
        }
        switch reply.status {
        case 200..<300:
            return .acknowledged(reply.json)
        case 400..<500:
            let message = ((reply.json["error"] as? [String: Any])?["message"] as? String) ?? reply.text
            return .refused("\(reply.status) \(message.prefix(160))")
        default:
            throw Failure(description: "\(method) \(path) at \(node) answered \(reply.status): \(reply.text.prefix(300))")
        }
    }
}
