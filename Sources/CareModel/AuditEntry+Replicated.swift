import Foundation

extension AuditEntry: ValidatedRecord {
    /// The longest text an entry keeps in each field; the node writes them, a peer's are checked.
    public static let textMaxLength = 200
    public static let detailMaxLength = 2000

    public var validationErrors: [FieldError] {
        var v = Validator()
        v.checkMillis(atMillis, "atMillis")
        v.checkActor(actor)
        v.checkText(action, "action", max: Self.textMaxLength)
        v.checkText(subjectKind, "subjectKind", max: Self.textMaxLength)
        // The rest is what the node recorded as it was (a query string, a reason as typed):
        // kept whole, only bounded and free of control characters.
        Self.checkRecorded(subject, "subject", max: Self.textMaxLength, &v)
        Self.checkRecorded(detail, "detail", max: Self.detailMaxLength, &v)
        Self.checkRecorded(reason, "reason", max: Self.textMaxLength, &v)
        Self.checkRecorded(source, "source", max: Self.textMaxLength, &v)
        return v.errors
    }

    private static func checkRecorded(_ text: String?, _ field: String, max: Int, _ v: inout Validator) {
        guard let text else { return }
        if text.count > max {
            v.fail(field, en: "\(field) is longer than \(max) characters", zh: "\(field) 超过\(max)个字符")
        } else if TextRule.forbiddenScalar(in: text, multiline: true) != nil {
            v.fail(field, en: "\(field) must not contain control characters", zh: "\(field) 不能包含控制字符")
        }
    }
}

extension AuditEntry: ReplicatedRecord {
    public static let kind = EntityKind.auditEntry
    public static let label = Label(en: "audit entry", zh: "审计记录")
    public static let mergeClass = MergeClass.fact
    public static let collection = "auditEntries"
    /// The county supervises its stations' trails; a station is never sent the county's.
    public static let flowsDown = false
}
