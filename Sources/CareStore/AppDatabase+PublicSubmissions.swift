import CareModel
import Foundation
import GRDB

/// What a public submission became when it was taken: a new service order or complaint.
public enum PublicHandover: Sendable {
    case order(ServiceOrder)
    case complaint(Complaint)
}

extension AppDatabase {
    /// A new submission from the public form; refused (conflict) if its tracking number is
    /// already held, so the caller draws another.
    public func filePublicSubmission(_ submission: PublicSubmission) throws -> Stored<PublicSubmission> {
        try write { db in
            if try Self.publicSubmission(tracking: submission.tracking, db) != nil {
                throw StoreError.conflict("tracking number \(submission.tracking) is taken")
            }
            try Self.valid(submission)
            return try writeProfile(PublicSubmissionTable.self, submission, expect: .absent, deleted: false, actor: "public", db)
        }
    }

    public func publicSubmission(tracking: String) throws -> Stored<PublicSubmission>? {
        try read { db in try Self.publicSubmission(tracking: tracking, db) }
    }

    public func publicSubmission(id: UUID) throws -> Stored<PublicSubmission>? {
        try read { db in try PublicSubmissionTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// The submissions homed in `within`, newest first, of a status if given.
    public func publicSubmissions(within: DivisionCode, status: PublicSubmissionStatus?, limit: Int) throws -> [Stored<PublicSubmission>] {
        let condition = switch status {
        case nil: ""
        case .received: " AND taken_target IS NULL AND answer IS NULL"
        case .taken: " AND taken_target IS NOT NULL AND answer IS NULL"
        case .answered: " AND answer IS NOT NULL"
        }
        return try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM public_submission WHERE deleted = 0 AND (home = ? OR home LIKE ?)" + condition
                    + " ORDER BY submitted_at_millis DESC, id LIMIT ?",
                arguments: [within.rawValue, within.rawValue + "%", limit]
            ).map(PublicSubmissionTable.decode)
        }
    }

    /// Turns a submission into an order or a complaint, and records the handover, in one
    /// transaction: `make` sees the submission as stored and returns the new record, or
    /// throws. Refused (conflict) once it has been taken or answered.
    public func takePublicSubmission(
        id: UUID, actor: String, _ make: (PublicSubmission) throws -> PublicHandover
    ) throws -> (submission: Stored<PublicSubmission>, handover: PublicHandover) {
        try write { db in
            guard let current = try PublicSubmissionTable.fetch(id, db), !current.meta.deleted else { throw StoreError.notFound(.publicSubmission, id) }
            if current.model.taken != nil || current.model.answer != nil {
                throw StoreError.conflict("public submission \(current.model.tracking) is already \(current.model.status.rawValue)")
            }
            let handover = try make(current.model)
            var next = current.model
            let nowMillis = clock.wallMillis
            switch handover {
            case .order(let order):
                let stored = try insertOrder(order, actor: actor, db)
                next.taken = PublicSubmissionTaken(target: .order, recordId: stored.model.id, by: actor, atMillis: nowMillis)
            case .complaint(let complaint):
                try Self.valid(complaint)
                _ = try insertFact(ComplaintTable.self, complaint, actor: actor, db)
                next.taken = PublicSubmissionTaken(target: .complaint, recordId: complaint.id, by: actor, atMillis: nowMillis)
            }
            try Self.valid(next)
            let stored = try writeProfile(PublicSubmissionTable.self, next, expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
            return (stored, handover)
        }
    }

    /// Records the public answer: `make` sees the submission as stored.
    public func answerPublicSubmission(id: UUID, actor: String, _ make: (PublicSubmission) throws -> PublicSubmission) throws -> Stored<PublicSubmission> {
        try write { db in
            guard let current = try PublicSubmissionTable.fetch(id, db), !current.meta.deleted else { throw StoreError.notFound(.publicSubmission, id) }
            let next = try make(current.model)
            try Self.valid(next)
            return try writeProfile(PublicSubmissionTable.self, next, expect: .present(ifMatch: nil), deleted: false, actor: actor, db)
        }
    }

    static func publicSubmission(tracking: String, _ db: Database) throws -> Stored<PublicSubmission>? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM public_submission WHERE tracking = ? AND deleted = 0 ORDER BY id LIMIT 1", arguments: [tracking]
        ).map(PublicSubmissionTable.decode)
    }

    private static func valid(_ record: some ValidatedRecord) throws {
        do { try record.validate() } catch { throw StoreError.invalid(error) }
    }
}

extension AppDatabase {
    /// Every organisation held here, by name: the public list reads its public fields only.
    public func allOrganisations() throws -> [ServiceOrganisation] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM organisation WHERE deleted = 0 ORDER BY name, id").map { try OrganisationTable.decode($0).model }
        }
    }
}
