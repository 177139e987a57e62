/// How concurrent changes to a kind of record are reconciled (ARCHITECTURE.md, merge rules).
public enum MergeClass: String, Sendable {
    /// County authoritative; flows down only.
    case registry
    /// Per-field last-writer-wins by version; concurrent same-field edits leave a conflict.
    case profile
    /// Immutable once written; the union of everything seen.
    case fact
    /// A conflict record: united by id; a resolution, once made, wins.
    case conflict
    /// Computed by the one community that holds the raw data; the newest version wins and it
    /// flows up only.
    case summary
}

/// Every kind of record the federation replicates.
public enum EntityKind: String, CodeTable {
    case elder, device, organisation, staff, order, orderEvent, evaluation, conflict, complaint, complaintEvent
    case alert, alertEvent, vitalsSummary

    public var label: Label {
        switch self {
        case .elder: Label(en: "elder", zh: "老人档案")
        case .device: Label(en: "device", zh: "设备")
        case .organisation: Label(en: "service organisation", zh: "服务组织")
        case .staff: Label(en: "staff", zh: "从业人员")
        case .order: Label(en: "service order", zh: "服务工单")
        case .orderEvent: Label(en: "service order event", zh: "工单事件")
        case .evaluation: Label(en: "evaluation", zh: "服务评价")
        case .conflict: Label(en: "conflict", zh: "数据冲突")
        case .complaint: Label(en: "complaint", zh: "投诉")
        case .complaintEvent: Label(en: "complaint event", zh: "投诉处理记录")
        case .alert: Label(en: "alert", zh: "预警")
        case .alertEvent: Label(en: "alert event", zh: "预警处置记录")
        case .vitalsSummary: Label(en: "daily vitals summary", zh: "健康数据日汇总")
        }
    }

    public var mergeClass: MergeClass {
        switch self {
        case .organisation, .staff: .registry
        case .elder, .device: .profile
        case .order, .orderEvent, .evaluation, .complaint, .complaintEvent, .alert, .alertEvent: .fact
        case .vitalsSummary: .summary
        case .conflict: .conflict
        }
    }

    /// Urgent changes (alerts, orders and their events) are sent before bulk data when a node
    /// catches up after being offline.
    public var lane: Lane {
        switch self {
        case .order, .orderEvent, .alert, .alertEvent: .urgent
        default: .bulk
        }
    }
}

/// The two queues of the change log.
public enum Lane: Int, Codable, Sendable, CaseIterable {
    case urgent = 0
    case bulk = 1
}
