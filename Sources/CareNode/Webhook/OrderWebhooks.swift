import CareModel
import CareStore
import Foundation
import Logging
import ServiceLifecycle

/// What an organisation's own system hears when an order is dispatched to it: enough to plan
/// the visit (the elder's name and address, as the organisation's queue shows them), no more.
struct OrderNotice: Encodable {
    let event = "order.dispatched"
    /// The dispatch step; the same on every attempt and at every node that sends it.
    let dispatchId: UUID
    let orderId: UUID
    let organisationId: UUID
    let home: String
    let category: String
    let status: String
    let notes: String?
    let wantedAt: String?
    let requestedAt: Date
    let dispatchedAt: Date?
    let dueAt: Date
    let elderName: String?
    let address: String?
}

/// Announces each order dispatched to an organisation to that organisation's own system
/// (`organisation-webhooks` in the node's YAML: organisation id → URL). Each organisation has
/// its own follower, task and saved position in the change log (`notify.orders.<id>`), so a
/// receiver that is down holds up only its own notices; a new one starts at the present. A
/// dispatch that has since been superseded (the order went to another organisation, or was
/// cancelled before the notice was sent) is not announced.
struct OrderWebhooks: Service {
    let db: AppDatabase
    let hooks: [UUID: URL]
    let poster: WebhookPoster
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for (organisation, url) in hooks { group.addTask { await follow(organisation, url) } }
            }
        }
    }

    private func follow(_ organisation: UUID, _ url: URL) async {
        let sink = "orders.\(organisation.uuidString.lowercased())"
        var failures = 0
        while !Task.isCancelled && !db.changes.isClosed {
            do {
                var position: Int64
                if let saved = try await db.perform({ try $0.notificationPosition(sink: sink) }) {
                    position = saved
                } else {
                    position = try await db.perform { try $0.changeLogHead() }
                    try await db.perform { [position] db in try db.saveNotificationPosition(position, sink: sink) }
                }
                let seen = db.changes.generation
                for dispatch in try await db.perform({ [position] db in try db.dispatches(to: organisation, after: position, limit: 100) }) {
                    if let body = try await notice(dispatch, organisation) {
                        await poster.post(body, to: url, event: "order.dispatched", delivery: dispatch.eventId.uuidString.lowercased())
                    }
                    position = dispatch.seq
                    try await db.perform { [position] db in try db.saveNotificationPosition(position, sink: sink) }
                }
                failures = 0
                await db.changes.wait(after: seen, timeout: .seconds(5))
            } catch {
                failures += 1
                logger.warning("order webhook of organisation \(organisation) failed (\(failures) in a row): \(error)")
                try? await Task.sleep(for: .milliseconds(min(30_000, 250 << min(failures, 7))))
            }
        }
    }

    /// The notice's JSON, or nil when the order is no longer this organisation's to serve.
    private func notice(_ dispatch: LoggedDispatch, _ organisation: UUID) async throws -> Data? {
        guard let summary = try await db.perform({ try $0.order(id: dispatch.orderId) }),
            summary.organisationId == organisation, summary.status != .cancelled
        else { return nil }
        let elder = try await db.perform { try $0.elder(id: summary.order.elderId) }?.model
        let order = summary.order
        let notice = OrderNotice(
            dispatchId: dispatch.eventId, orderId: order.id, organisationId: organisation, home: order.home.rawValue,
            category: order.category.rawValue, status: summary.status.rawValue, notes: order.notes, wantedAt: order.wantedAt,
            requestedAt: Date(millis: order.requestedAtMillis), dispatchedAt: summary.dispatchedAt.map(Date.init(millis:)),
            dueAt: Date(millis: summary.dueAtMillis), elderName: elder?.name, address: elder?.address.text)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(notice)
    }
}

extension Date {
    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
