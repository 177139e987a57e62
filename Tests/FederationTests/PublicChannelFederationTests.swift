import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// The public channel (公众服务, Anhui §5.1.2.3) across the tiers: a family files a service
/// request and a complaint at the county without an account; both come down to the community
/// they name, where the station turns the request into a service order for the registered
/// elder and the complaint into the complaint lifecycle, and answers; the county's dispatch room
/// and the family's tracking lookup at the county see it taken, then answered.
@Suite(.serialized) struct PublicChannelFederationTests {
    typealias Desk = WindowCaseFederationTests.Desk

    static func submission(_ db: AppDatabase, _ tracking: String) -> PublicSubmission? { (try? db.publicSubmission(tracking: tracking))?.model }

    @Test func aPublicRequestFiledAtTheCountyIsTakenAtTheStationAndAComplaintReachesTheLifecycle() async throws {
        try await Federation.withSmall { federation in
            let county = federation.db(Codes.county)
            let community = federation.db(Codes.community1)
            let organisation = try county.createOrganisation(Samples.organisation(), actor: "t").model
            let elder = try community.createElder(Samples.elder(71, home: Codes.community1), actor: "t").model
            try await federation.converge("the organisation at the community") { try community.organisation(id: organisation.id) != nil }

            let family = try OperatorClient(baseURL: federation.url(Codes.county), caPEM: federation.authority.certificatePEM)
            let station = try await Desk.open(federation, at: Codes.community1, role: .stationStaff)
            let dispatch = try await Desk.open(federation, at: Codes.county, role: .dispatcher)
            let inspector = try await Desk.open(federation, at: Codes.county, role: .inspector)
            defer { Task { await family.shutdown(); await station.client.shutdown(); await dispatch.client.shutdown(); await inspector.client.shutdown() } }

            let request = try await family.send(.POST, "/api/v1/public/requests", json: [
                "kind": AnyJSON("service"), "community": .init(Codes.community1.rawValue), "name": .init(elder.name),
                "contactPhone": .init("13912345678"), "address": .init("青山区71号"), "category": .init("meals"),
                "description": .init("希望每天送午餐"),
            ])
            #expect(request.status == 201, "\(request.text)")
            let tracking = try #require(request.json["tracking"] as? String)
            let complaint = try await family.send(.POST, "/api/v1/public/requests", json: [
                "kind": AnyJSON("complaint"), "community": .init(Codes.community1.rawValue), "name": .init("李强"),
                "contactPhone": .init("13812345678"), "organisationId": .init(organisation.id.uuidString), "description": .init("送餐员态度差"),
            ])
            #expect(complaint.status == 201, "\(complaint.text)")
            let complaintTracking = try #require(complaint.json["tracking"] as? String)
            #expect(Self.submission(federation.db(Codes.street2), tracking) == nil)

            try await federation.converge("both submissions at the community") {
                Self.submission(community, tracking) != nil && Self.submission(community, complaintTracking) != nil
            }
            #expect(Self.submission(federation.db(Codes.street2), tracking) == nil, "the other street never sees it")
            let queue = try await station.send(.GET, "/api/v1/public-submissions")
            let items = (queue.json["items"] as? [[String: Any]]) ?? []
            let requestId = try #require(items.first { $0["tracking"] as? String == tracking }?["id"] as? String)
            let complaintId = try #require(items.first { $0["tracking"] as? String == complaintTracking }?["id"] as? String)
            #expect(items.first { $0["tracking"] as? String == tracking }?["contactPhone"] as? String == "13912345678", "the desk sees the phone")

            // The station identifies the registered elder and turns the request into an order.
            let taken = try await station.send(.POST, "/api/v1/public-submissions/\(requestId)/take", ["elderId": AnyJSON(elder.id.uuidString)])
            let orderId = try #require(UUID(uuidString: taken.json["takenRecordId"] as? String ?? ""))
            #expect(try community.order(id: orderId)?.order.elderId == elder.id)
            try await federation.converge("the handover and the order at the county") {
                try Self.submission(county, tracking)?.status == .taken && county.order(id: orderId) != nil
            }
            let followed = try await family.send(.GET, "/api/v1/public/requests/\(tracking)")
            #expect(followed.json["status"] as? String == "taken" && followed.json["takenAt"] != nil, "\(followed.text)")
            #expect(!followed.text.contains("13912345678") && !followed.text.contains(elder.name))
            let orders = try await dispatch.send(.GET, "/api/v1/orders?status=requested")
            #expect(((orders.json["items"] as? [[String: Any]]) ?? []).contains { $0["id"] as? String == orderId.uuidString }, "in the dispatch queue: \(orders.text)")

            // The complaint enters the lifecycle at the station and is handled at the county.
            let lodged = try await station.send(.POST, "/api/v1/public-submissions/\(complaintId)/take", [:])
            let complaintRecord = try #require(UUID(uuidString: lodged.json["takenRecordId"] as? String ?? ""))
            try await federation.converge("the complaint at the county") { try county.complaint(id: complaintRecord) != nil }
            let countyComplaint = try #require(try county.complaint(id: complaintRecord)?.summary)
            #expect(countyComplaint.complaint.organisationId == organisation.id && countyComplaint.complaint.complainant == "李强")
            _ = try await inspector.send(.POST, "/api/v1/complaints/\(complaintRecord)/steps", ["step": AnyJSON("acknowledge"), "note": .init("已联系投诉人")])
            #expect(try county.complaint(id: complaintRecord)?.summary.status == .acknowledged)

            // The answers, written at the station, reach the family at the county.
            _ = try await station.send(.POST, "/api/v1/public-submissions/\(requestId)/answer", ["answer": AnyJSON("已安排助餐，明日起每天送餐")])
            _ = try await station.send(.POST, "/api/v1/public-submissions/\(complaintId)/answer", ["answer": AnyJSON("已受理，正在调查")])
            try await federation.converge("both answers at the county") {
                Self.submission(county, tracking)?.status == .answered && Self.submission(county, complaintTracking)?.status == .answered
            }
            let answered = try await family.send(.GET, "/api/v1/public/requests/\(complaintTracking)")
            #expect(answered.json["answer"] as? String == "已受理，正在调查" && !answered.text.contains("李强"), "\(answered.text)")
            let done = try await dispatch.send(.GET, "/api/v1/public-submissions?status=answered")
            #expect(((done.json["items"] as? [[String: Any]]) ?? []).count == 2, "\(done.text)")
        }
    }
}
