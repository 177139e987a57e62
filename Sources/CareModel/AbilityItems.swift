import Foundation

/// The four first-level indicators (一级指标) of GB/T 42195-2022 老年人能力评估规范, Appendix B.
public enum AbilityDomain: String, CodeTable {
    /// B.1 自理能力, 8 items, 0–32.
    case selfCare
    /// B.2 基础运动能力, 4 items, 0–15.
    case motor
    /// B.3 精神状态, 9 items, 0–28.
    case mental
    /// B.4 感知觉与社会参与, 5 items, 0–15.
    case perception

    public var label: Label {
        switch self {
        case .selfCare: Label(en: "self-care", zh: "自理能力")
        case .motor: Label(en: "basic motor ability", zh: "基础运动能力")
        case .mental: Label(en: "mental state", zh: "精神状态")
        case .perception: Label(en: "perception and social participation", zh: "感知觉与社会参与")
        }
    }
}

/// One scored answer of an item: the score and what the assessor observed for it.
public struct AbilityOption: Hashable, Codable, Sendable {
    public let score: Int
    public let label: Label
}

/// One second-level indicator (二级指标) with its options, highest score first.
public struct AbilityItem: Hashable, Codable, Sendable, Identifiable {
    /// The standard's number, "B.1.1" to "B.4.5".
    public let id: String
    public let domain: AbilityDomain
    public let name: Label
    public let options: [AbilityOption]

    public var maxScore: Int { options.map(\.score).max() ?? 0 }
    public func allows(_ score: Int) -> Bool { options.contains { $0.score == score } }
}

/// The item table of GB/T 42195-2022 Appendix B (老年人能力评估表) as data: 26 items, 90 points.
///
/// Sources. The standard's own text (a paid PDF, SAC) was not reachable from here. Every
/// figure below was checked against two independent transcriptions of its Appendix B that
/// agree item by item and score by score:
/// - the item seed of github.com/devvanglin/KangxiaobanAI_OC,
///   `kangxiaoban-service/internal/database/admission_seed.go` (items B1.1–B4.5 with option
///   scores, the level bands 90 / 66–89 / 46–65 / 30–45 / 0–29 and the adjustment rules);
/// - a verbatim transcription of the assessment form B.1–B.4 (option wording, the 0–3 scale of
///   上下楼梯 and 使用交通工具外出, 1/0 for 攻击行为 and 抑郁症状, 2/1/0 for 意识水平, 视力 and 听力)
///   found in the code corpus of public repositories (file not attributable to a repository).
/// Sums: self-care 8 × 4 = 32; motor 4 + 4 + 4 + 3 = 15; mental 6 × 4 + 1 + 1 + 2 = 28;
/// perception 2 + 2 + 4 + 3 + 4 = 15; in all 90. Option wording here is shortened.
public enum AbilityItems {
    /// The five-step assistance scale most B.1/B.2 items share.
    private static let assistance: [AbilityOption] = [
        AbilityOption(score: 4, label: Label(en: "independent, no help", zh: "独立完成，不需要协助")),
        AbilityOption(score: 3, label: Label(en: "with guidance or prompting", zh: "在他人指导或提示下完成")),
        AbilityOption(score: 2, label: Label(en: "needs help, mostly by self", zh: "需要他人协助，但以自身完成为主")),
        AbilityOption(score: 1, label: Label(en: "mostly by others, cooperates", zh: "主要依靠他人协助，自身能给予配合")),
        AbilityOption(score: 0, label: Label(en: "fully dependent, cannot cooperate", zh: "完全依赖他人协助，且不能给予配合")),
    ]

    private static func item(_ id: String, _ domain: AbilityDomain, en: String, zh: String, _ options: [(Int, String, String)]) -> AbilityItem {
        AbilityItem(id: id, domain: domain, name: Label(en: en, zh: zh), options: options.map { AbilityOption(score: $0.0, label: Label(en: $0.1, zh: $0.2)) })
    }

    private static func item(_ id: String, _ domain: AbilityDomain, en: String, zh: String, options: [AbilityOption]) -> AbilityItem {
        AbilityItem(id: id, domain: domain, name: Label(en: en, zh: zh), options: options)
    }

    public static let all: [AbilityItem] = [
        item("B.1.1", .selfCare, en: "eating", zh: "进食", [
            (4, "feeds self, swallows, no choking", "独立使用器具进食并咽下，没有呛咳"),
            (3, "with prompting or own aids, no choking", "在指导或提示下完成，或独立使用辅具，没有呛咳"),
            (2, "some contact help, chokes monthly", "需少量接触式协助，偶尔（每月一次及以上）呛咳"),
            (1, "much contact help, chokes weekly", "需大量接触式协助，经常（每周一次及以上）呛咳"),
            (0, "fed by others, dysphagia or feeding tube", "完全依赖他人协助进食，或吞咽困难，或留置营养管"),
        ]),
        item("B.1.2", .selfCare, en: "grooming", zh: "修饰", options: assistance),
        item("B.1.3", .selfCare, en: "bathing", zh: "洗澡", options: assistance),
        item("B.1.4", .selfCare, en: "upper-body dressing", zh: "穿/脱上衣", options: assistance),
        item("B.1.5", .selfCare, en: "trousers, shoes and socks", zh: "穿/脱裤子和鞋袜", options: assistance),
        item("B.1.6", .selfCare, en: "bladder control", zh: "小便控制", [
            (4, "normal control", "可自行控制排尿，次数和控制均正常"),
            (3, "day control, worse at night, or own pads", "白天可控制，夜间次数增多或控制较差，或自行使用尿布尿垫"),
            (2, "occasional incontinence, or a little help with pads", "偶有尿失禁（每周>1次、每天<1次），或他人少量协助使用辅助用物"),
            (1, "daily incontinence, or much help with pads", "白天大部分不能控制（每天≥1次），夜间尿失禁，或他人大量协助"),
            (0, "incontinent or catheter", "小便失禁，完全不能控制，或留置导尿管"),
        ]),
        item("B.1.7", .selfCare, en: "bowel control", zh: "大便控制", [
            (4, "normal control", "可正常自行控制大便排出"),
            (3, "sometimes constipated or incontinent, or own aids", "有时便秘或大便失禁，或自行使用开塞露、尿垫等"),
            (2, "often, or a little help with aids", "经常便秘或大便失禁，或他人少量协助使用辅助用物"),
            (1, "most of the time, or much help with aids", "大部分时间便秘或大便失禁，或他人大量协助"),
            (0, "severe constipation or fully incontinent", "严重便秘或完全大便失禁，依赖他人协助排便或清洁"),
        ]),
        item("B.1.8", .selfCare, en: "toileting", zh: "如厕", options: assistance),
        item("B.2.1", .motor, en: "turning and sitting up in bed", zh: "床上体位转移", options: assistance),
        item("B.2.2", .motor, en: "bed–chair transfer", zh: "床椅转移", options: assistance),
        item("B.2.3", .motor, en: "walking on the level", zh: "平地行走", [
            (4, "about 50 m alone, no fall risk", "独立平地行走50m左右，不需要协助，无摔倒风险"),
            (3, "about 50 m with supervision or a walking aid", "能行走50m左右，需他人监护指导，或使用拐杖、助行器等"),
            (2, "a little support from another", "步行时需要他人少量扶持协助"),
            (1, "much support from another", "步行时需要他人大量扶持协助"),
            (0, "cannot walk", "完全不能步行"),
        ]),
        item("B.2.4", .motor, en: "stairs", zh: "上下楼梯", [
            (3, "10–15 steps alone", "可独立上下楼梯（连续10~15个台阶），不需要协助"),
            (2, "with guidance or prompting", "在他人指导或提示下完成"),
            (1, "needs help, mostly by self", "需要他人协助，但以自身完成为主"),
            (0, "mostly or fully by others", "主要依靠他人协助，或完全依赖他人"),
        ]),
        item("B.3.1", .mental, en: "orientation in time", zh: "时间定向", [
            (4, "year and month clear, day within one", "年、月清楚，日期（或星期几）可相差一天"),
            (3, "cannot tell all of year, month, day", "年、月、日（或星期几）不能全部分清"),
            (2, "knows half-year or season only", "年月日不清，可知上半年、下半年或季节"),
            (1, "knows morning/afternoon or day/night only", "只知上午、下午或白天、夜间"),
            (0, "no sense of time", "无时间观念"),
        ]),
        item("B.3.2", .mental, en: "orientation in place", zh: "空间定向", [
            (4, "goes out alone in daily surroundings", "能在日常生活范围内单独外出"),
            (3, "not alone, knows the address exactly", "不能单独外出，但能准确知道日常生活所在地的地址"),
            (2, "not alone, knows much about the address", "不能单独外出，但知道较多有关日常生活的地址信息"),
            (1, "not alone, knows little", "不能单独外出，只知道较少居住地的地址信息"),
            (0, "no sense of place", "不能单独外出，无空间观念"),
        ]),
        item("B.3.3", .mental, en: "orientation to people", zh: "人物定向", [
            (4, "knows household members and relations", "认识长期共同生活的人，能称呼并知道关系"),
            (3, "knows most of them", "能认识大部分共同生活的人，能称呼或知道关系"),
            (2, "knows some relatives or carers", "能认识部分日常同住的亲人或照护者"),
            (1, "knows self or very few", "只认识自己或极少数日常同住的亲人或照护者"),
            (0, "knows no one, not even self", "不认识任何人（包括自己）"),
        ]),
        item("B.3.4", .mental, en: "memory", zh: "记忆", [
            (4, "memory fit for age, full recall", "保持与社会、年龄相适应的记忆能力，能完整回忆"),
            (3, "mild disorder (immediate recall)", "轻度记忆紊乱或回忆不能（即时记忆）"),
            (2, "moderate disorder (recent memory)", "中度记忆紊乱或回忆不能（近期记忆）"),
            (1, "severe disorder (remote memory)", "重度记忆紊乱或回忆不能（远期记忆）"),
            (0, "memory fully disordered", "记忆完全紊乱或完全不能正确回忆"),
        ]),
        item("B.3.5", .mental, en: "understanding", zh: "理解能力", [
            (4, "understands others normally", "能正常理解他人的话"),
            (3, "understands given more time", "能理解他人的话，但需要增加时间"),
            (2, "difficulty, needs repetition or simpler words", "理解有困难，需频繁重复或简化口头表达"),
            (1, "severe difficulty, much help", "理解有严重困难，需要大量他人帮助"),
            (0, "cannot understand", "完全不能理解他人的话"),
        ]),
        item("B.3.6", .mental, en: "expression", zh: "表达能力", [
            (4, "expresses thoughts normally", "能正常表达自己的想法"),
            (3, "expresses needs given more time", "能表达自己的需要，但需要增加时间"),
            (2, "difficulty, needs repetition or simplification", "表达需要有困难，需频繁重复或简化口头表达"),
            (1, "severe difficulty, much help", "表达有严重困难，需要大量他人帮助"),
            (0, "cannot express needs", "完全不能表达需要"),
        ]),
        item("B.3.7", .mental, en: "aggressive behaviour", zh: "攻击行为", [
            (1, "none", "未出现"),
            (0, "physical or verbal aggression in the last month", "近一个月内出现过攻击行为"),
        ]),
        item("B.3.8", .mental, en: "depressive symptoms", zh: "抑郁症状", [
            (1, "none", "未出现"),
            (0, "negative mood in the last month", "近一个月内出现过负性情绪"),
        ]),
        item("B.3.9", .mental, en: "level of consciousness", zh: "意识水平", [
            (2, "alert, responds correctly", "神志清醒，对周围环境能做出正确反应"),
            (1, "drowsy or confused", "嗜睡，或意识模糊"),
            (0, "stupor or coma", "昏睡，或者昏迷"),
        ]),
        item("B.4.1", .perception, en: "vision (best corrected)", zh: "视力", [
            (2, "normal", "视力正常"),
            (1, "large print only, or objects only", "能看清大字体但看不清标准字体，或只能辨认物体"),
            (0, "light, colour and shape only, or blind", "只能看到光、颜色和形状，或完全失明"),
        ]),
        item("B.4.2", .perception, en: "hearing (with usual aid)", zh: "听力", [
            (2, "normal", "听力正常"),
            (1, "misses soft speech beyond 2 m, or needs quiet or loud speech", "轻声或超过2米听不清，或需安静环境、大声说话"),
            (0, "hears loud slow speech partly, or deaf", "大声且慢速说话才能部分听见，或完全失聪"),
        ]),
        item("B.4.3", .perception, en: "daily affairs (laundry, small purchases, medicines)", zh: "执行日常事务", [
            (4, "plans and does them alone", "能完全独立计划、安排和完成日常事务"),
            (3, "needs supervision or guidance", "需要他人监护或指导"),
            (2, "needs a little help", "需要少量协助"),
            (1, "needs much help", "需要大量协助"),
            (0, "fully dependent", "完全依赖他人进行日常事务"),
        ]),
        item("B.4.4", .perception, en: "going out by transport", zh: "使用交通工具外出", [
            (3, "cycles or takes public transport alone", "能自己骑车或搭乘公共交通工具外出"),
            (2, "takes a taxi alone, no other transport", "能自己搭乘出租车，但不会搭乘其他交通工具"),
            (1, "public transport when accompanied", "有人协助或陪伴时可搭乘公共交通工具外出"),
            (0, "only helped into a taxi or car, or cannot go out", "只能在他人协助下搭乘出租车或私家车，或完全不能出门"),
        ]),
        item("B.4.5", .perception, en: "social interaction", zh: "社会交往能力", [
            (4, "takes part in society, behaves fittingly", "参与社会，在社会环境有一定的适应能力，待人接物恰当"),
            (3, "copes in simple settings, approaches others", "能适应单纯环境，主动接触他人"),
            (2, "withdrawn, contact only when approached", "脱离社会，可被动接触，不会主动待人"),
            (1, "barely in contact, unclear speech", "勉强可与他人接触，谈吐内容不清楚，表情不恰当"),
            (0, "cannot interact", "不能与人交往"),
        ]),
    ]

    public static let byId: [String: AbilityItem] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// The item of the level of consciousness, whose 0 covers stupor and coma alike; coma
    /// itself is recorded apart (`AbilityAdjustments.comatose`).
    public static let consciousness = "B.3.9"

    public static func items(of domain: AbilityDomain) -> [AbilityItem] { all.filter { $0.domain == domain } }
    public static func maxScore(of domain: AbilityDomain) -> Int { items(of: domain).map(\.maxScore).reduce(0, +) }
    public static var maxTotal: Int { all.map(\.maxScore).reduce(0, +) }
}
