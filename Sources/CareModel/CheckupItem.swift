import Foundation

/// The items of a check-up (健康体检) as the national basic public health service's check-up
/// form for elders records them (国家基本公共卫生服务规范（第三版）, 附件：健康体检表): blood
/// pressure, fasting glucose, the four blood lipids, urine routine, ECG, weight, height and BMI.
public enum CheckupItem: String, CodeTable {
    case systolic, diastolic, heartRate, fastingGlucose
    case totalCholesterol, triglycerides, ldlCholesterol, hdlCholesterol
    case urineProtein, urineGlucose, urineKetone, urineOccultBlood
    case ecg, weight, height, bmi

    public var label: Label {
        switch self {
        case .systolic: Label(en: "systolic blood pressure", zh: "收缩压")
        case .diastolic: Label(en: "diastolic blood pressure", zh: "舒张压")
        case .heartRate: Label(en: "heart rate", zh: "心率")
        case .fastingGlucose: Label(en: "fasting blood glucose", zh: "空腹血糖")
        case .totalCholesterol: Label(en: "total cholesterol (TC)", zh: "总胆固醇")
        case .triglycerides: Label(en: "triglycerides (TG)", zh: "甘油三酯")
        case .ldlCholesterol: Label(en: "LDL cholesterol (LDL-C)", zh: "低密度脂蛋白胆固醇")
        case .hdlCholesterol: Label(en: "HDL cholesterol (HDL-C)", zh: "高密度脂蛋白胆固醇")
        case .urineProtein: Label(en: "urine protein", zh: "尿蛋白")
        case .urineGlucose: Label(en: "urine glucose", zh: "尿糖")
        case .urineKetone: Label(en: "urine ketones", zh: "尿酮体")
        case .urineOccultBlood: Label(en: "urine occult blood", zh: "尿潜血")
        case .ecg: Label(en: "electrocardiogram", zh: "心电图")
        case .weight: Label(en: "weight", zh: "体重")
        case .height: Label(en: "height", zh: "身高")
        case .bmi: Label(en: "body mass index", zh: "体质指数")
        }
    }

    /// How a result of the item is written: a number in the item's unit, or a code from a list.
    public enum ResultKind: Sendable, Equatable {
        case number(plausible: ClosedRange<Double>)
        case code([String])
    }

    public var unit: String {
        switch self {
        case .systolic, .diastolic: "mmHg"
        case .heartRate: "bpm"
        case .fastingGlucose, .totalCholesterol, .triglycerides, .ldlCholesterol, .hdlCholesterol: "mmol/L"
        case .urineProtein, .urineGlucose, .urineKetone, .urineOccultBlood, .ecg: ""
        case .weight: "kg"
        case .height: "cm"
        case .bmi: "kg/m²"
        }
    }

    /// The results an entry may hold; anything outside `plausible` is a typing error, not a
    /// finding.
    public var resultKind: ResultKind {
        switch self {
        case .systolic: .number(plausible: 40...300)
        case .diastolic: .number(plausible: 20...200)
        case .heartRate: .number(plausible: 20...250)
        case .fastingGlucose: .number(plausible: 1...40)
        case .totalCholesterol: .number(plausible: 0.5...20)
        case .triglycerides: .number(plausible: 0.1...30)
        case .ldlCholesterol, .hdlCholesterol: .number(plausible: 0.1...15)
        case .urineProtein, .urineGlucose, .urineKetone, .urineOccultBlood: .code(UrineGrade.allCases.map(\.rawValue))
        case .ecg: .code(EcgFinding.allCases.map(\.rawValue))
        case .weight: .number(plausible: 20...250)
        case .height: .number(plausible: 100...230)
        case .bmi: .number(plausible: 5...80)
        }
    }

    /// Items the node computes: BMI from weight and height.
    public var isComputed: Bool { self == .bmi }
}

/// A urine dipstick grade, as the check-up form records it (－, ±, ＋ … ＋＋＋＋).
public enum UrineGrade: String, CodeTable {
    case negative, trace, plus1, plus2, plus3, plus4

    public var label: Label {
        switch self {
        case .negative: Label(en: "negative (−)", zh: "阴性（－）")
        case .trace: Label(en: "trace (±)", zh: "弱阳性（±）")
        case .plus1: Label(en: "1+", zh: "＋")
        case .plus2: Label(en: "2+", zh: "＋＋")
        case .plus3: Label(en: "3+", zh: "＋＋＋")
        case .plus4: Label(en: "4+", zh: "＋＋＋＋")
        }
    }
}

/// The ECG findings of the check-up form (心电图：正常 / 异常, the abnormal ones named).
public enum EcgFinding: String, CodeTable {
    case normal, sinusTachycardia, sinusBradycardia, atrialFibrillation, prematureBeats, stTChange, conductionBlock, otherAbnormal

    public var label: Label {
        switch self {
        case .normal: Label(en: "normal", zh: "正常")
        case .sinusTachycardia: Label(en: "sinus tachycardia", zh: "窦性心动过速")
        case .sinusBradycardia: Label(en: "sinus bradycardia", zh: "窦性心动过缓")
        case .atrialFibrillation: Label(en: "atrial fibrillation", zh: "心房颤动")
        case .prematureBeats: Label(en: "premature beats", zh: "早搏")
        case .stTChange: Label(en: "ST-T change", zh: "ST-T改变")
        case .conductionBlock: Label(en: "conduction block", zh: "传导阻滞")
        case .otherAbnormal: Label(en: "other abnormality", zh: "其他异常")
        }
    }
}
