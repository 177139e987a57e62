import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Training (服务培训, Anhui §5.2.2.5) across the tiers: a course authored at a street with a PDF
/// reaches that street's community and the county but not the other street (its PDF goes up to
/// the county and down to the community by the blob loops); a session at the community with registration, attendance
/// and a certificate recorded while its link is cut is seen at the street and the county after.
@Suite(.serialized) struct TrainingFederationTests {
    typealias Desk = WindowCaseFederationTests.Desk

    static func course(_ db: AppDatabase, _ id: UUID) -> Course? { (try? db.course(id: id))?.model }
    static func records(_ db: AppDatabase, _ staff: UUID) -> [TrainingRecord] { (try? db.trainingRecords(staffId: staff)) ?? [] }

    @Test func aStreetsCourseFlowsDownToItsCommunityAndUpAndTrainingRecordedOfflineArrivesAfter() async throws {
        try await Federation.withSmall { federation in
            let county = federation.db(Codes.county)
            let community = federation.db(Codes.community1)
            let organisation = try county.createOrganisation(Samples.organisation(), actor: "t").model
            let worker = try county.createStaff(
                Staff(home: Codes.county, name: "刘护理", role: .caregiver, organisationId: organisation.id), actor: "t").model
            try await federation.converge("the worker at the community") { try community.staff(id: worker.id) != nil }

            let clerk = try await Desk.open(federation, at: Codes.street1, role: .clerk)
            let station = try await Desk.open(federation, at: Codes.community1, role: .stationStaff)
            let countyDesk = try await Desk.open(federation, at: Codes.county, role: .viewer)
            defer { Task { await clerk.client.shutdown(); await station.client.shutdown(); await countyDesk.client.shutdown() } }

            let pdf = Data(Array("%PDF-1.7\n".utf8) + [UInt8](repeating: 0x41, count: 4000))
            let sha = try #require(try await clerk.send(.POST, "/api/v1/blobs", body: pdf, type: "application/pdf").json["sha256"] as? String)
            let made = try await clerk.send(.POST, "/api/v1/courses", [
                "title": AnyJSON("失能老人居家照护"), "summary": .init("翻身、喂食与压疮预防"), "studyMinutes": .init(120),
                "materials": .init([["sha256": AnyJSON(sha), "kind": .init("document"), "name": .init("照护手册.pdf")]]),
            ])
            let courseId = try #require(UUID(uuidString: made.json["id"] as? String ?? ""))
            #expect(made.json["home"] as? String == Codes.street1.rawValue)

            try await federation.converge("the course at the community and the county, the PDF at the county") {
                Self.course(community, courseId) != nil && Self.course(county, courseId)?.materials.first?.sha256 == sha
                    && (try? county.blobInfo(sha256: sha)).flatMap { $0 }?.type == .pdf
            }
            #expect(Self.course(federation.db(Codes.street2), courseId) == nil, "the other street never sees it")
            // A course's files come down too: the community's blob loop fetches the PDF from the street.
            try await federation.converge("the PDF at the community") {
                (try? community.blobBytes(sha256: sha)).flatMap { $0 }?.bytes == pdf
            }
            let listed = try await station.send(.GET, "/api/v1/courses/\(courseId)")
            #expect((listed.json["materials"] as? [[String: Any]])?.first?["held"] as? Bool == true, "\(listed.text)")
            // The street serves down only what a course it holds names, to a child that holds the course.
            let street = federation.db(Codes.street1)
            #expect(try street.blobOwedDown(sha256: sha, to: Codes.community1))
            #expect(try !street.blobOwedDown(sha256: sha, to: DivisionCode("420107002001")!), "another street's community")
            let photo = try street.storeBlob(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 600)), mediaType: "image/png", source: "t")
            #expect(try !street.blobOwedDown(sha256: photo.sha256, to: Codes.community1), "a photo is never served down")
            let atCounty = try await countyDesk.send(.GET, "/api/v1/courses/\(courseId)")
            #expect((atCounty.json["materials"] as? [[String: Any]])?.first?["held"] as? Bool == true, "\(atCounty.text)")
            #expect(Self.course(federation.db(Codes.community2), courseId) == nil)

            // The station schedules a session of it; then its link goes down.
            let session = try await station.send(.POST, "/api/v1/training-sessions", [
                "courseId": AnyJSON(courseId.uuidString), "startsAtMillis": .init(1_800_000_000_000), "place": .init("社区服务站二楼"),
                "capacity": .init(10), "trainer": .init("李护士长"),
            ])
            let sessionId = try #require(session.json["id"] as? String)
            federation.cut(Codes.community1)
            _ = try await station.send(.POST, "/api/v1/training-sessions/\(sessionId)/registrations", ["staffId": AnyJSON(worker.id.uuidString)])
            _ = try await station.send(.POST, "/api/v1/training-sessions/\(sessionId)/attendance", ["staffId": AnyJSON(worker.id.uuidString)])
            _ = try await station.send(.POST, "/api/v1/staff/\(worker.id)/training", [
                "kind": AnyJSON("certificate"), "courseId": .init(courseId.uuidString), "certificateNumber": .init("QS-2025-031"),
                "issuedOn": .init("2025-11-30"),
            ])
            #expect(Self.records(community, worker.id).count == 3)
            #expect(Self.records(county, worker.id).isEmpty, "nothing crosses a cut link")
            federation.restore(Codes.community1)

            try await federation.converge("the session, registration, attendance and certificate at the street and the county") {
                [Codes.street1, Codes.county].allSatisfy { code in
                    Set(Self.records(federation.db(code), worker.id).map(\.kind)) == [.registration, .attendance, .certificate]
                        && (try? federation.db(code).session(id: UUID(uuidString: sessionId)!)) != nil
                }
            }
            let record = try await countyDesk.send(.GET, "/api/v1/staff/\(worker.id)/training")
            let certificates = try #require(record.json["certificates"] as? [[String: Any]])
            #expect(certificates.count == 1 && certificates[0]["number"] as? String == "QS-2025-031" && certificates[0]["home"] as? String == Codes.community1.rawValue)
            #expect((record.json["sessions"] as? [[String: Any]])?.first?["attended"] as? Bool == true, "\(record.text)")
            let roll = try await clerk.send(.GET, "/api/v1/training-sessions/\(sessionId)")
            #expect((roll.json["attended"] as? [[String: Any]])?.first?["name"] as? String == "刘护理", "\(roll.text)")
            #expect(Self.records(federation.db(Codes.street2), worker.id).isEmpty)
        }
    }

    /// Two nodes register workers for the last place while apart: both registrations stand and
    /// the session shows over capacity once they meet.
    @Test func registrationsMadeApartPastThePlacesBothStand() async throws {
        try await Federation.withSmall { federation in
            let county = federation.db(Codes.county)
            let street = federation.db(Codes.street1)
            let community = federation.db(Codes.community1)
            let organisation = try county.createOrganisation(Samples.organisation(), actor: "t").model
            let a = try county.createStaff(Staff(home: Codes.county, name: "甲", role: .caregiver, organisationId: organisation.id), actor: "t").model
            let b = try county.createStaff(Staff(home: Codes.county, name: "乙", role: .caregiver, organisationId: organisation.id), actor: "t").model
            let clerk = try await Desk.open(federation, at: Codes.street1, role: .clerk)
            let station = try await Desk.open(federation, at: Codes.community1, role: .stationStaff)
            defer { Task { await clerk.client.shutdown(); await station.client.shutdown() } }
            let course = try await clerk.send(.POST, "/api/v1/courses", ["title": AnyJSON("助浴安全"), "studyMinutes": .init(45)]).json["id"] as! String
            let session = try await clerk.send(.POST, "/api/v1/training-sessions", [
                "courseId": AnyJSON(course), "startsAtMillis": .init(1_800_000_000_000), "place": .init("街道中心"), "capacity": .init(1),
                "trainer": .init("王老师"),
            ]).json["id"] as! String
            let sessionId = UUID(uuidString: session)!
            try await federation.converge("the session and both workers at the community") {
                try community.session(id: sessionId) != nil && community.staff(id: a.id) != nil && community.staff(id: b.id) != nil
                    && street.staff(id: b.id) != nil
            }
            federation.cut(Codes.community1)
            _ = try await station.send(.POST, "/api/v1/training-sessions/\(session)/registrations", ["staffId": AnyJSON(a.id.uuidString)])
            _ = try await clerk.send(.POST, "/api/v1/training-sessions/\(session)/registrations", ["staffId": AnyJSON(b.id.uuidString)])
            let full = try await clerk.raw(.POST, "/api/v1/training-sessions/\(session)/registrations", ["staffId": AnyJSON(a.id.uuidString)])
            #expect(full.status == 422, "the street knows its own place is taken: \(full.text)")
            federation.restore(Codes.community1)
            try await federation.converge("both registrations at the street and the community") {
                try street.session(id: sessionId)?.roll.registered.count == 2 && community.session(id: sessionId)?.roll.registered.count == 2
            }
            let roll = try await clerk.send(.GET, "/api/v1/training-sessions/\(session)")
            #expect(roll.json["overCapacity"] as? Bool == true && (roll.json["registered"] as? [[String: Any]])?.count == 2, "\(roll.text)")
        }
    }

    /// A video at the size limit goes up from a community to the county by the blob loop, in
    /// one request of the loop each hop (the limit is set so that this fits the sync's request
    /// timeout on a slow uplink; here, on loopback, it is the memory and the two hops measured).
    @Test func aVideoAtItsLimitGoesUpToTheCountyByTheBlobLoop() async throws {
        try await Federation.withSmall { federation in
            let station = try await Desk.open(federation, at: Codes.community1, role: .stationStaff)
            defer { Task { await station.client.shutdown() } }
            var video = Data([0, 0, 0, 0x18] + Array("ftypmp42".utf8))
            video.append(Data((0..<(BlobKind.video.maxBytes - video.count)).map { UInt8(truncatingIfNeeded: $0 &* 31) }))
            let started = ContinuousClock.now
            let sha = try #require(try await station.send(.POST, "/api/v1/blobs", body: video, type: "video/mp4").json["sha256"] as? String)
            let stored = ContinuousClock.now
            let county = federation.db(Codes.county)
            try await federation.converge("the video at the county", timeout: .seconds(120)) {
                (try? county.blobInfo(sha256: sha)).flatMap { $0 }?.size == BlobKind.video.maxBytes
            }
            print("training video: \(video.count) bytes stored at the community in \(stored - started), at the county \(ContinuousClock.now - stored) later")
            let over = try await station.raw(.POST, "/api/v1/blobs", body: video + Data([0]), type: "video/mp4")
            #expect(over.status == 413, "\(over.text.prefix(200))")
        }
    }
}
