import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareSync
import CareTesting
import CareWire
import Foundation
import GRDB
import NIOHTTP1
import SwiftProtobuf
import Testing

/// Health records across the tiers: entered at a station that is offline, they reach the
/// county when its link returns; a follow-up falls overdue on the station's clock; and what
/// lives with an elder moves with the elder.
@Suite(.serialized) struct HealthFederationTests {
    /// Any encodable value, so a JSON body can mix types.
    struct J: Encodable {
        let encode: (any Encoder) throws -> Void
        init<T: Encodable>(_ value: T) { encode = value.encode }
        func encode(to encoder: any Encoder) throws { try encode(encoder) }
    }

    struct Staff {
        let client: OperatorClient
        var token: String

        static func open(_ federation: Federation, _ code: DivisionCode, role: OperatorRole = .stationStaff) async throws -> Staff {
            try federation.db(code).addOperator(Operator(name: "health-\(code)", role: role, home: code, passwordHash: PasswordHashing.hash("health password")))
            let client = try OperatorClient(baseURL: federation.url(code), caPEM: federation.authority.certificatePEM)
            return Staff(client: client, token: try await client.login(name: "health-\(code)", password: "health password"))
        }

        func send(_ method: HTTPMethod, _ path: String, _ json: [String: J]? = nil) async throws -> OperatorClient.Reply {
            let reply = try await client.send(method, path, token: token, json: json)
            guard (200..<300).contains(reply.status) else {
                throw WorkOrderFederationTests.ReplyError(description: "\(method) \(path): \(reply.status) \(reply.text)")
            }
            return reply
        }
    }

    @Test func aCheckupAndADiabeticEntryMadeAtAnOfflineStationReachTheCountyAndItsFollowUpFallsOverdue() async throws {
        let clock = ManualWallClock()
        try await Federation.withSmall(configure: { config in
            if config.code == Codes.community1 { config.accountClock = clock.now }
        }) { federation in
            let community = federation.db(Codes.community1)
            let county = federation.db(Codes.county)
            let elder = try community.createElder(Samples.elder(31, home: Codes.community1), actor: "t").model
            try await federation.converge("elder at the county") { try county.elder(id: elder.id) != nil }
            var station = try await Staff.open(federation, Codes.community1)
            let client = station.client
            defer { Task { await client.shutdown() } }

            federation.cut(Codes.community1)
            let today = VitalsSummary.day(clock.now())
            let checkup = try await station.send(.POST, "/api/v1/elders/\(elder.id)/checkups", [
                "date": J(today), "place": J("青山区社区卫生服务站"),
                "items": J([["item": J("fastingGlucose"), "value": J(8.9)], ["item": J("systolic"), "value": J(132)]]),
            ])
            let checkupId = try #require(UUID(uuidString: checkup.json["id"] as? String ?? ""))
            let condition = try await station.send(.POST, "/api/v1/elders/\(elder.id)/conditions", ["disease": J("diabetesType2")])
            let conditionId = try #require(UUID(uuidString: condition.json["id"] as? String ?? ""))
            try await Task.sleep(for: .seconds(2))
            #expect(try county.checkup(id: checkupId) == nil, "the station is offline")

            federation.restore(Codes.community1)
            try await federation.converge("check-up and condition at the county") {
                try county.checkup(id: checkupId)?.model.result(.fastingGlucose)?.abnormal == true
                    && county.condition(id: conditionId, in: nil)?.model.disease == .diabetesType2
            }

            // Ninety-one days on the station's clock: the follow-up is overdue on its list.
            clock.advance(minutes: 91 * 24 * 60)
            station.token = try await station.client.login(name: "health-\(Codes.community1)", password: "health password")
            let due = try await station.send(.GET, "/api/v1/health/follow-ups/due")
            let items = try #require(due.json["items"] as? [[String: Any]])
            #expect(items.count == 1 && items.first?["state"] as? String == "overdue" && items.first?["elderName"] as? String == elder.name, "\(due.text)")
            #expect(items.first?["conditionId"] as? String == conditionId.uuidString)
        }
    }

    @Test func anEldersHealthRecordMovesWithTheElderAndLeavesTheOldSubtree() async throws {
        try await Federation.withSmall { federation in
            let community1 = federation.db(Codes.community1)
            let elder = try community1.createElder(Samples.elder(32, home: Codes.community1), actor: "t").model
            let station = try await Staff.open(federation, Codes.community1)
            defer { Task { await station.client.shutdown() } }
            let today = VitalsSummary.day(HybridLogicalClock.systemMillis())
            let checkup = try await station.send(.POST, "/api/v1/elders/\(elder.id)/checkups", [
                "date": J(today), "place": J("站点"), "items": J([["item": J("systolic"), "value": J(150)]]),
            ])
            let checkupId = try #require(UUID(uuidString: checkup.json["id"] as? String ?? ""))
            let condition = try await station.send(.POST, "/api/v1/elders/\(elder.id)/conditions", ["disease": J("hypertension")])
            let conditionId = try #require(condition.json["id"] as? String)
            let visit = try await station.send(.POST, "/api/v1/conditions/\(conditionId)/follow-ups", [
                "date": J(today), "method": J("clinic"), "outcome": J("controlled"), "systolic": J(136),
            ])
            let visitId = try #require(visit.json["id"] as? String)
            let county = federation.db(Codes.county)
            try await federation.converge("the record at the county") {
                try county.healthRecord(elderId: elder.id).followUps.count == 1 && county.checkup(id: checkupId) != nil
            }

            var moved = try #require(try county.elder(id: elder.id)).model
            moved.home = Codes.community2
            _ = try county.updateElder(moved, ifMatch: nil, actor: "county")

            let community2 = federation.db(Codes.community2)
            try await federation.converge("the record only in the new subtree") {
                let there = try community2.healthRecord(elderId: elder.id)
                let gone = try community1.healthRecord(elderId: elder.id)
                let street1 = try federation.db(Codes.street1).healthRecord(elderId: elder.id)
                return there.checkups.count == 1 && there.conditions.count == 1 && there.followUps.map(\.id.uuidString) == [visitId]
                    && there.checkups.first?.model.home == Codes.community2
                    && gone.checkups.isEmpty && gone.conditions.isEmpty && gone.followUps.isEmpty
                    && street1.checkups.isEmpty && street1.conditions.isEmpty && street1.followUps.isEmpty
            }
            // The county still holds it all, once.
            let atCounty = try county.healthRecord(elderId: elder.id)
            #expect(atCounty.checkups.count == 1 && atCounty.conditions.first?.model.home == Codes.community2 && atCounty.followUps.count == 1)
        }
    }
}
