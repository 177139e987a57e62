import Foundation

extension Course {
    /// What `POST /api/v1/courses` and `PUT /api/v1/courses/{id}` carry.
    public struct Draft: Codable, Sendable, Equatable {
        public var title: String?
        public var summary: String?
        public var studyMinutes: Int?
        public var materials: [MaterialDraft]?
        public var retired: Bool?
        public init() {}
    }

    public struct MaterialDraft: Codable, Sendable, Equatable {
        public var sha256: String?
        public var kind: String?
        public var name: String?
        public init() {}
        public init(sha256: String?, kind: String?, name: String?) {
            self.sha256 = sha256
            self.kind = kind
            self.name = name
        }
    }

    /// A course authored at `home`, which must be a county or a street (a community follows
    /// the courses it is sent; it schedules sessions of them). `blobKind` tells what the blob
    /// a material names was stored as here, nil when this node holds no such blob.
    public init(
        validating draft: Draft, id: UUID = UUID(), home: DivisionCode, authoredBy: String, blobKind: (String) -> BlobKind?
    ) throws(ValidationFailure) {
        var v = Validator()
        if home.role == .community {
            v.fail("home", en: "a course is authored at the county or a street, not at a community (\(home))", zh: "培训课程由县（区）或街道编写，社区不能编写")
        }
        let title = v.text(draft.title, "title", max: Self.titleMax)
        let summary = v.text(draft.summary, "summary", max: Self.summaryMax, optional: true, multiline: true) ?? ""
        let minutes = v.range(draft.studyMinutes, "studyMinutes", Self.studyMinutesRange)
        var materials: [CourseMaterial] = []
        let given = draft.materials ?? []
        if given.count > Self.materialsMax {
            v.fail("materials", en: "a course has at most \(Self.materialsMax) materials", zh: "每门课程最多\(Self.materialsMax)份资料")
        }
        for (index, m) in given.prefix(Self.materialsMax).enumerated() {
            let field = "materials[\(index)]"
            let hash = BlobHash.validate(m.sha256, "\(field).sha256", &v)
            let kind = v.code(m.kind, "\(field).kind", as: MaterialKind.self)
            let name = v.text(m.name, "\(field).name", max: 100)
            if let hash, let kind {
                switch blobKind(hash) {
                case nil:
                    v.fail("\(field).sha256", en: "no blob \(hash) has been uploaded here: upload the file first", zh: "尚未上传该文件，请先上传")
                case let stored? where stored != kind.blobKind:
                    v.fail("\(field).kind", en: "blob \(hash) is a \(stored.rawValue), not a \(kind.rawValue)", zh: "文件类型与资料类型不符")
                default:
                    break
                }
            }
            if let hash, let kind, let name {
                if materials.contains(where: { $0.sha256 == hash }) {
                    v.fail("\(field).sha256", en: "blob \(hash) is listed twice", zh: "同一文件重复列出")
                } else {
                    materials.append(CourseMaterial(sha256: hash, kind: kind, name: name))
                }
            }
        }
        try v.check()
        self.init(
            id: id, home: home, title: title!, summary: summary, studyMinutes: minutes!, materials: materials,
            retired: draft.retired ?? false, authoredBy: authoredBy)
    }
}

extension Course: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        if home.role == .community { v.fail("home", en: "a course is homed at a county or a street", zh: "培训课程应属于县（区）或街道") }
        v.checkText(title, "title", max: Self.titleMax)
        if !summary.isEmpty { v.checkText(summary, "summary", max: Self.summaryMax, multiline: true) }
        _ = v.range(studyMinutes, "studyMinutes", Self.studyMinutesRange)
        if materials.count > Self.materialsMax { v.fail("materials", en: "at most \(Self.materialsMax) materials", zh: "资料过多") }
        for (index, m) in materials.enumerated() {
            if !BlobHash.isValid(m.sha256) {
                v.fail("materials[\(index)].sha256", en: "not a SHA-256", zh: "不是有效的SHA-256")
            }
            v.checkText(m.name, "materials[\(index)].name", max: 100)
        }
        if Set(materials.map(\.sha256)).count != materials.count { v.fail("materials", en: "a blob is listed twice", zh: "同一文件重复列出") }
        v.checkActor(authoredBy, "authoredBy")
        return v.errors
    }
}

extension TrainingSession {
    /// What `POST /api/v1/training-sessions` carries.
    public struct Draft: Codable, Sendable, Equatable {
        public var courseId: String?
        public var startsAtMillis: Int64?
        public var place: String?
        public var capacity: Int?
        public var trainer: String?
        public var cancelled: Bool?
        public init() {}
    }

    /// A session of `course` (as held here, nil when this node holds none) scheduled at `home`.
    public init(validating draft: Draft, id: UUID = UUID(), home: DivisionCode, course: Course?) throws(ValidationFailure) {
        var v = Validator()
        let courseId = v.uuid(draft.courseId, "courseId")
        if let courseId {
            if course == nil {
                v.fail("courseId", en: "no course with id \(courseId) at this node", zh: "本节点没有该培训课程")
            } else if course!.retired {
                v.fail("courseId", en: "course \(courseId) is retired: no new sessions", zh: "该课程已停用，不能再安排培训班")
            }
        }
        let starts = v.millis(draft.startsAtMillis, "startsAtMillis")
        let place = v.text(draft.place, "place", max: Self.placeMax)
        let capacity = v.range(draft.capacity, "capacity", Self.capacityRange)
        let trainer = v.text(draft.trainer, "trainer", max: Self.trainerMax)
        try v.check()
        self.init(
            id: id, home: home, courseId: courseId!, startsAtMillis: starts!, place: place!, capacity: capacity!, trainer: trainer!,
            cancelled: draft.cancelled ?? false)
    }
}

extension TrainingSession: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        v.checkMillis(startsAtMillis, "startsAtMillis")
        v.checkText(place, "place", max: Self.placeMax)
        _ = v.range(capacity, "capacity", Self.capacityRange)
        v.checkText(trainer, "trainer", max: Self.trainerMax)
        return v.errors
    }
}

extension TrainingRecord {
    /// What `POST /api/v1/staff/{id}/training` carries: the kind and what that kind needs.
    public struct Draft: Codable, Sendable, Equatable {
        public var kind: String?
        public var sessionId: String?
        public var courseId: String?
        public var percent: Int?
        public var certificateNumber: String?
        public var issuedOn: String?
        public init() {}
    }

    /// The ids a draft names, checked for form only: the caller looks them up.
    public static func ids(in draft: Draft) throws(ValidationFailure) -> (session: UUID?, course: UUID?) {
        var v = Validator()
        let session = v.uuid(draft.sessionId, "sessionId", optional: true)
        let course = v.uuid(draft.courseId, "courseId", optional: true)
        try v.check()
        return (session, course)
    }

    /// A record for `staffId` made at `home`. `session` and `course` are what the draft names,
    /// as held here; `roll` is the session's roll as this node knows it (registrations and
    /// attendance), used to refuse a registration past the places or twice, and attendance
    /// by someone not registered.
    public init(
        validating draft: Draft, id: UUID = UUID(), staffId: UUID, home: DivisionCode, session: TrainingSession?, course: Course?,
        roll: SessionRoll?, recordedBy: String, nowMillis: Int64
    ) throws(ValidationFailure) {
        var v = Validator()
        let kind = v.code(draft.kind, "kind", as: TrainingRecordKind.self)
        var percent: Int?
        var number: String?
        var issuedOn: String?
        switch kind {
        case .registration?, .attendance?:
            if draft.sessionId == nil {
                v.fail("sessionId", en: "sessionId is required for a \(kind!.rawValue)", zh: "请指定培训班")
            } else if session == nil {
                v.fail("sessionId", en: "no training session with id \(draft.sessionId!) at this node", zh: "本节点没有该培训班")
            } else if session!.cancelled {
                v.fail("sessionId", en: "the session is cancelled", zh: "该培训班已取消")
            } else if let roll {
                if kind == .registration {
                    if roll.registered.contains(staffId) {
                        v.fail("staffId", en: "this staff member is already registered for the session", zh: "该人员已报名此培训班")
                    } else if roll.registered.count >= session!.capacity {
                        v.fail("sessionId", en: "the session is full: \(session!.capacity) places, all taken", zh: "该培训班名额已满（共\(session!.capacity)个）")
                    }
                } else if !roll.registered.contains(staffId) {
                    v.fail("staffId", en: "this staff member has not registered for the session", zh: "该人员未报名此培训班，不能签到")
                } else if roll.attended.contains(staffId) {
                    v.fail("staffId", en: "attendance is already recorded", zh: "已记录签到")
                }
            }
            if draft.courseId != nil || draft.percent != nil || draft.certificateNumber != nil || draft.issuedOn != nil {
                v.fail("kind", en: "a \(kind!.rawValue) names a session only", zh: "报名和签到只需指定培训班")
            }
        case .progress?, .certificate?:
            if draft.courseId == nil {
                v.fail("courseId", en: "courseId is required for \(kind!.rawValue)", zh: "请指定课程")
            } else if course == nil {
                v.fail("courseId", en: "no course with id \(draft.courseId!) at this node", zh: "本节点没有该培训课程")
            }
            if draft.sessionId != nil { v.fail("sessionId", en: "\(kind!.rawValue) names a course, not a session", zh: "学习进度和证书只需指定课程") }
            if kind == .progress {
                percent = v.range(draft.percent, "percent", 0...100)
                if draft.certificateNumber != nil || draft.issuedOn != nil {
                    v.fail("certificateNumber", en: "study progress carries no certificate", zh: "学习进度不含证书信息")
                }
            } else {
                number = v.text(draft.certificateNumber, "certificateNumber", max: Self.certificateNumberMax)
                issuedOn = Self.checkDate(draft.issuedOn, "issuedOn", &v)
                if draft.percent != nil { v.fail("percent", en: "a certificate carries no percent", zh: "证书不含学习进度") }
            }
        case nil:
            break
        }
        try v.check()
        let onRoll = kind == .registration || kind == .attendance
        self.init(
            id: id, home: home, staffId: staffId, kind: kind!, sessionId: onRoll ? session?.id : nil, courseId: onRoll ? nil : course?.id,
            percent: percent,
            certificateNumber: number, issuedOn: issuedOn, recordedBy: recordedBy, recordedAtMillis: nowMillis)
    }

    /// A calendar date written YYYY-MM-DD that exists.
    static func checkDate(_ text: String?, _ field: String, _ v: inout Validator) -> String? {
        guard let text = v.required(text, field) else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let valid = text.utf8.count == 10 && parts.count == 3 && parts.map(\.count) == [4, 2, 2]
            && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        if valid, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let days = calendar.range(of: .day, in: .month, for: calendar.date(from: DateComponents(year: year, month: month))!)!
            if days.contains(day) { return text }
        }
        v.fail(field, en: "\(field) '\(text)' is not a date YYYY-MM-DD", zh: "\(field)“\(text)”不是有效日期（YYYY-MM-DD）")
        return nil
    }
}

extension TrainingRecord: ValidatedRecord {
    public var validationErrors: [FieldError] {
        var v = Validator()
        switch kind {
        case .registration, .attendance:
            if sessionId == nil || courseId != nil || percent != nil || certificateNumber != nil || issuedOn != nil {
                v.fail("sessionId", en: "a \(kind.rawValue) names a session and nothing else", zh: "报名和签到只需指定培训班")
            }
        case .progress:
            if courseId == nil || sessionId != nil || certificateNumber != nil || issuedOn != nil {
                v.fail("courseId", en: "progress names a course and a percent only", zh: "学习进度只需指定课程和百分比")
            }
            _ = v.range(percent, "percent", 0...100)
        case .certificate:
            if courseId == nil || sessionId != nil || percent != nil {
                v.fail("courseId", en: "a certificate names a course", zh: "证书须指定课程")
            }
            v.checkText(certificateNumber, "certificateNumber", max: Self.certificateNumberMax)
            _ = Self.checkDate(issuedOn, "issuedOn", &v)
        }
        v.checkActor(recordedBy, "recordedBy")
        v.checkMillis(recordedAtMillis, "recordedAtMillis")
        return v.errors
    }
}

/// Who registered for a session and who attended, folded from its records: every record
/// counts, whichever node made it, so registrations made apart past the places all stand and
/// show as `overCapacity`.
public struct SessionRoll: Hashable, Sendable {
    public var registered: Set<UUID> = []
    public var attended: Set<UUID> = []

    public init() {}

    public static func fold(_ records: some Sequence<TrainingRecord>) -> SessionRoll {
        var roll = SessionRoll()
        for r in records {
            switch r.kind {
            case .registration: roll.registered.insert(r.staffId)
            case .attendance: roll.attended.insert(r.staffId)
            case .progress, .certificate: break
            }
        }
        return roll
    }

    /// More registered than the session has places: registrations made apart that met.
    public func overCapacity(_ session: TrainingSession) -> Bool { registered.count > session.capacity }
}

/// A staff member's training, folded from their records: each course's progress (the highest
/// recorded; a certificate counts as 100), the sessions they registered for and attended, and
/// their certificates in the order issued.
public struct StaffTraining: Hashable, Sendable {
    public var progress: [UUID: Int] = [:]
    public var registered: Set<UUID> = []
    public var attended: Set<UUID> = []
    public var certificates: [TrainingRecord] = []

    public init() {}

    public static func fold(_ records: some Sequence<TrainingRecord>) -> StaffTraining {
        var t = StaffTraining()
        for r in records {
            switch r.kind {
            case .registration: if let s = r.sessionId { t.registered.insert(s) }
            case .attendance: if let s = r.sessionId { t.attended.insert(s) }
            case .progress:
                if let c = r.courseId, let p = r.percent { t.progress[c] = max(t.progress[c] ?? 0, p) }
            case .certificate:
                if let c = r.courseId { t.progress[c] = 100 }
                t.certificates.append(r)
            }
        }
        t.certificates.sort { ($0.issuedOn ?? "", $0.id.canonicalString) < ($1.issuedOn ?? "", $1.id.canonicalString) }
        return t
    }
}
