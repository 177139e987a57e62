import CareModel
import Foundation

// The county's credit files and its published policies: registry records, sent down to every node.

extension WireCreditRecord {
    init(_ r: CreditRecord) {
        self.init()
        organisationID = r.organisationId.uuidString
        kind = r.kind.rawValue
        if let severity = r.severity { self.severity = severity.rawValue }
        if let level = r.awardLevel { awardLevel = level.rawValue }
        source = r.source.rawValue
        if let sourceId = r.sourceId { sourceID = sourceId.uuidString }
        description_p = r.description
        occurredOn = r.occurredOn
        recordedBy = r.recordedBy
        recordedAtMillis = r.recordedAtMillis
    }
}

extension CreditRecord: WireMapped {
    static let wireKind = WireEntityKind.creditRecord
    static func message(in record: WireChange.OneOf_Record) -> WireCreditRecord? {
        if case .creditRecord(let message) = record { message } else { nil }
    }
    static func record(_ message: WireCreditRecord) -> WireChange.OneOf_Record { .creditRecord(message) }
    var wireMessage: WireCreditRecord { WireCreditRecord(self) }

    /// A record from a peer; which fields its kind carries is checked by its validation rules.
    static func decode(_ m: WireCreditRecord, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        CreditRecord(
            id: id, home: home, organisationId: try FieldCheck.uuid(m.organisationID, "organisation_id"), kind: try FieldCheck.code(m.kind, "kind"),
            severity: try FieldCheck.code(m.severity, present: m.hasSeverity, "severity"),
            awardLevel: try FieldCheck.code(m.awardLevel, present: m.hasAwardLevel, "award_level"),
            source: try FieldCheck.code(m.source, "source"), sourceId: try FieldCheck.uuid(m.sourceID, present: m.hasSourceID, "source_id"),
            description: try FieldCheck.required(m.description_p, "description"), occurredOn: try FieldCheck.required(m.occurredOn, "occurred_on"),
            recordedBy: try FieldCheck.required(m.recordedBy, "recorded_by"), recordedAtMillis: m.recordedAtMillis)
    }
}

extension WirePolicy {
    init(_ p: Policy) {
        self.init()
        kind = p.kind.rawValue
        title = p.title
        body = p.body
        attachments = p.attachments.map { a in
            var wire = WirePolicyAttachment()
            wire.sha256 = a.sha256
            wire.name = a.name
            return wire
        }
        effectiveFrom = p.effectiveFrom
        if let to = p.effectiveTo { effectiveTo = to }
        withdrawn = p.withdrawn
        publishedBy = p.publishedBy
        publishedAtMillis = p.publishedAtMillis
    }
}

extension Policy: WireMapped {
    static let wireKind = WireEntityKind.policy
    static func message(in record: WireChange.OneOf_Record) -> WirePolicy? { if case .policy(let message) = record { message } else { nil } }
    static func record(_ message: WirePolicy) -> WireChange.OneOf_Record { .policy(message) }
    var wireMessage: WirePolicy { WirePolicy(self) }

    static func decode(_ m: WirePolicy, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        var attachments: [PolicyAttachment] = []
        for (index, wire) in m.attachments.enumerated() {
            let field = "attachments[\(index)]"
            guard BlobHash.isValid(wire.sha256) else { throw WireError(field: "\(field).sha256", problem: "not a lowercase hex SHA-256") }
            attachments.append(PolicyAttachment(sha256: wire.sha256, name: try FieldCheck.required(wire.name, "\(field).name")))
        }
        return Policy(
            id: id, home: home, kind: try FieldCheck.code(m.kind, "kind"), title: try FieldCheck.required(m.title, "title"),
            body: try FieldCheck.required(m.body, "body"), attachments: attachments,
            effectiveFrom: try FieldCheck.required(m.effectiveFrom, "effective_from"), effectiveTo: m.hasEffectiveTo ? m.effectiveTo : nil,
            withdrawn: m.withdrawn, publishedBy: try FieldCheck.required(m.publishedBy, "published_by"), publishedAtMillis: m.publishedAtMillis)
    }
}
