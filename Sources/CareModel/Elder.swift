import Foundation

/// Someone the emergency services or a caregiver may call; one of them may hold a key.
public struct EmergencyContact: Hashable, Codable, Sendable {
    public var name: String
    public var relation: String
    public var phone: String
    public var holdsKey: Bool

    public init(name: String, relation: String, phone: String, holdsKey: Bool = false) {
        self.name = name
        self.relation = relation
        self.phone = phone
        self.holdsKey = holdsKey
    }
}

/// An elder's file (老人档案): created at a street window or a community station, homed at the
/// elder's community, edited at several tiers and merged field by field.
public struct Elder: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The elder's community (12-digit code): places the record in the tree.
    public var home: DivisionCode
    public var name: String
    public var gender: Gender
    /// YYYY-MM-DD.
    public var birthDate: String
    public var citizenId: CitizenID
    public var phone: String?
    public var address: Address
    public var livingSituation: LivingSituation
    /// Ability level 0 (able) to 4 (completely disabled), GB/T 42195.
    public var abilityLevel: Int
    public var chronicConditions: [String]
    public var emergencyContacts: [EmergencyContact]
    /// Set on a duplicate of the same person, deleted when an operator kept the other record:
    /// what was recorded against this id counts as the kept elder's.
    public var mergedInto: UUID?

    public init(
        id: UUID = UUID(), home: DivisionCode, name: String, gender: Gender, birthDate: String,
        citizenId: CitizenID, phone: String? = nil, address: Address, livingSituation: LivingSituation,
        abilityLevel: Int, chronicConditions: [String] = [], emergencyContacts: [EmergencyContact], mergedInto: UUID? = nil
    ) {
        self.id = id
        self.home = home
        self.name = name
        self.gender = gender
        self.birthDate = birthDate
        self.citizenId = citizenId
        self.phone = phone
        self.address = address
        self.livingSituation = livingSituation
        self.abilityLevel = abilityLevel
        self.chronicConditions = chronicConditions
        self.emergencyContacts = emergencyContacts
        self.mergedInto = mergedInto
    }
}

extension Elder {
    /// An elder as it arrives from an operator or an import: every field optional and loosely
    /// typed, so that each problem can be reported against its field.
    public struct Draft: Codable, Sendable, Equatable {
        public struct ContactDraft: Codable, Sendable, Equatable {
            public var name: String?
            public var relation: String?
            public var phone: String?
            public var holdsKey: Bool?

            public init(name: String? = nil, relation: String? = nil, phone: String? = nil, holdsKey: Bool? = nil) {
                self.name = name
                self.relation = relation
                self.phone = phone
                self.holdsKey = holdsKey
            }
        }

        public struct AddressDraft: Codable, Sendable, Equatable {
            public var text: String?
            public var latitude: Double?
            public var longitude: Double?

            public init(text: String? = nil, latitude: Double? = nil, longitude: Double? = nil) {
                self.text = text
                self.latitude = latitude
                self.longitude = longitude
            }
        }

        public var id: String?
        public var home: String?
        public var name: String?
        public var gender: String?
        public var birthDate: String?
        public var citizenId: String?
        public var phone: String?
        public var address: AddressDraft?
        public var livingSituation: String?
        public var abilityLevel: Int?
        public var chronicConditions: [String]?
        public var emergencyContacts: [ContactDraft]?

        public init() {}

        /// Fields set in `patch` replace ours (a JSON merge patch, one level deep).
        public func overlaid(with patch: Draft) -> Draft {
            var result = self
            result.home = patch.home ?? home
            result.name = patch.name ?? name
            result.gender = patch.gender ?? gender
            result.birthDate = patch.birthDate ?? birthDate
            result.citizenId = patch.citizenId ?? citizenId
            result.phone = patch.phone ?? phone
            result.address = patch.address ?? address
            result.livingSituation = patch.livingSituation ?? livingSituation
            result.abilityLevel = patch.abilityLevel ?? abilityLevel
            result.chronicConditions = patch.chronicConditions ?? chronicConditions
            result.emergencyContacts = patch.emergencyContacts ?? emergencyContacts
            return result
        }
    }

    public var draft: Draft {
        var d = Draft()
        d.id = id.canonicalString
        d.home = home.rawValue
        d.name = name
        d.gender = gender.rawValue
        d.birthDate = birthDate
        d.citizenId = citizenId.rawValue
        d.phone = phone
        d.address = .init(text: address.text, latitude: address.latitude, longitude: address.longitude)
        d.livingSituation = livingSituation.rawValue
        d.abilityLevel = abilityLevel
        d.chronicConditions = chronicConditions
        d.emergencyContacts = emergencyContacts.map {
            .init(name: $0.name, relation: $0.relation, phone: $0.phone, holdsKey: $0.holdsKey)
        }
        return d
    }

    /// Validates a draft; every problem is reported, in English and Chinese, against its field.
    public init(validating draft: Draft, id defaultID: UUID = UUID()) throws(ValidationFailure) {
        var v = Validator()
        let id = draft.id == nil ? defaultID : v.uuid(draft.id, "id")
        let home = v.division(draft.home, "home", role: .community)
        let name = v.text(draft.name, "name", max: 50)
        let gender = v.code(draft.gender, "gender", as: Gender.self)
        var citizenId: CitizenID?
        if let raw = v.required(draft.citizenId, "citizenId") {
            do { citizenId = try CitizenID(validating: raw) } catch {
                v.fail("citizenId", en: error.label.en, zh: error.label.zh)
            }
        }
        var birthDate = draft.birthDate
        if let given = birthDate {
            if !CalendarDate.isValid(given) {
                v.fail("birthDate", en: "birthDate '\(given)' must be a date YYYY-MM-DD", zh: "出生日期“\(given)”格式应为YYYY-MM-DD")
                birthDate = nil
            } else if let citizenId, citizenId.birthDate != given {
                v.fail("birthDate", en: "birthDate \(given) does not match the citizen ID (\(citizenId.birthDate))", zh: "出生日期与身份证号不一致")
            }
        } else {
            birthDate = citizenId?.birthDate
        }
        let phone = v.phone(draft.phone, "phone", optional: true)
        let addressText = v.text(draft.address?.text, "address.text", max: Address.textMax)
        let location = v.coordinates(latitude: draft.address?.latitude, longitude: draft.address?.longitude, "address")
        let living = v.code(draft.livingSituation, "livingSituation", as: LivingSituation.self)
        let ability = v.range(draft.abilityLevel, "abilityLevel", 0...4)
        var conditions: [String] = []
        for (index, condition) in (draft.chronicConditions ?? []).enumerated() {
            if let text = v.text(condition, "chronicConditions[\(index)]", max: 50) { conditions.append(text) }
        }
        let contacts = v.emergencyContacts(draft.emergencyContacts ?? [], "emergencyContacts")
        try v.check()
        self.init(
            id: id!, home: home!, name: name!, gender: gender!, birthDate: birthDate!, citizenId: citizenId!,
            phone: phone, address: Address(text: addressText!, location: location), livingSituation: living!,
            abilityLevel: ability!, chronicConditions: conditions, emergencyContacts: contacts)
    }
}

extension Elder: ReplicatedRecord {
    public static let kind = EntityKind.elder
    public static let label = Label(en: "elder", zh: "老人档案")
    public static let mergeClass = MergeClass.profile
}

extension Validator {
    /// One to three emergency contacts, each with a name, a relation and a phone.
    public mutating func emergencyContacts(_ drafts: [Elder.Draft.ContactDraft], _ field: String) -> [EmergencyContact] {
        if !(1...3).contains(drafts.count) {
            fail(field, en: "\(field) needs 1 to 3 contacts, got \(drafts.count)", zh: "紧急联系人应为1至3人")
        }
        var contacts: [EmergencyContact] = []
        for (index, contact) in drafts.enumerated() {
            let item = "\(field)[\(index)]"
            let name = self.text(contact.name, "\(item).name", max: 50)
            let relation = self.text(contact.relation, "\(item).relation", max: 20)
            let phone = self.phone(contact.phone, "\(item).phone")
            if let name, let relation, let phone {
                contacts.append(EmergencyContact(name: name, relation: relation, phone: phone, holdsKey: contact.holdsKey ?? false))
            }
        }
        return contacts
    }
}
