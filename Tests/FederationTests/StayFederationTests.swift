import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareSync
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Centralised care across the tiers: a week of a full-care stay at a station that is offline
/// the whole time, on the nodes' test clock (admission, three meals a day, baths, medication,
/// discharge); once the link is back the street and the county hold the stay, discharged, with
/// every record once, and compute the same occupancy and meal figures; and a stay with its
/// records moves with its elder.
@Suite(.serialized) struct StayFederationTests {
    typealias J = HealthFederationTests.J
    typealias Account = CareFederationTests.Account

    static func figures(_ account: Account, from: String, to: String) async throws -> [[String: Any]] {
        try await account.send(.GET, "/api/v1/stays/occupancy?from=\(from)&to=\(to)").json["rows"] as? [[String: Any]] ?? []
    }

    static func sum(_ rows: [[String: Any]], _ key: String) -> Int { rows.reduce(0) { $0 + ($1[key] as? Int ?? 0) } }

    @Test func aWeekAtAnOfflineStationReachesTheStreetAndTheCountyWithNothingLostOrDoubled() async throws {
        let clock = ManualWallClock()
        try await Federation.withSmall(configure: { config in config.accountClock = clock.now }) { federation in
            let community = federation.db(Codes.community1)
            let street = federation.db(Codes.street1)
            let county = federation.db(Codes.county)
            let elder = try community.createElder(Samples.elder(51, home: Codes.community1), actor: "t").model
            var staff = try await Account.open(federation, Codes.community1, "stay-station", role: .stationStaff)
            var window = try await Account.open(federation, Codes.street1, "stay-street", role: .clerk)
            var dispatch = try await Account.open(federation, Codes.county, "stay-county", role: .dispatcher)
            defer {
                for client in [staff.client, window.client, dispatch.client] { Task { await client.shutdown() } }
            }

            federation.cut(Codes.community1)
            let firstDay = VitalsSummary.day(clock.now())
            let admitted = try await staff.send(.POST, "/api/v1/stays", [
                "elderId": J(elder.id.uuidString), "kind": J("fullCare"), "room": J("201"), "bed": J("2"), "contractFrom": J(firstDay),
                "contractTo": J(CalendarDate.adding(days: 364, to: firstDay)),
            ])
            let id = try #require((admitted.json["stay"] as? [String: Any])?["id"] as? String)
            let stayId = try #require(UUID(uuidString: id))
            var written = 0
            for day in 0..<7 {
                if day > 0 {
                    clock.advance(minutes: 24 * 60)
                    try await staff.refresh()
                }
                for meal in ["breakfast", "lunch", "dinner"] {
                    _ = try await staff.send(.POST, "/api/v1/stays/\(id)/records", ["item": J("meal"), "meal": J(meal), "by": J("张护理员")])
                    written += 1
                }
                if day % 2 == 0 {
                    _ = try await staff.send(.POST, "/api/v1/stays/\(id)/records", ["item": J("bathing"), "by": J("李护理员")])
                    _ = try await staff.send(.POST, "/api/v1/stays/\(id)/records", ["item": J("medication"), "detail": J("苯磺酸氨氯地平 5mg")])
                    written += 2
                }
            }
            let lastDay = VitalsSummary.day(clock.now())
            let out = try await staff.send(.POST, "/api/v1/stays/\(id)/records", ["item": J("discharge"), "detail": J("合同提前终止，回家由子女照顾")])
            written += 1
            #expect((out.json["stay"] as? [String: Any])?["status"] as? String == "discharged")
            try await Task.sleep(for: .seconds(2))
            #expect(try street.stay(id: stayId, in: nil) == nil, "the street has not heard of the stay while the station is offline")

            federation.restore(Codes.community1)
            for (name, db) in [("street", street), ("county", county)] {
                try await federation.converge("the stay and its \(written) records at the \(name)") {
                    guard let held = try db.stay(id: stayId, in: nil) else { return false }
                    return held.summary.status == .discharged && held.state.applied.count == written
                }
                let held = try #require(try db.stay(id: stayId, in: nil))
                #expect(held.state.ignored.isEmpty && Set(held.state.applied.map(\.id)).count == written, "nothing doubled at the \(name)")
                #expect(held.summary.room == "201" && held.summary.bed == "2" && held.summary.stay.elderId == elder.id)
            }

            // The street and the county count the week as the station does.
            try await staff.refresh()
            try await window.refresh()
            try await dispatch.refresh()
            let atStation = try await Self.figures(staff, from: firstDay, to: lastDay)
            #expect(atStation.count == 7 && atStation.allSatisfy { $0["station"] as? String == Codes.community1.rawValue }, "\(atStation)")
            #expect(Self.sum(atStation, "meals") == 21 && Self.sum(atStation, "bathing") == 4 && Self.sum(atStation, "fullCare") == 7)
            for account in [window, dispatch] {
                let rows = try await Self.figures(account, from: firstDay, to: lastDay)
                #expect(rows.count == atStation.count && Self.sum(rows, "meals") == 21 && Self.sum(rows, "bathing") == 4, "\(rows)")
            }
            let list = try await window.send(.GET, "/api/v1/stays?status=discharged").json["items"] as? [[String: Any]] ?? []
            #expect(list.map { $0["id"] as? String } == [id])
            // The street sees the stay but does not run it.
            let refused = try await window.client.send(.POST, "/api/v1/stays/\(id)/records", token: window.token, json: ["item": J("meal"), "meal": J("lunch")])
            #expect(refused.status == 403, "\(refused.text)")
        }
    }

    @Test func aStayAndItsRecordsMoveWithTheElder() async throws {
        try await Federation.withSmall { federation in
            let community1 = federation.db(Codes.community1)
            let elder = try community1.createElder(Samples.elder(52, home: Codes.community1), actor: "t").model
            let staff = try await Account.open(federation, Codes.community1, "stay-move", role: .stationStaff)
            defer { Task { await staff.client.shutdown() } }
            let today = VitalsSummary.day(HybridLogicalClock.systemMillis())
            let admitted = try await staff.send(.POST, "/api/v1/stays", [
                "elderId": J(elder.id.uuidString), "kind": J("dayCare"), "room": J("活动室"), "contractFrom": J(today),
                "contractTo": J(CalendarDate.adding(days: 90, to: today)),
            ])
            let stayId = try #require(UUID(uuidString: (admitted.json["stay"] as? [String: Any])?["id"] as? String ?? ""))
            _ = try await staff.send(.POST, "/api/v1/stays/\(stayId)/records", ["item": J("meal"), "meal": J("lunch")])
            _ = try await staff.send(.POST, "/api/v1/stays/\(stayId)/records", ["item": J("leave"), "detail": J("随子女搬家")])
            let county = federation.db(Codes.county)
            try await federation.converge("the stay at the county") { try county.stay(id: stayId, in: nil)?.state.applied.count == 2 }
            var moved = try #require(try county.elder(id: elder.id)).model
            moved.home = Codes.community2
            _ = try county.updateElder(moved, ifMatch: nil, actor: "county")
            let community2 = federation.db(Codes.community2)
            try await federation.converge("the stay and its records only in the new subtree") {
                guard let held = try community2.stay(id: stayId, in: nil) else { return false }
                let gone = try community1.stay(id: stayId, in: nil) == nil && federation.db(Codes.street1).stay(id: stayId, in: nil) == nil
                return gone && held.summary.stay.home == Codes.community2 && held.summary.status == .onLeave && held.state.applied.count == 2
                    && held.state.applied.allSatisfy { $0.home == Codes.community2 }
            }
        }
    }
}
