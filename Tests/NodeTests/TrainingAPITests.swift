import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Training over the operator API: PDF and MP4 materials uploaded and checked by signature and
/// size, a course authored at the county, a session's places, registration and attendance, a
/// certificate on the staff record, and the refusals (422 field by field, 403) that write nothing.
@Suite(.serialized) struct TrainingAPITests {
    typealias J = AnyEncodable

    static func pdf(_ tag: UInt8) -> Data { Data(Array("%PDF-1.7\n".utf8) + [UInt8](repeating: tag, count: 500)) }
    static func mp4(_ tag: UInt8) -> Data { Data([0, 0, 0, 0x18] + Array("ftypmp42".utf8) + [UInt8](repeating: tag, count: 500)) }

    static func errorOf(_ reply: OperatorClient.Reply) -> [String: Any] { reply.json["error"] as? [String: Any] ?? [:] }

    @Test func documentsAndVideosAreStoredAndAnythingElseIsRefusedInBothLanguages() async throws {
        try await NodeHarness.with("420107") { node in
            let pdf = try await node.client.send(.POST, "/api/v1/blobs", token: node.token, body: Self.pdf(1), contentType: "application/pdf")
            #expect(pdf.status == 201, "\(pdf.text)")
            #expect(pdf.json["kind"] as? String == "document")
            let video = try await node.client.send(.POST, "/api/v1/blobs", token: node.token, body: Self.mp4(1), contentType: "video/mp4")
            #expect(video.status == 201 && video.json["kind"] as? String == "video", "\(video.text)")

            let fake = Self.mp4(2)
            let mislabelled = try await node.client.send(.POST, "/api/v1/blobs", token: node.token, body: fake, contentType: "application/pdf")
            #expect(mislabelled.status == 415 && (Self.errorOf(mislabelled)["messageZh"] as? String)?.contains("文件头") == true, "\(mislabelled.text)")
            let word = try await node.client.send(.POST, "/api/v1/blobs", token: node.token, body: Self.pdf(3), contentType: "application/msword")
            #expect(word.status == 415 && (Self.errorOf(word)["messageZh"] as? String)?.isEmpty == false, "\(word.text)")
            let huge = Data(Array("%PDF-1.7\n".utf8)) + Data(count: BlobKind.document.maxBytes)
            let tooBig = try await node.client.send(.POST, "/api/v1/blobs", token: node.token, body: huge, contentType: "application/pdf")
            #expect(tooBig.status == 413 && (Self.errorOf(tooBig)["messageZh"] as? String)?.isEmpty == false, "\(tooBig.text)")
            for bytes in [fake, huge] {
                let hash = AppDatabase.sha256(bytes)
                let fetched = try await node.client.send(.GET, "/api/v1/blobs/\(hash)", token: node.token)
                #expect(fetched.status == 404, "nothing stored for a refused upload")
            }
        }
    }

    @Test func aCourseASessionItsPlacesAndACertificateOnTheStaffRecord() async throws {
        try await NodeHarness.with("420107") { node in
            let work = try await WorkOrderFixture(node)
            let organisation = try await work.organisation("幸福服务中心", at: WorkOrderFixture.home)
            let workerA = try await work.worker("张护理", organisation: organisation)
            let workerB = try await work.worker("李护理", organisation: organisation)
            let sha = try #require(try await node.client.send(.POST, "/api/v1/blobs", token: node.token, body: Self.pdf(9), contentType: "application/pdf").json["sha256"] as? String)

            let before = try node.logCount()
            let bad = try await node.client.send(.POST, "/api/v1/courses", token: node.token, json: [
                "studyMinutes": J(0), "materials": J([["sha256": J(String(repeating: "e", count: 64)), "kind": J("video"), "name": J("x")]]),
            ])
            #expect(bad.status == 422, "\(bad.text)")
            let fields = (Self.errorOf(bad)["fields"] as? [[String: Any]]) ?? []
            #expect(Set(fields.compactMap { $0["field"] as? String }) == ["title", "studyMinutes", "materials[0].sha256"], "\(fields)")
            #expect(fields.allSatisfy { ($0["messageZh"] as? String)?.isEmpty == false })
            let unknown = try await node.client.send(.POST, "/api/v1/courses", token: node.token, json: ["title": J("x"), "studyMinutes": J(5), "minutes": J(5)])
            #expect(unknown.status == 422 && unknown.text.contains("minutes"), "\(unknown.text)")
            #expect(try node.logCount() == before)

            let course = try await node.client.send(.POST, "/api/v1/courses", token: node.token, json: [
                "title": J("居家照护基础"), "summary": J("翻身、喂食"), "studyMinutes": J(120),
                "materials": J([["sha256": J(sha), "kind": J("document"), "name": J("手册.pdf")]]),
            ])
            #expect(course.status == 201, "\(course.text)")
            let courseId = try #require(course.json["id"] as? String)
            #expect((course.json["materials"] as? [[String: Any]])?.first?["href"] as? String == "/api/v1/blobs/\(sha)")

            let session = try await node.client.send(.POST, "/api/v1/training-sessions", token: node.token, json: [
                "courseId": J(courseId), "startsAtMillis": J(1_800_000_000_000), "place": J("县培训中心"), "capacity": J(1), "trainer": J("王老师"),
            ])
            #expect(session.status == 201, "\(session.text)")
            let sessionId = try #require(session.json["id"] as? String)
            let path = "/api/v1/training-sessions/\(sessionId)"
            let registered = try await node.client.send(.POST, "\(path)/registrations", token: node.token, json: ["staffId": J(workerA)])
            #expect(registered.status == 201, "\(registered.text)")

            let beforeRefusals = try node.logCount()
            let full = try await node.client.send(.POST, "\(path)/registrations", token: node.token, json: ["staffId": J(workerB)])
            #expect(full.status == 422 && full.text.contains("名额已满"), "\(full.text)")
            let twice = try await node.client.send(.POST, "\(path)/registrations", token: node.token, json: ["staffId": J(workerA)])
            #expect(twice.status == 422, "\(twice.text)")
            let walkIn = try await node.client.send(.POST, "\(path)/attendance", token: node.token, json: ["staffId": J(workerB)])
            #expect(walkIn.status == 422 && walkIn.text.contains("未报名"), "\(walkIn.text)")
            let badCert = try await node.client.send(.POST, "/api/v1/staff/\(workerA)/training", token: node.token, json: [
                "kind": J("certificate"), "courseId": J(courseId), "issuedOn": J("2025-13-01"),
            ])
            #expect(badCert.status == 422 && badCert.text.contains("certificateNumber") && badCert.text.contains("issuedOn"), "\(badCert.text)")
            #expect(try node.logCount() == beforeRefusals)

            let attended = try await node.client.send(.POST, "\(path)/attendance", token: node.token, json: ["staffId": J(workerA)])
            #expect(attended.status == 201, "\(attended.text)")
            let cert = try await node.client.send(.POST, "/api/v1/staff/\(workerA)/training", token: node.token, json: [
                "kind": J("certificate"), "courseId": J(courseId), "certificateNumber": J("PX-2025-001"), "issuedOn": J("2025-06-30"),
            ])
            #expect(cert.status == 201, "\(cert.text)")

            let roll = try await node.client.send(.GET, path, token: node.token)
            #expect((roll.json["registered"] as? [[String: Any]])?.count == 1 && (roll.json["attended"] as? [[String: Any]])?.count == 1)
            #expect(roll.json["overCapacity"] as? Bool == false)
            let record = try await node.client.send(.GET, "/api/v1/staff/\(workerA)/training", token: node.token)
            #expect(record.status == 200, "\(record.text)")
            let certificates = try #require(record.json["certificates"] as? [[String: Any]])
            #expect(certificates.count == 1 && certificates[0]["number"] as? String == "PX-2025-001" && certificates[0]["courseTitle"] as? String == "居家照护基础")
            #expect((record.json["courses"] as? [[String: Any]])?.first?["percent"] as? Int == 100)
            #expect((record.json["sessions"] as? [[String: Any]])?.first?["attended"] as? Bool == true)

            // An edit keeps where it was authored; a retired course takes no new sessions.
            let retired = try await node.client.send(.PUT, "/api/v1/courses/\(courseId)", token: node.token, json: [
                "title": J("居家照护基础"), "studyMinutes": J(120), "retired": J(true),
                "materials": J([["sha256": J(sha), "kind": J("document"), "name": J("手册.pdf")]]),
            ])
            #expect(retired.status == 200 && retired.json["retired"] as? Bool == true && retired.json["home"] as? String == "420107", "\(retired.text)")
            let late = try await node.client.send(.POST, "/api/v1/training-sessions", token: node.token, json: [
                "courseId": J(courseId), "startsAtMillis": J(1_800_000_000_000), "place": J("县培训中心"), "capacity": J(5), "trainer": J("王老师"),
            ])
            #expect(late.status == 422 && late.text.contains("停用"), "\(late.text)")
            #expect(try await node.client.send(.GET, "/api/v1/courses", token: node.token).json["total"] as? Int == 0)
            #expect(try await node.client.send(.GET, "/api/v1/courses?retired=true", token: node.token).json["total"] as? Int == 1)

            // A caregiver reads the courses and their own record, nobody else's.
            let caregiver = try await node.signIn(
                "cg1", role: .caregiver, division: DivisionCode("420107001001"), organisationId: UUID(uuidString: organisation),
                staffId: UUID(uuidString: workerA))
            #expect(try await node.client.send(.GET, "/api/v1/courses", token: caregiver).status == 200)
            #expect(try await node.client.send(.GET, "/api/v1/staff/\(workerA)/training", token: caregiver).status == 200)
            let other = try await node.client.send(.GET, "/api/v1/staff/\(workerB)/training", token: caregiver)
            #expect(other.status == 403 && (Self.errorOf(other)["messageZh"] as? String)?.contains("本人") == true, "\(other.text)")
            let author = try await node.client.send(.POST, "/api/v1/courses", token: caregiver, json: ["title": J("x"), "studyMinutes": J(5)])
            #expect(author.status == 403 && Self.errorOf(author)["permission"] as? String == "training.write")
        }
    }

    @Test func aCommunityMayNotAuthorACourse() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("station1", role: .stationStaff)
            let before = try node.logCount()
            let refused = try await node.client.send(.POST, "/api/v1/courses", token: staff, json: ["title": J("社区课程"), "studyMinutes": J(30)])
            #expect(refused.status == 403, "\(refused.text)")
            #expect((Self.errorOf(refused)["messageZh"] as? String)?.contains("社区") == true)
            #expect(try node.logCount() == before)
            // It may schedule a session, but only of a course it holds.
            let noCourse = try await node.client.send(.POST, "/api/v1/training-sessions", token: staff, json: [
                "courseId": J(UUID().uuidString), "startsAtMillis": J(1), "place": J("站点"), "capacity": J(5), "trainer": J("李"),
            ])
            #expect(noCourse.status == 422 && noCourse.text.contains("courseId"), "\(noCourse.text)")
            #expect(try node.logCount() == before)
        }
    }
}
