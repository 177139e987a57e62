import Foundation

/// The reference ranges a check-up result is judged by: one table of data, read by every
/// abnormal flag (`CheckupReference.isAbnormal`) and served to the console
/// (`GET /api/v1/health/reference`), so no range is written anywhere else.
public struct CheckupReference: Sendable, Hashable {
    /// Normal when `low <= value < below` (either bound may be open).
    public var low: Double?
    public var below: Double?
    /// For coded items: the codes that are normal.
    public var normalCodes: Set<String>
    /// Where the figure comes from.
    public var source: String

    public init(low: Double? = nil, below: Double? = nil, normalCodes: Set<String> = [], source: String) {
        self.low = low
        self.below = below
        self.normalCodes = normalCodes
        self.source = source
    }

    /// Whether a numeric result lies outside the range.
    public func isAbnormal(_ value: Double) -> Bool {
        if let low, value < low { return true }
        if let below, value >= below { return true }
        return false
    }

    static let hypertensionGuideline = "中国高血压防治指南（2018年修订版）：正常高值上限139/89 mmHg，≥140/90为高血压；<90/60为低血压"
    static let lipidGuideline = "中国成人血脂异常防治指南（2016年修订版）：合适水平 TC<5.2、TG<1.7、LDL-C<3.4 mmol/L，HDL-C<1.0为降低"
    static let diabetesGuideline = "中国2型糖尿病防治指南（2020年版）：空腹血糖正常3.9–<6.1 mmol/L"
    static let urineRoutine = "尿常规干化学法参考值：阴性"

    /// Items without an entry (weight, height) have no normal range of their own.
    public static let table: [CheckupItem: CheckupReference] = [
        .systolic: CheckupReference(low: 90, below: 140, source: hypertensionGuideline),
        .diastolic: CheckupReference(low: 60, below: 90, source: hypertensionGuideline),
        .heartRate: CheckupReference(low: 60, below: 101, source: "诊断学（第9版）：成人静息心率60–100次/分"),
        .fastingGlucose: CheckupReference(low: 3.9, below: 6.1, source: diabetesGuideline),
        .totalCholesterol: CheckupReference(below: 5.2, source: lipidGuideline),
        .triglycerides: CheckupReference(below: 1.7, source: lipidGuideline),
        .ldlCholesterol: CheckupReference(below: 3.4, source: lipidGuideline),
        .hdlCholesterol: CheckupReference(low: 1.0, source: lipidGuideline),
        .urineProtein: CheckupReference(normalCodes: [UrineGrade.negative.rawValue], source: urineRoutine),
        .urineGlucose: CheckupReference(normalCodes: [UrineGrade.negative.rawValue], source: urineRoutine),
        .urineKetone: CheckupReference(normalCodes: [UrineGrade.negative.rawValue], source: urineRoutine),
        .urineOccultBlood: CheckupReference(normalCodes: [UrineGrade.negative.rawValue], source: urineRoutine),
        .ecg: CheckupReference(normalCodes: [EcgFinding.normal.rawValue], source: "健康体检表：心电图正常／异常"),
        .bmi: CheckupReference(low: 18.5, below: 24.0, source: "中国成人超重和肥胖症预防控制指南：18.5–23.9正常，≥24超重，≥28肥胖"),
    ]

    /// Whether the result is outside its item's reference; false for items without one.
    public static func isAbnormal(_ item: CheckupItem, value: Double?, code: String?) -> Bool {
        guard let reference = table[item] else { return false }
        if let value { return reference.isAbnormal(value) }
        if let code { return !reference.normalCodes.contains(code) }
        return false
    }
}
