import Foundation

extension Elder: ValidatedRecord {
    /// The operator API's rules for an elder (a 12-digit community home, 1–3 contacts, text
    /// lengths, the birth date of the citizen ID…), applied to a finished record from sync or
    /// an import. Text is stored exactly, so a valid elder's draft validates back to itself.
    public var validationErrors: [FieldError] {
        var v = Validator()
        v.throughDraft(self, draft: \.draft) { draft throws(ValidationFailure) in try Elder(validating: draft, id: id) }
        return v.errors
    }
}
