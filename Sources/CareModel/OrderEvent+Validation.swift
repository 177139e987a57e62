import Foundation

extension OrderEvent: ValidatedRecord {
    /// The longest reason for a cancellation, refusal or other step, in characters.
    public static let reasonMax = 500

    /// What each kind of step must name, shared by the draft path and the record check: a
    /// dispatch or referral its organisation, an acceptance its worker, a cancellation or
    /// refusal its reason.
    static func checkRequirements(kind: OrderEventKind, organisation: Bool, worker: Bool, reason: Bool, _ v: inout Validator) {
        if kind.assignsOrganisation && !organisation {
            v.fail("organisationId", en: "a \(kind.rawValue) names the organisation that will serve", zh: "派单或转介须指定服务组织")
        }
        if kind == .accept && !worker {
            v.fail("workerId", en: "an acceptance names the worker who will serve", zh: "接单须指定服务人员")
        }
        if (kind == .cancel || kind == .refuse) && !reason {
            v.fail("reason", en: "a \(kind.rawValue) needs a reason", zh: "取消或拒单须填写原因")
        }
    }

    /// The operator API's rules for a step, applied to a finished event from sync: what its
    /// kind requires, its text, and every detail entry (free notes and typed evidence alike).
    public var validationErrors: [FieldError] {
        var v = Validator()
        _ = v.division(home.rawValue, "home", role: .community)
        v.checkActor(actor)
        v.checkText(reason, "reason", max: Self.reasonMax, optional: true, multiline: true)
        Self.checkRequirements(kind: kind, organisation: organisationId != nil, worker: workerId != nil, reason: reason != nil, &v)
        StepEvidence.checkNotes(details.filter { !StepDetail.reserved.contains($0.key) }, &v)
        for key in details.keys.sorted() where StepDetail.reserved.contains(key) {
            StepDetail.check(key, details[key]!, kind: kind, &v)
        }
        return v.errors
    }
}

extension StepDetail {
    /// Free-text evidence: its limit in characters and whether it may span lines. The draft
    /// path checks the typed field with the same limits. A location note may carry the node's
    /// own explanation ("reported 523 m from…") before the worker's note, hence its room.
    public static let textLimits: [String: (max: Int, multiline: Bool)] = [
        locationNote: (400, true), faceDeviceId: (64, false), comment: (Evaluation.commentMax, true), visitNotes: (1000, true),
    ]
    /// Integer evidence and its range.
    public static let integerRanges: [String: ClosedRange<Int>] = [
        durationMinutes: 1...1440, stars: Evaluation.scoreRange, attitude: Evaluation.scoreRange, quality: Evaluation.scoreRange,
        punctuality: Evaluation.scoreRange, satisfaction: 1...5,
    ]
    /// The longest service item, and how many a step lists.
    public static let itemMax = 50
    public static let itemCount = 20

    /// The typed keys each kind of step may carry.
    public static func keys(for kind: OrderEventKind) -> Set<String> {
        switch kind {
        case .checkIn: onSiteKeys
        case .complete: onSiteKeys.union([items, durationMinutes, photosBefore, photosAfter])
        case .rate: [stars, attitude, quality, punctuality, comment, rater, voice]
        case .returnVisit: [satisfaction, visitNotes]
        default: []
        }
    }

    static let onSiteKeys: Set<String> = [latitude, longitude, locationVerified, distanceMeters, locationNote, faceDeviceId, faceScore, facePassed]

    /// One typed entry of a finished event, checked the way its typed field is on the draft path.
    static func check(_ key: String, _ value: String, kind: OrderEventKind, _ v: inout Validator) {
        let field = "details.\(key)"
        guard keys(for: kind).contains(key) else {
            v.fail(field, en: "\(field) does not belong to a \(kind.rawValue) step", zh: "\(field) 不适用于\(kind.label.zh)步骤")
            return
        }
        if let limit = textLimits[key] {
            v.checkText(value, field, max: limit.max, multiline: limit.multiline)
        } else if let range = integerRanges[key] {
            _ = v.range(Int(value) ?? Int.min, field, range)
        } else {
            switch key {
            case latitude, longitude, distanceMeters, faceScore:
                if Double(value)?.isFinite != true { v.fail(field, en: "\(field) '\(value)' is not a number", zh: "\(field) 不是有效数字") }
                if key == faceScore, let score = Double(value), !(0...1).contains(score) {
                    v.fail(field, en: "\(field) is a match score between 0 and 1", zh: "人脸比对分数应在0到1之间")
                }
            case locationVerified, facePassed:
                if value != "true" && value != "false" { v.fail(field, en: "\(field) must be 'true' or 'false'", zh: "\(field) 应为 true 或 false") }
            case items:
                let list = value.split(separator: separator, omittingEmptySubsequences: false)
                if list.count > itemCount { v.fail(field, en: "\(field) lists at most \(itemCount) service items", zh: "服务项目最多\(itemCount)项") }
                for (index, item) in list.enumerated() { v.checkText(String(item), "\(field)[\(index)]", max: itemMax) }
            case photosBefore, photosAfter:
                for (index, hash) in value.split(separator: separator, omittingEmptySubsequences: false).enumerated() {
                    _ = BlobHash.validate(String(hash), "\(field)[\(index)]", &v)
                }
            case voice: _ = BlobHash.validate(value, field, &v)
            case rater: _ = v.code(value, field, as: EvaluatorKind.self)
            default: v.fail(field, en: "\(field) has no rule", zh: "\(field) 无校验规则")
            }
        }
    }
}
