import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// The public channel's form and tracking lookup at a county node, without sign-in: a service
/// request and a complaint filed and followed by their tracking numbers (which show no name,
/// phone, address or description), refusals in English and Chinese naming the field that write
/// nothing, the throttle per address, the desks' list, handover and answer, and no public
/// routes at a street.
@Suite(.serialized) struct PublicRequestAPITests {
    typealias J = AnyEncodable

    static func errorOf(_ reply: OperatorClient.Reply) -> [String: Any] { reply.json["error"] as? [String: Any] ?? [:] }
    static func fieldNames(_ reply: OperatorClient.Reply) -> Set<String> {
        Set(((errorOf(reply)["fields"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
    }

    static var service: [String: J] { [
        "kind": J("service"), "community": J(WorkOrderFixture.community), "name": J("王桂兰"), "contactPhone": J("13912345678"),
        "address": J("青山区红卫路8号3单元"), "category": J("meals"), "description": J("老人腿脚不便，希望每天送午餐"),
    ] }

    @Test func aServiceRequestAndAComplaintAreFiledAndFollowedByTrackingNumberWithoutPersonalData() async throws {
        try await NodeHarness.with("420107") { node in
            let work = try await WorkOrderFixture(node)
            let organisation = try await work.organisation("幸福服务中心", at: WorkOrderFixture.home, categories: ["meals", "bathing"])
            _ = try await work.organisation("别处服务队", at: WorkOrderFixture.home, communities: ["420107002001"])

            // Organisations by community, public fields only.
            let listed = try await node.client.send(.GET, "/api/v1/public/organisations?community=\(WorkOrderFixture.community)")
            #expect(listed.status == 200, "\(listed.text)")
            let items = (listed.json["items"] as? [[String: Any]]) ?? []
            #expect(items.map { $0["name"] as? String } == ["幸福服务中心"], "\(listed.text)")
            #expect(items.first?["categories"] as? [String] == ["meals", "bathing"] && items.first?["creditStatus"] == nil)

            let filed = try await node.client.send(.POST, "/api/v1/public/requests", json: Self.service)
            #expect(filed.status == 201, "\(filed.text)")
            let tracking = try #require(filed.json["tracking"] as? String)
            #expect(tracking.count == 12 && PublicSubmission.normalisedTracking(tracking) == tracking)
            #expect(filed.json["status"] as? String == "received")

            let complaint = try await node.client.send(.POST, "/api/v1/public/requests", json: [
                "kind": J("complaint"), "community": J(WorkOrderFixture.community), "contactPhone": J("027-8765-4321"),
                "organisationId": J(organisation), "description": J("送餐人员多次迟到一小时"),
            ])
            #expect(complaint.status == 201, "\(complaint.text)")
            let complaintTracking = try #require(complaint.json["tracking"] as? String)
            #expect(complaintTracking != tracking)

            // The lookup: status and kind, never the name, phone, address or description; lower case and hyphens are read.
            let typed = tracking.lowercased().prefix(6) + "-" + tracking.lowercased().dropFirst(6)
            let looked = try await node.client.send(.GET, "/api/v1/public/requests/\(typed)")
            #expect(looked.status == 200 && looked.json["tracking"] as? String == tracking && looked.json["kind"] as? String == "service", "\(looked.text)")
            for secret in ["王桂兰", "13912345678", "红卫路", "午餐"] { #expect(!looked.text.contains(secret), "\(secret) in \(looked.text)") }
            let unknown = try await node.client.send(.GET, "/api/v1/public/requests/ZZZZZZZZZZZZ")
            #expect(unknown.status == 404 && (Self.errorOf(unknown)["messageZh"] as? String)?.isEmpty == false)

            // The dispatch room sees both, turns the request into an order for the registered elder and answers.
            let dispatcher = try await node.signIn("调度员", role: .dispatcher)
            let queue = try await node.client.send(.GET, "/api/v1/public-submissions?status=received", token: dispatcher)
            let queued = (queue.json["items"] as? [[String: Any]]) ?? []
            #expect(Set(queued.compactMap { $0["tracking"] as? String }) == [tracking, complaintTracking], "\(queue.text)")
            let requestId = try #require(queued.first { $0["tracking"] as? String == tracking }?["id"] as? String)
            let complaintId = try #require(queued.first { $0["tracking"] as? String == complaintTracking }?["id"] as? String)
            // Another community's station sees none of it, and cannot open it by id.
            let elsewhere = try await node.signIn("别处站点", role: .stationStaff, division: DivisionCode("420107002001")!)
            let theirs = try await node.client.send(.GET, "/api/v1/public-submissions", token: elsewhere)
            #expect(theirs.status == 200 && (theirs.json["items"] as? [Any])?.isEmpty == true, "\(theirs.text)")
            let byId = try await node.client.send(.GET, "/api/v1/public-submissions/\(requestId)", token: elsewhere)
            #expect(byId.status == 404, "\(byId.text)")
            let wider = try await node.client.send(.GET, "/api/v1/public-submissions?within=420107001001", token: elsewhere)
            #expect(wider.status == 403 && (Self.errorOf(wider)["messageZh"] as? String)?.contains("辖区") == true, "\(wider.text)")
            let viewer = try await node.signIn("只读", role: .viewer)
            let hidden = try await node.client.send(.GET, "/api/v1/public-submissions", token: viewer)
            #expect(hidden.status == 403 && hidden.text.contains("public.read"), "\(hidden.text)")

            let before = try node.logCount()
            let early = try await node.client.send(.POST, "/api/v1/public-submissions/\(requestId)/answer", token: dispatcher, json: ["answer": J("好的")])
            #expect(early.status == 422 && Self.fieldNames(early) == ["answer"], "\(early.text)")
            let noElder = try await node.client.send(.POST, "/api/v1/public-submissions/\(requestId)/take", token: dispatcher, json: ["elderId": J(UUID().uuidString)])
            #expect(noElder.status == 422 && Self.fieldNames(noElder) == ["elderId"], "\(noElder.text)")
            #expect(try node.logCount() == before, "no refusal wrote anything")

            let taken = try await node.client.send(.POST, "/api/v1/public-submissions/\(requestId)/take", token: dispatcher, json: ["elderId": J(work.elderId)])
            #expect(taken.status == 201 && taken.json["status"] as? String == "taken" && taken.json["takenTarget"] as? String == "order", "\(taken.text)")
            let orderId = try #require(taken.json["takenRecordId"] as? String)
            let order = try #require(try node.db.order(id: UUID(uuidString: orderId)!))
            #expect(order.order.elderId.uuidString == work.elderId && order.order.category == .meals && order.order.channel == .web && order.status == .requested)
            let again = try await node.client.send(.POST, "/api/v1/public-submissions/\(requestId)/take", token: dispatcher, json: ["elderId": J(work.elderId)])
            #expect(again.status == 409, "\(again.text)")
            let answered = try await node.client.send(.POST, "/api/v1/public-submissions/\(requestId)/answer", token: dispatcher, json: ["answer": J("已安排助餐服务，明日起送餐")])
            #expect(answered.status == 201 && answered.json["status"] as? String == "answered", "\(answered.text)")
            let followed = try await node.client.send(.GET, "/api/v1/public/requests/\(tracking)")
            #expect(followed.json["status"] as? String == "answered" && followed.json["answer"] as? String == "已安排助餐服务，明日起送餐", "\(followed.text)")
            #expect(!followed.text.contains("调度员"), "the handler's name stays inside")

            // The complaint enters the complaint lifecycle against the organisation the family named.
            let lodged = try await node.client.send(.POST, "/api/v1/public-submissions/\(complaintId)/take", token: dispatcher, json: [:] as [String: J])
            #expect(lodged.status == 201 && lodged.json["takenTarget"] as? String == "complaint", "\(lodged.text)")
            let complaintRecord = try #require(lodged.json["takenRecordId"] as? String)
            let sheet = try await node.client.send(.GET, "/api/v1/complaints/\(complaintRecord)", token: dispatcher)
            let lodgedComplaint = (sheet.json["complaint"] as? [String: Any]) ?? [:]
            #expect(lodgedComplaint["organisationId"] as? String == organisation && lodgedComplaint["status"] as? String == "received"
                && lodgedComplaint["channel"] as? String == "web", "\(sheet.text)")
        }
    }

    @Test func refusalsNameTheFieldInBothLanguagesAndWriteNothing() async throws {
        try await NodeHarness.with("420107") { node in
            let before = try node.logCount()
            func file(_ body: [String: J]) async throws -> OperatorClient.Reply {
                try await node.client.send(.POST, "/api/v1/public/requests", json: body)
            }
            let empty = try await file(["kind": J("service")])
            #expect(empty.status == 422, "\(empty.text)")
            #expect(Self.fieldNames(empty) == ["community", "name", "contactPhone", "address", "category", "description"], "\(empty.text)")
            let fields = (Self.errorOf(empty)["fields"] as? [[String: Any]]) ?? []
            #expect(fields.allSatisfy { ($0["messageZh"] as? String)?.isEmpty == false && ($0["message"] as? String)?.isEmpty == false }, "\(fields)")
            var outside = Self.service
            outside["community"] = J("110105001002")
            outside["contactPhone"] = J("call me")
            let refused = try await file(outside)
            #expect(refused.status == 422 && Self.fieldNames(refused) == ["community", "contactPhone"], "\(refused.text)")
            var strange = Self.service
            strange["kind"] = J("praise")
            strange["elderId"] = J(UUID().uuidString)
            let unknownField = try await file(strange)
            #expect(unknownField.status == 422 && unknownField.text.contains("elderId"), "\(unknownField.text)")
            let complaint = try await file([
                "kind": J("complaint"), "community": J(WorkOrderFixture.community), "contactPhone": J("13912345678"),
                "organisationId": J(UUID().uuidString), "category": J("meals"), "description": J("x"),
            ])
            #expect(complaint.status == 422 && Self.fieldNames(complaint) == ["organisationId", "category"], "\(complaint.text)")
            #expect(try node.logCount() == before, "no refusal wrote anything")
        }
    }

    @Test func oneAddressIsThrottledAfterFiveSubmissionsAndTheLookupMoreLoosely() async throws {
        try await NodeHarness.with("420107") { node in
            var trackings: [String] = []
            for _ in 0..<5 {
                let filed = try await node.client.send(.POST, "/api/v1/public/requests", json: Self.service)
                #expect(filed.status == 201, "\(filed.text)")
                trackings.append(filed.json["tracking"] as? String ?? "")
            }
            let flooded = try await node.client.send(.POST, "/api/v1/public/requests", json: Self.service)
            #expect(flooded.status == 429, "\(flooded.text)")
            let wait = Int(flooded.headers.first(name: "retry-after") ?? "") ?? 0
            #expect(wait > 0 && wait <= 120, "Retry-After \(wait)")
            #expect((Self.errorOf(flooded)["messageZh"] as? String)?.contains("频繁") == true, "\(flooded.text)")
            #expect(try node.db.publicSubmissions(within: node.code, status: nil, limit: 100).count == 5, "the sixth wrote nothing")
            // Lookups have a looser limit of their own: 30 a minute.
            // (A token comes back every two seconds, so the refusal may come a little after the 30th.)
            var statuses: [Int] = []
            for index in 0..<60 where statuses.last != 429 {
                statuses.append(try await node.client.send(.GET, "/api/v1/public/requests/\(trackings[index % 5])").status)
            }
            #expect(statuses.prefix(30).allSatisfy { $0 == 200 } && statuses.last == 429, "\(statuses)")
        }
    }

    @Test func aStreetHasNoPublicChannel() async throws {
        try await NodeHarness.with("420107001") { node in
            let filed = try await node.client.send(.POST, "/api/v1/public/requests", json: Self.service)
            #expect(filed.status == 404, "\(filed.text)")
            let organisations = try await node.client.send(.GET, "/api/v1/public/organisations")
            #expect(organisations.status == 404)
            let lookup = try await node.client.send(.GET, "/api/v1/public/requests/0123456789AB")
            #expect(lookup.status == 404)
            #expect(try node.db.publicSubmissions(within: node.code, status: nil, limit: 10).isEmpty)
        }
    }
}
