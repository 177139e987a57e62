import CareAPI
import CareModel
import CareNode
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Activities (文娱活动, Anhui §5.3.2.5) across the tiers: a station's activity and its
/// bookings reach the street and the county; while the station is offline the street window
/// cancels a booking on an elder's behalf and books another elder the station books too; when
/// the link is back the waiting list has moved up the same way at every node, every booking
/// once, none lost or doubled; a cancellation at the station then moves it up at the county.
@Suite(.serialized) struct ActivityFederationTests {
    typealias Desk = WindowCaseFederationTests.Desk

    /// Each elder's standing on the activity's list as `db` holds it ("waiting#2").
    static func standings(_ db: AppDatabase, _ activity: UUID) -> [UUID: String] {
        guard let held = try? db.stationActivity(id: activity) else { return [:] }
        return Dictionary(uniqueKeysWithValues: held.roll.entries.map { entry in
            (entry.booking.elderId, entry.standing.rawValue + (entry.waitingPosition.map { "#\($0)" } ?? ""))
        })
    }

    static func book(_ desk: Desk, _ activity: String, _ elder: Elder) async throws -> OperatorClient.Reply {
        try await desk.send(.POST, "/api/v1/activities/\(activity)/bookings", ["elderId": AnyJSON(elder.id.uuidString)])
    }

    @Test func aCancellationAtTheStreetWhileTheStationIsOfflineMovesTheWaitingListUpEverywhere() async throws {
        try await Federation.withSmall { federation in
            let community = federation.db(Codes.community1)
            let street = federation.db(Codes.street1)
            let county = federation.db(Codes.county)
            let e = try (0..<5).map { try community.createElder(Samples.elder(700 + $0, home: Codes.community1), actor: "t").model }
            try await federation.converge("the elders at the street") { try e.allSatisfy { try street.elder(id: $0.id) != nil } }

            let station = try await Desk.open(federation, at: Codes.community1, role: .stationStaff)
            let clerk = try await Desk.open(federation, at: Codes.street1, role: .clerk)
            let countyDesk = try await Desk.open(federation, at: Codes.county, role: .viewer)
            defer { Task { await station.client.shutdown(); await clerk.client.shutdown(); await countyDesk.client.shutdown() } }

            let starts = Int64(Date().timeIntervalSince1970 * 1000) + 86_400_000
            let made = try await station.send(.POST, "/api/v1/activities", [
                "title": AnyJSON("重阳节联欢会"), "category": .init("festival"), "place": .init("社区服务站大厅"), "startsAtMillis": .init(starts),
                "endsAtMillis": .init(starts + 2 * 3_600_000), "capacity": .init(2), "organiser": .init("社区文艺队"),
            ])
            let idText = try #require((made.json["activity"] as? [String: Any])?["id"] as? String)
            let id = try #require(UUID(uuidString: idText))
            for elder in e.prefix(3) { _ = try await Self.book(station, idText, elder) }
            #expect(Self.standings(community, id) == [e[0].id: "confirmed", e[1].id: "confirmed", e[2].id: "waiting#1"])
            try await federation.converge("the activity and its three bookings at the street and the county") {
                Self.standings(street, id).count == 3 && Self.standings(county, id).count == 3
            }
            #expect((try? federation.db(Codes.street2).stationActivity(id: id)) == nil, "the other street never sees it")

            // The station goes offline; each side books and the street cancels on an elder's behalf.
            federation.cut(Codes.community1)
            _ = try await Self.book(station, idText, e[3])
            _ = try await Self.book(station, idText, e[4])
            #expect(Self.standings(community, id)[e[4].id] == "waiting#3")
            let booking0 = ActivityBooking.id(activity: id, elder: e[0].id)
            let cancelled = try await clerk.send(.POST, "/api/v1/activity-bookings/\(booking0)/cancel", ["reason": AnyJSON("家属来电：老人住院")])
            let atStreet = ((cancelled.json["activity"] as? [String: Any])?["bookings"] as? [[String: Any]]) ?? []
            #expect(atStreet.first { $0["elderId"] as? String == e[2].id.uuidString }?["standing"] as? String == "confirmed", "\(cancelled.text)")
            let twice = try await clerk.send(.POST, "/api/v1/activities/\(idText)/bookings", ["elderId": AnyJSON(e[4].id.uuidString)])
            #expect((twice.json["booking"] as? [String: Any])?["standing"] as? String == "waiting", "the street knows no one waiting before e4 yet")
            #expect(Self.standings(community, id)[e[0].id] == "confirmed", "nothing crosses a cut link")
            federation.restore(Codes.community1)

            let expected = [e[0].id: "cancelled", e[1].id: "confirmed", e[2].id: "confirmed", e[3].id: "waiting#1", e[4].id: "waiting#2"]
            try await federation.converge("the same list at the station, the street and the county", explain: {
                "community \(Self.standings(community, id)) street \(Self.standings(street, id)) county \(Self.standings(county, id))"
            }) {
                [community, street, county].allSatisfy { Self.standings($0, id) == expected }
            }
            for db in [community, street, county] {
                let held = try #require(try db.stationActivity(id: id))
                #expect(held.bookings.count == 5, "every booking once: e4's two bookings are one record")
                #expect(held.bookings.first { $0.model.elderId == e[0].id }?.model.cancellation?.by == clerk.name)
            }

            // e4 was booked at both desks while apart: the later booking stands, the earlier is kept for review.
            let booking4 = ActivityBooking.id(activity: id, elder: e[4].id)
            try await federation.converge("the double booking of e4 raised for review at the county") {
                try county.conflicts(ListFilter()).items.contains { $0.model.entityId == booking4 && $0.model.field == "bookedAtMillis" }
            }
            #expect(try county.conflicts(ListFilter()).items.allSatisfy { $0.model.entityId == booking4 }, "nothing else conflicts")

            // A cancellation at the station moves the list up at the county.
            let booking1 = ActivityBooking.id(activity: id, elder: e[1].id)
            _ = try await station.send(.POST, "/api/v1/activity-bookings/\(booking1)/cancel", ["reason": AnyJSON("本人不去了")])
            try await federation.converge("e3 has a place at the county") { Self.standings(county, id)[e[3].id] == "confirmed" }
            let detail = try await countyDesk.send(.GET, "/api/v1/activities/\(idText)")
            let seen = ((detail.json["bookings"] as? [[String: Any]]) ?? []).map { ($0["elderName"] as? String ?? "?", $0["standing"] as? String ?? "?") }
            #expect(seen.filter { $0.1 == "confirmed" }.map(\.0) == [e[2].name, e[3].name], "\(detail.text)")
            #expect(seen.filter { $0.1 == "waiting" }.map(\.0) == [e[4].name])
            let figures = try await countyDesk.send(.GET, "/api/v1/activities/figures?to=\(VitalsSummary.day(starts))")
            let station1 = ((figures.json["stations"] as? [[String: Any]]) ?? []).first { $0["home"] as? String == Codes.community1.rawValue }
            let counts = try #require(station1?["figures"] as? [String: Any], "\(figures.text)")
            #expect(counts["confirmed"] as? Int == 2 && counts["waiting"] as? Int == 1 && counts["cancelledBookings"] as? Int == 2, "\(figures.text)")
        }
    }
}
