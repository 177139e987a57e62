import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Activities over the operator API at a community station: the calendar, bookings past the
/// places onto a waiting list that moves up on a cancellation, attendance by hand and from a
/// face-recognition device, ratings once it is over, figures; and the refusals (422 field by
/// field, 403, 404) that write nothing.
@Suite(.serialized) struct ActivityAPITests {
    typealias J = AnyEncodable
    static let station = "420107001001"

    static func errorOf(_ reply: OperatorClient.Reply) -> [String: Any] { reply.json["error"] as? [String: Any] ?? [:] }
    static func fields(_ reply: OperatorClient.Reply) -> Set<String> {
        Set(((errorOf(reply)["fields"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
    }
    static func zh(_ reply: OperatorClient.Reply) -> String {
        ((errorOf(reply)["fields"] as? [[String: Any]]) ?? []).compactMap { $0["messageZh"] as? String }.joined(separator: "；")
    }
    static func standings(_ reply: OperatorClient.Reply) -> [String: String] {
        let list = (reply.json["bookings"] as? [[String: Any]]) ?? ((reply.json["activity"] as? [String: Any])?["bookings"] as? [[String: Any]]) ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ($0["elderId"] as! String, ($0["standing"] as! String) + (($0["waitingPosition"] as? Int).map { "#\($0)" } ?? "")) })
    }

    static func elders(_ node: NodeHarness, _ count: Int) async throws -> [String] {
        var ids: [String] = []
        for n in 0..<count {
            var json = node.elderJSON(serial: 200 + n)
            json["name"] = .init("老人\(n)")
            let reply = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: json)
            guard reply.status == 201, let id = reply.json["id"] as? String else { throw FixtureError("elder: \(reply.text)") }
            ids.append(id)
        }
        return ids
    }

    static func activityJSON(starts: Int64, ends: Int64, capacity: Int = 2) -> [String: J] {
        [
            "title": J("重阳书画联谊"), "category": J("handicraft"), "place": J("服务站活动室"), "startsAtMillis": J(starts),
            "endsAtMillis": J(ends), "capacity": J(capacity), "organiser": J("社区书画协会"),
        ]
    }

    @Test func aFullActivityKeepsAWaitingListThatMovesUpAndTakesAttendanceAndRatings() async throws {
        let clock = ManualWallClock()
        try await NodeHarness.with(Self.station, clock: clock) { node in
            let t0 = clock.now()
            let e = try await Self.elders(node, 4)
            let made = try await node.client.send(
                .POST, "/api/v1/activities", token: node.token, json: Self.activityJSON(starts: t0 + 30 * 60_000, ends: t0 + 90 * 60_000))
            #expect(made.status == 201, "\(made.text)")
            let id = try #require((made.json["activity"] as? [String: Any])?["id"] as? String)
            #expect((made.json["activity"] as? [String: Any])?["home"] as? String == Self.station)

            var last: OperatorClient.Reply? = nil
            for (n, elder) in e.prefix(3).enumerated() {
                last = try await node.client.send(
                    .POST, "/api/v1/activities/\(id)/bookings", token: node.token, json: ["elderId": J(elder), "channel": J(n == 0 ? "elder" : "staff")])
                #expect(last?.status == 201, "\(last?.text ?? "")")
            }
            #expect((last?.json["booking"] as? [String: Any])?["standing"] as? String == "waiting")
            #expect(Self.standings(last!) == [e[0]: "confirmed", e[1]: "confirmed", e[2]: "waiting#1"])

            let viewer = try await node.signIn("viewer1", role: .viewer)
            let before = try node.logCount()
            let twice = try await node.client.send(.POST, "/api/v1/activities/\(id)/bookings", token: node.token, json: ["elderId": J(e[1])])
            #expect(twice.status == 422 && Self.fields(twice) == ["elderId"] && !Self.zh(twice).isEmpty, "\(twice.text)")
            let badChannel = try await node.client.send(.POST, "/api/v1/activities/\(id)/bookings", token: node.token, json: ["elderId": J(e[3]), "channel": J("fax")])
            #expect(badChannel.status == 422 && Self.fields(badChannel) == ["channel"], "\(badChannel.text)")
            let unknownField = try await node.client.send(.POST, "/api/v1/activities/\(id)/bookings", token: node.token, json: ["elderId": J(e[3]), "seat": J(1)])
            #expect(unknownField.status == 422, "\(unknownField.text)")
            let nobody = try await node.client.send(.POST, "/api/v1/activities/\(id)/bookings", token: node.token, json: ["elderId": J(UUID().uuidString)])
            #expect(nobody.status == 422 && Self.fields(nobody) == ["elderId"])
            let noActivity = try await node.client.send(.POST, "/api/v1/activities/\(UUID())/bookings", token: node.token, json: ["elderId": J(e[3])])
            #expect(noActivity.status == 404)
            let bad = try await node.client.send(.POST, "/api/v1/activities", token: node.token, json: [
                "title": J(""), "category": J("karaoke"), "place": J("活动室"), "startsAtMillis": J(t0), "endsAtMillis": J(t0 - 1),
                "capacity": J(0), "organiser": J("站点"),
            ])
            #expect(bad.status == 422 && Self.fields(bad) == ["title", "category", "endsAtMillis", "capacity"], "\(bad.text)")
            let refused = try await node.client.send(.POST, "/api/v1/activities/\(id)/bookings", token: viewer, json: ["elderId": J(e[3])])
            #expect(refused.status == 403 && Self.errorOf(refused)["permission"] as? String == "activity.book")
            #expect(try node.logCount() == before, "refusals write nothing")

            // A cancellation moves the first waiting elder up.
            let firstBooking = ActivityBooking.id(activity: UUID(uuidString: id)!, elder: UUID(uuidString: e[0])!)
            let cancelled = try await node.client.send(.POST, "/api/v1/activity-bookings/\(firstBooking)/cancel", token: node.token, json: ["reason": J("老人住院")])
            #expect(cancelled.status == 200, "\(cancelled.text)")
            #expect(Self.standings(cancelled) == [e[0]: "cancelled", e[1]: "confirmed", e[2]: "confirmed"])
            let again = try await node.client.send(.POST, "/api/v1/activity-bookings/\(firstBooking)/cancel", token: node.token, json: [String: J]())
            #expect(again.status == 422 && Self.fields(again) == ["booking"])
            // Booking again after a cancellation joins the end of the queue.
            let rebooked = try await node.client.send(.POST, "/api/v1/activities/\(id)/bookings", token: node.token, json: ["elderId": J(e[0])])
            #expect(rebooked.status == 201 && Self.standings(rebooked)[e[0]] == "waiting#1", "\(rebooked.text)")

            // A face-recognition device of the station, bound to no elder, and one bound to another.
            for (serial, type, elder) in [("FACE-01", "faceRecognition", nil), ("FACE-02", "faceRecognition", e[3]), ("HC-01", "healthCheck", nil)] as [(String, String, String?)] {
                var device: [String: J] = ["home": J(Self.station), "type": J(type), "serial": J(serial)]
                if let elder { device["elderId"] = J(elder) }
                let reply = try await node.client.send(.POST, "/api/v1/devices", token: node.token, json: device)
                #expect(reply.status == 201, "\(reply.text)")
            }
            func seen(_ serial: String, _ elder: String, at: Int64) async throws -> OperatorClient.Reply {
                try await node.client.send(.POST, "/api/v1/activities/attendance-events", token: node.token, json: [
                    "deviceSerial": J(serial), "elderId": J(elder), "atMillis": J(at),
                ])
            }
            let beforeDevices = try node.logCount()
            #expect(try await seen("NOPE-9", e[1], at: clock.now()).status == 422)
            let wrongType = try await seen("HC-01", e[1], at: clock.now())
            #expect(wrongType.status == 422 && Self.fields(wrongType) == ["deviceSerial"], "\(wrongType.text)")
            let otherElders = try await seen("FACE-02", e[1], at: clock.now())
            #expect(otherElders.status == 422 && Self.fields(otherElders) == ["elderId"], "\(otherElders.text)")
            let tooEarly = try await seen("FACE-01", e[1], at: t0 - 60 * 60_000)
            #expect(tooEarly.status == 422, "an hour and a half before the start: \(tooEarly.text)")
            let waitingElder = try await seen("FACE-01", e[0], at: clock.now())
            #expect(waitingElder.status == 422 && Self.zh(waitingElder).contains("候补"), "\(waitingElder.text)")
            #expect(try node.logCount() == beforeDevices)

            let face = try await seen("FACE-01", e[1], at: clock.now())
            #expect(face.status == 201, "\(face.text)")
            let attendedBooking = try #require(face.json["booking"] as? [String: Any])
            #expect(attendedBooking["attendanceSource"] as? String == "faceDevice" && attendedBooking["attendanceDevice"] as? String == "FACE-01")
            let repeated = try await seen("FACE-01", e[1], at: clock.now() + 1000)
            #expect(repeated.status == 200, "a second sighting changes nothing: \(repeated.text)")
            let secondBooking = ActivityBooking.id(activity: UUID(uuidString: id)!, elder: UUID(uuidString: e[2])!)
            let byHand = try await node.client.send(.POST, "/api/v1/activity-bookings/\(secondBooking)/attendance", token: node.token, json: [String: J]())
            #expect(byHand.status == 200 && (byHand.json["booking"] as? [String: Any])?["attendanceSource"] as? String == "hand", "\(byHand.text)")

            // Ratings once it is over, by those who came.
            let ratedBooking = ActivityBooking.id(activity: UUID(uuidString: id)!, elder: UUID(uuidString: e[1])!)
            let early = try await node.client.send(.POST, "/api/v1/activity-bookings/\(ratedBooking)/rating", token: node.token, json: ["score": J(5)])
            #expect(early.status == 422 && Self.fields(early) == ["activity"], "\(early.text)")
            clock.advance(minutes: 25)
            _ = try await node.client.login(name: "admin", password: "correct horse")
            clock.advance(minutes: 25)
            _ = try await node.client.login(name: "admin", password: "correct horse")
            clock.advance(minutes: 45)
            let token = try await node.client.login(name: "admin", password: "correct horse")
            let rated = try await node.client.send(.POST, "/api/v1/activity-bookings/\(ratedBooking)/rating", token: token, json: ["score": J(5), "comment": J("很开心")])
            #expect(rated.status == 200 && (rated.json["booking"] as? [String: Any])?["rating"] as? Int == 5, "\(rated.text)")
            let waitingRates = try await node.client.send(.POST, "/api/v1/activity-bookings/\(firstBooking)/rating", token: token, json: ["score": J(4)])
            #expect(waitingRates.status == 422 && Self.fields(waitingRates) == ["booking"])
            let outOfRange = try await node.client.send(.POST, "/api/v1/activity-bookings/\(secondBooking)/rating", token: token, json: ["score": J(6)])
            #expect(outOfRange.status == 422 && Self.fields(outOfRange) == ["score"])
            let late = try await node.client.send(.POST, "/api/v1/activities/\(id)/bookings", token: token, json: ["elderId": J(e[3])])
            #expect(late.status == 422 && Self.fields(late) == ["activity"], "bookings close at the start")

            let figures = try await node.client.send(.GET, "/api/v1/activities/figures", token: token)
            #expect(figures.status == 200, "\(figures.text)")
            let total = try #require(figures.json["total"] as? [String: Any])
            #expect(total["activities"] as? Int == 1 && total["confirmed"] as? Int == 2 && total["waiting"] as? Int == 1, "\(figures.text)")
            #expect(total["attended"] as? Int == 2 && total["noShows"] as? Int == 0 && (total["averageRating"] as? NSNumber)?.doubleValue == 5, "\(figures.text)")
            #expect((figures.json["stations"] as? [[String: Any]])?.first?["home"] as? String == Self.station)
            let listed = try await node.client.send(.GET, "/api/v1/activities", token: token)
            #expect((listed.json["items"] as? [[String: Any]])?.first?["id"] as? String == id, "\(listed.text)")
            let history = try await node.client.send(.GET, "/api/v1/elders/\(e[1])/activities", token: token)
            let entries = (history.json["items"] as? [[String: Any]]) ?? []
            #expect(entries.count == 1 && entries.first?["title"] as? String == "重阳书画联谊", "\(history.text)")
            #expect((entries.first?["booking"] as? [String: Any])?["rating"] as? Int == 5)
            let noElder = try await node.client.send(.GET, "/api/v1/elders/\(UUID())/activities", token: token)
            #expect(noElder.status == 404)
            let badPeriod = try await node.client.send(.GET, "/api/v1/activities/figures?from=2026-13-01", token: token)
            #expect(badPeriod.status == 422)
        }
    }

    @Test func anActivityIsEditedAndCancelledWithItsVersionAndClosesToBookings() async throws {
        try await NodeHarness.with(Self.station) { node in
            let e = try await Self.elders(node, 1)
            let starts = Int64(Date().timeIntervalSince1970 * 1000) + 86_400_000
            let made = try await node.client.send(.POST, "/api/v1/activities", token: node.token, json: Self.activityJSON(starts: starts, ends: starts + 3_600_000))
            let id = try #require((made.json["activity"] as? [String: Any])?["id"] as? String)
            let etag = try #require(made.headers.first(name: "etag"))
            var edit = Self.activityJSON(starts: starts, ends: starts + 3_600_000, capacity: 1)
            edit["cancelled"] = J(true)
            let stale = try await node.client.send(.PUT, "/api/v1/activities/\(id)", token: node.token, json: edit, headers: [("If-Match", "\"1-x\"")])
            #expect(stale.status == 412)
            let changed = try await node.client.send(.PUT, "/api/v1/activities/\(id)", token: node.token, json: edit, headers: [("If-Match", etag)])
            #expect(changed.status == 200 && (changed.json["activity"] as? [String: Any])?["cancelled"] as? Bool == true, "\(changed.text)")
            let closed = try await node.client.send(.POST, "/api/v1/activities/\(id)/bookings", token: node.token, json: ["elderId": J(e[0])])
            #expect(closed.status == 422 && (Self.errorOf(closed)["fields"] as? [[String: Any]])?.first?["messageZh"] as? String == "该活动已取消")
            let hidden = try await node.client.send(.GET, "/api/v1/activities", token: node.token)
            #expect((hidden.json["items"] as? [Any])?.isEmpty == true)
            let shown = try await node.client.send(.GET, "/api/v1/activities?cancelled=true", token: node.token)
            #expect((shown.json["items"] as? [Any])?.count == 1)
        }
    }

    @Test func aStreetOrTheCountyRunsNoActivities() async throws {
        try await NodeHarness.with("420107001") { node in
            let starts = Int64(Date().timeIntervalSince1970 * 1000) + 86_400_000
            let before = try node.logCount()
            let refused = try await node.client.send(.POST, "/api/v1/activities", token: node.token, json: Self.activityJSON(starts: starts, ends: starts + 60_000))
            #expect(refused.status == 403 && (Self.errorOf(refused)["messageZh"] as? String)?.contains("服务站") == true, "\(refused.text)")
            let device = try await node.client.send(.POST, "/api/v1/activities/attendance-events", token: node.token, json: [
                "deviceSerial": J("FACE-01"), "elderId": J(UUID().uuidString), "atMillis": J(starts),
            ])
            #expect(device.status == 403)
            #expect(try node.logCount() == before)
        }
    }
}
