import CareModel
import Foundation
import GRDB

/// Credit records: county registry, one row each, the newest version wins.
enum CreditRecordTable: RecordTable {
    static let table = "credit_record"
    static let columns = [
        "id", "home", "organisation_id", "kind", "severity", "award_level", "source", "source_id", "description", "occurred_on",
        "recorded_by", "recorded_at_millis", "version", "origin", "deleted",
    ]

    static func values(_ r: CreditRecord, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            r.id.canonicalString, r.home.rawValue, r.organisationId.canonicalString, r.kind.rawValue, r.severity?.rawValue, r.awardLevel?.rawValue,
            r.source.rawValue, r.sourceId?.canonicalString, r.description, r.occurredOn, r.recordedBy, r.recordedAtMillis,
            meta.version.hlc.packed, meta.version.origin, meta.deleted,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<CreditRecord> {
        let severity: String? = row["severity"]
        let level: String? = row["award_level"]
        let record = CreditRecord(
            id: try row.uuid("id"), home: try row.division("home"), organisationId: try row.uuid("organisation_id"),
            kind: try row.code("kind", as: CreditRecordKind.self),
            severity: try severity.map { _ in try row.code("severity", as: CreditSeverity.self) },
            awardLevel: try level.map { _ in try row.code("award_level", as: AwardLevel.self) },
            source: try row.code("source", as: CreditSource.self), sourceId: try row.optionalUUID("source_id"),
            description: row["description"], occurredOn: row["occurred_on"], recordedBy: row["recorded_by"],
            recordedAtMillis: row["recorded_at_millis"])
        return Stored(model: record, meta: RecordMeta(version: row.version(), deleted: row["deleted"]))
    }
}

/// Policies and service guides: county registry; the attachments list is one JSON column.
enum PolicyTable: RecordTable {
    static let table = "policy"
    static let columns = [
        "id", "home", "kind", "title", "body", "attachments", "effective_from", "effective_to", "withdrawn", "published_by",
        "published_at_millis", "version", "origin", "deleted",
    ]

    static func values(_ p: Policy, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            p.id.canonicalString, p.home.rawValue, p.kind.rawValue, p.title, p.body, JSONColumn.encode(p.attachments), p.effectiveFrom,
            p.effectiveTo, p.withdrawn, p.publishedBy, p.publishedAtMillis, meta.version.hlc.packed, meta.version.origin, meta.deleted,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Policy> {
        let policy = Policy(
            id: try row.uuid("id"), home: try row.division("home"), kind: try row.code("kind", as: PolicyKind.self), title: row["title"],
            body: row["body"], attachments: try JSONColumn.decode([PolicyAttachment].self, row["attachments"], column: "attachments"),
            effectiveFrom: row["effective_from"], effectiveTo: row["effective_to"], withdrawn: row["withdrawn"],
            publishedBy: row["published_by"], publishedAtMillis: row["published_at_millis"])
        return Stored(model: policy, meta: RecordMeta(version: row.version(), deleted: row["deleted"]))
    }
}
