import CareAPI
import CareIngest
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

@Suite(.serialized) struct DeviceIngestTests {
    /// An elder with a registered device and its token, at a community node.
    struct Station {
        let node: NodeHarness
        let elderId: String
        let serial: String
        let token: String

        static func open(_ node: NodeHarness, serial: String = "HC-0001") async throws -> Station {
            let elder = try await node.client.send(.POST, "/api/v1/elders", token: node.token, json: node.elderJSON())
            let elderId = try #require(elder.json["id"] as? String)
            let device = try await node.client.send(.POST, "/api/v1/devices", token: node.token, json: [
                "home": node.code.rawValue, "type": "healthCheck", "serial": serial, "elderId": elderId,
            ])
            let deviceId = try #require(device.json["id"] as? String, "\(device.text)")
            let issued = try await node.client.send(.POST, "/api/v1/devices/\(deviceId)/token", token: node.token)
            return Station(node: node, elderId: elderId, serial: serial, token: try #require(issued.json["token"] as? String))
        }

        func report(_ body: String, token: String? = nil, serial: String? = nil) async throws -> OperatorClient.Reply {
            try await node.client.send(
                .POST, "/api/v1/devices/\(serial ?? self.serial)/readings", token: token ?? self.token, body: Data(body.utf8))
        }

        func stored() throws -> (readings: Int, alerts: Int, log: Int) {
            let counts = try node.db.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM reading")!, try Int.fetchOne(db, sql: "SELECT count(*) FROM alert")!)
            }
            return (counts.0, counts.1, try node.logCount())
        }
    }

    static func heartRate(_ bpm: Int, at date: Date = Date()) -> String {
        #"{"readings":[{"measure":"heartRate","value":\#(bpm),"unit":"bpm","timestamp":"\#(date.formatted(.iso8601))"}]}"#
    }

    @Test func aHighReadingRaisesAnAlertAndRepeatsFoldIntoIt() async throws {
        try await NodeHarness.with("420107001001") { node in
            let station = try await Station.open(node)
            let normal = try await station.report(Self.heartRate(72))
            #expect(normal.status == 201 && (normal.json["alertsRaised"] as? [String])?.isEmpty == true, "\(normal.text)")

            let high = try await station.report(Self.heartRate(150))
            let alertId = try #require((high.json["alertsRaised"] as? [String])?.first, "\(high.text)")
            for _ in 0..<3 {
                let again = try await station.report(Self.heartRate(148))
                #expect((again.json["alertsRepeated"] as? [String]) == [alertId], "\(again.text)")
            }
            let alert = try await node.client.send(.GET, "/api/v1/alerts/\(alertId)", token: node.token)
            let view = try #require(alert.json["alert"] as? [String: Any])
            #expect(view["count"] as? Int == 4 && view["severity"] as? String == "critical" && view["status"] as? String == "raised")
            #expect(view["elderName"] as? String == "王桂兰" && (view["messageZh"] as? String)?.contains("心率偏高") == true)
            // The SMS gateway sink queues a text to the emergency contact, once
            let deadline = ContinuousClock.now + .seconds(5)
            while try node.db.smsOutbox().isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let texts = try node.db.smsOutbox()
            #expect(texts.count == 1 && texts.first?.phone == "13912345678" && texts.first?.text.contains("心率偏高") == true, "\(texts)")

            // The console's stream shows it
            let events = try await node.client.readEvents("/api/v1/alerts/stream", token: node.token) { $0.contains(alertId) }
            #expect(events.contains("event: alert"))

            // Operators acknowledge, handle and resolve; a second resolve is 409
            let path = "/api/v1/alerts/\(alertId)/steps"
            #expect(try await node.client.send(.POST, path, token: node.token, json: ["step": "acknowledge"]).status == 201)
            let noAction = try await node.client.send(.POST, path, token: node.token, json: ["step": "handle"])
            #expect(noAction.status == 422 && noAction.text.contains("action"))
            #expect(try await node.client.send(.POST, path, token: node.token, json: ["step": "handle", "action": "calledFamily"]).status == 201)
            #expect(try await node.client.send(.POST, path, token: node.token, json: ["step": "resolve", "note": "家属已陪同就医"]).status == 201)
            #expect(try await node.client.send(.POST, path, token: node.token, json: ["step": "resolve"]).status == 409)

            // A new high reading after resolution is a new alert; the day's summary counts all six
            let later = try await station.report(Self.heartRate(151))
            #expect((later.json["alertsRaised"] as? [String])?.count == 1)
            let vitals = try await node.client.send(.GET, "/api/v1/elders/\(station.elderId)/vitals?measure=heartRate", token: node.token)
            let day = try #require((vitals.json["days"] as? [[String: Any]])?.first, "\(vitals.text)")
            #expect(day["count"] as? Int == 6 && day["maximum"] as? Double == 151 && day["abnormal"] as? Int == 5)
        }
    }

    @Test func badReportsAreRefusedWithAReasonCountedAndNothingStored() async throws {
        try await NodeHarness.with("420107001001") { node in
            let station = try await Station.open(node)
            let before = try station.stored()
            let wrongToken = try await station.report(Self.heartRate(150), token: String(repeating: "0", count: 64))
            #expect(wrongToken.status == 401 && wrongToken.text.contains("token"))
            let unknown = try await station.report(Self.heartRate(150), serial: "NO-SUCH-DEVICE")
            #expect(unknown.status == 404 && unknown.text.contains("NO-SUCH-DEVICE"))
            let malformed = try await station.report("{readings: nope")
            #expect(malformed.status == 400)
            let future = try await station.report(Self.heartRate(150, at: Date().addingTimeInterval(3600)))
            #expect(future.status == 422 && future.errorFields == ["readings[0].timestamp"], "\(future.text)")
            let wrongUnit = try await station.report(#"{"readings":[{"measure":"temperature","value":98.6,"unit":"°F","timestamp":"\#(Date().formatted(.iso8601))"}]}"#)
            #expect(wrongUnit.status == 422 && wrongUnit.errorFields == ["readings[0].unit"])
            // One bad entry refuses the whole batch
            let mixed = try await station.report(#"{"readings":[{"measure":"heartRate","value":150,"unit":"bpm","timestamp":"\#(Date().formatted(.iso8601))"}],"events":[{"event":"teleported","timestamp":"\#(Date().formatted(.iso8601))"}]}"#)
            #expect(mixed.status == 422 && mixed.errorFields == ["events[0].event"])
            let after = try station.stored()
            #expect(after == before, "nothing stored: \(before) → \(after)")
            #expect(try node.db.ingestRejections() == ["bad-token": 1, "unknown-device": 1, "malformed": 1, "invalid": 3])
        }
    }

    @Test func detectorsAreCriticalAtOnceAndDeviceTroubleIsOnlyANotice() async throws {
        try await NodeHarness.with("420107001001") { node in
            let station = try await Station.open(node, serial: "SH-0001")
            let now = Date().formatted(.iso8601)
            let reply = try await station.report(#"{"events":[{"event":"smoke","timestamp":"\#(now)"},{"event":"lowBattery","timestamp":"\#(now)"}]}"#)
            #expect(reply.status == 201 && (reply.json["alertsRaised"] as? [String])?.count == 1 && reply.json["maintenanceNotices"] as? Int == 1)
            let alerts = try await node.client.send(.GET, "/api/v1/alerts?severity=critical", token: node.token)
            #expect((alerts.json["items"] as? [[String: Any]])?.map { $0["condition"] as? String } == ["smoke"])

            // Unacknowledged, it goes to the street after 5 minutes; a station cannot take it further
            let alertId = try #require((reply.json["alertsRaised"] as? [String])?.first)
            let raised = try #require(try node.db.alert(id: UUID(uuidString: alertId)!)).summary.alert.raisedAtMillis
            #expect(try node.db.escalateAlerts(nowMillis: raised + 4 * 60_000) == 0)
            #expect(try node.db.escalateAlerts(nowMillis: raised + 6 * 60_000) == 1)
            #expect(try node.db.escalateAlerts(nowMillis: raised + 11 * 60_000) == 0)
            #expect(try node.db.alert(id: UUID(uuidString: alertId)!)?.summary.escalatedTo == .street)
        }
    }
}
