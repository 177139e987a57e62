import CareModel
import Foundation

// The county registry: service organisations and their staff.

extension WireOrganisation {
    init(_ organisation: ServiceOrganisation) {
        self.init()
        name = organisation.name
        type = organisation.type.rawValue
        categories = organisation.categories.map(\.rawValue)
        communities = organisation.communities.map(\.rawValue)
        address = WireAddress(organisation.address)
        if let phone = organisation.phone { self.phone = phone }
        creditStatus = organisation.creditStatus.rawValue
    }
}

extension ServiceOrganisation {
    /// An organisation from a peer; `id` and `home` are the change's.
    init(wire: WireOrganisation, id: UUID, home: DivisionCode) throws(WireError) {
        var categories: [ServiceCategory] = []
        categories.reserveCapacity(wire.categories.count)
        for (index, text) in wire.categories.enumerated() {
            try categories.append(FieldCheck.code(text, "categories[\(index)]"))
        }
        var communities: [DivisionCode] = []
        communities.reserveCapacity(wire.communities.count)
        for (index, text) in wire.communities.enumerated() {
            try communities.append(FieldCheck.division(text, "communities[\(index)]"))
        }
        try self.init(
            id: id, home: home, name: FieldCheck.required(wire.name, "name"), type: FieldCheck.code(wire.type, "type"),
            categories: categories, communities: communities,
            address: Address(wire: wire.address, present: wire.hasAddress, "address"),
            phone: wire.hasPhone ? wire.phone : nil, creditStatus: FieldCheck.code(wire.creditStatus, "credit_status"))
    }
}

extension WireStaff {
    init(_ staff: Staff) {
        self.init()
        name = staff.name
        role = staff.role.rawValue
        if let organisationId = staff.organisationId { organisationID = organisationId.uuidString }
        if let phone = staff.phone { self.phone = phone }
        certificates = staff.certificates
    }
}

extension Staff {
    /// A staff member from a peer; `id` and `home` are the change's.
    init(wire: WireStaff, id: UUID, home: DivisionCode) throws(WireError) {
        try self.init(
            id: id, home: home, name: FieldCheck.required(wire.name, "name"), role: FieldCheck.code(wire.role, "role"),
            organisationId: FieldCheck.uuid(wire.organisationID, present: wire.hasOrganisationID, "organisation_id"),
            phone: wire.hasPhone ? wire.phone : nil, certificates: wire.certificates)
    }
}

extension ServiceOrganisation: WireMapped {
    static let wireKind = WireEntityKind.organisation
    static func message(in record: WireChange.OneOf_Record) -> WireOrganisation? { if case .organisation(let message) = record { message } else { nil } }
    static func record(_ message: WireOrganisation) -> WireChange.OneOf_Record { .organisation(message) }
    var wireMessage: WireOrganisation { WireOrganisation(self) }
    static func decode(_ message: WireOrganisation, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try ServiceOrganisation(wire: message, id: id, home: home) }
}

extension Staff: WireMapped {
    static let wireKind = WireEntityKind.staff
    static func message(in record: WireChange.OneOf_Record) -> WireStaff? { if case .staff(let message) = record { message } else { nil } }
    static func record(_ message: WireStaff) -> WireChange.OneOf_Record { .staff(message) }
    var wireMessage: WireStaff { WireStaff(self) }
    static func decode(_ message: WireStaff, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try Staff(wire: message, id: id, home: home) }
}
