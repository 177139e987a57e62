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
