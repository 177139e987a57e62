import Foundation

extension Evaluation: ValidatedRecord {
    /// The longest comment, in characters.
    public static let commentMax = 1000
    /// Every score, overall and per dimension, is 1 to 5 stars.
    public static let scoreRange = 1...5

    /// The score rules, shared by the draft path and the record check: stars required, the
    /// dimensions optional, all within `scoreRange`.
    static func checkScores(stars: Int?, attitude: Int?, quality: Int?, punctuality: Int?, _ v: inout Validator)
        -> (stars: Int?, attitude: Int?, quality: Int?, punctuality: Int?)
    {
        (
            v.range(stars, "stars", scoreRange),
            v.range(attitude, "attitude", scoreRange, optional: true),
            v.range(quality, "quality", scoreRange, optional: true),
            v.range(punctuality, "punctuality", scoreRange, optional: true)
        )
    }

    /// The operator API's rules for an evaluation, applied to a finished record.
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        _ = Self.checkScores(stars: stars, attitude: attitude, quality: quality, punctuality: punctuality, &v)
        v.checkText(comment, "comment", max: Self.commentMax, optional: true, multiline: true)
        v.checkText(evaluatorName, "evaluatorName", max: Operator.nameMaxLength, optional: true)
        v.checkMillis(createdAtMillis, "createdAtMillis")
        return v.errors
    }
}
