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

@Suite(.serialized) struct WorkOrderTests {
    @Test func candidatesAreRankedWithTheirScorePartsAndNeverBlacklisted() async throws {
        try await NodeHarness.with("420107") { node in
            // Given organisations near and far, one blacklisted (the nearest), one that does not
            // serve the community and one that does not offer bathing
            let f = try await WorkOrderFixture(node)
            let near = try await f.organisation("近邻助浴", at: WorkOrderFixture.north(500))
            let far = try await f.organisation("远郊助浴", at: WorkOrderFixture.north(6000))
            let blacklisted = try await f.organisation("失信助浴", at: WorkOrderFixture.north(50), credit: "blacklisted")
            let elsewhere = try await f.organisation("外区助浴", at: WorkOrderFixture.north(300), communities: ["420107002001"])
            let meals = try await f.organisation("助餐中心", at: WorkOrderFixture.north(200), categories: ["meals"])
            let order = try await f.order()

            // When the dispatcher asks for candidates
            let reply = try await node.client.send(.GET, "/api/v1/orders/\(order)/candidates", token: node.token)
            #expect(reply.status == 200, "\(reply.text)")
            let candidates = try #require(reply.json["candidates"] as? [[String: Any]])

            // Then only the eligible ones are listed, nearest first, each with its score's parts
            #expect(candidates.map { $0["organisationId"] as? String } == [near, far])
            for excluded in [blacklisted, elsewhere, meals] {
                #expect(!reply.text.contains(excluded), "\(excluded) must not be a candidate")
            }
            let parts = try #require(candidates.first?["parts"] as? [[String: Any]])
            #expect(parts.map { $0["name"] as? String } == ["distance", "load", "rating", "onTime"])
            let distance = try #require(parts.first?["value"] as? Double)
            #expect(abs(distance - 500) < 5, "distance part \(distance)")
            let total = try #require(candidates.first?["score"] as? Double)
            let sum = parts.compactMap { $0["points"] as? Double }.reduce(0, +)
            #expect(abs(total - sum) < 0.01, "score \(total) is the sum of its parts' points \(sum)")

            // And taking the top one dispatches to it, which then counts as its open load
            let dispatched = try await node.client.send(.POST, "/api/v1/orders/\(order)/auto-dispatch", token: node.token)
            #expect(dispatched.status == 201 && dispatched.json["organisationId"] as? String == near, "\(dispatched.text)")
            let second = try await f.order()
            let again = try await node.client.send(.GET, "/api/v1/orders/\(second)/candidates", token: node.token)
            let load = ((again.json["candidates"] as? [[String: Any]])?.first { $0["organisationId"] as? String == near }?["parts"] as? [[String: Any]])?
                .first { $0["name"] as? String == "load" }?["value"] as? Double
            #expect(load == 1)

            // A hand dispatch to the blacklisted organisation is refused, naming the field
            let refused = try await f.step(second, ["kind": .init("dispatch"), "organisationId": .init(blacklisted)])
            #expect(refused.status == 422 && refused.errorFields == ["organisationId"] && refused.text.contains("blacklist"), "\(refused.text)")
        }
    }

    @Test func aHomeVisitRecordsEvidenceAndBadInputWritesNothing() async throws {
        try await NodeHarness.with("420107") { node in
            let f = try await WorkOrderFixture(node)
            let organisation = try await f.organisation("幸福助浴", at: WorkOrderFixture.north(800))
            let worker = try await f.worker("刘护理", organisation: organisation)
            let order = try await f.order(wantedAt: Date().addingTimeInterval(3600))
            var log = try node.logCount()

            // Unknown category, and a check-in before acceptance: 4xx and nothing written
            let badOrder = try await node.client.send(.POST, "/api/v1/orders", token: node.token, json: [
                "elderId": f.elderId, "category": "levitation", "channel": "phone",
            ])
            #expect(badOrder.status == 422 && badOrder.errorFields == ["category"], "\(badOrder.text)")
            let early = try await f.step(order, ["kind": .init("checkIn"), "location": .init(WorkOrderFixture.north(10))])
            #expect(early.status == 409 && early.text.contains("allowed"), "\(early.text)")
            #expect(try node.logCount() == log)

            #expect(try await f.step(order, ["kind": .init("dispatch"), "organisationId": .init(organisation)]).status == 201)
            #expect(try await f.step(order, ["kind": .init("accept"), "workerId": .init(worker)]).status == 201)

            // The organisation's queue and the worker's day list show the order
            let queue = try await node.client.send(.GET, "/api/v1/organisations/\(organisation)/queue", token: node.token)
            #expect(queue.text.contains(order), "\(queue.text)")
            let day = Self.chinaDate(Date().addingTimeInterval(3600))
            let dayList = try await node.client.send(.GET, "/api/v1/staff/\(worker)/day?date=\(day)", token: node.token)
            #expect(dayList.text.contains(order), "day \(day): \(dayList.text)")

            // A check-in 350 m away is accepted but marked as not verified, with the reason
            let checkIn = try await f.step(order, [
                "kind": .init("checkIn"), "location": .init(WorkOrderFixture.north(350)),
                "faceCheck": .init(["deviceId": AnyEncodable("FACE-0001"), "score": .init(0.93), "passed": .init(true)]),
            ])
            #expect(checkIn.status == 201, "\(checkIn.text)")
            let checkInDetails = try #require(((checkIn.json["events"] as? [[String: Any]])?.last?["details"]) as? [String: String])
            #expect(checkInDetails["locationVerified"] == "false" && checkInDetails["distanceMeters"] == "350")
            #expect(checkInDetails["locationNote"]?.contains("limit 200 m") == true && checkInDetails["facePassed"] == "true")

            // Uploads: a text file labelled as a photo and an oversized photo are refused
            log = try node.logCount()
            let fake = try await f.upload(Data("not a picture".utf8), type: "image/jpeg")
            #expect(fake.status == 415 && fake.text.contains("signature"), "\(fake.text)")
            let huge = try await f.upload(WorkOrderFixture.png(1) + Data(count: 9 << 20), type: "image/png")
            #expect(huge.status == 413, "\(huge.text)")
            let before = try #require(try await f.upload(WorkOrderFixture.png(1), type: "image/png").json["sha256"] as? String)
            let after = try #require(try await f.upload(WorkOrderFixture.png(2), type: "image/png").json["sha256"] as? String)
            let voice = try #require(try await f.upload(WorkOrderFixture.wav(), type: "audio/wav").json["sha256"] as? String)
            #expect(try node.logCount() == log, "blobs are not records")

            // A photo that was never uploaded, or a recording given as a photo, is refused
            let missing = try await f.step(order, ["kind": .init("complete"), "photos": .init([["sha256": String(repeating: "a", count: 64), "stage": "after"]])])
            #expect(missing.status == 422 && missing.errorFields == ["photos"], "\(missing.text)")
            let wrongKind = try await f.step(order, ["kind": .init("complete"), "photos": .init([["sha256": voice, "stage": "after"]])])
            #expect(wrongKind.status == 422 && wrongKind.text.contains("audio/wav"), "\(wrongKind.text)")

            let complete = try await f.step(order, [
                "kind": .init("complete"), "location": .init(WorkOrderFixture.north(20)), "items": .init(["洗头", "擦身"]),
                "photos": .init([["sha256": before, "stage": "before"], ["sha256": after, "stage": "after"]]),
            ])
            #expect(complete.status == 201, "\(complete.text)")
            let completed = try #require(((complete.json["events"] as? [[String: Any]])?.last?["details"]) as? [String: String])
            #expect(completed["photosBefore"] == before && completed["photosAfter"] == after && completed["locationVerified"] == "true")
            #expect(completed["durationMinutes"] == "1" && completed["items"] == "洗头\n擦身")

            // A rating outside 1–5 is refused; a good one with a voice recording is a fact and an evaluation
            log = try node.logCount()
            let outOfRange = try await f.step(order, ["kind": .init("rate"), "rating": .init(["stars": 6])])
            #expect(outOfRange.status == 422 && outOfRange.errorFields == ["rating.stars"], "\(outOfRange.text)")
            #expect(try node.logCount() == log)
            let rated = try await f.step(order, [
                "kind": .init("rate"),
                "rating": .init(["stars": AnyEncodable(5), "attitude": .init(5), "punctuality": .init(4), "rater": .init("family"), "voice": .init(voice)]),
            ])
            #expect(rated.status == 201, "\(rated.text)")
            let evaluations = try await node.client.send(.GET, "/api/v1/evaluations?orderId=\(order)", token: node.token)
            #expect((evaluations.json["items"] as? [[String: Any]])?.first?["stars"] as? Int == 5, "\(evaluations.text)")

            #expect(try await f.step(order, ["kind": .init("returnVisit"), "returnVisit": .init(["satisfaction": AnyEncodable(5), "notes": .init("很满意")])]).status == 201)
            #expect(try await f.step(order, ["kind": .init("close")]).status == 201)

            // The photo bytes come back as uploaded
            let photo = try await node.client.send(.GET, "/api/v1/blobs/\(before)", token: node.token)
            #expect(photo.status == 200 && photo.body == WorkOrderFixture.png(1))

            // And the quality figures count the order, its visit, rating and return visit
            let stats = try await node.client.send(.GET, "/api/v1/stats/service-quality?groupBy=organisation", token: node.token)
            let group = try #require((stats.json["groups"] as? [[String: Any]])?.first { $0["group"] as? String == organisation }, "\(stats.text)")
            #expect(group["orders"] as? Int == 1 && group["completed"] as? Int == 1 && group["completionRate"] as? Double == 1)
            #expect(group["ratings"] as? Int == 1 && group["meanStars"] as? Double == 5 && group["returnVisits"] as? Int == 1)
            #expect(group["visits"] as? Int == 1 && group["onTimeArrivalRate"] as? Double == 1)
        }
    }

    @Test func complaintsMoveThroughTheirStagesAndOverdueOnesAreListed() async throws {
        try await NodeHarness.with("420107") { node in
            let f = try await WorkOrderFixture(node)
            let organisation = try await f.organisation("幸福助浴", at: WorkOrderFixture.north(800))
            let order = try await f.order()
            #expect(try await f.step(order, ["kind": .init("dispatch"), "organisationId": .init(organisation)]).status == 201)

            let created = try await node.client.send(.POST, "/api/v1/complaints", token: node.token, json: [
                "orderId": order, "complainant": "李强（女婿）", "channel": "phone", "description": "服务人员迟到一小时",
            ])
            #expect(created.status == 201 && created.json["organisationId"] as? String == organisation, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            let path = "/api/v1/complaints/\(id)/steps"

            let skipped = try await node.client.send(.POST, path, token: node.token, json: ["step": "respond", "note": "已答复"])
            #expect(skipped.status == 409 && (skipped.json["error"] as? [String: Any])?["allowed"] as? [String] == ["acknowledge"])
            for step in ["acknowledge", "investigate", "respond", "close", "followUp"] {
                let reply = try await node.client.send(.POST, path, token: node.token, json: ["step": step, "note": "处理记录：\(step)"])
                #expect(reply.status == 201, "\(step): \(reply.text)")
            }
            let detail = try await node.client.send(.GET, "/api/v1/complaints/\(id)", token: node.token)
            #expect((detail.json["complaint"] as? [String: Any])?["status"] as? String == "closed")
            #expect((detail.json["steps"] as? [Any])?.count == 5)

            // A complaint received two days ago and never acknowledged is overdue
            let old = Complaint(
                home: DivisionCode(WorkOrderFixture.community)!, orderId: nil, organisationId: UUID(uuidString: organisation),
                complainant: "张三", channel: .window, description: "无人上门", takenAt: node.code, takenBy: "test",
                receivedAtMillis: HybridLogicalClock.systemMillis() - 2 * 86_400_000)
            _ = try node.db.createComplaint(old, actor: "test")
            let overdue = try await node.client.send(.GET, "/api/v1/complaints?overdue=true", token: node.token)
            #expect((overdue.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [old.id.uuidString], "\(overdue.text)")

            let noSubject = try await node.client.send(.POST, "/api/v1/complaints", token: node.token, json: [
                "complainant": "王五", "channel": "phone", "description": "投诉",
            ])
            #expect(noSubject.status == 422 && noSubject.errorFields.contains("orderId"))
        }
    }

    /// The calendar date in China Standard Time, as the day list takes it.
    static func chinaDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
