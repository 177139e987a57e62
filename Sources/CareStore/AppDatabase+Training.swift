import CareModel
import Foundation
import GRDB

/// A session with its roll as this node knows it.
public struct SessionWithRoll: Sendable {
    public var session: Stored<TrainingSession>
    public var roll: SessionRoll

    public init(session: Stored<TrainingSession>, roll: SessionRoll) {
        self.session = session
        self.roll = roll
    }
}

/// Training (服务培训): courses, sessions and each worker's records.
extension AppDatabase {
    public func courses(includeRetired: Bool) throws -> [Stored<Course>] {
        try read { db in
            let sql = "SELECT * FROM course WHERE deleted = 0" + (includeRetired ? "" : " AND retired = 0") + " ORDER BY title, id"
            return try Row.fetchAll(db, sql: sql).map(CourseTable.decode)
        }
    }

    public func course(id: UUID) throws -> Stored<Course>? {
        try read { db in try CourseTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// A new course, or an edit of one (`ifMatch` its current ETag, nil to skip the check).
    public func saveCourse(_ course: Course, new: Bool, ifMatch: String?, actor: String) throws -> Stored<Course> {
        try writeProfile(CourseTable.self, course, expect: new ? .absent : .present(ifMatch: ifMatch), actor: actor)
    }

    public func sessions(courseId: UUID?) throws -> [SessionWithRoll] {
        try read { db in
            var sql = "SELECT * FROM training_session WHERE deleted = 0"
            var arguments: [any DatabaseValueConvertible] = []
            if let courseId {
                sql += " AND course_id = ?"
                arguments.append(courseId.canonicalString)
            }
            let sessions = try Row.fetchAll(db, sql: sql + " ORDER BY starts_at_millis, id", arguments: StatementArguments(arguments)!)
                .map(TrainingSessionTable.decode)
            return try sessions.map { SessionWithRoll(session: $0, roll: try Self.roll($0.model.id, db)) }
        }
    }

    public func session(id: UUID) throws -> SessionWithRoll? {
        try read { db in
            guard let stored = try TrainingSessionTable.fetch(id, db), !stored.meta.deleted else { return nil }
            return SessionWithRoll(session: stored, roll: try Self.roll(id, db))
        }
    }

    public func saveSession(_ session: TrainingSession, new: Bool, ifMatch: String?, actor: String) throws -> Stored<TrainingSession> {
        try writeProfile(TrainingSessionTable.self, session, expect: new ? .absent : .present(ifMatch: ifMatch), actor: actor)
    }

    /// Every record of the session held here, whichever node made it.
    public func sessionRecords(_ sessionId: UUID) throws -> [TrainingRecord] {
        try read { db in try Self.records(sql: "session_id = ?", sessionId, db) }
    }

    public func trainingRecords(staffId: UUID) throws -> [TrainingRecord] {
        try read { db in try Self.records(sql: "staff_id = ?", staffId, db) }
    }

    /// Records a training fact. `make` builds it from the session's roll as it stands inside
    /// the write transaction, so two registrations here for the last place cannot both pass:
    /// the second sees the first and is refused. Registrations made at other nodes while this
    /// one was apart from them are not known yet; they stand when they arrive (see
    /// `TrainingRecord`).
    public func recordTraining(
        sessionId: UUID?, actor: String, _ make: (SessionRoll?) throws(ValidationFailure) -> TrainingRecord
    ) throws -> Stored<TrainingRecord> {
        try write { db in
            let roll = try sessionId.map { try Self.roll($0, db) }
            let record: TrainingRecord
            do {
                record = try make(roll)
            } catch let failure as ValidationFailure {
                throw StoreError.invalid(failure)
            }
            try record.validate()
            return try insertFact(TrainingRecordTable.self, record, actor: actor, db)
        }
    }

    static func roll(_ sessionId: UUID, _ db: Database) throws -> SessionRoll {
        SessionRoll.fold(try records(sql: "session_id = ?", sessionId, db))
    }

    private static func records(sql condition: String, _ id: UUID, _ db: Database) throws -> [TrainingRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM training_record WHERE \(condition) ORDER BY recorded_at_millis, id", arguments: [id.canonicalString])
            .map { try TrainingRecordTable.decode($0).model }
    }
}
