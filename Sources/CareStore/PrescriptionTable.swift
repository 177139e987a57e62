import CareModel
import Foundation
import GRDB

/// Health prescriptions: a profile homed with its elder, re-homed as an edit of its `home`
/// field when the elder moves.
enum PrescriptionTable: ElderDependentTable {
    static let table = "prescription"
    static let columns = [
        "id", "home", "elder_id", "condition_id", "kind", "issued_on", "doctor", "advice", "valid_until", "issued_by",
        "acknowledged_at_millis", "acknowledged_by", "withdrawn_at_millis", "withdrawn_reason",
        "version", "origin", "deleted", "stamps",
    ]

    static func values(_ p: Prescription, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            p.id.canonicalString, p.home.rawValue, p.elderId.canonicalString, p.conditionId?.canonicalString, p.kind.rawValue, p.issuedOn, p.doctor,
            p.advice, p.validUntil, p.issuedBy, p.acknowledgedAtMillis, p.acknowledgedBy, p.withdrawnAtMillis, p.withdrawnReason,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Prescription> {
        let prescription = Prescription(
            id: try row.uuid("id"), home: try row.division("home"), elderId: try row.uuid("elder_id"),
            conditionId: try row.optionalUUID("condition_id"), kind: try row.code("kind", as: PrescriptionKind.self),
            issuedOn: row["issued_on"], doctor: row["doctor"], advice: row["advice"], validUntil: row["valid_until"],
            issuedBy: row["issued_by"], acknowledgedAtMillis: row["acknowledged_at_millis"], acknowledgedBy: row["acknowledged_by"],
            withdrawnAtMillis: row["withdrawn_at_millis"], withdrawnReason: row["withdrawn_reason"])
        return Stored(model: prescription, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }

    static func rehomed(_ model: Prescription, to home: DivisionCode) -> Prescription {
        var model = model
        model.home = home
        return model
    }

    static func rehome(_ current: Stored<Prescription>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        guard !current.meta.deleted else { return }
        _ = try database.writeProfile(Self.self, rehomed(current.model, to: home), expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
    }
}
