import CareModel
import Foundation
import GRDB

/// Courses: a profile homed at the authoring county or street; the materials list is one
/// JSON column, merged whole.
enum CourseTable: RecordTable {
    static let table = "course"
    static let columns = [
        "id", "home", "title", "summary", "study_minutes", "materials", "retired", "authored_by", "version", "origin", "deleted", "stamps",
    ]

    static func values(_ c: Course, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            c.id.canonicalString, c.home.rawValue, c.title, c.summary, c.studyMinutes, JSONColumn.encode(c.materials), c.retired, c.authoredBy,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Course> {
        let course = Course(
            id: try row.uuid("id"), home: try row.division("home"), title: row["title"], summary: row["summary"],
            studyMinutes: row["study_minutes"], materials: try JSONColumn.decode([CourseMaterial].self, row["materials"], column: "materials"),
            retired: row["retired"], authoredBy: row["authored_by"])
        return Stored(model: course, meta: RecordMeta(version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }
}

/// Training sessions: a profile homed at the scheduling node.
enum TrainingSessionTable: RecordTable {
    static let table = "training_session"
    static let columns = [
        "id", "home", "course_id", "starts_at_millis", "place", "capacity", "trainer", "cancelled", "version", "origin", "deleted", "stamps",
    ]

    static func values(_ s: TrainingSession, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            s.id.canonicalString, s.home.rawValue, s.courseId.canonicalString, s.startsAtMillis, s.place, s.capacity, s.trainer, s.cancelled,
            meta.version.hlc.packed, meta.version.origin, meta.deleted, StampColumn.encode(meta.stamps),
        ]
    }

    static func decode(_ row: Row) throws -> Stored<TrainingSession> {
        let session = TrainingSession(
            id: try row.uuid("id"), home: try row.division("home"), courseId: try row.uuid("course_id"),
            startsAtMillis: row["starts_at_millis"], place: row["place"], capacity: row["capacity"], trainer: row["trainer"],
            cancelled: row["cancelled"])
        return Stored(model: session, meta: RecordMeta(version: row.version(), deleted: row["deleted"], stamps: try StampColumn.decode(row["stamps"])))
    }
}

/// Training records: facts homed where they were recorded, inserted once.
enum TrainingRecordTable: RecordTable {
    static let table = "training_record"
    static let columns = [
        "id", "home", "staff_id", "kind", "session_id", "course_id", "percent", "certificate_number", "issued_on", "recorded_by",
        "recorded_at_millis", "version", "origin",
    ]

    static func values(_ r: TrainingRecord, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            r.id.canonicalString, r.home.rawValue, r.staffId.canonicalString, r.kind.rawValue, r.sessionId?.canonicalString, r.courseId?.canonicalString,
            r.percent, r.certificateNumber, r.issuedOn, r.recordedBy, r.recordedAtMillis, meta.version.hlc.packed, meta.version.origin,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<TrainingRecord> {
        let record = TrainingRecord(
            id: try row.uuid("id"), home: try row.division("home"), staffId: try row.uuid("staff_id"),
            kind: try row.code("kind", as: TrainingRecordKind.self), sessionId: try row.optionalUUID("session_id"),
            courseId: try row.optionalUUID("course_id"), percent: row["percent"], certificateNumber: row["certificate_number"],
            issuedOn: row["issued_on"], recordedBy: row["recorded_by"], recordedAtMillis: row["recorded_at_millis"])
        return Stored(model: record, meta: RecordMeta(version: row.version()))
    }
}
