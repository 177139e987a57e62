import CareModel
import Foundation

// Alert thresholds: the county's defaults and an elder's own.

extension WireThresholdBounds {
    init(_ t: Threshold) {
        self.init()
        if let low = t.low { self.low = low }
        if let high = t.high { self.high = high }
        if let criticalLow = t.criticalLow { self.criticalLow = criticalLow }
        if let criticalHigh = t.criticalHigh { self.criticalHigh = criticalHigh }
    }

    var threshold: Threshold {
        Threshold(
            low: hasLow ? low : nil, high: hasHigh ? high : nil, criticalLow: hasCriticalLow ? criticalLow : nil,
            criticalHigh: hasCriticalHigh ? criticalHigh : nil)
    }
}

extension WireThresholdDefault {
    init(_ d: ThresholdDefault) {
        self.init()
        measure = d.measure.rawValue
        if let condition = d.condition { self.condition = condition.rawValue }
        bounds = WireThresholdBounds(d.threshold)
        if let source = d.source { self.source = source }
    }
}

extension ThresholdDefault {
    /// A default from the county; its id must be the one its measure and condition give.
    init(wire: WireThresholdDefault, id: UUID, home: DivisionCode) throws(WireError) {
        guard wire.hasBounds else { throw WireError(field: "bounds", problem: "is required") }
        try self.init(
            home: home, measure: FieldCheck.code(wire.measure, "measure"),
            condition: FieldCheck.code(wire.condition, present: wire.hasCondition, "condition"), threshold: wire.bounds.threshold,
            source: wire.hasSource ? wire.source : nil)
        guard self.id == id else { throw WireError(field: "", problem: "threshold default id \(id) does not match its measure and condition") }
    }
}

extension WireThresholdOverride {
    init(_ o: ThresholdOverride) {
        self.init()
        elderID = o.elderId.uuidString
        measure = o.measure.rawValue
        bounds = WireThresholdBounds(o.threshold)
        if let note = o.note { self.note = note }
        setBy = o.setBy
        setAtMillis = o.setAtMillis
    }
}

extension ThresholdOverride {
    /// An override from a peer; its id must be the one its elder and measure give.
    init(wire: WireThresholdOverride, id: UUID, home: DivisionCode) throws(WireError) {
        guard wire.hasBounds else { throw WireError(field: "bounds", problem: "is required") }
        try self.init(
            home: home, elderId: FieldCheck.uuid(wire.elderID, "elder_id"), measure: FieldCheck.code(wire.measure, "measure"),
            threshold: wire.bounds.threshold, note: wire.hasNote ? wire.note : nil, setBy: FieldCheck.required(wire.setBy, "set_by"),
            setAtMillis: wire.setAtMillis)
        guard self.id == id else { throw WireError(field: "", problem: "threshold override id \(id) does not match its elder and measure") }
    }
}

extension ThresholdDefault: WireMapped {
    static let wireKind = WireEntityKind.thresholdDefault
    static func message(in record: WireChange.OneOf_Record) -> WireThresholdDefault? { if case .thresholdDefault(let message) = record { message } else { nil } }
    static func record(_ message: WireThresholdDefault) -> WireChange.OneOf_Record { .thresholdDefault(message) }
    var wireMessage: WireThresholdDefault { WireThresholdDefault(self) }
    static func decode(_ message: WireThresholdDefault, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try ThresholdDefault(wire: message, id: id, home: home) }
}

extension ThresholdOverride: WireMapped {
    static let wireKind = WireEntityKind.thresholdOverride
    static func message(in record: WireChange.OneOf_Record) -> WireThresholdOverride? { if case .thresholdOverride(let message) = record { message } else { nil } }
    static func record(_ message: WireThresholdOverride) -> WireChange.OneOf_Record { .thresholdOverride(message) }
    var wireMessage: WireThresholdOverride { WireThresholdOverride(self) }
    static func decode(_ message: WireThresholdOverride, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try ThresholdOverride(wire: message, id: id, home: home) }
}
