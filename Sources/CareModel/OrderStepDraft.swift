import Foundation

extension OrderEvent {
    /// A lifecycle step as an operator sends it. The typed parts (location, face check, items,
    /// photos, rating, return visit) are checked here and stored as the event's `details`
    /// under fixed keys (`StepDetail`), which is how they replicate.
    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var kind: String?
        public var channel: String?
        public var reason: String?
        public var organisationId: String?
        public var workerId: String?
        public var supersedes: String?
        /// Check-in / check-out: where the worker's phone says they are.
        public var location: LocationDraft?
        /// Check-in: a face-recognition device's verdict on the worker (or elder).
        public var faceCheck: FaceCheckDraft?
        /// Completion: the service items done and how long it took.
        public var items: [String]?
        public var durationMinutes: Int?
        /// Completion: photos taken before and after, as uploaded blob hashes.
        public var photos: [PhotoDraft]?
        /// Rating: the elder's or family's score, optionally with a voice recording.
        public var rating: RatingDraft?
        /// Return visit by the county call center.
        public var returnVisit: ReturnVisitDraft?
        /// Free notes; keys that `StepDetail` reserves are refused.
        public var details: [String: String]?

        public init() {}
    }

    public struct LocationDraft: Codable, Sendable, Equatable {
        public var latitude: Double?
        public var longitude: Double?
        /// Why the position is missing or off (e.g. "GPS lost indoors").
        public var note: String?
        public init(latitude: Double? = nil, longitude: Double? = nil, note: String? = nil) {
            self.latitude = latitude
            self.longitude = longitude
            self.note = note
        }
    }

    public struct FaceCheckDraft: Codable, Sendable, Equatable {
        public var deviceId: String?
        public var score: Double?
        public var passed: Bool?
        public init(deviceId: String? = nil, score: Double? = nil, passed: Bool? = nil) {
            self.deviceId = deviceId
            self.score = score
            self.passed = passed
        }
    }

    public struct PhotoDraft: Codable, Sendable, Equatable {
        public var sha256: String?
        /// "before" or "after".
        public var stage: String?
        public init(sha256: String? = nil, stage: String? = nil) {
            self.sha256 = sha256
            self.stage = stage
        }
    }

    public struct RatingDraft: Codable, Sendable, Equatable {
        public var stars: Int?
        public var attitude: Int?
        public var quality: Int?
        public var punctuality: Int?
        public var comment: String?
        /// Who rated (an evaluator kind: elder, family…); elder when absent.
        public var rater: String?
        /// Blob hash of a voice rating (audio).
        public var voice: String?
        public init() {}
    }

    public struct ReturnVisitDraft: Codable, Sendable, Equatable {
        public var satisfaction: Int?
        public var notes: String?
        public init(satisfaction: Int? = nil, notes: String? = nil) {
            self.satisfaction = satisfaction
            self.notes = notes
        }
    }

    /// Validates a step for `order`; the store then checks it against the order's state.
    /// `site` says where the elder lives and how close a worker must be to count as there.
    public init(validating draft: Draft, order: ServiceOrder, actor: String, site: VisitSite = VisitSite()) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? UUID() : v.uuid(draft.id, "id")
        let kind = v.code(draft.kind, "kind", as: OrderEventKind.self)
        let channel = v.code(draft.channel, "channel", as: IntakeChannel.self, optional: true)
        let reason = v.text(draft.reason, "reason", max: OrderEvent.reasonMax, optional: true, multiline: true)
        let organisationId = v.uuid(draft.organisationId, "organisationId", optional: true)
        let workerId = v.uuid(draft.workerId, "workerId", optional: true)
        let supersedes = v.uuid(draft.supersedes, "supersedes", optional: true)
        if let kind {
            OrderEvent.checkRequirements(
                kind: kind, organisation: draft.organisationId != nil, worker: draft.workerId != nil, reason: reason != nil, &v)
        }
        var details = StepEvidence.notes(draft.details, &v)
        if let kind {
            details.merge(StepEvidence.validate(draft, kind: kind, site: site, &v)) { _, typed in typed }
        }
        try v.check()
        self.init(
            id: id!, orderId: order.id, home: order.home, kind: kind!, version: .zero, actor: actor, channel: channel,
            reason: reason, organisationId: organisationId, workerId: workerId, supersedes: supersedes, details: details)
    }
}

/// Where a home visit happens: the elder's map position and the radius within which a
/// worker's reported position counts as verified.
public struct VisitSite: Sendable, Equatable {
    public var home: Coordinates?
    public var radiusMeters: Double

    public static let defaultRadiusMeters = 200.0

    public init(home: Coordinates? = nil, radiusMeters: Double = VisitSite.defaultRadiusMeters) {
        self.home = home
        self.radiusMeters = radiusMeters
    }

    /// Whether a reported position is at the home. A failure is an exception to record, not a
    /// refusal: GPS often fails indoors.
    public func verify(_ reported: Coordinates?, note: String?) -> (verified: Bool, distance: Double?, reason: String?) {
        guard let reported else {
            return (false, nil, note ?? "no position reported")
        }
        guard let home else {
            return (false, nil, "the elder's home has no map position on record")
        }
        let distance = reported.distance(to: home)
        if distance <= radiusMeters { return (true, distance, note) }
        let metres = Int(distance.rounded())
        return (false, distance, "reported \(metres) m from the elder's home (limit \(Int(radiusMeters)) m)" + (note.map { "; \($0)" } ?? ""))
    }
}
