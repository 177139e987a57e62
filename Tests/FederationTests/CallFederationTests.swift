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

/// The call center across the tiers (issue #18): a call from an elder's emergency contact
/// rings at the county, pops the elder up on the county agent's console, and the order the
/// agent creates from it reaches the elder's station with the call record.
@Suite(.serialized) struct CallFederationTests {
    typealias J = HealthFederationTests.J

    /// Registers a device for `elder` at the first community and posts one report from it
    /// (`members`: the report's JSON members).
    static func report(_ federation: Federation, _ elder: Elder, serial: String, _ members: String) async throws -> OperatorClient.Reply {
        let community = federation.db(Codes.community1)
        let device = try community.createDevice(Device(home: Codes.community1, type: .healthCheck, serial: serial, elderId: elder.id), actor: "t").model
        let token = try community.issueDeviceToken(serial: device.serial)
        let station = try OperatorClient(baseURL: federation.url(Codes.community1), caPEM: federation.authority.certificatePEM)
        let reply = try await station.send(.POST, "/api/v1/devices/\(device.serial)/readings", token: token, body: Data("{\(members)}".utf8))
        await station.shutdown()
        #expect(reply.status == 201, "\(reply.text)")
        return reply
    }

    @Test func aCallFromAnEmergencyContactPopsUpTheElderAtTheCountyAndItsOrderReachesTheStation() async throws {
        try await Federation.withSmall { federation in
            let community = federation.db(Codes.community1)
            let county = federation.db(Codes.county)
            var sample = Samples.elder(41, home: Codes.community1)
            sample.phone = "027-8660 0041"
            sample.emergencyContacts = [EmergencyContact(name: "张丽", relation: "女儿", phone: "139 0713 0041", holdsKey: true)]
            let elder = try community.createElder(sample, actor: "t").model
            // A high heart rate from the elder's device: an open alert the pop-up must show.
            _ = try await Self.report(federation, elder, serial: "HC-41", #""readings":[{"measure":"heartRate","value":150,"unit":"bpm","timestamp":"\#(Date().formatted(.iso8601))"}]"#)
            try await federation.converge("elder and alert at the county") {
                try county.elder(id: elder.id) != nil && county.alerts(ListFilter(equals: [.elderId: elder.id.uuidString])).items.count == 1
            }
            let agent = try await HealthFederationTests.Staff.open(federation, Codes.county, role: .callAgent)
            defer { Task { await agent.client.shutdown() } }

            // The agent's console is watching when the number rings.
            let stream = Task {
                try await agent.client.readEvents("/api/v1/alerts/stream", token: agent.token, timeout: .seconds(30)) {
                    $0.contains("event: call") && $0.contains(elder.name)
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            let rang = try await agent.send(.POST, "/api/v1/calls/incoming", ["number": J("+86-139-0713-0041")])
            let callers = try #require(rang.json["callers"] as? [[String: Any]], "\(rang.text)")
            #expect(callers.count == 1 && callers.first?["matchedBy"] as? String == "emergencyContact", "\(rang.text)")
            #expect((callers.first?["elder"] as? [String: Any])?["name"] as? String == elder.name)
            #expect((callers.first?["openAlerts"] as? [[String: Any]])?.count == 1, "the elder's open alert is on the pop-up")
            let call = try #require(rang.json["call"] as? [String: Any])
            let callId = try #require(call["id"] as? String)
            #expect(call["home"] as? String == Codes.community1.rawValue && call["number"] as? String == "+86-139-0713-0041")

            let events = try await stream.value
            #expect(events.contains(callId) && events.contains("emergencyContact"), "\(events)")

            // The agent completes the call and creates the order from it in one step.
            let done = try await agent.send(.PATCH, "/api/v1/calls/\(callId)", [
                "outcome": J("answered"), "purpose": J("serviceRequest"), "durationSeconds": J(140), "note": J("女儿代老人预约助浴"),
                "order": J(["category": J("bathing"), "notes": J("周六上午")]),
            ])
            let completed = try #require(done.json["call"] as? [String: Any])
            let orderId = try #require(UUID(uuidString: completed["orderId"] as? String ?? ""), "\(done.text)")
            #expect(completed["open"] as? Bool == false)
            #expect((try county.order(id: orderId))?.order.channel == .phone)

            try await federation.converge("the order and the call at the station") {
                try community.order(id: orderId)?.order.elderId == elder.id
                    && community.call(id: UUID(uuidString: callId)!, in: nil)?.model.orderId == orderId
            }
            let atStation = try #require(try community.call(id: UUID(uuidString: callId)!, in: nil)).model
            #expect(atStation.outcome == .answered && atStation.agent == "health-\(Codes.county)" && atStation.takenAt == Codes.county)
            #expect(atStation.matchedBy == .emergencyContact && atStation.durationSeconds == 140)
            // Not the other street's.
            #expect(try federation.db(Codes.community2).call(id: UUID(uuidString: callId)!, in: nil) == nil)
        }
    }

    @Test func aOneKeyCallAtTheStationReachesTheCountyAsAnAlertAndACall() async throws {
        try await Federation.withSmall { federation in
            let community = federation.db(Codes.community1)
            let county = federation.db(Codes.county)
            let elder = try community.createElder(Samples.elder(42, home: Codes.community1), actor: "t").model
            let reply = try await Self.report(federation, elder, serial: "SOS-42", #""events":[{"event":"call","timestamp":"\#(Date().formatted(.iso8601))"}]"#)
            let alertId = try #require((reply.json["alertsRaised"] as? [String])?.first, "\(reply.text)")
            try await federation.converge("the call at the county") {
                try county.calls(scope: nil, within: nil, elderId: elder.id, limit: 10).first?.model.alertId == UUID(uuidString: alertId)
            }
        }
    }
}
