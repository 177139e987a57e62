import Foundation

extension Device: ValidatedRecord {
    /// The operator API's rules for a device (community home, serial characters and length).
    public var validationErrors: [FieldError] {
        var v = Validator()
        v.throughDraft(self, draft: \.draft) { draft throws(ValidationFailure) in try Device(validating: draft, id: id) }
        return v.errors
    }
}
