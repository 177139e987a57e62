import CareModel
import Foundation
import GRDB

enum OrganisationTable: RecordTable {
    static let table = "organisation"
    static let columns = [
        "id", "home", "name", "type", "categories", "communities", "address", "phone", "credit_status",
        "version", "origin", "deleted",
    ]

    static func values(_ o: ServiceOrganisation, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            o.id.canonicalString, o.home.rawValue, o.name, o.type.rawValue, JSONColumn.encode(o.categories),
            JSONColumn.encode(o.communities), JSONColumn.encode(o.address), o.phone, o.creditStatus.rawValue,
            meta.version.hlc.packed, meta.version.origin, meta.deleted,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<ServiceOrganisation> {
        let organisation = ServiceOrganisation(
            id: try row.uuid("id"), home: try row.division("home"), name: row["name"],
            type: try row.code("type", as: OrganisationType.self),
            categories: try JSONColumn.decode([ServiceCategory].self, row["categories"], column: "categories"),
            communities: try JSONColumn.decode([DivisionCode].self, row["communities"], column: "communities"),
            address: try JSONColumn.decode(Address.self, row["address"], column: "address"), phone: row["phone"],
            creditStatus: try row.code("credit_status", as: CreditStatus.self))
        return Stored(model: organisation, meta: RecordMeta(version: row.version(), deleted: row["deleted"]))
    }
}

enum StaffTable: RecordTable {
    static let table = "staff"
    static let columns = ["id", "home", "name", "role", "organisation_id", "phone", "certificates", "version", "origin", "deleted"]

    static func values(_ s: Staff, _ meta: RecordMeta) -> [(any DatabaseValueConvertible)?] {
        [
            s.id.canonicalString, s.home.rawValue, s.name, s.role.rawValue, s.organisationId?.canonicalString, s.phone,
            JSONColumn.encode(s.certificates), meta.version.hlc.packed, meta.version.origin, meta.deleted,
        ]
    }

    static func decode(_ row: Row) throws -> Stored<Staff> {
        let staff = Staff(
            id: try row.uuid("id"), home: try row.division("home"), name: row["name"],
            role: try row.code("role", as: StaffRole.self), organisationId: try row.optionalUUID("organisation_id"),
            phone: row["phone"], certificates: try JSONColumn.decode([String].self, row["certificates"], column: "certificates"))
        return Stored(model: staff, meta: RecordMeta(version: row.version(), deleted: row["deleted"]))
    }
}
