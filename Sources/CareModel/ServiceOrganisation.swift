import Foundation

/// A service organisation in the county registry (服务组织): the county is authoritative and the
/// record flows down to every node.
public struct ServiceOrganisation: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The registering county (6 digits).
    public var home: DivisionCode
    public var name: String
    public var type: OrganisationType
    public var categories: [ServiceCategory]
    /// Communities (12-digit codes) the organisation serves.
    public var communities: [DivisionCode]
    public var address: Address
    public var phone: String?
    public var creditStatus: CreditStatus

    public init(
        id: UUID = UUID(), home: DivisionCode, name: String, type: OrganisationType, categories: [ServiceCategory],
        communities: [DivisionCode], address: Address, phone: String? = nil, creditStatus: CreditStatus = .good
    ) {
        self.id = id
        self.home = home
        self.name = name
        self.type = type
        self.categories = categories
        self.communities = communities
        self.address = address
        self.phone = phone
        self.creditStatus = creditStatus
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var home: String?
        public var name: String?
        public var type: String?
        public var categories: [String]?
        public var communities: [String]?
        public var address: Elder.Draft.AddressDraft?
        public var phone: String?
        public var creditStatus: String?

        public init() {}
    }

    public var draft: Draft {
        var d = Draft()
        d.id = id.canonicalString
        d.home = home.rawValue
        d.name = name
        d.type = type.rawValue
        d.categories = categories.map(\.rawValue)
        d.communities = communities.map(\.rawValue)
        d.address = .init(text: address.text, latitude: address.latitude, longitude: address.longitude)
        d.phone = phone
        d.creditStatus = creditStatus.rawValue
        return d
    }

    public init(validating draft: Draft, id defaultID: UUID = UUID()) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? defaultID : v.uuid(draft.id, "id")
        let home = v.division(draft.home, "home", role: .county)
        let name = v.text(draft.name, "name", max: 100)
        let type = v.code(draft.type, "type", as: OrganisationType.self)
        let categories = v.codes(draft.categories, "categories", as: ServiceCategory.self, minimum: 1)
        var communities: [DivisionCode] = []
        for (index, text) in (draft.communities ?? []).enumerated() {
            if let code = v.division(text, "communities[\(index)]", role: .community) {
                if let home, !home.contains(code) {
                    v.fail("communities[\(index)]", en: "community \(code) is outside county \(home)", zh: "社区\(code)不在本县\(home)范围内")
                } else if !communities.contains(code) {
                    communities.append(code)
                }
            }
        }
        let addressText = v.text(draft.address?.text, "address.text", max: Address.textMax)
        let location = v.coordinates(latitude: draft.address?.latitude, longitude: draft.address?.longitude, "address")
        let phone = v.phone(draft.phone, "phone", optional: true)
        let credit = draft.creditStatus == nil ? CreditStatus.good : v.code(draft.creditStatus, "creditStatus", as: CreditStatus.self)
        try v.check()
        self.init(
            id: id!, home: home!, name: name!, type: type!, categories: categories!, communities: communities,
            address: Address(text: addressText!, location: location), phone: phone, creditStatus: credit!)
    }
}

/// A practitioner (从业人员): doctor, nurse, caregiver, social worker, volunteer… registered at the county.
public struct Staff: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    public var home: DivisionCode
    public var name: String
    public var role: StaffRole
    public var organisationId: UUID?
    public var phone: String?
    public var certificates: [String]

    public init(
        id: UUID = UUID(), home: DivisionCode, name: String, role: StaffRole, organisationId: UUID? = nil,
        phone: String? = nil, certificates: [String] = []
    ) {
        self.id = id
        self.home = home
        self.name = name
        self.role = role
        self.organisationId = organisationId
        self.phone = phone
        self.certificates = certificates
    }

    public struct Draft: Codable, Sendable, Equatable {
        public var id: String?
        public var home: String?
        public var name: String?
        public var role: String?
        public var organisationId: String?
        public var phone: String?
        public var certificates: [String]?

        public init() {}
    }

    public var draft: Draft {
        var d = Draft()
        d.id = id.canonicalString
        d.home = home.rawValue
        d.name = name
        d.role = role.rawValue
        d.organisationId = organisationId?.canonicalString
        d.phone = phone
        d.certificates = certificates
        return d
    }

    public init(validating draft: Draft, id defaultID: UUID = UUID()) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? defaultID : v.uuid(draft.id, "id")
        let home = v.division(draft.home, "home", role: .county)
        let name = v.text(draft.name, "name", max: 50)
        let role = v.code(draft.role, "role", as: StaffRole.self)
        let organisationId = v.uuid(draft.organisationId, "organisationId", optional: true)
        let phone = v.phone(draft.phone, "phone", optional: true)
        var certificates: [String] = []
        for (index, text) in (draft.certificates ?? []).enumerated() {
            if let text = v.text(text, "certificates[\(index)]", max: 100) { certificates.append(text) }
        }
        try v.check()
        self.init(
            id: id!, home: home!, name: name!, role: role!, organisationId: organisationId, phone: phone,
            certificates: certificates)
    }
}

extension ServiceOrganisation: ReplicatedRecord {
    public static let kind = EntityKind.organisation
    public static let label = Label(en: "service organisation", zh: "服务组织")
    public static let mergeClass = MergeClass.registry
}

extension Staff: ReplicatedRecord {
    public static let kind = EntityKind.staff
    public static let label = Label(en: "staff", zh: "从业人员")
    public static let collection = "staff"
    public static let mergeClass = MergeClass.registry
}
