import Foundation

/// One call of the call center (呼叫中心, Anhui §4.3.2: outside lines, call recording and the
/// caller pop-up 来电弹屏; §5.3.2.3: a one-key call is recorded and popped up): incoming or
/// outgoing, who took it, what it was about, how it ended, the elder it concerns and what it
/// produced (an order, an alert, a complaint). Callbacks and return-visit calls are outgoing
/// call records.
///
/// Merge class: profile. A call is written when it rings and completed afterwards: its purpose,
/// outcome, notes, duration, links and recording are filled in later, possibly at another node
/// than the one that took it (the county agent answers, the station adds the recording), and
/// the elder may be chosen after it rang. A fact could not take those later fields, and a fact
/// plus events would fold a handful of independent fields that never pass through a lifecycle;
/// per-field last-writer-wins keeps both sides' completions, and the same field completed
/// differently at two nodes leaves a conflict for an operator, as an elder's profile does.
///
/// Home: the elder's community when the call concerns an elder (it lives with the elder and is
/// re-homed when the elder moves); an unmatched call is homed at the node that took it.
public struct CallRecord: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var direction: CallDirection
    /// The other party's number as the line gave it; nil only for a device's one-key call
    /// whose line did not give one.
    public var number: String?
    /// For a one-key call (一键呼叫): the device that made it.
    public var deviceSerial: String?
    public var startedAtMillis: Int64
    /// The node that took or made the call, and its agent (an operator's name, or
    /// `device:<serial>` for a one-key call no agent has taken yet).
    public var takenAt: DivisionCode
    public var agent: String
    public var elderId: UUID?
    public var matchedBy: CallMatch?
    public var purpose: CallPurpose?
    /// Nil while the call is open (ringing or in progress).
    public var outcome: CallOutcome?
    /// Talk time in seconds (0 for a call nobody answered).
    public var durationSeconds: Int?
    public var completedAtMillis: Int64?
    public var note: String?
    public var orderId: UUID?
    public var alertId: UUID?
    public var complaintId: UUID?
    /// For a callback: the missed call it returns.
    public var callbackOf: UUID?
    /// The recording: the SHA-256 of an audio blob.
    public var recording: String?

    public init(
        id: UUID = UUID(), home: DivisionCode, direction: CallDirection, number: String?, deviceSerial: String? = nil,
        startedAtMillis: Int64, takenAt: DivisionCode, agent: String, elderId: UUID? = nil, matchedBy: CallMatch? = nil,
        purpose: CallPurpose? = nil, outcome: CallOutcome? = nil, durationSeconds: Int? = nil, completedAtMillis: Int64? = nil,
        note: String? = nil, orderId: UUID? = nil, alertId: UUID? = nil, complaintId: UUID? = nil, callbackOf: UUID? = nil,
        recording: String? = nil
    ) {
        self.id = id
        self.home = home
        self.direction = direction
        self.number = number
        self.deviceSerial = deviceSerial
        self.startedAtMillis = startedAtMillis
        self.takenAt = takenAt
        self.agent = agent
        self.elderId = elderId
        self.matchedBy = matchedBy
        self.purpose = purpose
        self.outcome = outcome
        self.durationSeconds = durationSeconds
        self.completedAtMillis = completedAtMillis
        self.note = note
        self.orderId = orderId
        self.alertId = alertId
        self.complaintId = complaintId
        self.callbackOf = callbackOf
        self.recording = recording
    }

    public var isOpen: Bool { outcome == nil }

    public static let noteMax = 1000
    /// A call longer than a day is a forgotten hang-up, not a call.
    public static let durationRange = 0...86_400
}

public enum CallDirection: String, CodeTable {
    case incoming, outgoing

    public var label: Label {
        switch self {
        case .incoming: Label(en: "incoming", zh: "呼入")
        case .outgoing: Label(en: "outgoing", zh: "呼出")
        }
    }
}

/// What a call was about. The first four are the (#18: emergency, consultation,
/// referral, complaint); a service request is how most orders are taken by phone (Anhui
/// §5.3.2.2 统一受理); callbacks and return visits (服务回访, §5.3.2.2) are the center's own
/// outgoing calls, and proactive care (主动关怀) its scheduled calls to elders living alone.
public enum CallPurpose: String, CodeTable {
    case emergency, consultation, serviceRequest, referral, complaint, callback, returnVisit, proactiveCare, other

    public var label: Label {
        switch self {
        case .emergency: Label(en: "emergency", zh: "紧急求助")
        case .consultation: Label(en: "consultation", zh: "咨询")
        case .serviceRequest: Label(en: "service request", zh: "服务申请")
        case .referral: Label(en: "referral", zh: "转介")
        case .complaint: Label(en: "complaint", zh: "投诉")
        case .callback: Label(en: "callback", zh: "回拨")
        case .returnVisit: Label(en: "return visit", zh: "服务回访")
        case .proactiveCare: Label(en: "proactive care", zh: "主动关怀")
        case .other: Label(en: "other", zh: "其他")
        }
    }
}

/// How a call ended. Only an answered call has talk time; a missed or abandoned incoming call
/// is owed a callback.
public enum CallOutcome: String, CodeTable {
    case answered, missed, abandoned, noAnswer, busy, wrongNumber

    public var label: Label {
        switch self {
        case .answered: Label(en: "answered", zh: "已接通")
        case .missed: Label(en: "missed", zh: "未接")
        case .abandoned: Label(en: "abandoned", zh: "排队放弃")
        case .noAnswer: Label(en: "no answer", zh: "无人接听")
        case .busy: Label(en: "busy", zh: "占线")
        case .wrongNumber: Label(en: "wrong number", zh: "打错电话")
        }
    }

    /// Whether the two parties spoke.
    public var connected: Bool { self == .answered || self == .wrongNumber }
    /// Incoming calls that end like this are owed a callback.
    public var owesCallback: Bool { self == .missed || self == .abandoned }
}

/// How the call's elder was found.
public enum CallMatch: String, CodeTable {
    case elderPhone, emergencyContact, device, chosen

    public var label: Label {
        switch self {
        case .elderPhone: Label(en: "elder's phone", zh: "老人本人电话")
        case .emergencyContact: Label(en: "emergency contact's phone", zh: "紧急联系人电话")
        case .device: Label(en: "one-key call device", zh: "一键呼叫设备")
        case .chosen: Label(en: "chosen by the agent", zh: "坐席选择")
        }
    }
}

/// A telephone number reduced to the digits that identify the line, so that the number a line
/// presents and the one an operator typed compare equal: spaces, dashes and brackets dropped,
/// then China's country code (+86 or 0086, ITU-T E.164) and the domestic trunk prefix 0 of an
/// area code (MIIT 电信网编号计划) removed. `138 0013 8000`, `+86-138-0013-8000` and
/// `8613800138000` give `13800138000`; `0551-6512 3456` and `+86 551 65123456` give
/// `55165123456`.
public enum PhoneKey {
    public static func of(_ number: String) -> String {
        var digits = number.filter { $0.isASCII && $0.isNumber }
        if digits.hasPrefix("0086") {
            digits.removeFirst(4)
        } else if digits.hasPrefix("86"), digits.count >= 12 {
            digits.removeFirst(2)
        }
        if digits.hasPrefix("0") { digits.removeFirst() }
        return digits
    }
}

extension CallRecord: ReplicatedRecord {
    public static let kind = EntityKind.callRecord
    public static let label = Label(en: "call record", zh: "通话记录")
    public static let mergeClass = MergeClass.profile
    /// A one-key call is an emergency: it travels with the alerts.
    public static let lane = Lane.urgent
    /// An unmatched call homed at a county or street stays there: it is nobody's below.
    public static let flowsDown = false
    public static let collection = "calls"
    public var clockReadings: [Int64] { [startedAtMillis] + (completedAtMillis.map { [$0] } ?? []) }
}

extension CallRecord: ProfileRecord {
    public static let mergeFields: [MergeField<CallRecord>] = [
        MergeField("home", \.home), MergeField("direction", \.direction), MergeField("number", \.number),
        MergeField("deviceSerial", \.deviceSerial), MergeField("startedAtMillis", \.startedAtMillis), MergeField("takenAt", \.takenAt),
        MergeField("agent", \.agent), MergeField("elderId", \.elderId), MergeField("matchedBy", \.matchedBy),
        MergeField("purpose", \.purpose), MergeField("outcome", \.outcome), MergeField("durationSeconds", \.durationSeconds),
        MergeField("completedAtMillis", \.completedAtMillis), MergeField("note", \.note), MergeField("orderId", \.orderId),
        MergeField("alertId", \.alertId), MergeField("complaintId", \.complaintId), MergeField("callbackOf", \.callbackOf),
        MergeField("recording", \.recording),
    ]
}
