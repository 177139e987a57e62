import CareModel
import CareStore
import Foundation
import Hummingbird

/// A course as the API shows it, with its materials and their download paths.
struct CourseView: ResponseEncodable, Decodable, Sendable {
    let id: UUID
    let home: String
    let title: String
    let summary: String
    let studyMinutes: Int
    let materials: [Material]
    let retired: Bool
    let authoredBy: String
    let version: String

    struct Material: Codable, Sendable {
        let sha256: String
        let kind: String
        let name: String
        /// Where the bytes are, at a node that holds them.
        let href: String
        /// Whether this node holds the bytes: blobs travel up to the county by the blob loop,
        /// not down, so a community sees the material of a street's course listed but reads it
        /// at the street or the county.
        let held: Bool
    }

    init(_ stored: Stored<Course>, held: Set<String>) {
        let c = stored.model
        id = c.id
        home = c.home.rawValue
        title = c.title
        summary = c.summary
        studyMinutes = c.studyMinutes
        materials = c.materials.map {
            Material(sha256: $0.sha256, kind: $0.kind.rawValue, name: $0.name, href: "/api/v1/blobs/\($0.sha256)", held: held.contains($0.sha256))
        }
        retired = c.retired
        authoredBy = c.authoredBy
        version = stored.etag
    }
}

/// A session with its roll: who registered and attended, by name, and whether registrations
/// made apart at different nodes have taken it past its places.
struct SessionView: ResponseEncodable, Decodable, Sendable {
    let id: UUID
    let home: String
    let courseId: UUID
    let courseTitle: String?
    let startsAt: Date
    let place: String
    let capacity: Int
    let trainer: String
    let cancelled: Bool
    let registered: [Person]
    let attended: [Person]
    let overCapacity: Bool
    let version: String

    struct Person: Codable, Sendable {
        let staffId: UUID
        let name: String?
    }
}

/// A staff member's training record: each course studied with its progress, the sessions
/// registered for and attended, and the certificates.
struct StaffTrainingView: ResponseEncodable, Decodable, Sendable {
    let staffId: UUID
    let name: String
    let courses: [CourseProgress]
    let sessions: [SessionEntry]
    let certificates: [Certificate]

    struct CourseProgress: Codable, Sendable {
        let courseId: UUID
        let title: String?
        let percent: Int
    }

    struct SessionEntry: Codable, Sendable {
        let sessionId: UUID
        let courseTitle: String?
        let startsAt: Date?
        let attended: Bool
    }

    struct Certificate: Codable, Sendable {
        let id: UUID
        let courseId: UUID?
        let courseTitle: String?
        let number: String
        let issuedOn: String
        let recordedAt: Date
        let home: String
    }
}

/// One training record as written.
struct TrainingRecordView: ResponseEncodable, Decodable, Sendable {
    let id: UUID
    let home: String
    let staffId: UUID
    let kind: String
    let sessionId: UUID?
    let courseId: UUID?
    let percent: Int?
    let certificateNumber: String?
    let issuedOn: String?
    let recordedBy: String
    let recordedAt: Date

    init(_ r: TrainingRecord) {
        id = r.id
        home = r.home.rawValue
        staffId = r.staffId
        kind = r.kind.rawValue
        sessionId = r.sessionId
        courseId = r.courseId
        percent = r.percent
        certificateNumber = r.certificateNumber
        issuedOn = r.issuedOn
        recordedBy = r.recordedBy
        recordedAt = date(millis: r.recordedAtMillis)
    }
}

extension AppDatabase {
    func courseViews(_ courses: [Stored<Course>]) throws -> [CourseView] {
        let hashes = Set(courses.flatMap { $0.model.materials.map(\.sha256) })
        let held = Set(try hashes.filter { try blobInfo(sha256: $0) != nil })
        return courses.map { CourseView($0, held: held) }
    }

    func sessionView(_ s: SessionWithRoll) throws -> SessionView {
        let m = s.session.model
        func people(_ ids: Set<UUID>) throws -> [SessionView.Person] {
            try ids.sorted { $0.uuidString < $1.uuidString }.map { SessionView.Person(staffId: $0, name: try staff(id: $0)?.model.name) }
        }
        return SessionView(
            id: m.id, home: m.home.rawValue, courseId: m.courseId, courseTitle: try course(id: m.courseId)?.model.title,
            startsAt: date(millis: m.startsAtMillis), place: m.place, capacity: m.capacity, trainer: m.trainer, cancelled: m.cancelled,
            registered: try people(s.roll.registered), attended: try people(s.roll.attended), overCapacity: s.roll.overCapacity(m),
            version: s.session.etag)
    }

    func staffTrainingView(_ staff: Staff) throws -> StaffTrainingView {
        let t = StaffTraining.fold(try trainingRecords(staffId: staff.id))
        let courses = try t.progress.keys.sorted { $0.uuidString < $1.uuidString }.map {
            StaffTrainingView.CourseProgress(courseId: $0, title: try course(id: $0)?.model.title, percent: t.progress[$0]!)
        }
        let sessions = try t.registered.union(t.attended).sorted { $0.uuidString < $1.uuidString }.map { id in
            let held = try session(id: id)?.session.model
            return StaffTrainingView.SessionEntry(
                sessionId: id, courseTitle: try held.flatMap { try course(id: $0.courseId)?.model.title },
                startsAt: held.map { date(millis: $0.startsAtMillis) }, attended: t.attended.contains(id))
        }
        let certificates = try t.certificates.map { c in
            StaffTrainingView.Certificate(
                id: c.id, courseId: c.courseId, courseTitle: try c.courseId.flatMap { try course(id: $0)?.model.title },
                number: c.certificateNumber ?? "", issuedOn: c.issuedOn ?? "", recordedAt: date(millis: c.recordedAtMillis), home: c.home.rawValue)
        }
        return StaffTrainingView(staffId: staff.id, name: staff.name, courses: courses, sessions: sessions, certificates: certificates)
    }
}
