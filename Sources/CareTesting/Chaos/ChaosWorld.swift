import CareModel
import CareStore
import Foundation

/// What a chaos schedule knows while it runs: which nodes are up, which links are cut, the
/// records it created, and every write a node acknowledged.
struct ChaosWorld {
    struct Acknowledged: Hashable, Sendable {
        var kind: EntityKind
        var id: UUID
        var home: DivisionCode
    }

    let topology: Topology
    var ledger: [Acknowledged] = []
    var elders: [DivisionCode: [UUID]] = [:]
    var orders: [DivisionCode: [UUID]] = [:]
    var cut: Set<DivisionCode> = []
    var serial = 0

    init(topology: Topology) { self.topology = topology }

    var communities: [DivisionCode] { topology.codes.filter { $0.role == .community } }
    var children: [DivisionCode] { topology.codes.filter { $0.role != .county } }

    mutating func acknowledge(_ kind: EntityKind, _ id: UUID, home: DivisionCode) {
        ledger.append(Acknowledged(kind: kind, id: id, home: home))
    }

    /// The nodes that hold records homed at `community`: itself, its street, the county.
    func holders(of community: DivisionCode) -> [DivisionCode] {
        topology.codes.filter { $0.contains(community) }
    }

    mutating func writeElder(_ federation: Federation, _ random: inout SplitMix64) throws -> String {
        let community = communities.randomElement(using: &random)!
        serial += 1
        var elder = DemoSeed.makeElder(community, serial: serial, &random)
        elder.citizenId = Workload.uniqueID(community, serial: serial)
        elder.birthDate = elder.citizenId.birthDate
        let stored = try federation.db(community).createElder(elder, actor: "chaos")
        elders[community, default: []].append(stored.model.id)
        acknowledge(.elder, stored.model.id, home: community)
        return "elder \(stored.model.id.uuidString.prefix(8)) at \(community)"
    }

    /// Edits an elder's phone at a random node that holds it: concurrent edits at a station
    /// and its street or county are what the profile merge must settle.
    mutating func editElder(_ federation: Federation, _ random: inout SplitMix64) throws -> String {
        guard let community = communities.filter({ elders[$0]?.isEmpty == false }).randomElement(using: &random),
            let id = elders[community]?.randomElement(using: &random)
        else { return "edit skipped: no elders yet" }
        let node = holders(of: community).randomElement(using: &random)!
        guard var elder = try federation.db(node).elder(id: id)?.model else { return "edit skipped: elder not yet at \(node)" }
        elder.phone = "139\(String(format: "%08d", Int.random(in: 0...99_999_999, using: &random)))"
        _ = try federation.db(node).updateElder(elder, ifMatch: nil, actor: "chaos")
        return "edit elder \(id.uuidString.prefix(8)) phone at \(node)"
    }

    /// Creates an order, or takes the next step of one at a random tier that holds it; a step
    /// the node's current view refuses is part of the game, not a failure.
    mutating func stepOrder(_ federation: Federation, organisation: UUID, _ random: inout SplitMix64) throws -> String {
        let community = communities.randomElement(using: &random)!
        let db = federation.db(community)
        if orders[community, default: []].isEmpty || Int.random(in: 0..<4, using: &random) == 0 {
            guard let elderId = elders[community]?.randomElement(using: &random) else { return "order skipped: no elder" }
            let order = try db.createOrder(ServiceOrder(
                home: community, elderId: elderId, category: .homeCare, channel: .phone, takenAt: community, takenBy: "chaos",
                requestedAtMillis: HybridLogicalClock.systemMillis()), actor: "chaos")
            orders[community, default: []].append(order.model.id)
            acknowledge(.order, order.model.id, home: community)
            return "order \(order.model.id.uuidString.prefix(8)) at \(community)"
        }
        let id = orders[community]!.randomElement(using: &random)!
        let node = holders(of: community).randomElement(using: &random)!
        guard let summary = try federation.db(node).order(id: id) else { return "step skipped: order not yet at \(node)" }
        let kinds = OrderEventKind.allowed(from: summary.status).filter { $0 != .refer || node.role == .street }
        guard let kind = kinds.randomElement(using: &random) else { return "step skipped: order \(summary.status.rawValue)" }
        let event = OrderEvent(
            orderId: id, home: community, kind: kind, version: .zero, actor: "chaos@\(node)",
            reason: kind == .cancel || kind == .refuse ? "chaos" : nil,
            organisationId: kind.assignsOrganisation ? organisation : nil, workerId: kind == .accept ? UUID() : nil)
        do {
            let stored = try federation.db(node).appendOrderEvent(event, actor: "chaos")
            acknowledge(.orderEvent, stored.event.model.id, home: community)
            return "\(kind.rawValue) order \(id.uuidString.prefix(8)) at \(node)"
        } catch StoreError.conflict(let reason) {
            return "\(kind.rawValue) refused at \(node): \(reason)"
        }
    }

    mutating func evaluate(_ federation: Federation, _ random: inout SplitMix64) throws -> String {
        guard let community = communities.filter({ orders[$0]?.isEmpty == false }).randomElement(using: &random),
            let orderId = orders[community]?.randomElement(using: &random)
        else { return "evaluation skipped: no orders" }
        let evaluation = try federation.db(community).createEvaluation(Evaluation(
            home: community, orderId: orderId, organisationId: nil, stars: Int.random(in: 1...5, using: &random), evaluator: .family,
            createdAtMillis: HybridLogicalClock.systemMillis()), actor: "chaos")
        acknowledge(.evaluation, evaluation.model.id, home: community)
        return "evaluation at \(community)"
    }

    mutating func toggleLink(_ federation: Federation, _ random: inout SplitMix64) -> String {
        let child = children.randomElement(using: &random)!
        if cut.remove(child) != nil {
            federation.restore(child)
            return "restore link \(child)"
        }
        cut.insert(child)
        federation.cut(child)
        return "cut link \(child)"
    }

    /// A graceful restart of any node, the county included.
    mutating func restart(_ federation: Federation, _ random: inout SplitMix64) async throws -> String {
        let node = topology.codes.randomElement(using: &random)!
        await federation.stop(node)
        try await federation.restart(node)
        return "restart \(node)"
    }

    /// Forgets a child's acknowledged push position and restarts it, so it sends every batch
    /// again: the parent must take the duplicates without change.
    mutating func replayPushes(_ federation: Federation, _ random: inout SplitMix64) async throws -> String {
        let child = children.randomElement(using: &random)!
        await federation.stop(child)
        try federation.db(child).saveCursor(.start, peer: child.parent!.rawValue, direction: "push")
        try await federation.restart(child)
        return "replay all pushes from \(child)"
    }

    mutating func heal(_ federation: Federation) {
        for child in cut { federation.restore(child) }
        cut.removeAll()
    }
}
