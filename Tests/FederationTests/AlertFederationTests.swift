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
import MQTTTestSupport
import NIOHTTP1
import SwiftProtobuf
import Testing

@Suite(.serialized) struct AlertFederationTests {
    /// Registers `count` elders at the community, each with a device and its token.
    static func devices(_ db: AppDatabase, count: Int, from serial: Int = 1) throws -> [(elder: Elder, device: Device, token: String)] {
        try (serial..<serial + count).map { n in
            let elder = try db.createElder(Samples.elder(n, home: db.node), actor: "t").model
            let device = try db.createDevice(Device(home: db.node, type: .healthCheck, serial: "HC-\(n)", elderId: elder.id), actor: "t").model
            return (elder, device, try db.issueDeviceToken(serial: device.serial))
        }
    }

    @Test func aReadingPublishedOverMQTTRaisesAnAlertAtTheStationAndTheCountySeesIt() async throws {
        let broker = try await MosquittoBroker.start()
        defer { Task { await broker.stop() } }
        let brokerPort = Int(broker.port)
        try await Federation.withSmall(configure: { config in
            if config.code == Codes.community1 { config.mqtt = ("127.0.0.1", brokerPort) }
        }) { federation in
            let community = federation.db(Codes.community1)
            let (elder, device, token) = try Self.devices(community, count: 1)[0]
            let desk = try await WorkOrderFederationTests.Desk.open(federation, Codes.county)
            defer { Task { await desk.client.shutdown() } }
            // The county console is watching before anything happens
            let stream = Task {
                try await desk.client.readEvents("/api/v1/alerts/stream", token: desk.token, timeout: .seconds(45)) { $0.contains("HC-1") }
            }
            let payload = #"{"token":"\#(token)","readings":[{"measure":"spo2","value":86,"unit":"%","timestamp":"\#(Date().formatted(.iso8601))"}]}"#
            let topic = "carenode/\(Codes.community1)/devices/\(device.serial)/readings"
            // The node subscribes as it starts; until it has, the broker drops what is published
            // (no session yet), so publish again until the station has the alert. Repeats fold
            // into the open alert, so there is still exactly one.
            let deadline = ContinuousClock.now + .seconds(30)
            var raisedAt: Duration?
            while raisedAt == nil && ContinuousClock.now < deadline {
                try await mosquittoPublish(port: broker.port, topic: topic, message: payload)
                let published = ContinuousClock.now
                if try await Federation.eventually(timeout: .seconds(2), {
                    try community.alerts(ListFilter(equals: [.elderId: elder.id.uuidString])).items.count == 1
                }) {
                    raisedAt = ContinuousClock.now - published
                }
            }
            #expect(raisedAt != nil, "no alert at the station 30 s after publishing")
            // Latency is measured by `carenode bench`, not asserted here; the figure is printed.
            print("alert at the station \(raisedAt ?? .zero) after the publish returned")
            try await federation.converge("alert at the county", timeout: .seconds(30)) {
                try federation.db(Codes.county).alerts(ListFilter(equals: [.elderId: elder.id.uuidString])).items.first?.alert.condition == "spo2.low"
            }
            let events = try await stream.value
            #expect(events.contains("event: alert") && events.contains("血氧饱和度偏低"), "\(events)")
        }
    }

    static let normal: [Measure: Double] = [.systolic: 120, .diastolic: 80, .heartRate: 75, .spo2: 98, .glucose: 5.2, .temperature: 36.5]

    @Test func alertsReachTheCountyBeforeTheSummariesQueuedWithThem() async throws {
        try await Federation.withSmall(batchSize: 1000) { federation in
            let community = federation.db(Codes.community1)
            let county = federation.db(Codes.county)
            let fleet = try Self.devices(community, count: 120)
            try await federation.converge("devices at the street") { federation.count(Codes.street1, "devices") == 120 }

            // Offline: 50,000 summary changes, then 20 falls
            federation.cut(Codes.community1)
            let now = HybridLogicalClock.systemMillis()
            var summaryChanges = 0
            var round = 0
            while summaryChanges < 50_000 {
                let unit = fleet[round % fleet.count]
                let readings = (0..<7).flatMap { day in
                    Measure.allCases.map { Reading(measure: $0, value: Self.normal[$0]!, atMillis: now - Int64(day) * 86_400_000 - Int64(round)) }
                }
                _ = try community.ingest(DeviceReport(readings: readings, signals: []), device: unit.device, elder: unit.elder, nowMillis: now)
                summaryChanges += readings.count
                round += 1
            }
            for unit in fleet.prefix(20) {
                _ = try community.ingest(DeviceReport(readings: [], signals: [SignalReport(signal: .fall, atMillis: now, location: nil)]), device: unit.device, elder: unit.elder, nowMillis: now)
            }
            #expect(try community.alerts(ListFilter(limit: 100)).items.count == 20)
            let queuedAt = ContinuousClock.now

            // Reconnected, the county has every alert while most summaries are still on the way
            federation.restore(Codes.community1)
            try await federation.converge("20 alerts at the county", timeout: .seconds(120)) { federation.count(Codes.county, "alerts") == 20 }
            let summariesArrived = try county.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM change_log WHERE kind = 'vitalsSummary'")!
            }
            #expect(summariesArrived < summaryChanges / 2, "\(summariesArrived) of \(summaryChanges) summary changes arrived before the last alert")
            print("alerts first: 20 alerts at the county \(ContinuousClock.now - queuedAt) after reconnecting, with \(summariesArrived) of \(summaryChanges) summary changes there")
        }
    }

    @Test func aStreetEscalatesFromWhatItHoldsWhenTheStationIsOffline() async throws {
        try await Federation.withSmall { federation in
            let community = federation.db(Codes.community1)
            let street = federation.db(Codes.street1)
            let unit = try Self.devices(community, count: 1)[0]
            let now = HybridLogicalClock.systemMillis()
            let raised = try community.ingest(
                DeviceReport(readings: [], signals: [SignalReport(signal: .gas, atMillis: now, location: nil)]),
                device: unit.device, elder: unit.elder, nowMillis: now).raised[0]
            try await federation.converge("alert at the street") { try street.alert(id: raised) != nil }

            // The station goes offline; nobody acknowledges
            federation.cut(Codes.community1)
            #expect(try street.escalateAlerts(nowMillis: now + 6 * 60_000) == 1)
            #expect(try street.alert(id: raised)?.summary.escalatedTo == .street)
            #expect(try street.escalateAlerts(nowMillis: now + 11 * 60_000) == 1)
            try await federation.converge("escalated to the county dispatch room") {
                try federation.db(Codes.county).alerts(ListFilter(equals: [.escalatedTo: "county"])).items.map(\.alert.id) == [raised]
            }
            // Once the station is back, it learns of the escalation too
            federation.restore(Codes.community1)
            try await federation.converge("station sees the escalation") { try community.alert(id: raised)?.summary.escalatedTo == .county }
        }
    }
}
