import CareModel
import CareNode
import CarePKI
import CareMQTT
import CareStore
import Foundation
import GRDB
import Logging
import MQTTTestSupport
import NIOHTTP1

/// Device ingest at a community node: HTTP batches through the real API (HTTP/2 + TLS), and
/// MQTT messages through a real mosquitto broker, each until every reading is stored.
extension Benchmarks {
    public struct IngestFigures: Sendable {
        public var httpRate: Double
        /// nil when mosquitto is not installed.
        public var mqttRate: Double?
        public var readings: Int
        public var perBatch: Int
    }

    public func ingest(readings: Int, perBatch: Int) async throws -> IngestFigures {
        let broker: MosquittoBroker? = FileManager.default.isExecutableFile(atPath: "/usr/sbin/mosquitto")
            ? try await MosquittoBroker.start(extraConfig: ["max_queued_messages 0"]) : nil
        let brokerPort = broker.map { Int($0.port) }
        let topology = try Topology(name: "bench", nodes: [.init(code: Self.community.rawValue, name: "community")])
        let federation = try await Federation.start(
            topology, directory: directory.appendingPathComponent("ingest"), batchSize: batchSize, logLevel: .error,
            configure: { config in if let brokerPort { config.mqtt = ("127.0.0.1", brokerPort) } })
        defer { try? FileManager.default.removeItem(at: directory.appendingPathComponent("ingest")) }
        do {
            let figures = try await ingest(federation, broker: broker, readings: readings, perBatch: perBatch)
            await federation.shutdown()
            await broker?.stop()
            return figures
        } catch {
            await federation.shutdown()
            await broker?.stop()
            throw error
        }
    }

    private func ingest(_ federation: Federation, broker: MosquittoBroker?, readings: Int, perBatch: Int) async throws -> IngestFigures {
        let db = federation.db(Self.community)
        var random = SplitMix64(seed: 11)
        let elder = try db.createElder(DemoSeed.makeElder(Self.community, serial: 1, &random), actor: "bench")
        let device = try db.createDevice(Device(home: Self.community, type: .healthCheck, serial: "BENCH-1", elderId: elder.model.id), actor: "bench")
        let token = try db.issueDeviceToken(serial: device.model.serial)
        let batches = max(1, readings / perBatch)
        let start = HybridLogicalClock.systemMillis() - 60_000
        // Normal values from every measure, a millisecond apart, so no alert fires.
        func body(_ batch: Int, token: String?) -> String {
            let normal: [(Measure, Double)] = [(.systolic, 118), (.diastolic, 76), (.heartRate, 72), (.spo2, 98), (.glucose, 5.1), (.temperature, 36.6)]
            let entries = (0..<perBatch).map { i -> String in
                let (measure, value) = normal[i % normal.count]
                let at = Date(timeIntervalSince1970: Double(start + Int64(batch * perBatch + i)) / 1000).formatted(.iso8601)
                return #"{"measure":"\#(measure.rawValue)","value":\#(value),"unit":"\#(measure.unit)","timestamp":"\#(at)"}"#
            }
            return #"{\#(token.map { #""token":"\#($0)","# } ?? "")"readings":[\#(entries.joined(separator: ","))]}"#
        }
        func stored() throws -> Int { try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM reading") ?? 0 } }

        let client = try OperatorClient(baseURL: federation.url(Self.community), caPEM: federation.authority.certificatePEM)
        progress("ingest: \(batches) HTTP batches of \(perBatch) readings")
        let httpStart = ContinuousClock.now
        // Four devices' worth of concurrent uploads, as a station with many devices sees.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<4 {
                group.addTask {
                    for batch in stride(from: lane, to: batches, by: 4) {
                        let reply = try await client.send(
                            .POST, "/api/v1/devices/BENCH-1/readings", token: token, body: Data(body(batch, token: nil).utf8))
                        guard reply.status == 201 else { throw ConfigurationErrorText("ingest refused: \(reply.status) \(reply.text)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        let httpSeconds = (ContinuousClock.now - httpStart).seconds
        await client.shutdown()
        let httpStored = try stored()

        var mqttRate: Double?
        if let broker {
            progress("ingest: \(batches) MQTT messages of \(perBatch) readings via mosquitto on port \(broker.port)")
            let publisher = MQTTSubscriber(configuration: MQTTConfiguration(port: Int(broker.port), clientID: "carenode-bench"), topicFilters: [])
            try await publisher.start()
            try await Task.sleep(for: .milliseconds(300))
            let mqttStart = ContinuousClock.now
            for batch in batches..<(2 * batches) {
                _ = try await publisher.publish(topic: "carenode/\(Self.community)/devices/BENCH-1/readings", string: body(batch, token: token))
            }
            let deadline = ContinuousClock.now + .seconds(600)
            while try stored() < httpStored + batches * perBatch {
                guard ContinuousClock.now < deadline else { throw ConfigurationErrorText("MQTT readings did not all arrive") }
                try await Task.sleep(for: .milliseconds(20))
            }
            mqttRate = Double(batches * perBatch) / (ContinuousClock.now - mqttStart).seconds
            await publisher.stop()
        }
        return IngestFigures(httpRate: Double(batches * perBatch) / httpSeconds, mqttRate: mqttRate, readings: batches * perBatch, perBatch: perBatch)
    }
}
