/// Service categories of the home-care catalogue (000 §5; 001 §5.3.2).
public enum ServiceCategory: String, CodeTable {
    case meals, bathing, cleaning, dayCare, homeCare, healthCheck, rehabilitation, medicalEscort
    case companionship, errands, psychological, emergencyResponse

    public var label: Label {
        switch self {
        case .meals: Label(en: "meals", zh: "助餐")
        case .bathing: Label(en: "bathing", zh: "助浴")
        case .cleaning: Label(en: "cleaning", zh: "助洁")
        case .dayCare: Label(en: "day care", zh: "日间照料")
        case .homeCare: Label(en: "home care", zh: "居家照护")
        case .healthCheck: Label(en: "health check", zh: "健康体检")
        case .rehabilitation: Label(en: "rehabilitation", zh: "康复护理")
        case .medicalEscort: Label(en: "medical escort", zh: "助医陪诊")
        case .companionship: Label(en: "companionship", zh: "精神慰藉")
        case .errands: Label(en: "errands", zh: "代办服务")
        case .psychological: Label(en: "psychological support", zh: "心理疏导")
        case .emergencyResponse: Label(en: "emergency response", zh: "紧急救援")
        }
    }
}

/// Device types of 001 §4.3.
public enum DeviceType: String, CodeTable {
    case healthCheck, sleepMonitor, callTerminal, smartHome, faceRecognition

    public var label: Label {
        switch self {
        case .healthCheck: Label(en: "health check device", zh: "健康体检设备")
        case .sleepMonitor: Label(en: "sleep monitor", zh: "睡眠监测设备")
        case .callTerminal: Label(en: "call terminal", zh: "呼叫终端")
        case .smartHome: Label(en: "smart home sensor", zh: "智能家居设备")
        case .faceRecognition: Label(en: "face recognition", zh: "人脸识别设备")
        }
    }
}

public enum DeviceStatus: String, CodeTable {
    case active, inactive, maintenance, retired

    public var label: Label {
        switch self {
        case .active: Label(en: "active", zh: "在用")
        case .inactive: Label(en: "inactive", zh: "停用")
        case .maintenance: Label(en: "under maintenance", zh: "维修中")
        case .retired: Label(en: "retired", zh: "已报废")
        }
    }
}

/// Kinds of organisation in the county registry (001 §5.1.2.2).
public enum OrganisationType: String, CodeTable {
    case institution, homeCareCenter, dayCareCenter, station, thirdParty, medical

    public var label: Label {
        switch self {
        case .institution: Label(en: "care institution", zh: "养老机构")
        case .homeCareCenter: Label(en: "home-care service center", zh: "居家养老服务中心")
        case .dayCareCenter: Label(en: "day-care center", zh: "日间照料中心")
        case .station: Label(en: "community station", zh: "社区养老服务站")
        case .thirdParty: Label(en: "third-party service provider", zh: "第三方服务组织")
        case .medical: Label(en: "medical institution", zh: "医疗机构")
        }
    }
}

/// Credit standing published by the county (001 §5.1.2.7); blacklisted ones are never matched.
/// Set by `CreditRule` when the county records a violation, an award or a lift on the
/// organisation's credit file (`CreditRecord`), or by hand on the registry record.
public enum CreditStatus: String, CodeTable {
    case good, warning, blacklisted

    public var label: Label {
        switch self {
        case .good: Label(en: "good standing", zh: "信用良好")
        case .warning: Label(en: "warning", zh: "警示")
        case .blacklisted: Label(en: "blacklisted", zh: "失信黑名单")
        }
    }
}

public enum StaffRole: String, CodeTable {
    case doctor, nurse, caregiver, socialWorker, volunteer, dispatcher, manager
    /// An ability assessor (老年人能力评估员, GB/T 42195), the street's or a third party's.
    case assessor

    public var label: Label {
        switch self {
        case .doctor: Label(en: "doctor", zh: "医生")
        case .nurse: Label(en: "nurse", zh: "护士")
        case .caregiver: Label(en: "caregiver", zh: "护理员")
        case .socialWorker: Label(en: "social worker", zh: "社工")
        case .volunteer: Label(en: "volunteer", zh: "志愿者")
        case .dispatcher: Label(en: "dispatcher", zh: "调度员")
        case .manager: Label(en: "manager", zh: "管理人员")
        case .assessor: Label(en: "ability assessor", zh: "能力评估员")
        }
    }
}

public enum Gender: String, CodeTable {
    case male, female

    public var label: Label {
        switch self {
        case .male: Label(en: "male", zh: "男")
        case .female: Label(en: "female", zh: "女")
        }
    }
}

/// Living situation; elders living alone or empty-nest get proactive care (001 §5.3.2.7).
public enum LivingSituation: String, CodeTable {
    case alone, emptyNest, withFamily, inCare

    public var label: Label {
        switch self {
        case .alone: Label(en: "living alone", zh: "独居")
        case .emptyNest: Label(en: "empty-nest", zh: "空巢")
        case .withFamily: Label(en: "with family", zh: "与家人同住")
        case .inCare: Label(en: "in institutional care", zh: "机构照护")
        }
    }
}

/// Where a request came in (001 §5.1.2.3).
public enum IntakeChannel: String, CodeTable {
    case phone, window, app, deviceCall, proactiveCare, web

    public var label: Label {
        switch self {
        case .phone: Label(en: "phone", zh: "电话")
        case .window: Label(en: "service window", zh: "服务窗口")
        case .app: Label(en: "mobile app", zh: "移动端")
        case .deviceCall: Label(en: "device call", zh: "设备呼叫")
        case .proactiveCare: Label(en: "proactive care", zh: "主动关怀")
        case .web: Label(en: "web", zh: "网站")
        }
    }
}

/// Who gave an evaluation (001 §6.1).
public enum EvaluatorKind: String, CodeTable {
    case elder, family, publicMember, regulator, thirdParty, selfAssessment

    public var label: Label {
        switch self {
        case .elder: Label(en: "elder", zh: "老人")
        case .family: Label(en: "family", zh: "家属")
        case .publicMember: Label(en: "member of the public", zh: "社会公众")
        case .regulator: Label(en: "regulator", zh: "监管部门")
        case .thirdParty: Label(en: "third-party return visit", zh: "第三方回访")
        case .selfAssessment: Label(en: "self-assessment", zh: "机构自评")
        }
    }
}
