import CareModel
import Foundation
import GRDB

/// The county's threshold defaults (registry: the newest version wins, written at the county only).
enum ThresholdDefaultTable: RecordTable {
    static let table = "threshold_default"
    static let columns = [
        "id", "home", "measure", "condition", "low", "high", "critical_low", "critical_high", "source", "version", "origin", "deleted",
    ]

    static func values(_ d: ThresholdDefault, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            d.id.canonicalString, d.home.rawValue, d.measure.rawValue, d.condition?.rawValue, d.threshold.low, d.threshold.high,
            d.threshold.criticalLow, d.threshold.criticalHigh, d.source, meta.version.hlc.packed, meta.version.origin, meta.deleted,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<ThresholdDefault> {
        let condition: String? = row["condition"]
        let model = ThresholdDefault(
            home: try row.division("home"), measure: try row.code("measure", as: Measure.self),
            condition: try condition.map { _ in try row.code("condition", as: ChronicDisease.self) }, threshold: bounds(row),
            source: row["source"])
        return Stored(model: model, meta: RecordMeta(version: row.version(), deleted: row["deleted"]))
    }

    static func bounds(_ row: Row) -> Threshold {
        Threshold(low: row["low"], high: row["high"], criticalLow: row["critical_low"], criticalHigh: row["critical_high"])
    }
}

/// An elder's own thresholds: a profile homed with the elder, re-homed when the elder moves.
enum ThresholdOverrideTable: ElderDependentTable {
    static let table = "threshold_override"
    static let columns = [
        "id", "home", "elder_id", "measure", "low", "high", "critical_low", "critical_high", "note", "set_by", "set_at_millis",
        "version", "origin", "deleted", "stamps",
    ]

    static func values(_ o: ThresholdOverride, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            o.id.canonicalString, o.home.rawValue, o.elderId.canonicalString, o.measure.rawValue, o.threshold.low, o.threshold.high,
            o.threshold.criticalLow, o.threshold.criticalHigh, o.note, o.setBy, o.setAtMillis,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<ThresholdOverride> {
        let model = ThresholdOverride(
            home: try row.division("home"), elderId: try row.uuid("elder_id"), measure: try row.code("measure", as: Measure.self),
            threshold: ThresholdDefaultTable.bounds(row), note: row["note"], setBy: row["set_by"], setAtMillis: row["set_at_millis"])
        return Stored(model: model, meta: RecordMeta(
            version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }

    static func rehomed(_ model: ThresholdOverride, to home: DivisionCode) -> ThresholdOverride {
        var model = model
        model.home = home
        return model
    }

    /// A profile: the move is an edit of its `home` field, merged like any other field.
    static func rehome(_ current: Stored<ThresholdOverride>, to home: DivisionCode, in database: AppDatabase, actor: String, _ db: Database) throws {
        guard !current.meta.deleted else { return }
        _ = try database.writeProfile(Self.self, rehomed(current.model, to: home), expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
    }
}
