import Foundation

extension Elder: ValidatedRecord {
    /// The operator API's rules for an elder (a 12-digit community home, 1–3 contacts, text
    /// lengths, the birth date of the citizen ID…), applied to a finished record from sync or
    /// an import. Text is stored exactly, so a valid elder's draft validates back to itself.
    public var validationErrors: [FieldError] {
        var v = Validator()
        // A merge is made by settling a duplicate-person conflict, never through a draft.
        var unmerged = self
        unmerged.mergedInto = nil
        v.throughDraft(unmerged, draft: \.draft) { draft throws(ValidationFailure) in try Elder(validating: draft, id: id) }
        if mergedInto == id {
            v.fail("mergedInto", en: "an elder cannot be merged into itself", zh: "老人档案不能合并到自身")
        }
        return v.errors
    }
}
