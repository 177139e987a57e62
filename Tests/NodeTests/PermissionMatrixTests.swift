import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import NIOHTTP1
import Testing

/// Every role against one route per permission, at a county node: a role without the
/// permission gets 403 naming it and nothing is written; a role with it gets past the check
/// (its answer may still be a 404 or 409 of the route's own rules, never the permission's 403).
@Suite(.serialized) struct PermissionMatrixTests {
    struct Probe {
        let permission: Permission
        let method: HTTPMethod
        let path: String
        var json: [String: AnyEncodable]? = nil
        var body: (Data, String)? = nil
    }

    /// One route per permission, built over the fixture's ids; `n` keeps creations unique.
    static func probes(_ f: Fixture, _ n: Int) -> [Probe] {
        let body = "420107" + "19460101" + String(format: "%03d", 100 + n)
        var elder = f.node.elderJSON(citizenId: body + String(CitizenID.checkCharacter(for: body)!))
        elder["name"] = .init("矩阵\(n)")
        return [
            Probe(permission: .nodeRead, method: .GET, path: "/api/v1/node"),
            Probe(permission: .syncRead, method: .GET, path: "/api/v1/sync/status"),
            Probe(permission: .elderRead, method: .GET, path: "/api/v1/elders/\(f.elder)"),
            Probe(permission: .elderWrite, method: .POST, path: "/api/v1/elders", json: elder),
            Probe(permission: .elderIdentity, method: .GET, path: "/api/v1/elders/\(f.elder)/identity?reason=matrix"),
            Probe(permission: .healthRead, method: .GET, path: "/api/v1/elders/\(f.elder)/vitals"),
            Probe(permission: .healthWrite, method: .POST, path: "/api/v1/elders/\(f.elder)/checkups", json: [
                "date": .init("2026-01-05"), "place": .init("矩阵站点"), "items": .init([["item": AnyEncodable("systolic"), "value": AnyEncodable(120)]]),
            ]),
            Probe(permission: .healthPrescribe, method: .POST, path: "/api/v1/elders/\(f.elder)/prescriptions", json: [
                "kind": .init("exercise"), "doctor": .init("矩阵医生"), "advice": .init("每日步行30分钟"),
            ]),
            Probe(permission: .thresholdWrite, method: .PUT, path: "/api/v1/elders/\(f.elder)/thresholds/systolic", json: ["high": .init(135)]),
            Probe(permission: .deviceRead, method: .GET, path: "/api/v1/devices"),
            Probe(permission: .deviceWrite, method: .POST, path: "/api/v1/devices", json: [
                "home": .init(Fixture.community), "type": .init("healthCheck"), "serial": .init("MATRIX-\(n)"),
            ]),
            Probe(permission: .alertRead, method: .GET, path: "/api/v1/alerts"),
            Probe(permission: .alertHandle, method: .POST, path: "/api/v1/alerts/\(UUID())/steps", json: ["step": .init("acknowledge")]),
            Probe(permission: .callRead, method: .GET, path: "/api/v1/calls/queue"),
            Probe(permission: .callHandle, method: .POST, path: "/api/v1/calls/incoming", json: [
                "number": .init("0551-6512" + String(format: "%04d", n)),
            ]),
            Probe(permission: .registryRead, method: .GET, path: "/api/v1/organisations"),
            Probe(permission: .registryWrite, method: .POST, path: "/api/v1/organisations", json: [
                "name": .init("矩阵服务中心\(n)"), "type": .init("homeCareCenter"), "categories": .init(["meals"]),
                "communities": .init([Fixture.community]), "address": .init(["text": "青山区"]),
            ]),
            Probe(permission: .orderRead, method: .GET, path: "/api/v1/orders"),
            Probe(permission: .orderCreate, method: .POST, path: "/api/v1/orders", json: [
                "elderId": .init(f.elder), "category": .init("bathing"), "channel": .init("phone"),
            ]),
            Probe(permission: .orderDispatch, method: .GET, path: "/api/v1/orders/\(f.order)/candidates"),
            Probe(permission: .orderServe, method: .POST, path: "/api/v1/orders/\(f.order)/events", json: [
                "kind": .init("accept"), "workerId": .init(f.staff),
            ]),
            Probe(permission: .orderCancel, method: .POST, path: "/api/v1/orders/\(f.spareOrder)/events", json: [
                "kind": .init("cancel"), "reason": .init("matrix"),
            ]),
            Probe(permission: .orderRate, method: .POST, path: "/api/v1/orders/\(f.order)/events", json: [
                "kind": .init("rate"), "rating": .init(["stars": 5]),
            ]),
            Probe(permission: .orderReturnVisit, method: .POST, path: "/api/v1/orders/\(f.order)/events", json: [
                "kind": .init("returnVisit"), "returnVisit": .init(["satisfaction": 5]),
            ]),
            Probe(permission: .worklistRead, method: .GET, path: "/api/v1/organisations/\(f.organisation)/queue"),
            Probe(permission: .blobRead, method: .GET, path: "/api/v1/blobs/\(String(repeating: "0", count: 64))"),
            Probe(permission: .blobWrite, method: .POST, path: "/api/v1/blobs", body: (WorkOrderFixture.png(UInt8(n % 256)), "image/png")),
            Probe(permission: .complaintRead, method: .GET, path: "/api/v1/complaints"),
            Probe(permission: .complaintCreate, method: .POST, path: "/api/v1/complaints", json: [
                "orderId": .init(f.order), "complainant": .init("李强"), "channel": .init("phone"), "description": .init("矩阵\(n)"),
            ]),
            Probe(permission: .complaintHandle, method: .POST, path: "/api/v1/complaints/\(UUID())/steps", json: [
                "step": .init("acknowledge"), "note": .init("matrix"),
            ]),
            Probe(permission: .caseRead, method: .GET, path: "/api/v1/cases"),
            Probe(permission: .caseCreate, method: .POST, path: "/api/v1/cases", json: [
                "elderId": .init(f.elder), "kind": .init("consultation"), "channel": .init("window"), "summary": .init("矩阵咨询\(n)"),
            ]),
            Probe(permission: .caseHandle, method: .POST, path: "/api/v1/cases/\(UUID())/steps", json: [
                "step": .init("note"), "note": .init("matrix"),
            ]),
            Probe(permission: .caseApprove, method: .POST, path: "/api/v1/cases/\(UUID())/steps", json: [
                "step": .init("approve"), "note": .init("matrix"),
            ]),
            Probe(permission: .referralRead, method: .GET, path: "/api/v1/referrals"),
            // A county makes no referral: the route's own 403, past the permission's.
            Probe(permission: .referralWrite, method: .POST, path: "/api/v1/referrals", json: [
                "elderId": .init(f.elder), "reason": .init("matrix"), "toThirdParty": .init("区法律援助中心"),
            ]),
            Probe(permission: .referralAnswer, method: .POST, path: "/api/v1/referrals/\(UUID())/answer", json: ["answer": .init("accepted")]),
            Probe(permission: .assessmentRead, method: .GET, path: "/api/v1/assessments/due"),
            Probe(permission: .assessmentWrite, method: .POST, path: "/api/v1/elders/\(f.elder)/assessment-plans", json: [
                "dueOn": .init("2026-06-01"), "reason": .init("first"), "note": .init("矩阵\(n)"),
            ]),
            Probe(permission: .assessmentApprove, method: .POST, path: "/api/v1/assessments/\(UUID())/approve"),
            Probe(permission: .careRead, method: .GET, path: "/api/v1/care/due"),
            Probe(permission: .careWrite, method: .POST, path: "/api/v1/elders/\(f.elder)/care-contacts", json: [
                "kind": .init("phoneCall"), "outcome": .init("reached"),
            ]),
            Probe(permission: .carePlan, method: .PUT, path: "/api/v1/care/defaults/livingAlone", json: [
                "contactKind": .init("homeVisit"), "intervalDays": .init(7), "graceDays": .init(3),
            ]),
            Probe(permission: .trainingRead, method: .GET, path: "/api/v1/courses"),
            // A county may author courses: a course without materials is created.
            Probe(permission: .trainingWrite, method: .POST, path: "/api/v1/courses", json: [
                "title": .init("矩阵课程\(n)"), "studyMinutes": .init(60),
            ]),
            Probe(permission: .trainingRecord, method: .POST, path: "/api/v1/training-sessions/\(UUID())/registrations", json: [
                "staffId": .init(f.staff),
            ]),
            Probe(permission: .stayRead, method: .GET, path: "/api/v1/stays/occupancy"),
            // Stays are kept at their station: at this county node an admission is refused, but not for the permission.
            Probe(permission: .stayWrite, method: .POST, path: "/api/v1/stays", json: [
                "elderId": .init(f.elder), "kind": .init("dayCare"), "room": .init("活动室"), "contractFrom": .init("2026-01-01"),
                "contractTo": .init("2026-12-31"),
            ]),
            Probe(permission: .stayRecord, method: .POST, path: "/api/v1/stays/\(UUID())/records", json: ["item": .init("meal"), "meal": .init("lunch")]),
            Probe(permission: .inspectionRead, method: .GET, path: "/api/v1/rectifications"),
            Probe(permission: .inspectionWrite, method: .POST, path: "/api/v1/inspections/\(UUID())/steps", json: ["step": .init("conclude")]),
            Probe(permission: .inspectionAnswer, method: .POST, path: "/api/v1/inspections/\(UUID())/steps", json: [
                "step": .init("answer"), "findingId": .init(UUID().uuidString), "note": .init("已整改"),
            ]),
            Probe(permission: .activityRead, method: .GET, path: "/api/v1/activities"),
            // A county runs no activities: the route's own 403, past the permission's.
            Probe(permission: .activityWrite, method: .POST, path: "/api/v1/activities", json: [
                "title": .init("矩阵活动\(n)"), "category": .init("games"), "place": .init("活动室"), "startsAtMillis": .init(1_900_000_000_000),
                "endsAtMillis": .init(1_900_003_600_000), "capacity": .init(10), "organiser": .init("站点"),
            ]),
            Probe(permission: .activityBook, method: .POST, path: "/api/v1/activities/\(UUID())/bookings", json: ["elderId": .init(f.elder)]),
            Probe(permission: .performanceSelf, method: .POST, path: "/api/v1/organisations/\(f.organisation)/self-assessments", json: [
                "quarter": .init("2026Q1"), "score": .init(80),
            ]),
            Probe(permission: .creditRead, method: .GET, path: "/api/v1/credit"),
            // An award (it never blacklists the fixture's organisation, which other probes dispatch to).
            Probe(permission: .creditWrite, method: .POST, path: "/api/v1/credit/records", json: [
                "organisationId": .init(f.organisation), "kind": .init("award"), "awardLevel": .init("county"), "description": .init("矩阵表彰\(n)"),
            ]),
            Probe(permission: .policyWrite, method: .POST, path: "/api/v1/policies", json: [
                "kind": .init("guide"), "title": .init("矩阵指南\(n)"), "body": .init("……"), "effectiveFrom": .init("2025-01-01"),
            ]),
            Probe(permission: .publicRead, method: .GET, path: "/api/v1/public-submissions"),
            // No such submission: 404 past the permission's 403.
            Probe(permission: .publicHandle, method: .POST, path: "/api/v1/public-submissions/\(UUID())/answer", json: ["answer": .init("已答复")]),
            Probe(permission: .evaluationRead, method: .GET, path: "/api/v1/evaluations"),
            Probe(permission: .evaluationCreate, method: .POST, path: "/api/v1/evaluations", json: [
                "orderId": .init(f.order), "stars": .init(5), "evaluator": .init("family"),
            ]),
            Probe(permission: .statsRead, method: .GET, path: "/api/v1/stats/service-quality"),
            Probe(permission: .statsRead, method: .GET, path: "/api/v1/stats/alerts"),
            Probe(permission: .elderRead, method: .GET, path: "/api/v1/map/communities"),
            Probe(permission: .conflictRead, method: .GET, path: "/api/v1/conflicts"),
            Probe(permission: .conflictResolve, method: .POST, path: "/api/v1/conflicts/\(UUID())/resolve", json: ["note": .init("matrix")]),
            Probe(permission: .volunteerRead, method: .GET, path: "/api/v1/volunteers"),
            Probe(permission: .volunteerWrite, method: .POST, path: "/api/v1/volunteers", json: [
                "name": .init("矩阵志愿者\(n)"), "phone": .init("139" + String(format: "%08d", n)), "community": .init(Fixture.community),
            ]),
            Probe(permission: .timebankCredit, method: .POST, path: "/api/v1/volunteer-activities/\(UUID())/attendance", json: [
                "volunteerId": .init(UUID().uuidString),
            ]),
            Probe(permission: .timebankRedeem, method: .POST, path: "/api/v1/volunteers/\(UUID())/redeem", json: [
                "minutes": .init(30), "orderId": .init(f.order), "relation": .init("family"),
            ]),
            Probe(permission: .timebankSettle, method: .POST, path: "/api/v1/timebank/overdrafts/\(UUID())/settle", json: ["note": .init("matrix")]),
            Probe(permission: .operatorRead, method: .GET, path: "/api/v1/operators"),
            Probe(permission: .operatorWrite, method: .POST, path: "/api/v1/operators", json: [
                "name": .init("matrix\(n)"), "role": .init("viewer"), "password": .init("Matrix-pass-\(n)"),
            ]),
            Probe(permission: .auditRead, method: .GET, path: "/api/v1/audit"),
            Probe(permission: .dataExport, method: .GET, path: "/api/v1/exports"),
        ]
    }

    /// An elder, two requested orders, an organisation and a worker, made by the admin.
    struct Fixture {
        static let community = "420107001001"
        let node: NodeHarness
        let elder: String
        let order: String
        let spareOrder: String
        let organisation: String
        let staff: String

        init(_ node: NodeHarness) async throws {
            self.node = node
            let work = try await WorkOrderFixture(node)
            elder = work.elderId
            organisation = try await work.organisation("幸福服务中心", at: WorkOrderFixture.home)
            staff = try await work.worker("张师傅", organisation: organisation)
            order = try await work.order()
            spareOrder = try await work.order()
        }
    }

    /// What a refused request must leave as it was.
    static func snapshot(_ node: NodeHarness) throws -> [String: Int] {
        var counts = try node.db.recordCounts()
        counts["operators"] = try node.db.operatorCount()
        return counts
    }

    @Test func everyRoleGetsExactlyItsPermissionsAndARefusalWritesNothing() async throws {
        try await NodeHarness.with("420107") { node in
            let fixture = try await Fixture(node)
            #expect(Set(Self.probes(fixture, 0).map(\.permission)) == Set(Permission.allCases), "one probe per permission")
            var n = 0
            for role in OperatorRole.allCases {
                let token = try await node.signIn(
                    "as-\(role.rawValue)", role: role, division: role.needsOrganisation ? DivisionCode(Fixture.community) : nil,
                    organisationId: role.needsOrganisation ? UUID(uuidString: fixture.organisation) : nil,
                    staffId: role.needsStaffRecord ? UUID(uuidString: fixture.staff) : nil)
                for probe in Self.probes(fixture, n) {
                    n += 1
                    let before = try Self.snapshot(node)
                    let reply = try await node.client.send(
                        probe.method, probe.path, token: token, json: probe.json, body: probe.body?.0,
                        contentType: probe.body?.1 ?? "application/json")
                    let error = reply.json["error"] as? [String: Any]
                    let named = error?["permission"] as? String
                    if role.permissions.contains(probe.permission) {
                        #expect(named == nil && ![401, 500].contains(reply.status), "\(role) \(probe.permission): \(reply.status) \(reply.text)")
                    } else {
                        #expect(reply.status == 403 && named == probe.permission.rawValue, "\(role) \(probe.permission): \(reply.status) \(reply.text)")
                        #expect((error?["messageZh"] as? String)?.isEmpty == false)
                        #expect(try Self.snapshot(node) == before, "\(role) \(probe.permission) wrote something")
                    }
                }
            }
        }
    }

    @Test func aRouteThatNeedsAPermissionNamesIt() async throws {
        try await NodeHarness.with("420107001001") { node in
            let viewer = try await node.signIn("viewer1", role: .viewer)
            let before = try node.logCount()
            let refused = try await node.client.send(.POST, "/api/v1/elders", token: viewer, json: node.elderJSON())
            #expect(refused.status == 403)
            let error = try #require(refused.json["error"] as? [String: Any])
            #expect(error["permission"] as? String == "elder.write")
            #expect((error["message"] as? String)?.contains("elder.write") == true)
            #expect((error["messageZh"] as? String)?.contains("只读") == true)
            #expect(try node.logCount() == before)
        }
    }
}
