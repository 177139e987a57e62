import CareAPI
import CareModel
import CareNode
import CarePKI
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// The street's one-stop window (Anhui §5.2.2.2) across the tiers: an application travels
/// street → county → street and its decision reaches the elder's community; the queue puts the
/// overdue first on the street's clock; a case moves with its elder; bad input and another
/// subtree's case write nothing.
@Suite(.serialized) struct WindowCaseFederationTests {
    struct Desk {
        let client: OperatorClient
        let name: String
        var token: String

        static func open(_ federation: Federation, at node: DivisionCode, role: OperatorRole, home: DivisionCode? = nil, name: String? = nil) async throws -> Desk {
            let name = name ?? "case-\(role.rawValue)-\(node)"
            try federation.db(node).addOperator(Operator(name: name, role: role, home: home ?? node, passwordHash: PasswordHashing.hash("case password")))
            let client = try OperatorClient(baseURL: federation.url(node), caPEM: federation.authority.certificatePEM)
            return Desk(client: client, name: name, token: try await client.login(name: name, password: "case password"))
        }

        mutating func signInAgain() async throws { token = try await client.login(name: name, password: "case password") }

        /// Any answer, for the tests that expect a refusal.
        func raw(_ method: HTTPMethod, _ path: String, _ json: [String: AnyJSON]? = nil, body: Data? = nil, type: String = "application/json") async throws -> OperatorClient.Reply {
            try await client.send(method, path, token: token, json: json, body: body, contentType: type)
        }

        func send(_ method: HTTPMethod, _ path: String, _ json: [String: AnyJSON]? = nil, body: Data? = nil, type: String = "application/json") async throws -> OperatorClient.Reply {
            let reply = try await raw(method, path, json, body: body, type: type)
            guard (200..<300).contains(reply.status) else {
                throw WorkOrderFederationTests.ReplyError(description: "\(method) \(path): \(reply.status) \(reply.text)")
            }
            return reply
        }
    }

    static func status(_ db: AppDatabase, _ id: UUID) -> CaseStatus? { (try? db.windowCase(id: id))?.summary.status }

    @Test func anApplicationWithADocumentTakenAtTheStreetIsApprovedAtTheCountyAndTheDecisionReachesTheStreetAndTheCommunity() async throws {
        try await Federation.withSmall { federation in
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(61, home: Codes.community1), actor: "t").model
            try await federation.converge("elder at the street") { try federation.db(Codes.street1).elder(id: elder.id) != nil }
            let clerk = try await Desk.open(federation, at: Codes.street1, role: .clerk)
            let approver = try await Desk.open(federation, at: Codes.county, role: .dispatcher)
            defer { Task { await clerk.client.shutdown(); await approver.client.shutdown() } }

            // The window takes a subsidy application with a scanned document and submits it.
            let scan = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 61, count: 3000))
            let document = try await clerk.send(.POST, "/api/v1/blobs", body: scan, type: "image/png").json["sha256"] as! String
            let created = try await clerk.send(.POST, "/api/v1/cases", [
                "elderId": AnyJSON(elder.id.uuidString), "kind": .init("application"), "channel": .init("window"),
                "summary": .init("申请居家养老服务补贴（高龄独居）"), "documents": .init([document]),
            ])
            #expect(created.status == 201 && created.json["home"] as? String == Codes.community1.rawValue, "\(created.text)")
            #expect(created.json["elderName"] as? String == elder.name && created.json["status"] as? String == "received")
            let id = try #require(UUID(uuidString: created.json["id"] as? String ?? ""))
            _ = try await clerk.send(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("submit"), "note": .init("材料齐全，报县民政局")])

            // The street may not decide it itself.
            let own = try await clerk.raw(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("approve"), "note": .init("自批")])
            #expect(own.status == 403 && (own.json["error"] as? [String: Any])?["permission"] as? String == "case.approve", "\(own.text)")

            let county = federation.db(Codes.county)
            try await federation.converge("the submitted application and its document at the county") {
                try Self.status(county, id) == .submitted && county.blobBytes(sha256: document) != nil
            }
            let queue = try await approver.send(.GET, "/api/v1/cases?kind=application&status=submitted")
            #expect((queue.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id.uuidString], "\(queue.text)")

            // While the street is offline it writes a note; the county approves meanwhile.
            federation.cut(Codes.street1)
            _ = try await clerk.send(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("note"), "note": .init("家属来电询问进度")])
            let decided = try await approver.send(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("approve"), "note": .init("符合补贴条件，按月发放")])
            #expect(decided.json["decision"] as? String == "approve", "\(decided.text)")
            federation.restore(Codes.street1)

            // The decision and the note both stand everywhere: street, community and county.
            let nodes = [Codes.county, Codes.street1, Codes.community1]
            try await federation.converge("approved with both steps everywhere") {
                try nodes.allSatisfy { code in
                    guard let found = try federation.db(code).windowCase(id: id) else { return false }
                    return found.summary.status == .approved && Set(found.state.applied.map(\.step)) == [.submit, .note, .approve]
                        && found.state.applied.count == 3
                        && found.state.ignored.isEmpty
                }
            }
            let seen = try await clerk.send(.GET, "/api/v1/cases/\(id)")
            #expect(seen.json["decision"] as? String == "approve" && (seen.json["case"] as? [String: Any])?["allowedSteps"] as? [String] == ["note", "close"], "\(seen.text)")
            _ = try await clerk.send(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("close"), "note": .init("已告知老人审批结果")])
            try await federation.converge("closed at the county") { Self.status(county, id) == .closed }
            #expect(try federation.db(Codes.street2).windowCase(id: id) == nil, "the other street never sees it")
        }
    }

    @Test func aConsultationFallsOverdueOnTheStreetsClockAndLeadsTheQueue() async throws {
        let clock = ManualWallClock()
        try await Federation.withSmall(configure: { config in
            if config.code == Codes.street1 { config.accountClock = clock.now }
        }) { federation in
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(62, home: Codes.community1), actor: "t").model
            try await federation.converge("elder at the street") { try federation.db(Codes.street1).elder(id: elder.id) != nil }
            var clerk = try await Desk.open(federation, at: Codes.street1, role: .clerk)
            let client = clerk.client
            defer { Task { await client.shutdown() } }
            func take(_ kind: String, _ summary: String) async throws -> String {
                try await clerk.send(.POST, "/api/v1/cases", [
                    "elderId": AnyJSON(elder.id.uuidString), "kind": .init(kind), "channel": .init("phone"), "summary": .init(summary),
                ]).json["id"] as! String
            }
            // A booking (3 days) first, a consultation (1 day) a day later, a consultation closed.
            let booking = try await take("booking", "预约下周助浴服务")
            clock.advance(minutes: 24 * 60)
            try await clerk.signInAgain()
            let consultation = try await take("consultation", "咨询高龄津贴的申领条件")
            let answered = try await take("consultation", "咨询助餐点地址")
            _ = try await clerk.send(.POST, "/api/v1/cases/\(answered)/steps", ["step": AnyJSON("close"), "note": .init("已当场答复")])

            // A day and a half later the consultation is overdue, the booking not yet.
            clock.advance(minutes: 36 * 60)
            try await clerk.signInAgain()
            let queue = try await clerk.send(.GET, "/api/v1/cases")
            let items = try #require(queue.json["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [consultation, booking, answered], "\(queue.text)")
            #expect(items.map { $0["overdue"] as? Bool } == [true, false, false] && queue.json["total"] as? Int == 3)
            let overdue = try await clerk.send(.GET, "/api/v1/cases?overdue=true")
            #expect((overdue.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [consultation] && overdue.json["total"] as? Int == 1)
            let byReceipt = try await clerk.send(.GET, "/api/v1/cases?sort=-receivedAt&limit=2")
            #expect(byReceipt.json["total"] as? Int == 3 && (byReceipt.json["items"] as? [[String: Any]])?.count == 2 && byReceipt.json["next"] is String)
        }
    }

    @Test func aCaseMovesWithItsElderAndLeavesTheOldSubtree() async throws {
        try await Federation.withSmall { federation in
            let community1 = federation.db(Codes.community1)
            let elder = try community1.createElder(Samples.elder(63, home: Codes.community1), actor: "t").model
            let station = try await Desk.open(federation, at: Codes.community1, role: .stationStaff)
            defer { Task { await station.client.shutdown() } }
            let id = try await station.send(.POST, "/api/v1/cases", [
                "elderId": AnyJSON(elder.id.uuidString), "kind": .init("booking"), "channel": .init("window"), "summary": .init("预约理发上门"),
            ]).json["id"] as! String
            let caseId = UUID(uuidString: id)!
            _ = try await station.send(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("handle")])
            _ = try await station.send(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("note"), "note": .init("已联系理发志愿者")])
            let county = federation.db(Codes.county)
            try await federation.converge("the case in hand at the county with both steps") {
                try Self.status(county, caseId) == .handling && county.windowCase(id: caseId)?.state.applied.count == 2
            }

            var moved = try #require(try county.elder(id: elder.id)).model
            moved.home = Codes.community2
            _ = try county.updateElder(moved, ifMatch: nil, actor: "county")

            let community2 = federation.db(Codes.community2)
            func describe(_ code: DivisionCode) -> String {
                guard let found = try? federation.db(code).windowCase(id: caseId) else { return "\(code): none" }
                return "\(code): \(found.summary.windowCase.home) \(found.summary.status) \(found.state.applied.map(\.step)) ignored \(found.state.ignored.map(\.step))"
            }
            let nodes = [Codes.county, Codes.street1, Codes.street2, Codes.community1, Codes.community2]
            try await federation.converge("the case only in the new subtree, still in hand with its steps", explain: { nodes.map(describe).joined(separator: "\n") }) {
                guard let there = try community2.windowCase(id: caseId) else { return false }
                return try there.summary.windowCase.home == Codes.community2 && there.summary.status == .handling
                    && there.state.applied.map(\.step) == [.handle, .note]
                    && community1.windowCase(id: caseId) == nil && federation.db(Codes.street1).windowCase(id: caseId) == nil
            }
            let atCounty = try #require(try county.windowCase(id: caseId))
            #expect(atCounty.summary.windowCase.home == Codes.community2 && atCounty.summary.status == .handling && atCounty.state.applied.count == 2)
        }
    }

    @Test func badInputIsRefusedBesideEachFieldInBothLanguagesAndNothingIsWritten() async throws {
        try await Federation.withSmall { federation in
            let street = federation.db(Codes.street1)
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(64, home: Codes.community1), actor: "t").model
            try await federation.converge("elder at the street") { try street.elder(id: elder.id) != nil }
            let clerk = try await Desk.open(federation, at: Codes.street1, role: .clerk)
            defer { Task { await clerk.client.shutdown() } }
            let before = try street.recordCounts()

            let bad = try await clerk.raw(.POST, "/api/v1/cases", [
                "elderId": AnyJSON(elder.id.uuidString), "kind": .init("gossip"), "channel": .init("window"), "summary": .init("  "),
                "documents": .init(["not-a-digest"]),
            ])
            let fields = ((bad.json["error"] as? [String: Any])?["fields"] as? [[String: Any]]) ?? []
            #expect(bad.status == 422 && Set(fields.compactMap { $0["field"] as? String }) == ["kind", "summary", "documents[0]"], "\(bad.text)")
            #expect(fields.first { $0["field"] as? String == "summary" }?["messageZh"] as? String == "请填写事项内容（老人咨询或申请的事项）")

            let complaint = try await clerk.raw(.POST, "/api/v1/cases", [
                "elderId": AnyJSON(elder.id.uuidString), "kind": .init("complaint"), "channel": .init("window"), "summary": .init("送餐晚到"),
            ])
            #expect(complaint.status == 422 && complaint.text.contains("orderId") && complaint.text.contains("投诉须关联工单或服务组织"), "\(complaint.text)")

            let unknown = try await clerk.raw(.POST, "/api/v1/cases", [
                "elderId": AnyJSON(elder.id.uuidString), "kind": .init("consultation"), "channel": .init("window"), "summary": .init("咨询"),
                "documents": .init([String(repeating: "0", count: 64)]),
            ])
            #expect(unknown.status == 422 && unknown.text.contains("documents[0]"), "\(unknown.text)")
            #expect(try street.recordCounts() == before, "a refused case writes nothing")

            // A step the case's status does not allow is 409 with the steps that are.
            let id = try await clerk.send(.POST, "/api/v1/cases", [
                "elderId": AnyJSON(elder.id.uuidString), "kind": .init("consultation"), "channel": .init("window"), "summary": .init("咨询"),
            ]).json["id"] as! String
            let early = try await clerk.raw(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("submit")])
            #expect(early.status == 422 && early.text.contains("step"), "a consultation is never submitted: \(early.text)")
            let noNote = try await clerk.raw(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("close")])
            #expect(noNote.status == 422 && noNote.text.contains("请填写办理情况或结果"), "\(noNote.text)")
            _ = try await clerk.send(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("close"), "note": .init("已答复")])
            let again = try await clerk.raw(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("handle")])
            #expect(again.status == 409, "\(again.text)")

            // A complaint case about an organisation opens its complaint record, homed with the elder.
            let organisation = try federation.db(Codes.county).createOrganisation(Samples.organisation(), actor: "county").model
            try await federation.converge("the organisation at the street") { try street.organisation(id: organisation.id) != nil }
            let taken = try await clerk.send(.POST, "/api/v1/cases", [
                "elderId": AnyJSON(elder.id.uuidString), "kind": .init("complaint"), "channel": .init("window"),
                "summary": .init("送餐多次晚到一小时"), "organisationId": .init(organisation.id.uuidString),
            ])
            let complaintId = try #require(UUID(uuidString: taken.json["complaintId"] as? String ?? ""), "\(taken.text)")
            let record = try #require(try street.complaint(id: complaintId))
            #expect(record.summary.complaint.home == Codes.community1 && record.summary.complaint.complainant == elder.name)
            #expect(record.summary.complaint.description == "送餐多次晚到一小时" && record.summary.status == ComplaintStatus.received)
        }
    }

    @Test func aCommunityCannotChangeAnotherSubtreesCase() async throws {
        try await Federation.withSmall { federation in
            let elder = try federation.db(Codes.community1).createElder(Samples.elder(65, home: Codes.community1), actor: "t").model
            let station1 = try await Desk.open(federation, at: Codes.community1, role: .stationStaff)
            let id = try await station1.send(.POST, "/api/v1/cases", [
                "elderId": AnyJSON(elder.id.uuidString), "kind": .init("consultation"), "channel": .init("window"), "summary": .init("咨询家庭适老化改造"),
            ]).json["id"] as! String
            let county = federation.db(Codes.county)
            try await federation.converge("the case at the county") { Self.status(county, UUID(uuidString: id)!) == .received }

            // The other community's staff, at its own node and at the county, find no such case.
            let station2 = try await Desk.open(federation, at: Codes.community2, role: .stationStaff)
            let other = try await Desk.open(federation, at: Codes.county, role: .stationStaff, home: Codes.community2, name: "case-other-community")
            defer { Task { await station1.client.shutdown(); await station2.client.shutdown(); await other.client.shutdown() } }
            // The case records only: sign-ins audited at community2 travel up meanwhile.
            func cases() throws -> [Int?] { let counts = try county.recordCounts(); return [counts["windowCases"], counts["caseEvents"]] }
            let before = try cases()
            for desk in [station2, other] {
                let step = try await desk.raw(.POST, "/api/v1/cases/\(id)/steps", ["step": AnyJSON("close"), "note": .init("越权办结")])
                #expect(step.status == 404, "\(step.text)")
                #expect(try await desk.raw(.GET, "/api/v1/cases/\(id)").status == 404)
                let list = try await desk.send(.GET, "/api/v1/cases")
                #expect(list.json["total"] as? Int == 0, "\(list.text)")
            }
            let create = try await other.raw(.POST, "/api/v1/cases", [
                "elderId": AnyJSON(elder.id.uuidString), "kind": .init("consultation"), "channel": .init("window"), "summary": .init("越权受理"),
            ])
            #expect(create.status == 422 && create.text.contains("elderId"), "\(create.text)")
            #expect(try cases() == before)
            #expect(Self.status(county, UUID(uuidString: id)!) == .received)
        }
    }
}
