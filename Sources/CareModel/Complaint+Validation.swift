import Foundation

extension Complaint: ValidatedRecord {
    /// The operator API's rules for a complaint (its draft's fields, through the same check),
    /// plus a community home and who took it when.
    public var validationErrors: [FieldError] {
        var v = Validator()
        var draft = Draft()
        draft.id = id.canonicalString
        draft.orderId = orderId?.canonicalString
        draft.organisationId = organisationId?.canonicalString
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
