import CareModel
import Foundation

extension WireCourse {
    init(_ c: Course) {
        self.init()
        title = c.title
        summary = c.summary
        studyMinutes = Int32(c.studyMinutes)
        materials = c.materials.map { m in
            var wire = WireCourseMaterial()
            wire.sha256 = m.sha256
            wire.kind = m.kind.rawValue
            wire.name = m.name
            return wire
        }
        retired = c.retired
        authoredBy = c.authoredBy
    }
}

extension Course: WireMapped {
    static let wireKind = WireEntityKind.course
    static func message(in record: WireChange.OneOf_Record) -> WireCourse? { if case .course(let message) = record { message } else { nil } }
    static func record(_ message: WireCourse) -> WireChange.OneOf_Record { .course(message) }
    var wireMessage: WireCourse { WireCourse(self) }

    static func decode(_ m: WireCourse, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        var materials: [CourseMaterial] = []
        for (index, wire) in m.materials.enumerated() {
            let field = "materials[\(index)]"
            guard BlobHash.isValid(wire.sha256) else { throw WireError(field: "\(field).sha256", problem: "not a lowercase hex SHA-256") }
            materials.append(CourseMaterial(
                sha256: wire.sha256, kind: try FieldCheck.code(wire.kind, "\(field).kind"), name: try FieldCheck.required(wire.name, "\(field).name")))
        }
        return Course(
            id: id, home: home, title: try FieldCheck.required(m.title, "title"), summary: m.summary,
            studyMinutes: try FieldCheck.range(m.studyMinutes, "study_minutes", Course.studyMinutesRange), materials: materials,
            retired: m.retired, authoredBy: try FieldCheck.required(m.authoredBy, "authored_by"))
    }
}

extension WireTrainingSession {
    init(_ s: TrainingSession) {
        self.init()
        courseID = s.courseId.uuidString
        startsAtMillis = s.startsAtMillis
        place = s.place
        capacity = Int32(s.capacity)
        trainer = s.trainer
        cancelled = s.cancelled
    }
}

extension TrainingSession: WireMapped {
    static let wireKind = WireEntityKind.trainingSession
    static func message(in record: WireChange.OneOf_Record) -> WireTrainingSession? {
        if case .trainingSession(let message) = record { message } else { nil }
    }
    static func record(_ message: WireTrainingSession) -> WireChange.OneOf_Record { .trainingSession(message) }
    var wireMessage: WireTrainingSession { WireTrainingSession(self) }

    static func decode(_ m: WireTrainingSession, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        TrainingSession(
            id: id, home: home, courseId: try FieldCheck.uuid(m.courseID, "course_id"), startsAtMillis: m.startsAtMillis,
            place: try FieldCheck.required(m.place, "place"),
            capacity: try FieldCheck.range(m.capacity, "capacity", TrainingSession.capacityRange),
            trainer: try FieldCheck.required(m.trainer, "trainer"), cancelled: m.cancelled)
    }
}

extension WireTrainingRecord {
    init(_ r: TrainingRecord) {
        self.init()
        staffID = r.staffId.uuidString
        kind = r.kind.rawValue
        if let session = r.sessionId { sessionID = session.uuidString }
        if let course = r.courseId { courseID = course.uuidString }
        if let percent = r.percent { self.percent = Int32(percent) }
        if let number = r.certificateNumber { certificateNumber = number }
        if let issuedOn = r.issuedOn { self.issuedOn = issuedOn }
        recordedBy = r.recordedBy
        recordedAtMillis = r.recordedAtMillis
    }
}

extension TrainingRecord: WireMapped {
    static let wireKind = WireEntityKind.trainingRecord
    static func message(in record: WireChange.OneOf_Record) -> WireTrainingRecord? {
        if case .trainingRecord(let message) = record { message } else { nil }
    }
    static func record(_ message: WireTrainingRecord) -> WireChange.OneOf_Record { .trainingRecord(message) }
    var wireMessage: WireTrainingRecord { WireTrainingRecord(self) }

    /// A record from a peer; which fields its kind carries is checked by its validation rules.
    static func decode(_ m: WireTrainingRecord, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        TrainingRecord(
            id: id, home: home, staffId: try FieldCheck.uuid(m.staffID, "staff_id"), kind: try FieldCheck.code(m.kind, "kind"),
            sessionId: try FieldCheck.uuid(m.sessionID, present: m.hasSessionID, "session_id"),
            courseId: try FieldCheck.uuid(m.courseID, present: m.hasCourseID, "course_id"),
            percent: try FieldCheck.range(m.percent, present: m.hasPercent, "percent", 0...100),
            certificateNumber: m.hasCertificateNumber ? m.certificateNumber : nil, issuedOn: m.hasIssuedOn ? m.issuedOn : nil,
            recordedBy: try FieldCheck.required(m.recordedBy, "recorded_by"), recordedAtMillis: m.recordedAtMillis)
    }
}
