import CareModel
import CareMQTT
import CareStore
import Foundation
import Logging
import ServiceLifecycle

/// Runs the alert rules that fire on time passing, at every tier: escalation of unacknowledged
/// critical alerts (from what this node holds, so a street escalates even when its station is
/// offline), night out-of-bed and inactivity checks, and the raw-reading retention.
public struct AlertTicker: Service {
    let db: AppDatabase
    let interval: Duration
    let retentionDays: Int
    let logger: Logger

    public init(db: AppDatabase, interval: Duration, retentionDays: Int, logger: Logger) {
        self.db = db
        self.interval = interval
        self.retentionDays = retentionDays
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let now = db.clock.wallMillis
                    let escalated = try await db.perform { try $0.escalateAlerts(nowMillis: now) }
                    let raised = try await db.perform { try $0.runTimedRules(nowMillis: now, retentionDays: retentionDays) }
                    if escalated + raised.count > 0 { logger.info("alert rules: \(escalated) escalated, \(raised.count) raised") }
                } catch {
                    logger.error("alert rules failed: \(error)")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}

/// Subscribes to the community's device topics on an MQTT broker and ingests each message as
/// the HTTP endpoint would: `carenode/<community>/devices/<serial>/<readings|events>`, payload
/// the same JSON report with the device token in a `token` field.
public struct MQTTIngestService: Service {
    let db: AppDatabase
    let host: String
    let port: Int
    let logger: Logger

    public init(db: AppDatabase, host: String, port: Int, logger: Logger) {
        self.db = db
        self.host = host
        self.port = port
        self.logger = logger
    }

    public func run() async throws {
        let community = db.node.rawValue
        let subscriber = MQTTSubscriber(
            configuration: MQTTConfiguration(host: host, port: port, clientID: "carenode-\(community)"),
            topicFilters: [DeviceTopic.filter(community: community)], logger: logger)
        let ingest = DeviceIngest(db: db)
        try await subscriber.start()
        logger.info("MQTT: subscribed to \(DeviceTopic.filter(community: community)) at \(host):\(port)")
        await withGracefulShutdownHandler {
            for await message in subscriber.messages {
                guard let topic = DeviceTopic(parsing: message.topic), topic.community == community else {
                    do { try await db.perform { try $0.countIngestRejection("bad-topic") } } catch { logger.error("MQTT: counting a refusal failed: \(error)") }
                    logger.warning("MQTT: ignored message on \(message.topic): not a device topic of \(community)")
                    continue
                }
                do {
                    let outcome = try await ingest.ingest(serial: topic.serial, token: nil, body: Data(message.payload))
                    if !outcome.raised.isEmpty { logger.notice("MQTT: \(topic.serial) raised \(outcome.raised.count) alert(s)") }
                } catch let refusal as DeviceIngest.Refusal {
                    logger.warning("MQTT: refused report from \(topic.serial): \(refusal.description)")
                } catch {
                    logger.error("MQTT: storing a report from \(topic.serial) failed: \(error)")
                }
            }
        } onGracefulShutdown: {
            Task { await subscriber.stop() }
        }
        await subscriber.stop()
    }
}
