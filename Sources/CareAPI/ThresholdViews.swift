import CareModel
import CareStore
import Foundation
import Hummingbird

/// Bounds of one measure, with its names and unit for the console.
struct BoundsView: ResponseEncodable, Decodable {
    let low: Double?
    let high: Double?
    let criticalLow: Double?
    let criticalHigh: Double?

    init(_ t: Threshold) {
        low = t.low
        high = t.high
        criticalLow = t.criticalLow
        criticalHigh = t.criticalHigh
    }
}

/// One measure's effective bounds for an elder and where they come from.
struct EffectiveThresholdView: ResponseEncodable, Decodable {
    let measure: String
    let label: String
    let labelZh: String
    let unit: String
    let bounds: BoundsView
    /// elder, condition, county or builtIn.
    let origin: String
    let originLabel: String
    let originLabelZh: String
    /// The conditions whose defaults apply (origin `condition`).
    let conditions: [String]
    let source: String?
    /// The override, when the elder has one.
    let setBy: String?
    let setAt: Date?

    init(_ e: EffectiveThreshold) {
        measure = e.measure.rawValue
        label = e.measure.label.en
        labelZh = e.measure.label.zh
        unit = e.measure.unit
        bounds = BoundsView(e.threshold)
        origin = e.origin.rawValue
        originLabel = e.origin.label.en
        originLabelZh = e.origin.label.zh
        conditions = e.conditions.map(\.rawValue)
        source = e.source
        setBy = e.override?.setBy
        setAt = e.override.map { CareAPI.date(millis: $0.setAtMillis) }
    }
}

struct ElderThresholdsView: ResponseEncodable, Decodable {
    let elderId: UUID
    /// The elder's active chronic conditions, which choose the condition defaults.
    let conditions: [String]
    let thresholds: [EffectiveThresholdView]

    init(_ t: ElderThresholds) {
        elderId = t.elderId
        conditions = t.conditions.map(\.rawValue)
        thresholds = t.entries.map(EffectiveThresholdView.init)
    }
}

/// A county default: the figures in force, whether the county edited them, and the shipped ones.
struct ThresholdDefaultView: ResponseEncodable, Decodable {
    let id: UUID
    let measure: String
    let label: String
    let labelZh: String
    let unit: String
    /// A chronic disease, or `general` for every elder.
    let condition: String
    let conditionLabel: String
    let conditionLabelZh: String
    let bounds: BoundsView
    let source: String?
    /// Whether the county has changed (or added) it; removing the edit restores `shipped`.
    let edited: Bool
    let shipped: BoundsView?
    let version: String?

    init(_ entry: ThresholdDefaultEntry) {
        let d = entry.current
        id = d.id
        measure = d.measure.rawValue
        label = d.measure.label.en
        labelZh = d.measure.label.zh
        unit = d.measure.unit
        condition = d.condition?.rawValue ?? ThresholdController.general
        conditionLabel = d.condition?.label.en ?? "every elder"
        conditionLabelZh = d.condition?.label.zh ?? "全体老人"
        bounds = BoundsView(d.threshold)
        source = d.source
        edited = entry.edit != nil
        shipped = entry.shipped.map { BoundsView($0.threshold) }
        version = entry.edit?.etag
    }
}

struct ThresholdDefaultsView: ResponseEncodable, Decodable {
    let items: [ThresholdDefaultView]
}
