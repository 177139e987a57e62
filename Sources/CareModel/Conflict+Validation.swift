import Foundation

extension Conflict: ValidatedRecord {
    /// The longest value kept on either side of a conflict: the longest field (a complaint's
    /// description) with room for its encoding.
    public static let valueMax = 10_000

    /// The rules for a conflict record from sync: its texts are held to the text rule (values
    /// may be empty, as a rejected event's winning side is), and a resolution names its author.
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home")
        v.checkText(field, "field", max: 100)
        for (value, name) in [(winnerValue, "winnerValue"), (loserValue, "loserValue")] where !value.isEmpty {
            v.checkText(value, name, max: Self.valueMax, multiline: true)
        }
        v.checkText(reason, "reason", max: 500, multiline: true)
        if let resolution {
            v.checkText(resolution.note, "resolution.note", max: Self.resolutionNoteMax, multiline: true)
            v.checkActor(resolution.by, "resolution.by")
        }
        return v.errors
    }

    /// The longest resolution note an operator writes, in characters.
    public static let resolutionNoteMax = 500
}
