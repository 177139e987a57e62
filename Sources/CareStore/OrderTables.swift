import CareModel
import Foundation
import GRDB

enum OrderTable: RecordTable {
    static let table = "service_order"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: OrderFold.self, id: model.id) }
    static let columns = [
        "id", "home", "elder_id", "category", "channel", "wanted_at", "notes", "taken_at", "taken_by",
        "requested_at_millis", "version", "origin", "status", "organisation_id", "worker_id", "state_version",
        "due_at_millis",
    ]

    /// A new order row starts requested; `OrderFold.refresh` keeps the state columns current.
    static func values(_ o: ServiceOrder, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            o.id.canonicalString, o.home.rawValue, o.elderId.canonicalString, o.category.rawValue, o.channel.rawValue,
            o.wantedAt, o.notes, o.takenAt.rawValue, o.takenBy, o.requestedAtMillis,
            meta.version.hlc.packed, meta.version.origin, OrderStatus.requested.rawValue, nil, nil, meta.version.hlc.packed,
            o.dueAtMillis,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<ServiceOrder> {
        let order = ServiceOrder(
            id: try row.uuid("id"), home: try row.division("home"), elderId: try row.uuid("elder_id"),
            category: try row.code("category", as: ServiceCategory.self), channel: try row.code("channel", as: IntakeChannel.self),
            wantedAt: row["wanted_at"], notes: row["notes"], takenAt: try row.division("taken_at"), takenBy: row["taken_by"],
            requestedAtMillis: row["requested_at_millis"])
        return Stored(model: order, meta: RecordMeta(version: row.version()))
    }
}

enum OrderEventTable: RecordTable {
    static let table = "order_event"
    static func folds(_ model: Model) -> FoldTarget? { FoldTarget(fold: OrderFold.self, id: model.orderId) }
    static let columns = [
        "id", "order_id", "home", "kind", "actor", "channel", "reason", "organisation_id", "worker_id", "supersedes",
        "details", "version", "origin",
    ]

    static func values(_ e: OrderEvent, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            e.id.canonicalString, e.orderId.canonicalString, e.home.rawValue, e.kind.rawValue, e.actor, e.channel?.rawValue,
            e.reason, e.organisationId?.canonicalString, e.workerId?.canonicalString, e.supersedes?.canonicalString,
            e.details.isEmpty ? "{}" : JSONColumn.encode(e.details), meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<OrderEvent> {
        let version = row.version()
        let channel: String? = row["channel"]
        let event = OrderEvent(
            id: try row.uuid("id"), orderId: try row.uuid("order_id"), home: try row.division("home"),
            kind: try row.code("kind", as: OrderEventKind.self), version: version, actor: row["actor"],
            channel: channel.flatMap(IntakeChannel.init(rawValue:)), reason: row["reason"],
            organisationId: try row.optionalUUID("organisation_id"), workerId: try row.optionalUUID("worker_id"),
            supersedes: try row.optionalUUID("supersedes"),
            details: try Self.details(row["details"]))
        return Stored(model: event, meta: RecordMeta(version: version))
    }

    /// Most events carry no details; skip the JSON decoder for those.
    private static func details(_ text: String) throws -> [String: String] {
        text == "{}" ? [:] : try JSONColumn.decode([String: String].self, text, column: "details")
    }
}

enum EvaluationTable: RecordTable {
    static let table = "evaluation"
    static let columns = [
        "id", "home", "order_id", "organisation_id", "stars", "attitude", "quality", "punctuality", "comment",
        "evaluator", "evaluator_name", "created_at_millis", "version", "origin",
    ]

    static func values(_ e: Evaluation, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            e.id.canonicalString, e.home.rawValue, e.orderId?.canonicalString, e.organisationId?.canonicalString, e.stars, e.attitude,
            e.quality, e.punctuality, e.comment, e.evaluator.rawValue, e.evaluatorName, e.createdAtMillis,
            meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Evaluation> {
        let evaluation = Evaluation(
            id: try row.uuid("id"), home: try row.division("home"), orderId: try row.optionalUUID("order_id"),
            organisationId: try row.optionalUUID("organisation_id"), stars: row["stars"], attitude: row["attitude"],
            quality: row["quality"], punctuality: row["punctuality"], comment: row["comment"],
            evaluator: try row.code("evaluator", as: EvaluatorKind.self), evaluatorName: row["evaluator_name"],
            createdAtMillis: row["created_at_millis"])
        return Stored(model: evaluation, meta: RecordMeta(version: row.version()))
    }
}

enum ConflictTable: RecordTable {
    static let table = "conflict"
    static let columns = [
        "id", "home", "entity_kind", "entity_id", "field", "winner_value", "loser_value", "winner_version",
        "winner_origin", "loser_version", "loser_origin", "reason", "resolution", "version", "origin",
    ]

    static func values(_ c: Conflict, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            c.id.canonicalString, c.home.rawValue, c.entityKind.rawValue, c.entityId.canonicalString, c.field, c.winnerValue,
            c.loserValue, c.winner.hlc.packed, c.winner.origin, c.loser.hlc.packed, c.loser.origin, c.reason,
            c.resolution.map(JSONColumn.encode), c.version.hlc.packed, c.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Conflict> {
        var conflict = Conflict(
            home: try row.division("home"), entityKind: try row.code("entity_kind", as: EntityKind.self),
            entityId: try row.uuid("entity_id"), field: row["field"], winnerValue: row["winner_value"],
            loserValue: row["loser_value"], winner: row.version("winner_version", origin: "winner_origin"),
            loser: row.version("loser_version", origin: "loser_origin"), reason: row["reason"])
        conflict.id = try row.uuid("id")
        if let text: String = row["resolution"] {
            conflict.resolution = try JSONColumn.decode(Conflict.Resolution.self, text, column: "resolution")
        }
        return Stored(model: conflict, meta: RecordMeta(version: conflict.version))
    }
}
