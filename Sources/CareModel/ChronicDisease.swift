import Foundation

/// The chronic diseases a station keeps a registry of (慢病管理, Anhui §5.3.2.6), with the
/// default interval between follow-ups.
///
/// Intervals: the national basic public health service specification (国家基本公共卫生服务规范
/// （第三版）, 2017, 高血压患者健康管理服务规范 and 2型糖尿病患者健康管理服务规范) asks for at least
/// four face-to-face follow-ups a year for hypertension and type-2 diabetes, i.e. every 3 months
/// (90 days). The specification schedules no other chronic disease; for those the default here
/// is the same 90 days, a local choice a station changes per elder (`intervalDays`).
public enum ChronicDisease: String, CodeTable {
    case hypertension, diabetesType2, diabetesType1, coronaryHeartDisease, copd, stroke, chronicKidneyDisease, dementia, osteoporosis

    public var label: Label {
        switch self {
        case .hypertension: Label(en: "hypertension", zh: "高血压")
        case .diabetesType2: Label(en: "type 2 diabetes", zh: "2型糖尿病")
        case .diabetesType1: Label(en: "type 1 diabetes", zh: "1型糖尿病")
        case .coronaryHeartDisease: Label(en: "coronary heart disease", zh: "冠心病")
        case .copd: Label(en: "chronic obstructive pulmonary disease", zh: "慢性阻塞性肺疾病")
        case .stroke: Label(en: "stroke", zh: "脑卒中")
        case .chronicKidneyDisease: Label(en: "chronic kidney disease", zh: "慢性肾脏病")
        case .dementia: Label(en: "dementia", zh: "认知障碍（痴呆）")
        case .osteoporosis: Label(en: "osteoporosis", zh: "骨质疏松")
        }
    }

    /// Days between follow-ups unless the station sets the elder's own.
    public var defaultIntervalDays: Int { 90 }

    /// Whether the national specification itself schedules its follow-ups (the others use
    /// the local default).
    public var scheduledByNationalSpecification: Bool { self == .hypertension || self == .diabetesType2 }
}

/// Whether a condition is still being managed.
public enum ConditionStatus: String, CodeTable {
    case active, resolved

    public var label: Label {
        switch self {
        case .active: Label(en: "under management", zh: "管理中")
        case .resolved: Label(en: "no longer managed", zh: "已结案")
        }
    }
}

/// How a follow-up classes the visit, as the specification's follow-up form does (此次随访分类).
public enum FollowUpOutcome: String, CodeTable {
    case controlled, uncontrolled, adverseReaction, complication

    public var label: Label {
        switch self {
        case .controlled: Label(en: "controlled", zh: "控制满意")
        case .uncontrolled: Label(en: "not controlled", zh: "控制不满意")
        case .adverseReaction: Label(en: "adverse drug reaction", zh: "不良反应")
        case .complication: Label(en: "complication", zh: "并发症")
        }
    }
}

/// How a follow-up was made (随访方式).
public enum FollowUpMethod: String, CodeTable {
    case clinic, home, phone

    public var label: Label {
        switch self {
        case .clinic: Label(en: "at the station or clinic", zh: "门诊")
        case .home: Label(en: "home visit", zh: "家庭")
        case .phone: Label(en: "by phone", zh: "电话")
        }
    }
}
