import CareModel

/// SQL forms of CareModel's sets of codes, so a rule written once in the model (which
/// statuses are open, which are overdue) is the same rule in a query.
enum SQLList {
    /// `('a', 'b')`, sorted so the statement text (and its cached plan) is stable. Codes are
    /// the model's own identifiers, never request text.
    static func codes<C: CodeTable>(_ values: some Sequence<C>) -> String {
        "(" + values.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ") + ")"
    }
}
