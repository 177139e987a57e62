import Foundation

extension ServiceOrder: ValidatedRecord {
    /// The operator API's rules for an order (its draft's fields, through the same check), plus
    /// what the node fills in: a community home, where and by whom it was taken, and when.
    public var validationErrors: [FieldError] {
        var v = Validator()
        var draft = Draft()
        draft.id = id.uuidString
        draft.elderId = elderId.uuidString
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

extension Complaint: ValidatedRecord {
    /// The operator API's rules for a complaint (its draft's fields, through the same check),
    /// plus a community home and who took it when.
    public var validationErrors: [FieldError] {
        var v = Validator()
        var draft = Draft()
        draft.id = id.uuidString
        draft.orderId = orderId?.uuidString
        draft.organisationId = organisationId?.uuidString
        draft.home = home.rawValue
        draft.complainant = complainant
        draft.channel = channel.rawValue
        draft.description = description
        _ = v.collect { () throws(ValidationFailure) in try Self.validate(draft) }
        // With an order the draft check leaves the home to the order; a record always has one.
        if orderId != nil { _ = v.division(home.rawValue, "home", role: .community) }
        v.checkText(takenBy, "takenBy", max: Operator.actorMaxLength)
        v.checkMillis(receivedAtMillis, "receivedAtMillis")
        return v.errors
    }
}

extension ComplaintEvent: ValidatedRecord {
    /// The longest handling note, in characters.
    public static let noteMax = 2000

    /// The operator API's rules for a handling step: a note, a community home and an actor.
    public var validationErrors: [FieldError] {
        var v = Validator()
        v.checkText(note, "note", max: Self.noteMax, multiline: true)
        _ = v.division(home.rawValue, "home", role: .community)
        v.checkActor(actor)
        return v.errors
    }
}

extension Validator {
    /// A wall-clock time in milliseconds; the node sets it, so only a negative one is refused
    /// (a corrupt or hostile value, not a time any node wrote).
    public mutating func checkMillis(_ millis: Int64, _ field: String) {
        if millis < 0 {
            fail(field, en: "\(field) \(millis) is not a time: it must not be negative", zh: "\(field) 时间戳不能为负数")
        }
    }
}
