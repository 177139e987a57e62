import Foundation

extension ServiceOrganisation: ValidatedRecord {
    /// The operator API's rules for an organisation (county home, at least one category,
    /// communities inside the county, no duplicates).
    public var validationErrors: [FieldError] {
        var v = Validator()
        v.throughDraft(self, draft: \.draft) { draft throws(ValidationFailure) in try ServiceOrganisation(validating: draft, id: id) }
        return v.errors
    }
}

extension Staff: ValidatedRecord {
    /// The operator API's rules for a practitioner (county home, name, phone, certificates).
    public var validationErrors: [FieldError] {
        var v = Validator()
        v.throughDraft(self, draft: \.draft) { draft throws(ValidationFailure) in try Staff(validating: draft, id: id) }
        return v.errors
    }
}
