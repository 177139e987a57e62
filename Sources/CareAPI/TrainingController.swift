import CareModel
import CareStore
import Foundation
import Hummingbird

/// Training of home-care workers (服务培训, Anhui §5.2.2.5). Courses are authored at the county
/// or a street (`training.write`; 403 at a community, which follows the courses sent down to
/// it); sessions are scheduled at any node (`training.write`); registrations, attendance, study
/// progress and certificates are recorded for a staff member (`training.record`) and homed at
/// the recording node. A caregiver reads the courses and their own record only.
struct TrainingController {
    let db: AppDatabase
    let info: NodeInfo
    let clock: HybridLogicalClock.WallClock

    struct StaffDraft: Codable, Sendable, Equatable {
        var staffId: String?
        init() {}
    }

    var endpoints: RouteCollection<NodeRequestContext> {
        let routes = RouteCollection(context: NodeRequestContext.self)
        routes.route(.get, "courses", requires: .trainingRead) { (request: Request, _: NodeRequestContext) -> PageView<CourseView> in
            let all = try request.query("retired", Bool.init) == true
            let items = try await db.perform { db in try db.courseViews(try db.courses(includeRetired: all)) }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.get, "courses/:id", requires: .trainingRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<CourseView> in
            let course = try await course(try request.uuidParameter(context))
            return tagged(try await view(course), etag: course.etag)
        }
        routes.route(.post, "courses", requires: .trainingWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<CourseView> in
            try authoring()
            let draft = try await request.json(Course.Draft.self, context: context)
            let course = try await validated(draft, id: UUID(), context)
            let stored = try await db.perform { try $0.saveCourse(course, new: true, ifMatch: nil, actor: context.actor) }
            var response = tagged(try await view(stored), etag: stored.etag, status: .created)
            response.headers[.location] = "/api/v1/courses/\(stored.model.id.uuidString)"
            return response
        }
        routes.route(.put, "courses/:id", requires: .trainingWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<CourseView> in
            try authoring()
            let current = try await course(try request.uuidParameter(context))
            guard db.node.contains(current.model.home) else {
                throw APIError(
                    .forbidden, en: "course \(current.model.id) was authored at \(current.model.home): edit it there or above",
                    zh: "该课程由\(current.model.home)编写，只能在该节点或其上级修改")
            }
            let draft = try await request.json(Course.Draft.self, context: context)
            var next = try await validated(draft, id: current.model.id, context)
            next.home = current.model.home
            next.authoredBy = current.model.authoredBy
            let stored = try await db.perform { [ifMatch = request.ifMatch, next] in
                try $0.saveCourse(next, new: false, ifMatch: ifMatch, actor: context.actor)
            }
            return tagged(try await view(stored), etag: stored.etag)
        }
        routes.route(.get, "training-sessions", requires: .trainingRead) { (request: Request, _: NodeRequestContext) -> PageView<SessionView> in
            let courseId = try request.query("courseId", UUID.init(uuidString:))
            let items = try await db.perform { db in try db.sessions(courseId: courseId).map { try db.sessionView($0) } }
            return PageView(items: items, next: nil, total: items.count)
        }
        routes.route(.get, "training-sessions/:id", requires: .trainingRead) { (request: Request, context: NodeRequestContext) -> EditedResponse<SessionView> in
            let held = try await session(try request.uuidParameter(context))
            return tagged(try await db.perform { try $0.sessionView(held) }, etag: held.session.etag)
        }
        routes.route(.post, "training-sessions", requires: .trainingWrite) { (request: Request, context: NodeRequestContext) -> EditedResponse<SessionView> in
            let draft = try await request.json(TrainingSession.Draft.self, context: context)
            let courseId = draft.courseId.flatMap(UUID.init(uuidString:))
            let course = try await db.perform { db in try courseId.flatMap { try db.course(id: $0)?.model } }
            let session = try TrainingSession(validating: draft, home: db.node, course: course)
            let stored = try await db.perform { try $0.saveSession(session, new: true, ifMatch: nil, actor: context.actor) }
            let view = try await db.perform { try $0.sessionView(SessionWithRoll(session: stored, roll: SessionRoll())) }
            var response = tagged(view, etag: stored.etag, status: .created)
            response.headers[.location] = "/api/v1/training-sessions/\(stored.model.id.uuidString)"
            return response
        }
        routes.route(.post, "training-sessions/:id/registrations", requires: .trainingRecord) { (request: Request, context: NodeRequestContext) -> EditedResponse<TrainingRecordView> in
            try await onRoll(.registration, request, context)
        }
        routes.route(.post, "training-sessions/:id/attendance", requires: .trainingRecord) { (request: Request, context: NodeRequestContext) -> EditedResponse<TrainingRecordView> in
            try await onRoll(.attendance, request, context)
        }
        routes.route(.get, "staff/:id/training", requires: .trainingRead) { (request: Request, context: NodeRequestContext) -> StaffTrainingView in
            let staff = try await staff(try request.uuidParameter(context), context)
            return try await db.perform { try $0.staffTrainingView(staff) }
        }
        routes.route(.post, "staff/:id/training", requires: .trainingRecord) { (request: Request, context: NodeRequestContext) -> EditedResponse<TrainingRecordView> in
            let staff = try await staff(try request.uuidParameter(context), context)
            let draft = try await request.json(TrainingRecord.Draft.self, context: context)
            return try await record(draft, staff: staff, context)
        }
        return routes
    }

    /// Courses are authored at the county or a street only.
    private func authoring() throws {
        guard info.role != .community else {
            throw APIError(
                .forbidden, en: "courses are authored at the county or a street; this node is a community, which schedules sessions of them",
                zh: "培训课程由县（区）或街道编写，社区只能安排培训班")
        }
    }

    private func validated(_ draft: Course.Draft, id: UUID, _ context: NodeRequestContext) async throws -> Course {
        let hashes = (draft.materials ?? []).compactMap(\.sha256).filter(BlobHash.isValid)
        let kinds = try await db.perform { db in
            Dictionary(try hashes.compactMap { h in try db.blobInfo(sha256: h).map { (h, $0.type.kind) } }, uniquingKeysWith: { a, _ in a })
        }
        return try Course(validating: draft, id: id, home: db.node, authoredBy: context.actor, blobKind: { kinds[$0] })
    }

    private func onRoll(_ kind: TrainingRecordKind, _ request: Request, _ context: NodeRequestContext) async throws -> EditedResponse<TrainingRecordView> {
        let held = try await session(try request.uuidParameter(context))
        let body = try await request.json(StaffDraft.self, context: context)
        guard let text = body.staffId else { throw APIError.invalid("staffId", en: "staffId is required", zh: "请指定从业人员") }
        guard let id = UUID(uuidString: text) else { throw APIError.invalid("staffId", en: "staffId '\(text)' is not a UUID", zh: "staffId 不是有效的UUID") }
        guard let staff = try await db.perform({ try $0.staff(id: id)?.model }) else {
            throw APIError.invalid("staffId", en: "no staff member with id \(id) at this node", zh: "本节点没有该从业人员")
        }
        var draft = TrainingRecord.Draft()
        draft.kind = kind.rawValue
        draft.sessionId = held.session.model.id.uuidString
        return try await record(draft, staff: staff, context)
    }

    private func record(_ draft: TrainingRecord.Draft, staff: Staff, _ context: NodeRequestContext) async throws -> EditedResponse<TrainingRecordView> {
        let ids = try TrainingRecord.ids(in: draft)
        let (session, course) = try await db.perform { db in
            (try ids.session.flatMap { try db.session(id: $0)?.session.model }, try ids.course.flatMap { try db.course(id: $0)?.model })
        }
        let now = clock()
        let home = db.node
        let stored = try await db.perform { db in
            try db.recordTraining(sessionId: session?.id, actor: context.actor) { roll throws(ValidationFailure) in
                try TrainingRecord(
                    validating: draft, staffId: staff.id, home: home, session: session, course: course, roll: roll, recordedBy: context.actor,
                    nowMillis: now)
            }
        }
        return tagged(TrainingRecordView(stored.model), etag: stored.etag, status: .created)
    }

    private func view(_ course: Stored<Course>) async throws -> CourseView {
        try await db.perform { try $0.courseViews([course])[0] }
    }

    private func course(_ id: UUID) async throws -> Stored<Course> {
        guard let course = try await db.perform({ try $0.course(id: id) }) else {
            throw APIError(.notFound, en: "no course with id \(id)", zh: "未找到该培训课程")
        }
        return course
    }

    private func session(_ id: UUID) async throws -> SessionWithRoll {
        guard let held = try await db.perform({ try $0.session(id: id) }) else {
            throw APIError(.notFound, en: "no training session with id \(id)", zh: "未找到该培训班")
        }
        return held
    }

    /// The staff member, when the account may see their training: a caregiver only their own.
    private func staff(_ id: UUID, _ context: NodeRequestContext) async throws -> Staff {
        if let account = context.operatorAccount, account.role == .caregiver, account.staffId != id {
            throw APIError(.forbidden, en: "a caregiver sees their own training record only", zh: "服务人员只能查看本人的培训记录")
        }
        guard let staff = try await db.perform({ try $0.staff(id: id)?.model }) else {
            throw APIError(.notFound, en: "no staff member with id \(id)", zh: "未找到该从业人员")
        }
        return staff
    }
}

extension Course.Draft: StrictDraft {}
extension Course.MaterialDraft: StrictDraft {}
extension TrainingSession.Draft: StrictDraft {}
extension TrainingRecord.Draft: StrictDraft {}
extension TrainingController.StaffDraft: StrictDraft {}
