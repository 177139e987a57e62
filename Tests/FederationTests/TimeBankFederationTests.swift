import CareAPI
import CareModel
import CarePKI
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// The time bank across the tiers: hours earned at one community are redeemed at another of
/// the county; two stations cut off from each other both spend the same hours, and once their
/// links return both entries are everywhere, the balance is negative, one overdraft conflict
/// stands, and the street's settlement clears it on every node.
@Suite(.serialized) struct TimeBankFederationTests {
    typealias J = HealthFederationTests.J
    static let communityA = DivisionCode("420107001001")!
    static let communityB = DivisionCode("420107001002")!

    /// A county, one street, and two communities under it: the street is where the two
    /// stations' entries first meet.
    static func withOneStreet(_ body: (Federation) async throws -> Void) async throws {
        let topology = try Topology(name: "time-bank", nodes: [
            .init(code: "420107", name: "青山区养老服务指导中心"), .init(code: "420107001", name: "红卫路街道养老服务中心"),
            .init(code: "420107001001", name: "青和居社区养老服务站"), .init(code: "420107001002", name: "工人村社区养老服务站"),
        ])
        let federation = try await Federation.start(topology, batchSize: 200)
        do {
            try await body(federation)
        } catch {
            await federation.shutdown()
            try? FileManager.default.removeItem(at: federation.directory)
            throw error
        }
        await federation.shutdown()
        try? FileManager.default.removeItem(at: federation.directory)
    }

    /// An operator signed in at one node.
    struct Desk {
        let client: OperatorClient
        let token: String

        static func open(_ federation: Federation, _ code: DivisionCode, role: OperatorRole = .stationStaff) async throws -> Desk {
            let name = "tb-\(role.rawValue)-\(code)"
            try federation.db(code).addOperator(Operator(name: name, role: role, home: code, passwordHash: PasswordHashing.hash("time bank password")))
            let client = try OperatorClient(baseURL: federation.url(code), caPEM: federation.authority.certificatePEM)
            return Desk(client: client, token: try await client.login(name: name, password: "time bank password"))
        }

        func send(_ method: HTTPMethod, _ path: String, _ json: [String: J]? = nil) async throws -> OperatorClient.Reply {
            let reply = try await client.send(method, path, token: token, json: json)
            guard (200..<300).contains(reply.status) else {
                throw WorkOrderFederationTests.ReplyError(description: "\(method) \(path): \(reply.status) \(reply.text)")
            }
            return reply
        }
    }

    /// A volunteer registered at `station`'s community, credited `minutes` for one activity.
    static func creditedVolunteer(_ station: Desk, community: DivisionCode, minutes: Int) async throws -> UUID {
        let volunteer = try await station.send(.POST, "/api/v1/volunteers", [
            "name": J("李桂芳"), "phone": J("13912345678"), "community": J(community.rawValue), "skills": J(["companionship"]),
        ])
        let id = try #require(volunteer.json["id"] as? String)
        let activity = try await station.send(.POST, "/api/v1/volunteer-activities", [
            "title": J("陪独居老人聊天"), "date": J("2026-03-02"), "place": J("社区活动室"), "minutes": J(minutes), "capacity": J(10),
        ])
        let activityId = try #require(activity.json["id"] as? String)
        _ = try await station.send(.POST, "/api/v1/volunteer-activities/\(activityId)/signups", ["volunteerId": J(id)])
        _ = try await station.send(.POST, "/api/v1/volunteer-activities/\(activityId)/attendance", ["volunteerId": J(id)])
        return try #require(UUID(uuidString: id))
    }

    /// A service order for a new elder of `code`, taken at that station.
    static func order(_ federation: Federation, _ station: Desk, at code: DivisionCode, serial: Int) async throws -> String {
        let elder = try federation.db(code).createElder(Samples.elder(serial, home: code), actor: "t").model
        let order = try await station.send(.POST, "/api/v1/orders", [
            "elderId": J(elder.id.uuidString), "category": J("bathing"), "channel": J("phone"),
        ])
        return try #require(order.json["id"] as? String)
    }

    static func balance(_ db: AppDatabase, _ volunteer: UUID) -> Int? {
        (try? db.ledger(volunteerId: volunteer)).map { TimeBank.fold($0).minutes }
    }

    @Test func hoursEarnedUnderOneStreetAreRedeemedUnderTheOther() async throws {
        try await Federation.withSmall { federation in
            let stationA = try await Desk.open(federation, Codes.community1)
            let stationB = try await Desk.open(federation, Codes.community2)
            defer { Task { await stationA.client.shutdown(); await stationB.client.shutdown() } }
            let volunteer = try await Self.creditedVolunteer(stationA, community: Codes.community1, minutes: 120)
            let order = try await Self.order(federation, stationB, at: Codes.community2, serial: 61)
            let elsewhere = federation.db(Codes.community2)
            try await federation.converge("the volunteer and its hours at the other street's station") {
                try elsewhere.volunteer(id: volunteer) != nil && Self.balance(elsewhere, volunteer) == 120
            }

            let redeemed = try await stationB.send(.POST, "/api/v1/volunteers/\(volunteer)/redeem", [
                "minutes": J(90), "orderId": J(order), "relation": J("family"),
            ])
            #expect(redeemed.json["balance"] as? Int == 30)
            try await federation.converge("30 minutes left on every node") {
                federation.topology.codes.allSatisfy { Self.balance(federation.db($0), volunteer) == 30 }
            }
            // The order stays where its elder is: the entry names it, the volunteer's station need not hold it.
            #expect(try federation.db(Codes.community1).order(id: UUID(uuidString: order)!) == nil)
            #expect(try federation.db(Codes.county).overdrafts(includeSettled: true).isEmpty)
        }
    }

    @Test func twoOfflineStationsSpendTheSameHoursAndTheStreetSettlesTheOverdraft() async throws {
        try await Self.withOneStreet { federation in
            let stationA = try await Desk.open(federation, Self.communityA)
            let stationB = try await Desk.open(federation, Self.communityB)
            let street = try await Desk.open(federation, Codes.street1, role: .clerk)
            defer { Task { await stationA.client.shutdown(); await stationB.client.shutdown(); await street.client.shutdown() } }
            let volunteer = try await Self.creditedVolunteer(stationA, community: Self.communityA, minutes: 60)
            let orderA = try await Self.order(federation, stationA, at: Self.communityA, serial: 62)
            let orderB = try await Self.order(federation, stationB, at: Self.communityB, serial: 63)
            try await federation.converge("the hours at the second station") { Self.balance(federation.db(Self.communityB), volunteer) == 60 }

            // Both stations cut off; each spends the 60 minutes it knows of.
            federation.cut(Self.communityA)
            federation.cut(Self.communityB)
            let atA = try await stationA.send(.POST, "/api/v1/volunteers/\(volunteer)/redeem", ["minutes": J(60), "orderId": J(orderA), "relation": J("family")])
            let atB = try await stationB.send(.POST, "/api/v1/volunteers/\(volunteer)/redeem", ["minutes": J(60), "orderId": J(orderB), "relation": J("family")])
            #expect(atA.json["balance"] as? Int == 0 && atB.json["balance"] as? Int == 0)
            // A third spend at a station that knows its balance is spent is refused there.
            let again = try await stationA.client.send(.POST, "/api/v1/volunteers/\(volunteer)/redeem", token: stationA.token, json: [
                "minutes": J(10), "orderId": J(orderA), "relation": J("family"),
            ])
            #expect(again.status == 422, "\(again.text)")
            federation.restore(Self.communityA)
            federation.restore(Self.communityB)

            let codes = federation.topology.codes
            func overdrafts(_ code: DivisionCode) -> [Stored<Conflict>] { (try? federation.db(code).overdrafts(includeSettled: true)) ?? [] }
            try await federation.converge("both entries everywhere, the balance negative, one overdraft on every node", explain: {
                codes.map { "\($0): balance \(Self.balance(federation.db($0), volunteer).map(String.init) ?? "-"), overdrafts \(overdrafts($0).count)" }.joined(separator: "; ")
            }) {
                codes.allSatisfy { code in
                    let entries = (try? federation.db(code).ledger(volunteerId: volunteer)) ?? []
                    return entries.filter { $0.entry.kind == .redeem }.count == 2 && Self.balance(federation.db(code), volunteer) == -60
                        && overdrafts(code).count == 1
                }
            }
            let listed = try await street.send(.GET, "/api/v1/timebank/overdrafts")
            let items = try #require(listed.json["items"] as? [[String: Any]])
            #expect(items.count == 1 && items.first?["balance"] as? Int == -60 && items.first?["volunteerName"] as? String == "李桂芳", "\(listed.text)")
            let conflictId = try #require((items.first?["conflict"] as? [String: Any])?["id"] as? String)
            let ids = Set(codes.flatMap { overdrafts($0).map(\.model.id.uuidString) })
            #expect(ids == [conflictId], "one conflict, the same id on every node")

            // A station may not settle it; the street puts the hours back with an adjustment.
            let byStation = try await stationA.client.send(.POST, "/api/v1/timebank/overdrafts/\(conflictId)/settle", token: stationA.token, json: ["minutes": J(60), "note": J("x")])
            #expect(byStation.status == 403, "\(byStation.text)")
            let settled = try await street.send(.POST, "/api/v1/timebank/overdrafts/\(conflictId)/settle", [
                "minutes": J(60), "note": J("两站离线重复兑换，由街道补足"),
            ])
            #expect((settled.json["conflict"] as? [String: Any])?["resolved"] as? Bool == true && (settled.json["entry"] as? [String: Any])?["kind"] as? String == "adjust")
            try await federation.converge("settled everywhere, balance back to zero", explain: {
                codes.map { "\($0): balance \(Self.balance(federation.db($0), volunteer).map(String.init) ?? "-"), open \(overdrafts($0).filter { $0.model.resolution == nil }.count)" }.joined(separator: "; ")
            }) {
                codes.allSatisfy { code in
                    Self.balance(federation.db(code), volunteer) == 0 && overdrafts(code).count == 1 && overdrafts(code).allSatisfy { $0.model.resolution != nil }
                }
            }
            let ledger = try await stationB.send(.GET, "/api/v1/volunteers/\(volunteer)/ledger")
            #expect((ledger.json["entries"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["earn", "redeem", "redeem", "adjust"])
            #expect((ledger.json["openOverdrafts"] as? [Any])?.isEmpty == true)
        }
    }
}
