import Foundation

/// The keys under which a step's typed evidence is kept in `OrderEvent.details`. They are the
/// replicated form, so they never change meaning; new evidence gets new keys.
public enum StepDetail {
    public static let latitude = "latitude"
    public static let longitude = "longitude"
    public static let locationVerified = "locationVerified"
    public static let distanceMeters = "distanceMeters"
    public static let locationNote = "locationNote"
    public static let faceDeviceId = "faceDeviceId"
    public static let faceScore = "faceScore"
    public static let facePassed = "facePassed"
    public static let items = "items"
    public static let durationMinutes = "durationMinutes"
    public static let photosBefore = "photosBefore"
    public static let photosAfter = "photosAfter"
    public static let stars = "stars"
    public static let attitude = "attitude"
    public static let quality = "quality"
    public static let punctuality = "punctuality"
    public static let comment = "comment"
    public static let rater = "rater"
    public static let voice = "voice"
    public static let satisfaction = "satisfaction"
    public static let visitNotes = "visitNotes"

    public static let reserved: Set<String> = [
        latitude, longitude, locationVerified, distanceMeters, locationNote, faceDeviceId, faceScore, facePassed,
        items, durationMinutes, photosBefore, photosAfter, stars, attitude, quality, punctuality, comment, rater,
        voice, satisfaction, visitNotes,
    ]

    /// Multi-valued entries (items, photo hashes) are joined with a newline.
    public static let separator = "\n"

    /// Blob hashes an event's details refer to, with the kind of content each must be and the
    /// request field that named it.
    public static func blobReferences(_ details: [String: String]) -> [(sha256: String, kind: BlobKind, field: String)] {
        var refs: [(String, BlobKind, String)] = []
        for key in [photosBefore, photosAfter] {
            for hash in (details[key] ?? "").split(separator: "\n") { refs.append((String(hash), .image, "photos")) }
        }
        if let voice = details[voice] { refs.append((voice, .audio, "rating.voice")) }
        return refs
    }
}

/// Checks a step's typed evidence against its kind and turns it into detail entries.
enum StepEvidence {
    static func notes(_ details: [String: String]?, _ v: inout Validator) -> [String: String] {
        let details = details ?? [:]
        for key in details.keys.sorted() where StepDetail.reserved.contains(key) {
            v.fail("details.\(key)", en: "details.\(key) is set from the step's typed fields, not by hand", zh: "details.\(key) 由系统根据步骤字段填写")
        }
        checkNotes(details.filter { !StepDetail.reserved.contains($0.key) }, &v)
        return details
    }

    /// The free notes of a step, whether sent by an operator or arriving on a finished event:
    /// at most 20 entries, keys of at most 40 characters on one line, values of at most 500.
    static func checkNotes(_ notes: [String: String], _ v: inout Validator) {
        if notes.count > 20 {
            v.fail("details", en: "details holds at most 20 entries", zh: "附加信息最多20项")
        }
        for key in notes.keys.sorted() {
            guard v.text(key, "details", max: 40) != nil else { continue }
            _ = v.text(notes[key], "details.\(key)", max: 500, multiline: true)
        }
    }

    static func validate(_ draft: OrderEvent.Draft, kind: OrderEventKind, site: VisitSite, _ v: inout Validator) -> [String: String] {
        var out: [String: String] = [:]
        let onSite: Set<OrderEventKind> = [.checkIn, .complete]
        refuse(draft.location, "location", unless: onSite.contains(kind), kind, &v)
        refuse(draft.faceCheck, "faceCheck", unless: onSite.contains(kind), kind, &v)
        refuse(draft.items, "items", unless: kind == .complete, kind, &v)
        refuse(draft.durationMinutes, "durationMinutes", unless: kind == .complete, kind, &v)
        refuse(draft.photos, "photos", unless: kind == .complete, kind, &v)
        refuse(draft.returnVisit, "returnVisit", unless: kind == .returnVisit, kind, &v)
        refuse(draft.rating, "rating", unless: kind == .rate, kind, &v)

        if onSite.contains(kind) {
            location(draft.location, site, &v, into: &out)
            face(draft.faceCheck, &v, into: &out)
        }
        if kind == .complete {
            let items = draft.items ?? []
            if items.count > StepDetail.itemCount {
                v.fail("items", en: "items lists at most \(StepDetail.itemCount) service items", zh: "服务项目最多\(StepDetail.itemCount)项")
            }
            let checked = items.enumerated().compactMap { v.text($0.element, "items[\($0.offset)]", max: StepDetail.itemMax) }
            if checked.count == items.count && !items.isEmpty && items.count <= StepDetail.itemCount {
                out[StepDetail.items] = items.joined(separator: StepDetail.separator)
            }
            if let minutes = v.range(draft.durationMinutes, "durationMinutes", StepDetail.integerRanges[StepDetail.durationMinutes]!, optional: true) {
                out[StepDetail.durationMinutes] = String(minutes)
            }
            photos(draft.photos, &v, into: &out)
        }
        if kind == .rate { rating(draft.rating, &v, into: &out) }
        if kind == .returnVisit {
            guard let visit = draft.returnVisit else {
                v.fail("returnVisit", en: "a return visit records the elder's satisfaction (returnVisit.satisfaction 1–5)", zh: "回访须记录满意度（1–5）")
                return out
            }
            if let score = v.range(visit.satisfaction, "returnVisit.satisfaction", StepDetail.integerRanges[StepDetail.satisfaction]!) { out[StepDetail.satisfaction] = String(score) }
            if let notes = v.text(visit.notes, "returnVisit.notes", max: StepDetail.textLimits[StepDetail.visitNotes]!.max, optional: true, multiline: true) { out[StepDetail.visitNotes] = notes }
        }
        return out
    }

    private static func refuse(_ value: (some Any)?, _ field: String, unless allowed: Bool, _ kind: OrderEventKind, _ v: inout Validator) {
        if value != nil && !allowed {
            v.fail(field, en: "\(field) does not belong to a \(kind.rawValue) step", zh: "\(field) 不适用于\(kind.label.zh)步骤")
        }
    }

    private static func location(_ draft: OrderEvent.LocationDraft?, _ site: VisitSite, _ v: inout Validator, into out: inout [String: String]) {
        let reported = v.coordinates(latitude: draft?.latitude, longitude: draft?.longitude, "location")
        // The worker's note leaves room in the stored entry for the node's own explanation.
        let note = v.text(draft?.note, "location.note", max: 200, optional: true, multiline: true)
        let check = site.verify(reported, note: note)
        if let reported {
            out[StepDetail.latitude] = String(reported.latitude)
            out[StepDetail.longitude] = String(reported.longitude)
        }
        out[StepDetail.locationVerified] = check.verified ? "true" : "false"
        if let distance = check.distance { out[StepDetail.distanceMeters] = String(Int(distance.rounded())) }
        if let reason = check.reason { out[StepDetail.locationNote] = reason }
    }

    private static func face(_ draft: OrderEvent.FaceCheckDraft?, _ v: inout Validator, into out: inout [String: String]) {
        guard let draft else { return }
        let device = v.text(draft.deviceId, "faceCheck.deviceId", max: StepDetail.textLimits[StepDetail.faceDeviceId]!.max)
        let passed = v.required(draft.passed, "faceCheck.passed")
        if let score = draft.score, !(0...1).contains(score) {
            v.fail("faceCheck.score", en: "faceCheck.score is a match score between 0 and 1", zh: "人脸比对分数应在0到1之间")
        }
        guard let device, let passed else { return }
        out[StepDetail.faceDeviceId] = device
        out[StepDetail.facePassed] = passed ? "true" : "false"
        if let score = draft.score, (0...1).contains(score) { out[StepDetail.faceScore] = String(score) }
    }

    private static func photos(_ photos: [OrderEvent.PhotoDraft]?, _ v: inout Validator, into out: inout [String: String]) {
        guard let photos else { return }
        if photos.count > 10 { v.fail("photos", en: "at most 10 photos per step", zh: "每个步骤最多10张照片") }
        var before: [String] = [], after: [String] = []
        for (index, photo) in photos.enumerated() {
            let hash = BlobHash.validate(photo.sha256, "photos[\(index)].sha256", &v)
            switch photo.stage {
            case "before": if let hash { before.append(hash) }
            case "after": if let hash { after.append(hash) }
            default: v.fail("photos[\(index)].stage", en: "photos[\(index)].stage must be 'before' or 'after'", zh: "照片阶段应为 before 或 after")
            }
        }
        if !before.isEmpty { out[StepDetail.photosBefore] = before.joined(separator: StepDetail.separator) }
        if !after.isEmpty { out[StepDetail.photosAfter] = after.joined(separator: StepDetail.separator) }
    }

    private static func rating(_ draft: OrderEvent.RatingDraft?, _ v: inout Validator, into out: inout [String: String]) {
        guard let draft else {
            v.fail("rating", en: "a rate step carries rating.stars (1–5)", zh: "评价须包含星级（1–5）")
            return
        }
        if let stars = v.range(draft.stars, "rating.stars", Evaluation.scoreRange) { out[StepDetail.stars] = String(stars) }
        for (value, key) in [(draft.attitude, StepDetail.attitude), (draft.quality, StepDetail.quality), (draft.punctuality, StepDetail.punctuality)] {
            if let score = v.range(value, "rating.\(key)", Evaluation.scoreRange, optional: true) { out[key] = String(score) }
        }
        if let comment = v.text(draft.comment, "rating.comment", max: Evaluation.commentMax, optional: true, multiline: true) { out[StepDetail.comment] = comment }
        if let rater = v.code(draft.rater ?? EvaluatorKind.elder.rawValue, "rating.rater", as: EvaluatorKind.self) { out[StepDetail.rater] = rater.rawValue }
        if draft.voice != nil, let hash = BlobHash.validate(draft.voice, "rating.voice", &v) { out[StepDetail.voice] = hash }
    }
}
