import CareModel
import Foundation
import Testing

/// Training as pure rules: where a course may be authored and what its materials must be, a
/// session's places, what each kind of training record carries, the roll of a session and a
/// staff member's record as folds; and the document and video blob signatures and limits.
@Suite struct TrainingModelTests {
    let street = DivisionCode("420107001")!
    let community = DivisionCode("420107001002")!
    let pdfHash = String(repeating: "a1", count: 32)
    let videoHash = String(repeating: "b2", count: 32)
    let staffA = UUID()
    let staffB = UUID()

    func courseDraft(_ edit: (inout Course.Draft) -> Void = { _ in }) -> Course.Draft {
        var d = Course.Draft()
        d.title = "失能老人居家照护"
        d.summary = "翻身与压疮预防"
        d.studyMinutes = 90
        d.materials = [Course.MaterialDraft(sha256: pdfHash, kind: "document", name: "手册.pdf")]
        edit(&d)
        return d
    }

    func kinds(_ hash: String) -> BlobKind? {
        switch hash {
        case pdfHash: .document
        case videoHash: .video
        default: nil
        }
    }

    let course: Course

    init() {
        course = Course(home: DivisionCode("420107001")!, title: "居家照护", summary: "", studyMinutes: 60, materials: [], authoredBy: "clerk")
    }

    func session(capacity: Int = 2) -> TrainingSession {
        TrainingSession(home: community, courseId: course.id, startsAtMillis: 1_000, place: "服务站", capacity: capacity, trainer: "李老师")
    }

    @Test func aCourseIsAuthoredAtACountyOrAStreetWithUploadedMaterialsOfTheirKind() throws {
        let made = try Course(validating: courseDraft(), home: street, authoredBy: "clerk", blobKind: kinds)
        #expect(made.materials == [CourseMaterial(sha256: pdfHash, kind: .document, name: "手册.pdf")])
        #expect(made.validationErrors.isEmpty)
        let atCommunity = #expect(throws: ValidationFailure.self) {
            try Course(validating: courseDraft(), home: community, authoredBy: "clerk", blobKind: kinds)
        }
        #expect(atCommunity?.errors.map(\.field) == ["home"])
        #expect(atCommunity?.errors.first?.messageZh.contains("社区") == true)
        let wrongKind = #expect(throws: ValidationFailure.self) {
            try Course(validating: courseDraft { $0.materials = [Course.MaterialDraft(sha256: videoHash, kind: "document", name: "x")] },
                home: street, authoredBy: "clerk", blobKind: kinds)
        }
        #expect(wrongKind?.errors.map(\.field) == ["materials[0].kind"])
        let missing = #expect(throws: ValidationFailure.self) {
            try Course(validating: courseDraft { $0.materials = [Course.MaterialDraft(sha256: String(repeating: "cc", count: 32), kind: "video", name: "x")] },
                home: street, authoredBy: "clerk", blobKind: kinds)
        }
        #expect(missing?.errors.map(\.field) == ["materials[0].sha256"])
        let bad = #expect(throws: ValidationFailure.self) {
            try Course(validating: courseDraft { $0.title = nil; $0.studyMinutes = 0 }, home: street, authoredBy: "clerk", blobKind: kinds)
        }
        #expect(Set(bad?.errors.map(\.field) ?? []) == ["title", "studyMinutes"])
    }

    @Test func aSessionNeedsAHeldCourseThatIsNotRetiredAndAtLeastOnePlace() throws {
        var d = TrainingSession.Draft()
        d.courseId = course.id.uuidString
        d.startsAtMillis = 5_000
        d.place = "服务站"
        d.capacity = 10
        d.trainer = "李老师"
        let made = try TrainingSession(validating: d, home: community, course: course)
        #expect(made.capacity == 10 && made.home == community)
        var retired = course
        retired.retired = true
        #expect(throws: ValidationFailure.self) { try TrainingSession(validating: d, home: community, course: retired) }
        #expect(throws: ValidationFailure.self) { try TrainingSession(validating: d, home: community, course: nil) }
        d.capacity = 0
        #expect(throws: ValidationFailure.self) { try TrainingSession(validating: d, home: community, course: course) }
    }

    func record(_ kind: TrainingRecordKind, staff: UUID, session: TrainingSession?, roll: SessionRoll?, edit: (inout TrainingRecord.Draft) -> Void = { _ in }) throws(ValidationFailure) -> TrainingRecord {
        var d = TrainingRecord.Draft()
        d.kind = kind.rawValue
        d.sessionId = session?.id.uuidString
        edit(&d)
        return try TrainingRecord(
            validating: d, staffId: staff, home: community, session: session, course: course, roll: roll, recordedBy: "站点", nowMillis: 9_000)
    }

    @Test func aRegistrationPastThePlacesOrTwiceIsRefusedAndAttendanceNeedsARegistration() throws {
        let s = session(capacity: 1)
        var roll = SessionRoll()
        let first = try record(.registration, staff: staffA, session: s, roll: roll)
        roll = SessionRoll.fold([first])
        let full = #expect(throws: ValidationFailure.self) { try record(.registration, staff: staffB, session: s, roll: roll) }
        #expect(full?.errors.first?.messageZh.contains("名额已满") == true)
        #expect(throws: ValidationFailure.self) { try record(.registration, staff: staffA, session: s, roll: roll) }
        #expect(throws: ValidationFailure.self) { try record(.attendance, staff: staffB, session: s, roll: roll) }
        let came = try record(.attendance, staff: staffA, session: s, roll: roll)
        #expect(came.validationErrors.isEmpty)
    }

    @Test func registrationsMadeApartBothStandAndShowTheSessionOverCapacity() throws {
        let s = session(capacity: 1)
        // Two nodes, each seeing an empty roll, register one worker each.
        let here = try record(.registration, staff: staffA, session: s, roll: SessionRoll())
        let there = try record(.registration, staff: staffB, session: s, roll: SessionRoll())
        let met = SessionRoll.fold([here, there])
        #expect(met.registered == [staffA, staffB])
        #expect(met.overCapacity(s))
        #expect(!SessionRoll.fold([here]).overCapacity(s))
    }

    @Test func progressAndCertificatesFoldIntoTheStaffRecord() throws {
        let low = try record(.progress, staff: staffA, session: nil, roll: nil) { $0.courseId = course.id.uuidString; $0.percent = 60 }
        let lower = try record(.progress, staff: staffA, session: nil, roll: nil) { $0.courseId = course.id.uuidString; $0.percent = 30 }
        #expect(StaffTraining.fold([low, lower]).progress[course.id] == 60)
        let cert = try record(.certificate, staff: staffA, session: nil, roll: nil) {
            $0.courseId = course.id.uuidString; $0.certificateNumber = "PX-001"; $0.issuedOn = "2024-02-29"
        }
        let folded = StaffTraining.fold([low, cert])
        #expect(folded.progress[course.id] == 100)
        #expect(folded.certificates.map(\.certificateNumber) == ["PX-001"])
        #expect(throws: ValidationFailure.self) {
            try record(.certificate, staff: staffA, session: nil, roll: nil) {
                $0.courseId = course.id.uuidString; $0.certificateNumber = "PX-002"; $0.issuedOn = "2023-02-29"
            }
        }
        #expect(throws: ValidationFailure.self) {
            try record(.progress, staff: staffA, session: nil, roll: nil) { $0.courseId = course.id.uuidString; $0.percent = 101 }
        }
        var bad = cert
        bad.percent = 5
        #expect(!bad.validationErrors.isEmpty)
    }

    @Test func documentsAndVideosAreCheckedBySignatureAndSize() {
        let pdf = Array("%PDF-1.7\n".utf8) + [UInt8](repeating: 0x20, count: 32)
        let mp4: [UInt8] = [0, 0, 0, 0x20] + Array("ftypisom".utf8) + [UInt8](repeating: 0, count: 20)
        #expect(BlobType(mediaType: "application/pdf") == .pdf && BlobType.pdf.kind == .document)
        #expect(BlobType(mediaType: "video/mp4") == .mp4Video && BlobType.mp4Video.kind == .video)
        #expect(BlobType.problem(mediaType: "application/pdf", bytes: pdf) == nil)
        #expect(BlobType.problem(mediaType: "video/mp4", bytes: mp4) == nil)
        #expect(BlobType.problem(mediaType: "application/pdf", bytes: mp4) != nil)
        #expect(BlobType.problem(mediaType: "video/mp4", bytes: pdf) != nil)
        let big = pdf + [UInt8](repeating: 0, count: BlobKind.document.maxBytes)
        #expect(BlobType.problemLabel(mediaType: "application/pdf", bytes: big)?.zh.contains("超过") == true)
        #expect(BlobKind.document.maxBytes == 20 << 20 && BlobKind.video.maxBytes == 50 << 20)
        #expect(BlobType.problemLabel(mediaType: "application/msword", bytes: pdf)?.zh.contains("不支持") == true)
    }
}
