import CareModel
import CareStore
import Foundation

/// What a chaos schedule knows while it runs: which links are cut, the records it created,
/// and every write a node acknowledged to its operator (the ledger the checker holds the
/// federation to).
struct ChaosWorld {
    struct Acknowledged: Hashable, Sendable {
        var kind: EntityKind
        var id: UUID
        var home: DivisionCode
    }

    let nodes: any ChaosNodes
    let operators: [DivisionCode: ChaosOperator]
    /// The organisation every community's orders are dispatched to, and its caregiver.
    let organisation: UUID
    let worker: UUID
    var ledger: [Acknowledged] = []
    var elders: [DivisionCode: [UUID]] = [:]
    var orders: [DivisionCode: [UUID]] = [:]
    var cut: Set<DivisionCode> = []
    var serial = 0

    var topology: Topology { nodes.topology }
    var communities: [DivisionCode] { topology.codes.filter { $0.role == .community } }
    var children: [DivisionCode] { topology.codes.filter { $0.role != .county } }

    /// Signs in at every node and registers, at the county, the organisation and caregiver
    /// the schedule's orders go to.
    static func prepare(_ nodes: any ChaosNodes) async throws -> ChaosWorld {
        var operators: [DivisionCode: ChaosOperator] = [:]
        for code in nodes.topology.codes {
            operators[code] = try await ChaosOperator.signIn(code, at: nodes.url(code), caPEM: nodes.caPEM)
        }
        let county = operators[nodes.topology.codes[0]]!
        let communities = nodes.topology.codes.filter { $0.role == .community }
        guard case .acknowledged(let organisation) = try await county.createOrganisation(ServiceOrganisation(
            home: county.node, name: "混沌测试服务中心", type: .homeCareCenter, categories: ServiceCategory.allCases,
            communities: communities, address: Address(text: "青山区")))
        else { throw ConfigurationErrorText("the county refused the schedule's organisation") }
        guard case .acknowledged(let worker) = try await county.createWorker(name: "混沌护理员", organisation: organisation) else {
            throw ConfigurationErrorText("the county refused the schedule's caregiver")
        }
        var world = ChaosWorld(nodes: nodes, operators: operators, organisation: organisation, worker: worker)
        world.acknowledge(.organisation, organisation, home: county.node)
        world.acknowledge(.staff, worker, home: county.node)
        return world
    }

    func signOut() async {
        for client in operators.values { await client.client.shutdown() }
    }

    mutating func acknowledge(_ kind: EntityKind, _ id: UUID, home: DivisionCode) {
        ledger.append(Acknowledged(kind: kind, id: id, home: home))
    }

    /// The nodes that hold records homed at `community`: itself, its street, the county.
    func holders(of community: DivisionCode) -> [DivisionCode] {
        topology.codes.filter { $0.contains(community) }
    }

    mutating func writeElder(_ random: inout SplitMix64) async throws -> String {
        let community = communities.randomElement(using: &random)!
        return try await writeElder(at: community, &random)
    }

    mutating func writeElder(at community: DivisionCode, _ random: inout SplitMix64) async throws -> String {
        serial += 1
        var elder = DemoSeed.makeElder(community, serial: serial, &random)
        elder.citizenId = Workload.uniqueID(community, serial: serial)
        elder.birthDate = elder.citizenId.birthDate
        switch try await operators[community]!.createElder(elder) {
        case .acknowledged(let id):
            elders[community, default: []].append(id)
            acknowledge(.elder, id, home: community)
            return "elder \(id.uuidString.prefix(8)) at \(community)"
        case .refused(let why):
            return "elder refused at \(community): \(why)"
        }
    }

    /// Edits an elder's phone at a random node that holds it: concurrent edits at a station
    /// and its street or county are what the profile merge must settle.
    mutating func editElder(_ random: inout SplitMix64) async throws -> String {
        guard let community = communities.filter({ elders[$0]?.isEmpty == false }).randomElement(using: &random),
            let id = elders[community]?.randomElement(using: &random)
        else { return "edit skipped: no elders yet" }
        let node = holders(of: community).randomElement(using: &random)!
        let phone = "139\(String(format: "%08d", Int.random(in: 0...99_999_999, using: &random)))"
        switch try await operators[node]!.editPhone(elder: id, phone: phone) {
        case .acknowledged: return "edit elder \(id.uuidString.prefix(8)) phone at \(node)"
        case .refused(let why): return "edit at \(node) refused: \(why)"
        }
    }

    /// Creates an order, or takes a random next step of one at a random tier that holds it;
    /// a step the node's current view refuses is part of the game, not a failure.
    mutating func stepOrder(_ random: inout SplitMix64) async throws -> String {
        let community = communities.randomElement(using: &random)!
        if orders[community, default: []].isEmpty || Int.random(in: 0..<4, using: &random) == 0 {
            guard let elderId = elders[community]?.randomElement(using: &random) else { return "order skipped: no elder" }
            switch try await operators[community]!.createOrder(elder: elderId, category: .homeCare) {
            case .acknowledged(let id):
                orders[community, default: []].append(id)
                acknowledge(.order, id, home: community)
                return "order \(id.uuidString.prefix(8)) at \(community)"
            case .refused(let why):
                return "order refused at \(community): \(why)"
            }
        }
        let id = orders[community]!.randomElement(using: &random)!
        let node = holders(of: community).randomElement(using: &random)!
        let client = operators[node]!
        guard let status = try await client.orderStatus(id) else { return "step skipped: order not yet at \(node)" }
        let kinds = OrderEventKind.allowed(from: status).filter { ($0 != .refer || node.role == .street) && ($0 != .returnVisit || node.role == .county) }
        guard let kind = kinds.randomElement(using: &random) else { return "step skipped: order \(status.rawValue)" }
        switch try await client.step(id, kind: kind, organisation: organisation, worker: worker) {
        case .acknowledged(let event):
            acknowledge(.orderEvent, event, home: community)
            return "\(kind.rawValue) order \(id.uuidString.prefix(8)) at \(node)"
        case .refused(let why):
            return "\(kind.rawValue) refused at \(node): \(why)"
        }
    }

    mutating func evaluate(_ random: inout SplitMix64) async throws -> String {
        guard let community = communities.filter({ orders[$0]?.isEmpty == false }).randomElement(using: &random),
            let orderId = orders[community]?.randomElement(using: &random)
        else { return "evaluation skipped: no orders" }
        switch try await operators[community]!.evaluate(order: orderId, stars: Int.random(in: 1...5, using: &random)) {
        case .acknowledged(let id):
            acknowledge(.evaluation, id, home: community)
            return "evaluation at \(community)"
        case .refused(let why):
            return "evaluation refused at \(community): \(why)"
        }
    }

    mutating func toggleLink(_ random: inout SplitMix64) -> String {
        let child = children.randomElement(using: &random)!
        if cut.remove(child) != nil {
            nodes.restore(child)
            return "restore link \(child)"
        }
        cut.insert(child)
        nodes.cut(child)
        return "cut link \(child)"
    }

    /// A graceful restart of any node, the county included.
    func restart(_ random: inout SplitMix64) async throws -> String {
        let node = topology.codes.randomElement(using: &random)!
        try await nodes.stop(node)
        try await nodes.start(node)
        return "restart \(node)"
    }

    /// Forgets a child's acknowledged push position and restarts it, so it sends every batch
    /// again: the parent must take the duplicates without change.
    func replayPushes(_ random: inout SplitMix64) async throws -> String {
        let child = children.randomElement(using: &random)!
        try await nodes.stop(child)
        try nodes.resetPushCursor(child)
        try await nodes.start(child)
        return "replay all pushes from \(child)"
    }

    /// SIGKILL of any node at whatever it was doing, then a restart.
    func kill(_ random: inout SplitMix64) async throws -> String {
        let node = topology.codes.randomElement(using: &random)!
        try await nodes.kill(node)
        try await nodes.start(node)
        return "kill -9 \(node)"
    }

    /// A community writes a batch while its link is down; the link comes back and, a few
    /// milliseconds into the catch-up, the station or its street is killed — often with a push
    /// on the wire or half applied.
    mutating func killMidBatch(_ random: inout SplitMix64) async throws -> String {
        let community = communities.randomElement(using: &random)!
        let wasCut = cut.contains(community)
        nodes.cut(community)
        let count = Int.random(in: 20...60, using: &random)
        for _ in 0..<count { _ = try await writeElder(at: community, &random) }
        nodes.restore(community)
        cut.remove(community)
        try await Task.sleep(for: .milliseconds(Int.random(in: 0...40, using: &random)))
        let victim = Bool.random(using: &random) ? community : community.parent!
        try await nodes.kill(victim)
        try await nodes.start(victim)
        return "kill -9 \(victim) mid-catch-up of \(count) elders from \(community)\(wasCut ? " (link had been cut)" : "")"
    }

    mutating func heal() {
        for child in cut { nodes.restore(child) }
        cut.removeAll()
    }
}
