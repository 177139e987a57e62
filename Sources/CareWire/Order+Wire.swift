import CareModel
import Foundation

extension WireOrder {
    init(_ order: ServiceOrder) {
        self.init()
        elderID = order.elderId.uuidString
        category = order.category.rawValue
        channel = order.channel.rawValue
        if let wantedAt = order.wantedAt { self.wantedAt = wantedAt }
        if let notes = order.notes { self.notes = notes }
        takenAt = order.takenAt.rawValue
        takenBy = order.takenBy
        requestedAtMillis = order.requestedAtMillis
    }
}

extension ServiceOrder {
    /// An order from a peer; `id` and `home` are the change's.
    init(wire: WireOrder, id: UUID, home: DivisionCode) throws(WireError) {
        // `ServiceOrder.validate` asks ISO8601DateFormatter, which on Linux costs about 200 µs
        // a call even when shared; the format style parses the same date-times (and fractional
        // seconds too) in about 3 µs.
        if wire.hasWantedAt, (try? Date(wire.wantedAt, strategy: .iso8601)) == nil {
            throw WireError(field: "wanted_at", problem: "'\(wire.wantedAt)' is not an ISO 8601 date-time")
        }
        try self.init(
            id: id, home: home, elderId: FieldCheck.uuid(wire.elderID, "elder_id"),
            category: FieldCheck.code(wire.category, "category"), channel: FieldCheck.code(wire.channel, "channel"),
            wantedAt: wire.hasWantedAt ? wire.wantedAt : nil, notes: wire.hasNotes ? wire.notes : nil,
            takenAt: FieldCheck.division(wire.takenAt, "taken_at"), takenBy: FieldCheck.required(wire.takenBy, "taken_by"),
            requestedAtMillis: wire.requestedAtMillis)
    }
}

extension WireOrderEvent {
    /// The event's version travels as its change's.
    init(_ event: OrderEvent) {
        self.init()
        orderID = event.orderId.uuidString
        kind = event.kind.rawValue
        actor = event.actor
        if let channel = event.channel { self.channel = channel.rawValue }
        if let reason = event.reason { self.reason = reason }
        if let organisationId = event.organisationId { organisationID = organisationId.uuidString }
        if let workerId = event.workerId { workerID = workerId.uuidString }
        if let supersedes = event.supersedes { self.supersedes = supersedes.uuidString }
        details = event.details
    }
}

extension OrderEvent {
    /// An order event from a peer; `id`, `home` and `version` are the change's.
    init(wire: WireOrderEvent, id: UUID, home: DivisionCode, version: Version) throws(WireError) {
        try self.init(
            id: id, orderId: FieldCheck.uuid(wire.orderID, "order_id"), home: home,
            kind: FieldCheck.code(wire.kind, "kind"), version: version, actor: FieldCheck.required(wire.actor, "actor"),
            channel: FieldCheck.code(wire.channel, present: wire.hasChannel, "channel"),
            reason: wire.hasReason ? wire.reason : nil,
            organisationId: FieldCheck.uuid(wire.organisationID, present: wire.hasOrganisationID, "organisation_id"),
            workerId: FieldCheck.uuid(wire.workerID, present: wire.hasWorkerID, "worker_id"),
            supersedes: FieldCheck.uuid(wire.supersedes, present: wire.hasSupersedes, "supersedes"),
            details: wire.details)
    }
}

extension ServiceOrder: WireMapped {
    static let wireKind = WireEntityKind.order
    static func message(in record: WireChange.OneOf_Record) -> WireOrder? { if case .order(let message) = record { message } else { nil } }
    static func record(_ message: WireOrder) -> WireChange.OneOf_Record { .order(message) }
    var wireMessage: WireOrder { WireOrder(self) }
    static func decode(_ message: WireOrder, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try ServiceOrder(wire: message, id: id, home: home) }
}

extension OrderEvent: WireMapped {
    static let wireKind = WireEntityKind.orderEvent
    static func message(in record: WireChange.OneOf_Record) -> WireOrderEvent? { if case .orderEvent(let message) = record { message } else { nil } }
    static func record(_ message: WireOrderEvent) -> WireChange.OneOf_Record { .orderEvent(message) }
    var wireMessage: WireOrderEvent { WireOrderEvent(self) }
    static func decode(_ message: WireOrderEvent, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try OrderEvent(wire: message, id: id, home: home, version: version) }
}
