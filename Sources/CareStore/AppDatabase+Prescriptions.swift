import CareModel
import Foundation
import GRDB

extension AppDatabase {
    /// Stores a new prescription for its elder, homed where the elder is.
    public func createPrescription(_ prescription: Prescription, actor: String) throws -> Stored<Prescription> {
        try write { db in
            var prescription = prescription
            prescription.home = try Self.liveElderHome(prescription.elderId, db)
            return try writeProfile(PrescriptionTable.self, prescription, expect: .absent, deleted: false, actor: actor, db)
        }
    }

    /// Writes an acknowledged or withdrawn prescription; `ifMatch` guards against an edit
    /// made since the caller read it.
    public func updatePrescription(_ prescription: Prescription, ifMatch: String?, actor: String) throws -> Stored<Prescription> {
        try writeProfile(PrescriptionTable.self, prescription, expect: .present(ifMatch: ifMatch), actor: actor)
    }

    public func prescription(id: UUID, in scope: Jurisdiction?) throws -> Stored<Prescription>? {
        guard try isVisible(PrescriptionTable.table, id: id, to: scope) else { return nil }
        return try read { db in try PrescriptionTable.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    /// The elder's prescriptions (with those of any duplicate merged into it), newest first.
    public func prescriptions(elderId: UUID) throws -> [Stored<Prescription>] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM prescription WHERE elder_id IN (SELECT id FROM elder WHERE id = ? OR merged_into = ?) AND deleted = 0
                ORDER BY issued_on DESC, id
                """, arguments: [elderId.canonicalString, elderId.canonicalString]).map(PrescriptionTable.decode)
        }
    }
}
