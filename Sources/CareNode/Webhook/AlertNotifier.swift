import AsyncHTTPClient
import CareAPI
import CareModel
import CareStore
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ServiceLifecycle

/// Somewhere alert notices go: a webhook, an SMS gateway. A sink sees every change of every
/// alert this node holds (raised, repeated, escalated, handled) and picks what it sends.
public protocol AlertSink: Sendable {
    /// Names the sink's position in the alert changes; keep it stable.
    var name: String { get }
    func deliver(_ alert: AlertSummary, elder: Elder?) async throws
}

/// POSTs each alert change as JSON (`AlertView`) to a URL (an integrator's dispatch system, a
/// paging service), signed and retried by `WebhookPoster`; a notice that keeps failing is
/// logged and dropped, and the next one goes.
public struct WebhookSink: AlertSink {
    public let url: URL
    let poster: WebhookPoster
    public var name: String { "webhook" }

    public init(url: URL, poster: WebhookPoster) {
        self.url = url
        self.poster = poster
    }

    public func deliver(_ s: AlertSummary, elder: Elder?) async throws {
        let notice = AlertView(s, elderName: elder?.name)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // One alert changes many times (raised, repeated, handled): its state version names this change.
        await poster.post(try encoder.encode(notice), to: url, event: "alert", delivery: "\(s.alert.id.uuidString.lowercased())-\(s.stateVersion)")
    }
}

/// Texts the elder's emergency contacts when a critical alert is raised here (§5.3.2.3), by
/// writing to the SMS gateway's outbox table; the gateway (outside carenode) sends them.
public struct SMSGatewaySink: AlertSink {
    let db: AppDatabase
    public var name: String { "sms" }

    public func deliver(_ s: AlertSummary, elder: Elder?) async throws {
        // Once per alert, while it is open; repeats and later steps send nothing more.
        guard s.alert.severity == .critical, s.status.isOpen, let elder else { return }
        let text = "【紧急预警】\(elder.name)：\(s.alert.messageZh)，地址：\(s.alert.place)"
        try await db.perform { db in
            guard try !db.smsQueued(alertId: s.alert.id) else { return }
            try db.queueSMS(elder.emergencyContacts.map { ($0.phone, text) }, alertId: s.alert.id)
        }
    }
}

/// Feeds each sink the alert changes in order, from its saved position (a restart resumes
/// there), each sink in its own task. A sink that throws (the SMS outbox, a store error) is
/// retried with backoff so nothing is skipped; the webhook sink retries on its own and gives
/// up on a notice after its attempts. A new sink starts at the present.
struct AlertNotifier: Service {
    let db: AppDatabase
    let sinks: [any AlertSink]
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for sink in sinks { group.addTask { await follow(sink) } }
            }
        }
    }

    private func follow(_ sink: any AlertSink) async {
        var failures = 0
        while !Task.isCancelled && !db.changes.isClosed {
            do {
                var position: Int64
                if let saved = try await db.perform({ try $0.notificationPosition(sink: sink.name) }) {
                    position = saved
                } else {
                    position = try await db.perform { try $0.latestAlertStateVersion() }
                    try await db.perform { [position] db in try db.saveNotificationPosition(position, sink: sink.name) }
                }
                let seen = db.changes.generation
                for alert in try await db.perform({ [position] db in try db.alertsChanged(after: position, limit: 100) }) {
                    try await sink.deliver(alert, elder: try await db.perform { try $0.elder(id: alert.alert.elderId) }?.model)
                    position = alert.stateVersion
                    try await db.perform { [position] db in try db.saveNotificationPosition(position, sink: sink.name) }
                }
                failures = 0
                await db.changes.wait(after: seen, timeout: .seconds(5))
            } catch {
                failures += 1
                logger.warning("alert sink \(sink.name) failed (\(failures) in a row): \(error)")
                try? await Task.sleep(for: .milliseconds(min(30_000, 250 << min(failures, 7))))
            }
        }
    }
}
