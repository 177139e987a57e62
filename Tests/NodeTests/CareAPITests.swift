import CareAPI
import CareModel
import CareStore
import CareTesting
import Foundation
import GRDB
import NIOHTTP1
import Testing

/// Proactive care over the operator API at a station: a plan, the worker's due list on the
/// node's clock, contacts and the order or alert a concern becomes, and refusals that write nothing.
@Suite(.serialized) struct CareAPITests {
    typealias J = AnyEncodable
    static let day: Int64 = 24 * 60

    /// A living-alone elder registered at the node.
    static func elderLivingAlone(_ node: NodeHarness, _ token: String, serial: Int = 1) async throws -> String {
        var json = node.elderJSON(serial: serial)
        json["livingSituation"] = J("alone")
        let reply = try await node.client.send(.POST, "/api/v1/elders", token: token, json: json)
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply.json["id"] as? String)
    }

    static func items(_ reply: OperatorClient.Reply) -> [[String: Any]] { reply.json["items"] as? [[String: Any]] ?? [] }

    @Test func aWorkersDueListFollowsThePlanAndTheNodesClock() async throws {
        let clock = ManualWallClock()
        try await NodeHarness.with("420107001001", clock: clock) { node in
            let staff = try await node.signIn("care-staff", role: .stationStaff)
            let worker = try await node.signIn("care-worker", role: .caregiver, organisationId: UUID(), staffId: UUID())
            let elder = try await Self.elderLivingAlone(node, staff)
            let set = try await node.client.send(.PUT, "/api/v1/elders/\(elder)/care-plan", token: staff, json: [
                "group": J("livingAlone"), "assignee": J("care-worker"), "volunteerName": J("李志愿"), "volunteerPhone": J("13800138001"),
            ])
            #expect(set.status == 200, "\(set.text)")
            #expect(set.json["contactKind"] as? String == "homeVisit" && set.json["intervalDays"] as? Int == 7 && set.json["graceDays"] as? Int == 3)
            #expect(set.json["ownIntervalDays"] as? Bool == false && set.json["volunteerPhone"] as? String == "13800138001")

            // A new plan is due on its first day, on the worker's own list only.
            let due = try await node.client.send(.GET, "/api/v1/care/due", token: worker)
            #expect(Self.items(due).map { $0["state"] as? String } == ["due"], "\(due.text)")
            #expect(Self.items(due).first?["elderId"] as? String == elder)
            #expect(Self.items(try await node.client.send(.GET, "/api/v1/care/due", token: staff)).isEmpty)
            let care = try await node.client.send(.GET, "/api/v1/elders/\(elder)/care", token: worker)
            #expect(care.json["groups"] as? [String] == ["livingAlone"], "\(care.text)")
            #expect((care.json["plan"] as? [String: Any])?["volunteerPhone"] as? String == "138****8001", "a caregiver sees the volunteer's phone masked")

            let visit = try await node.client.send(.POST, "/api/v1/elders/\(elder)/care-contacts", token: worker, json: [
                "kind": J("homeVisit"), "outcome": J("reached"), "notes": J("身体不错"),
            ])
            #expect(visit.status == 201, "\(visit.text)")
            #expect(Self.items(try await node.client.send(.GET, "/api/v1/care/due", token: worker)).isEmpty)
            let later = Self.items(try await node.client.send(.GET, "/api/v1/care/due?includeLater=true", token: worker))
            #expect(later.first?["state"] as? String == "later" && later.first?["dueOn"] as? String == VitalsSummary.day(clock.now() + 7 * 86_400_000))

            // Eight days on: overdue; eleven: past the grace period, escalated.
            clock.advance(minutes: 8 * Self.day)
            let workerToken = try await node.client.login(name: "care-worker", password: NodeHarness.password)
            let overdue = Self.items(try await node.client.send(.GET, "/api/v1/care/due", token: workerToken))
            #expect(overdue.first?["state"] as? String == "overdue" && overdue.first?["daysLate"] as? Int == 1, "\(overdue)")
            clock.advance(minutes: 3 * Self.day)
            let staffToken = try await node.client.login(name: "care-staff", password: NodeHarness.password)
            let escalated = Self.items(try await node.client.send(.GET, "/api/v1/care/escalations", token: staffToken))
            #expect(escalated.map { $0["elderId"] as? String } == [elder] && escalated.first?["assignee"] as? String == "care-worker")
            let station = Self.items(try await node.client.send(.GET, "/api/v1/care/due?all=true", token: staffToken))
            #expect(station.first?["state"] as? String == "escalated")

            let contacts = try await node.client.send(.GET, "/api/v1/elders/\(elder)/care-contacts", token: staffToken)
            #expect(contacts.json["total"] as? Int == 1 && Self.items(contacts).first?["by"] as? String == "care-worker")
        }
    }

    @Test func aConcernBecomesAnOrderOrAnAlertInTheSameStep() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("concern-staff", role: .stationStaff)
            let elder = try await Self.elderLivingAlone(node, staff)
            _ = try await node.client.send(.PUT, "/api/v1/elders/\(elder)/care-plan", token: staff, json: [
                "group": J("livingAlone"), "assignee": J("concern-staff"), "contactKind": J("phoneCall"), "intervalDays": J(3),
            ])
            let before = try node.logCount()
            let ordered = try await node.client.send(.POST, "/api/v1/elders/\(elder)/care-contacts", token: staff, json: [
                "kind": J("phoneCall"), "outcome": J("concernFound"), "notes": J("家里没有吃的了"),
                "raise": J(["kind": J("order"), "category": J("meals")]),
            ])
            #expect(ordered.status == 201, "\(ordered.text)")
            let orderId = try #require(ordered.json["orderId"] as? String)
            let contact = try #require(ordered.json["contact"] as? [String: Any])
            #expect(contact["followUpKind"] as? String == "order" && contact["followUpId"] as? String == orderId)
            let order = try await node.client.send(.GET, "/api/v1/orders/\(orderId)", token: staff)
            #expect(order.status == 200 && order.text.contains("proactiveCare") && order.text.contains("meals"), "\(order.text)")
            #expect(try node.logCount() > before)

            let alerted = try await node.client.send(.POST, "/api/v1/elders/\(elder)/care-contacts", token: staff, json: [
                "kind": J("homeVisit"), "outcome": J("concernFound"), "notes": J("敲门无人应答，邻居说两天没见到"),
                "raise": J(["kind": J("alert"), "severity": J("critical")]),
            ])
            #expect(alerted.status == 201, "\(alerted.text)")
            let alertId = try #require(alerted.json["alertId"] as? String)
            let alert = try await node.client.send(.GET, "/api/v1/alerts/\(alertId)", token: staff)
            #expect(alert.status == 200 && alert.text.contains("care.concern") && alert.text.contains("critical"), "\(alert.text)")
        }
    }

    @Test func anInactivityAlertPutsTheElderOnTheDueListAtOnce() async throws {
        let clock = ManualWallClock()
        try await NodeHarness.with("420107001001", clock: clock) { node in
            let staff = try await node.signIn("quiet-staff", role: .stationStaff)
            let elderId = try await Self.elderLivingAlone(node, staff)
            _ = try await node.client.send(.PUT, "/api/v1/elders/\(elderId)/care-plan", token: staff, json: [
                "group": J("livingAlone"), "assignee": J("quiet-staff"),
            ])
            _ = try await node.client.send(.POST, "/api/v1/elders/\(elderId)/care-contacts", token: staff, json: [
                "kind": J("homeVisit"), "outcome": J("reached"),
            ])
            #expect(Self.items(try await node.client.send(.GET, "/api/v1/care/due", token: staff)).isEmpty)
            let elder = try #require(try node.db.elder(id: UUID(uuidString: elderId)!)).model
            let device = try node.db.createDevice(Device(home: node.code, type: .healthCheck, serial: "HC-quiet-1", elderId: elder.id), actor: "t").model
            _ = try node.db.ingest(
                DeviceReport(readings: [Reading(measure: .heartRate, value: 72, atMillis: clock.now())], signals: []),
                device: device, elder: elder, nowMillis: clock.now())
            clock.advance(minutes: 25 * 60)
            let raised = try node.db.runTimedRules(nowMillis: clock.now())
            #expect(raised.count == 1)
            let token = try await node.client.login(name: "quiet-staff", password: NodeHarness.password)
            let due = Self.items(try await node.client.send(.GET, "/api/v1/care/due", token: token))
            #expect(due.first?["state"] as? String == "due" && due.first?["signalledAt"] != nil, "\(due)")
        }
    }

    @Test func badInputIsRefusedInBothLanguagesAndWritesNothing() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("bad-staff", role: .stationStaff)
            let elder = try await Self.elderLivingAlone(node, staff)
            let before = try node.logCount()
            let plan = try await node.client.send(.PUT, "/api/v1/elders/\(elder)/care-plan", token: staff, json: [
                "group": J("dementia"), "assignee": J("nobody"), "intervalDays": J(0), "volunteerPhone": J("12"), "startsOn": J("2026-13-01"),
            ])
            #expect(plan.status == 422, "\(plan.text)")
            let fields = try #require((plan.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(Set(fields.compactMap { $0["field"] as? String }) == ["group", "intervalDays", "volunteerPhone", "volunteerName", "startsOn"], "\(fields)")
            #expect(fields.allSatisfy { ($0["messageZh"] as? String)?.isEmpty == false })
            let unknownAssignee = try await node.client.send(.PUT, "/api/v1/elders/\(elder)/care-plan", token: staff, json: [
                "group": J("livingAlone"), "assignee": J("nobody"),
            ])
            #expect(unknownAssignee.status == 422 && unknownAssignee.text.contains("assignee"), "\(unknownAssignee.text)")
            let misspelt = try await node.client.send(.PUT, "/api/v1/elders/\(elder)/care-plan", token: staff, json: [
                "group": J("livingAlone"), "assignee": J("bad-staff"), "intervalDay": J(3),
            ])
            #expect(misspelt.status == 422 && misspelt.text.contains("intervalDay"), "\(misspelt.text)")

            let contact = try await node.client.send(.POST, "/api/v1/elders/\(elder)/care-contacts", token: staff, json: [
                "kind": J("telepathy"), "outcome": J("reached"), "at": J("yesterday"),
                "raise": J(["kind": J("order"), "category": J("meals")]),
            ])
            #expect(contact.status == 422, "\(contact.text)")
            let contactFields = try #require((contact.json["error"] as? [String: Any])?["fields"] as? [[String: Any]])
            #expect(Set(contactFields.compactMap { $0["field"] as? String }) == ["kind", "at", "raise"], "\(contactFields)")
            #expect(contactFields.allSatisfy { ($0["messageZh"] as? String)?.isEmpty == false })
            let badOrder = try await node.client.send(.POST, "/api/v1/elders/\(elder)/care-contacts", token: staff, json: [
                "kind": J("phoneCall"), "outcome": J("concernFound"), "notes": J("需要助餐"), "raise": J(["kind": J("order"), "category": J("flying")]),
            ])
            #expect(badOrder.status == 422 && badOrder.text.contains("raise.category"), "\(badOrder.text)")
            #expect(try node.logCount() == before, "nothing written")

            let defaults = try await node.client.send(.PUT, "/api/v1/care/defaults/livingAlone", token: node.token, json: [
                "contactKind": J("homeVisit"), "intervalDays": J(5), "graceDays": J(2),
            ])
            #expect(defaults.status == 403 && defaults.text.contains("county"), "\(defaults.text)")
            let unknownGroup = try await node.client.send(.GET, "/api/v1/elders/\(UUID())/care", token: staff)
            #expect(unknownGroup.status == 404)
        }
    }

    @Test func rolesWithoutCarePermissionsOrNotResponsibleAreRefused() async throws {
        try await NodeHarness.with("420107001001") { node in
            let staff = try await node.signIn("perm-staff", role: .stationStaff)
            let worker = try await node.signIn("perm-worker", role: .caregiver, organisationId: UUID(), staffId: UUID())
            let viewer = try await node.signIn("perm-viewer", role: .viewer)
            let elder = try await Self.elderLivingAlone(node, staff)
            _ = try await node.client.send(.PUT, "/api/v1/elders/\(elder)/care-plan", token: staff, json: [
                "group": J("livingAlone"), "assignee": J("perm-staff"),
            ])
            let before = try node.logCount()
            let byViewer = try await node.client.send(.POST, "/api/v1/elders/\(elder)/care-contacts", token: viewer, json: [
                "kind": J("phoneCall"), "outcome": J("reached"),
            ])
            #expect(byViewer.status == 403 && (byViewer.json["error"] as? [String: Any])?["permission"] as? String == "care.write", "\(byViewer.text)")
            let notTheirs = try await node.client.send(.POST, "/api/v1/elders/\(elder)/care-contacts", token: worker, json: [
                "kind": J("phoneCall"), "outcome": J("reached"),
            ])
            #expect(notTheirs.status == 404 || notTheirs.status == 403, "\(notTheirs.text)")
            let planByWorker = try await node.client.send(.PUT, "/api/v1/elders/\(elder)/care-plan", token: worker, json: [
                "group": J("livingAlone"), "assignee": J("perm-worker"),
            ])
            #expect(planByWorker.status == 403 && planByWorker.text.contains("care.plan"))
            let othersList = try await node.client.send(.GET, "/api/v1/care/due?all=true", token: worker)
            #expect(othersList.status == 403 && othersList.text.contains("care.plan"))
            #expect(try node.logCount() == before)
            let viewerReads = try await node.client.send(.GET, "/api/v1/care/escalations", token: viewer)
            #expect(viewerReads.status == 200)
        }
    }
}
