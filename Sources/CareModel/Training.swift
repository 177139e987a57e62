import Foundation

/// What a course material is: a document (PDF) or a video (MP4), stored as a blob.
public enum MaterialKind: String, CodeTable {
    case document, video

    public var label: Label {
        switch self {
        case .document: Label(en: "document", zh: "文档")
        case .video: Label(en: "video", zh: "视频")
        }
    }

    /// The blob kind its bytes are uploaded as.
    public var blobKind: BlobKind {
        switch self {
        case .document: .document
        case .video: .video
        }
    }
}

/// One material of a course: an uploaded blob, its kind and the name it is shown by.
public struct CourseMaterial: Hashable, Codable, Sendable {
    public var sha256: String
    public var kind: MaterialKind
    public var name: String

    public init(sha256: String, kind: MaterialKind, name: String) {
        self.sha256 = sha256
        self.kind = kind
        self.name = name
    }
}

/// A training course for home-care workers (服务培训, Anhui §5.2.2.5: "街道应……对居家养老服务人员
/// 进行培训"), with its study materials. Authored at the county or at a street and homed at the
/// authoring node, so the normal home rule sends it down to that node's subtree (every community
/// of the street, or the whole county) and up to the county; another street never sees it.
///
/// Merge class: profile, field by field; the materials list merges whole. A course is never
/// deleted once workers may have studied it: it is retired, and the records naming it stand.
public struct Course: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The authoring node: a county or a street.
    public var home: DivisionCode
    public var title: String
    public var summary: String
    /// How long the course takes to study, in minutes.
    public var studyMinutes: Int
    public var materials: [CourseMaterial]
    public var retired: Bool
    public var authoredBy: String

    public init(
        id: UUID = UUID(), home: DivisionCode, title: String, summary: String, studyMinutes: Int, materials: [CourseMaterial],
        retired: Bool = false, authoredBy: String
    ) {
        self.id = id
        self.home = home
        self.title = title
        self.summary = summary
        self.studyMinutes = studyMinutes
        self.materials = materials
        self.retired = retired
        self.authoredBy = authoredBy
    }

    public static let titleMax = 100
    public static let summaryMax = 2000
    public static let materialsMax = 20
    public static let studyMinutesRange = 1...10_000
}

/// A scheduled training session (培训班) of a course: when, where, how many places, who
/// trains. Homed at the node that schedules it (county, street or community).
///
/// Merge class: profile. Cancelling is a field, not a deletion, so the registrations and the
/// attendance recorded for it keep a session to name.
public struct TrainingSession: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var courseId: UUID
    public var startsAtMillis: Int64
    public var place: String
    public var capacity: Int
    public var trainer: String
    public var cancelled: Bool

    public init(
        id: UUID = UUID(), home: DivisionCode, courseId: UUID, startsAtMillis: Int64, place: String, capacity: Int, trainer: String,
        cancelled: Bool = false
    ) {
        self.id = id
        self.home = home
        self.courseId = courseId
        self.startsAtMillis = startsAtMillis
        self.place = place
        self.capacity = capacity
        self.trainer = trainer
        self.cancelled = cancelled
    }

    public static let placeMax = 200
    public static let trainerMax = 50
    public static let capacityRange = 1...1000
}

/// What a training record records.
public enum TrainingRecordKind: String, CodeTable {
    case registration, attendance, progress, certificate

    public var label: Label {
        switch self {
        case .registration: Label(en: "registration", zh: "报名")
        case .attendance: Label(en: "attendance", zh: "签到")
        case .progress: Label(en: "study progress", zh: "学习进度")
        case .certificate: Label(en: "certificate", zh: "培训证书")
        }
    }
}

/// One fact of a staff member's training, homed at the node that recorded it: a registration
/// for a session, attendance at a session, progress on a course (a percentage; the highest
/// recorded stands, so two devices reporting apart never move it back) or a certificate
/// (number, date of issue, course).
///
/// Merge class: fact. A record is never changed or lost: two nodes that register workers for
/// the same session while apart each check the places they know of, so both registrations
/// stand when they meet and the session then shows more registrations than places
/// (`SessionRoll.overCapacity`) for the scheduling node to settle by hand.
public struct TrainingRecord: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var staffId: UUID
    public var kind: TrainingRecordKind
    public var sessionId: UUID?
    public var courseId: UUID?
    public var percent: Int?
    public var certificateNumber: String?
    /// The certificate's date of issue, YYYY-MM-DD.
    public var issuedOn: String?
    public var recordedBy: String
    public var recordedAtMillis: Int64

    public init(
        id: UUID = UUID(), home: DivisionCode, staffId: UUID, kind: TrainingRecordKind, sessionId: UUID? = nil, courseId: UUID? = nil,
        percent: Int? = nil, certificateNumber: String? = nil, issuedOn: String? = nil, recordedBy: String, recordedAtMillis: Int64
    ) {
        self.id = id
        self.home = home
        self.staffId = staffId
        self.kind = kind
        self.sessionId = sessionId
        self.courseId = courseId
        self.percent = percent
        self.certificateNumber = certificateNumber
        self.issuedOn = issuedOn
        self.recordedBy = recordedBy
        self.recordedAtMillis = recordedAtMillis
    }

    public static let certificateNumberMax = 50
}

extension Course: ReplicatedRecord {
    public static let kind = EntityKind.course
    public static let label = Label(en: "course", zh: "培训课程")
    public static let mergeClass = MergeClass.profile
}

extension Course: ProfileRecord {
    public static let mergeFields: [MergeField<Course>] = [
        MergeField("home", \.home), MergeField("title", \.title), MergeField("summary", \.summary),
        MergeField("studyMinutes", \.studyMinutes), MergeField("materials", \.materials), MergeField("retired", \.retired),
        MergeField("authoredBy", \.authoredBy),
    ]
}

extension TrainingSession: ReplicatedRecord {
    public static let kind = EntityKind.trainingSession
    public static let label = Label(en: "training session", zh: "培训班")
    public static let mergeClass = MergeClass.profile
    public var clockReadings: [Int64] { [] }
}

extension TrainingSession: ProfileRecord {
    public static let mergeFields: [MergeField<TrainingSession>] = [
        MergeField("home", \.home), MergeField("courseId", \.courseId), MergeField("startsAtMillis", \.startsAtMillis),
        MergeField("place", \.place), MergeField("capacity", \.capacity), MergeField("trainer", \.trainer),
        MergeField("cancelled", \.cancelled),
    ]
}

extension TrainingRecord: ReplicatedRecord {
    public static let kind = EntityKind.trainingRecord
    public static let label = Label(en: "training record", zh: "培训记录")
    public static let mergeClass = MergeClass.fact
    public var clockReadings: [Int64] { [recordedAtMillis] }
}
