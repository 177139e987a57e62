import CareModel
import Foundation
import GRDB

/// An elder's effective thresholds, with the active conditions they were chosen by.
public struct ElderThresholds: Sendable {
    public var elderId: UUID
    public var conditions: [ChronicDisease]
    public var entries: [EffectiveThreshold]
}

/// A county default as the county lists it: the shipped figure, the county's edit, or both.
public struct ThresholdDefaultEntry: Sendable {
    public var current: ThresholdDefault
    /// The county's edit, when it has made one.
    public var edit: Stored<ThresholdDefault>?
    /// The figure shipped with carenode, when there is one for this measure and condition.
    public var shipped: ThresholdDefault?
}

extension AppDatabase {
    // MARK: An elder's own thresholds

    /// Sets the elder's bounds for the override's measure, homed with the elder (a new entry, or
    /// the one removed before set again).
    public func setThresholdOverride(_ override: ThresholdOverride, actor: String) throws -> Stored<ThresholdOverride> {
        try write { db in
            var override = override
            override.home = try Self.liveElderHome(override.elderId, db)
            return try writeProfile(ThresholdOverrideTable.self, override, expect: .any, deleted: false, actor: actor, db)
        }
    }

    /// Removes the elder's bounds for `measure`: the default applies again.
    public func removeThresholdOverride(elderId: UUID, measure: Measure, actor: String) throws {
        try deleteProfile(ThresholdOverrideTable.self, id: ThresholdOverride.id(elderId: elderId, measure: measure), ifMatch: nil, actor: actor)
    }

    // MARK: The county's defaults

    /// Sets the county's default for a measure and condition (the county node only).
    public func setThresholdDefault(_ value: ThresholdDefault, actor: String) throws -> Stored<ThresholdDefault> {
        try writeRegistry(ThresholdDefaultTable.self, value, expect: .any, deleted: false, actor: actor)
    }

    /// Removes the county's edit: the shipped default, if any, applies again.
    public func removeThresholdDefault(measure: Measure, condition: ChronicDisease?, actor: String) throws {
        try deleteRegistry(ThresholdDefaultTable.self, id: ThresholdDefault.id(measure: measure, condition: condition), ifMatch: nil, actor: actor)
    }

    /// Every default in force: the shipped ones with the county's edits over them, and the
    /// county's own, by condition (general first) then measure.
    public func thresholdDefaults() throws -> [ThresholdDefaultEntry] {
        try read { db in
            let county = node.county
            let edits = try Self.liveDefaults(db)
            let shipped = Dictionary(ThresholdDefaults.shipped(county: county).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let ids = Set(edits.keys).union(shipped.keys)
            return ids.map { id in
                ThresholdDefaultEntry(current: edits[id]?.model ?? shipped[id]!, edit: edits[id], shipped: shipped[id])
            }.sorted {
                let a = ($0.current.condition.map { ChronicDisease.allCases.firstIndex(of: $0)! + 1 } ?? 0, Measure.allCases.firstIndex(of: $0.current.measure)!)
                let b = ($1.current.condition.map { ChronicDisease.allCases.firstIndex(of: $0)! + 1 } ?? 0, Measure.allCases.firstIndex(of: $1.current.measure)!)
                return a < b
            }
        }
    }

    // MARK: What applies

    /// The elder's bounds for every measure and where each comes from (`ThresholdPrecedence`).
    public func effectiveThresholds(elderId: UUID) throws -> ElderThresholds {
        try read { db in try Self.effectiveThresholds(elderId: elderId, node: node, db) }
    }

    /// The precedence read once from what this node holds: the elder's live overrides, its
    /// active chronic conditions, the county's live defaults and the shipped ones.
    static func effectiveThresholds(elderId: UUID, node: DivisionCode, _ db: Database) throws -> ElderThresholds {
        let overrides = try Row.fetchAll(
            db, sql: "SELECT * FROM threshold_override WHERE elder_id = ? AND deleted = 0", arguments: [elderId.canonicalString]
        ).map { try ThresholdOverrideTable.decode($0).model }
        let conditions = try String.fetchAll(
            db, sql: "SELECT disease FROM chronic_condition WHERE elder_id = ? AND deleted = 0 AND status = 'active'", arguments: [elderId.canonicalString]
        ).compactMap(ChronicDisease.init(rawValue:))
        let defaults = try liveDefaults(db).mapValues(\.model)
        let entries = ThresholdPrecedence.effective(
            overrides: overrides, conditions: Set(conditions), defaults: defaults, shipped: ThresholdDefaults.shipped(county: node.county))
        return ElderThresholds(elderId: elderId, conditions: ChronicDisease.allCases.filter(conditions.contains), entries: entries)
    }

    /// The bounds device ingest hands the alert rules for the elder: read once per report.
    static func alertOverrides(elderId: UUID, node: DivisionCode, _ db: Database) throws -> [Measure: Threshold] {
        ThresholdPrecedence.alertOverrides(try effectiveThresholds(elderId: elderId, node: node, db).entries)
    }

    private static func liveDefaults(_ db: Database) throws -> [UUID: Stored<ThresholdDefault>] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM threshold_default WHERE deleted = 0").map(ThresholdDefaultTable.decode)
        return Dictionary(rows.map { ($0.model.id, $0) }, uniquingKeysWith: { a, _ in a })
    }
}
