import Foundation

extension ServiceOrder: ValidatedRecord {
    /// The operator API's rules for an order (its draft's fields, through the same check), plus
    /// what the node fills in: a community home, where and by whom it was taken, and when.
    public var validationErrors: [FieldError] {
        var v = Validator()
        var draft = Draft()
        draft.id = id.canonicalString
        draft.elderId = elderId.canonicalString
        draft.category = category.rawValue
        draft.channel = channel.rawValue
        draft.wantedAt = wantedAt
        draft.notes = notes
        // The draft check reads an empty optional text as absent; a record must not hold one.
        if let checked = v.collect({ () throws(ValidationFailure) in try Self.validate(draft) }) {
            if checked.notes != notes { v.fail("notes", en: "notes must not be empty; leave it out instead", zh: "备注不能为空字符串") }
            if checked.wantedAt != wantedAt { v.fail("wantedAt", en: "wantedAt must not be empty; leave it out instead", zh: "预约时间不能为空字符串") }
        }
        _ = v.division(home.rawValue, "home", role: .community)
        v.checkText(takenBy, "takenBy", max: Operator.actorMaxLength)
        v.checkMillis(requestedAtMillis, "requestedAtMillis")
        return v.errors
    }
}
