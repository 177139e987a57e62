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
        v.checkText(subject, "subject", max: Self.textMaxLength)
        v.checkText(detail, "detail", max: Self.detailMaxLength, optional: true, multiline: true)
        v.checkText(reason, "reason", max: Self.textMaxLength, optional: true)
        v.checkText(source, "source", max: Self.textMaxLength, optional: true)
        return v.errors
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
