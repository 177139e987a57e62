import Foundation

extension Alert: ValidatedRecord {
    /// The rules for an alert raised at a community, applied to a finished record from sync:
    /// its home, device serial and texts are held to the same rules as the records they come from.
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        Device.checkSerial(deviceSerial, "deviceSerial", &v)
        v.checkText(condition, "condition", max: 100)
        v.checkText(measure, "measure", max: 50)
        if let value, !value.isFinite { v.fail("value", en: "value must be a finite number", zh: "value 应为有限数值") }
        v.checkText(message, "message", max: 500)
        v.checkText(messageZh, "messageZh", max: 500)
        v.checkText(place, "place", max: Address.textMax)
        v.checkMillis(raisedAtMillis, "raisedAtMillis")
        return v.errors
    }
}

extension AlertEvent {
    /// An operator's step on an alert as it arrives from the API.
    public struct Draft: Codable, Sendable, Equatable {
        public var step: String?
        public var note: String?
        public var action: String?
        public var orderId: String?
        public init() {}
    }

    /// The longest handling note, in characters.
    public static let noteMax = 1000

    /// Validates an operator's step on `alert`; only `AlertStep.operatorSteps` may be sent.
    public init(validating draft: Draft, alert: Alert, actor: String) throws(ValidationFailure) {
        var v = Validator()
        let step = v.code(draft.step, "step", as: AlertStep.self)
        if let step, !AlertStep.operatorSteps.contains(step) {
            v.fail("step", en: "step must be one of \(AlertStep.operatorSteps.map(\.rawValue).joined(separator: ", "))", zh: "处置步骤无效")
        }
        let action = v.code(draft.action, "action", as: AlertAction.self, optional: true)
        if let step { Self.checkStep(step, action: action, &v) }
        let note = v.text(draft.note, "note", max: Self.noteMax, optional: true, multiline: true)
        let orderId = v.uuid(draft.orderId, "orderId", optional: true)
        try v.check()
        self.init(alertId: alert.id, home: alert.home, step: step!, actor: actor, note: note, action: action, orderId: orderId)
    }

    /// What a step must carry, on the draft path and on a finished event alike.
    static func checkStep(_ step: AlertStep, action: AlertAction?, _ v: inout Validator) {
        if step == .handle && action == nil {
            v.fail("action", en: "handling names the action taken (\(AlertAction.codeList))", zh: "处置须说明处置方式")
        }
    }
}

extension AlertEvent: ValidatedRecord {
    /// The rules for an alert step, applied to a finished event from sync.
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        v.checkActor(actor)
        Self.checkStep(step, action: action, &v)
        v.checkText(note, "note", max: Self.noteMax, optional: true, multiline: true)
        if let atMillis { v.checkMillis(atMillis, "atMillis") }
        return v.errors
    }
}

extension VitalsSummary: ValidatedRecord {
    /// A day's summary as the community computes it: keyed by elder, measure and day, with at
    /// least one reading, finite figures in order, and no more abnormal readings than readings.
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        if !CalendarDate.isValid(day) { v.fail("day", en: "day '\(day)' must be a date YYYY-MM-DD", zh: "日期格式应为YYYY-MM-DD") }
        if id != Self.id(elderId: elderId, measure: measure, day: day) {
            v.fail("id", en: "id is not the summary id of this elder, measure and day", zh: "汇总记录编号与老人、指标、日期不符")
        }
        if count < 1 { v.fail("count", en: "count must be at least 1", zh: "读数条数至少为1") }
        if !(0...max(count, 0)).contains(abnormal) {
            v.fail("abnormal", en: "abnormal must be between 0 and count (\(count))", zh: "异常条数应在0到读数条数之间")
        }
        if ![minimum, maximum, mean].allSatisfy(\.isFinite) || !(minimum <= mean && mean <= maximum) {
            v.fail("mean", en: "minimum, mean and maximum must be finite and in that order", zh: "最小值、平均值、最大值应为有限数值且依次不减")
        }
        return v.errors
    }
}

extension Conflict: ValidatedRecord {
    /// The longest value kept on either side of a conflict: the longest field (a complaint's
    /// description) with room for its encoding.
    public static let valueMax = 10_000

    /// The rules for a conflict record from sync: its texts are held to the text rule (values
    /// may be empty, as a rejected event's winning side is), and a resolution names its author.
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home")
        v.checkText(field, "field", max: 100)
        for (value, name) in [(winnerValue, "winnerValue"), (loserValue, "loserValue")] where !value.isEmpty {
            v.checkText(value, name, max: Self.valueMax, multiline: true)
        }
        v.checkText(reason, "reason", max: 500, multiline: true)
        if let resolution {
            v.checkText(resolution.note, "resolution.note", max: Self.resolutionNoteMax, multiline: true)
            v.checkActor(resolution.by, "resolution.by")
        }
        return v.errors
    }

    /// The longest resolution note an operator writes, in characters.
    public static let resolutionNoteMax = 500
}
