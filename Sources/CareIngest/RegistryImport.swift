import CareModel
import CareStore
import Foundation

/// Imports the county registry from CSV files, in the columns of the organisations and staff
/// exports (`GET /api/v1/exports/organisations|staff`), so that an export imports back: each row
/// is checked with the operator API's rules, the valid rows are written in one transaction, and
/// each rejected row is reported with its line and reasons. Registry records are written at the
/// county only. An `id` cell is kept (staff name their organisation by it); an id this node
/// already has rejects the row, since an import creates records and never edits one.
public struct OrganisationImport {
    public static let columns = ["id", "home", "name", "type", "categories", "communities", "address", "latitude", "longitude", "phone", "creditStatus"]
    public static let requiredColumns = ["name", "type", "categories", "address"]

    let db: AppDatabase

    public init(db: AppDatabase) { self.db = db }

    public func run(csv text: String, _ options: ImportOptions) throws -> ImportReport {
        let rows = try CSVRows(text, required: Self.requiredColumns, known: Self.columns)
        let county = db.node.county
        var checked = RegistryRows<ServiceOrganisation>(home: \.home)
        try rows.forEach { line, cells in
            var d = ServiceOrganisation.Draft()
            d.id = cells.value("id")
            d.home = cells.value("home") ?? county.rawValue
            d.name = cells.value("name")
            d.type = cells.value("type")
            d.categories = cells.list("categories")
            d.communities = cells.list("communities")
            let latitude = cells.value("latitude"), longitude = cells.value("longitude")
            d.address = .init(
                text: cells.value("address"), latitude: latitude.map { Double($0) ?? .nan }, longitude: longitude.map { Double($0) ?? .nan })
            d.phone = cells.value("phone")
            d.creditStatus = cells.value("creditStatus")
            checked.add(line: line) { () throws(ValidationFailure) in
                let organisation = try ServiceOrganisation(validating: d)
                try organisation.validate()
                return organisation
            }
        }
        try checked.rejectTaken(db, kind: .organisation, county: county)
        if !options.preview { try db.importOrganisations(checked.records.map(\.record), actor: options.actor) }
        return checked.report(preview: options.preview)
    }
}

public struct StaffImport {
    public static let columns = ["id", "home", "name", "role", "organisationId", "phone", "certificates"]
    public static let requiredColumns = ["name", "role"]

    let db: AppDatabase

    public init(db: AppDatabase) { self.db = db }

    public func run(csv text: String, _ options: ImportOptions) throws -> ImportReport {
        let rows = try CSVRows(text, required: Self.requiredColumns, known: Self.columns)
        let county = db.node.county
        var checked = RegistryRows<Staff>(home: \.home)
        try rows.forEach { line, cells in
            var d = Staff.Draft()
            d.id = cells.value("id")
            d.home = cells.value("home") ?? county.rawValue
            d.name = cells.value("name")
            d.role = cells.value("role")
            d.organisationId = cells.value("organisationId")
            d.phone = cells.value("phone")
            d.certificates = cells.list("certificates")
            checked.add(line: line) { () throws(ValidationFailure) in
                let staff = try Staff(validating: d)
                try staff.validate()
                return staff
            }
        }
        // A member of staff names an organisation this county has (live).
        var known: [UUID: Bool] = [:]
        for (line, staff) in checked.records {
            guard let organisation = staff.organisationId else { continue }
            if known[organisation] == nil { known[organisation] = try db.organisation(id: organisation) != nil }
            if known[organisation] == false {
                checked.reject(ImportRejected(
                    line: line, "organisationId", en: "no organisation with id \(organisation) is registered here",
                    zh: "服务组织\(organisation)未登记"))
            }
        }
        try checked.rejectTaken(db, kind: .staff, county: county)
        if !options.preview { try db.importStaff(checked.records.map(\.record), actor: options.actor) }
        return checked.report(preview: options.preview)
    }
}

/// The rows of a registry import as they are checked: the records that pass, with their
/// lines, and the rejected rows.
struct RegistryRows<Record: Identifiable & Sendable> where Record.ID == UUID {
    let home: (Record) -> DivisionCode
    var records: [(line: Int, record: Record)] = []
    var rejected: [ImportRejected] = []
    var count = 0
    private var ids = Set<UUID>()

    init(home: @escaping (Record) -> DivisionCode) { self.home = home }

    mutating func add(line: Int, _ make: () throws(ValidationFailure) -> Record) {
        count += 1
        do throws(ValidationFailure) {
            let record = try make()
            guard ids.insert(record.id).inserted else {
                rejected.append(ImportRejected(line: line, "id", en: "the same id appears on an earlier line", zh: "id 与前面某行重复"))
                return
            }
            records.append((line, record))
        } catch {
            rejected.append(ImportRejected(line: line, errors: error.errors))
        }
    }

    /// Moves a checked row to the rejected ones.
    mutating func reject(_ row: ImportRejected) {
        records.removeAll { $0.line == row.line }
        rejected.append(row)
    }

    /// Rejects the rows whose home is not this county, or whose id a record here already has.
    mutating func rejectTaken(_ db: AppDatabase, kind: EntityKind, county: DivisionCode) throws {
        let taken = try db.registryIDsTaken(records.map(\.record.id), kind: kind)
        for (line, record) in records {
            let recordHome = home(record)
            if recordHome != county {
                reject(ImportRejected(
                    line: line, "home", en: "\(recordHome) is not this county (\(county))", zh: "\(recordHome) 不是本县（\(county)）"))
            } else if taken.contains(record.id) {
                reject(ImportRejected(
                    line: line, "id", en: "a \(kind.label.en) with id \(record.id) already exists; edit it instead of importing it again",
                    zh: "id 为\(record.id)的记录已存在，请修改该记录而不是重复导入"))
            }
        }
        rejected.sort { $0.line < $1.line }
    }

    func report(preview: Bool) -> ImportReport {
        ImportReport(rows: count, imported: records.count, rejected: rejected, preview: preview)
    }
}
