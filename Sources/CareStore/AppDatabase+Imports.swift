import CareModel
import Foundation
import GRDB

/// What the file imports (`CareIngest`) ask of the store: which rows would clash with what is
/// here, and writing many records in one transaction (all or none).
extension AppDatabase {
    /// The live elders here holding any of `citizenIds`, by citizen ID.
    public func registeredCitizenIDs(_ citizenIds: [String]) throws -> [String: UUID] {
        guard !citizenIds.isEmpty else { return [:] }
        return try read { db in
            var found: [String: UUID] = [:]
            // SQLite's bound-parameter limit is far above 500; a chunk keeps each statement small.
            for start in stride(from: 0, to: citizenIds.count, by: 500) {
                let chunk = Array(citizenIds[start..<min(start + 500, citizenIds.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(
                    db, sql: "SELECT citizen_id, id FROM elder WHERE deleted = 0 AND citizen_id IN (\(marks))",
                    arguments: StatementArguments(chunk))
                for row in rows {
                    let text: String = row["id"]
                    if let id = UUID(uuidString: text) { found[row["citizen_id"]] = id }
                }
            }
            return found
        }
    }

    /// The ids among `ids` that a record of `kind` (organisation or staff) has here, live or
    /// deleted: an import creates records, so any of them is taken.
    public func registryIDsTaken(_ ids: [UUID], kind: EntityKind) throws -> Set<UUID> {
        let table = switch kind {
        case .organisation: OrganisationTable.table
        case .staff: StaffTable.table
        default: preconditionFailure("registryIDsTaken is for organisations and staff, not \(kind)")
        }
        guard !ids.isEmpty else { return [] }
        return try read { db in
            var taken = Set<UUID>()
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)].map(\.canonicalString)
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for text in try String.fetchAll(db, sql: "SELECT id FROM \(table) WHERE id IN (\(marks))", arguments: StatementArguments(chunk)) {
                    if let id = UUID(uuidString: text) { taken.insert(id) }
                }
            }
            return taken
        }
    }

    /// Imports organisations in one transaction: all are written or none (county only).
    public func importOrganisations(_ organisations: [ServiceOrganisation], actor: String) throws {
        try importRegistry(OrganisationTable.self, organisations, actor: actor)
    }

    /// Imports staff in one transaction: all are written or none (county only).
    public func importStaff(_ staff: [Staff], actor: String) throws {
        try importRegistry(StaffTable.self, staff, actor: actor)
    }

    private func importRegistry<T: RecordTable>(_ table: T.Type, _ models: [T.Model], actor: String) throws {
        guard !models.isEmpty else { return }
        guard node.role == .county else {
            throw StoreError.forbidden("\(T.kind.label.en) records belong to the county registry: import them on the county node, not on this \(node.role.rawValue) node")
        }
        if let outside = models.first(where: { !node.contains(T.home($0)) }) {
            throw StoreError.forbidden("home \(T.home(outside)) is outside this county (\(node))")
        }
        try write { db in
            for model in models { _ = try writeRegistry(table, model, expect: .absent, deleted: false, actor: actor, db) }
        }
    }
}
