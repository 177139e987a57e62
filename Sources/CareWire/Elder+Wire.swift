import CareModel
import Foundation

extension WireElder {
    init(_ elder: Elder) {
        self.init()
        name = elder.name
        gender = elder.gender.rawValue
        birthDate = elder.birthDate
        citizenID = elder.citizenId.rawValue
        if let phone = elder.phone { self.phone = phone }
        address = WireAddress(elder.address)
        livingSituation = elder.livingSituation.rawValue
        abilityLevel = Int32(clamping: elder.abilityLevel)
        chronicConditions = elder.chronicConditions
        emergencyContacts = elder.emergencyContacts.map(WireEmergencyContact.init)
        if let mergedInto = elder.mergedInto { self.mergedInto = mergedInto.uuidString }
    }
}

extension WireEmergencyContact {
    init(_ contact: EmergencyContact) {
        self.init()
        name = contact.name
        relation = contact.relation
        phone = contact.phone
        holdsKey = contact.holdsKey
    }
}

extension EmergencyContact {
    /// A list of contacts from a peer, each named and with a phone.
    static func decode(_ wire: [WireEmergencyContact], _ field: String) throws(WireError) -> [EmergencyContact] {
        var contacts: [EmergencyContact] = []
        contacts.reserveCapacity(wire.count)
        for (index, contact) in wire.enumerated() {
            try contacts.append(FieldCheck.nested("\(field)[\(index)]") { () throws(WireError) in
                try EmergencyContact(
                    name: FieldCheck.required(contact.name, "name"), relation: contact.relation,
                    phone: FieldCheck.required(contact.phone, "phone"), holdsKey: contact.holdsKey)
            })
        }
        return contacts
    }
}

extension Elder {
    /// An elder from a peer; `id` and `home` are the change's.
    init(wire: WireElder, id: UUID, home: DivisionCode) throws(WireError) {
        guard CalendarDate.isValid(wire.birthDate) else {
            throw WireError(field: "birth_date", problem: "'\(wire.birthDate)' is not a date YYYY-MM-DD")
        }
        let contacts = try EmergencyContact.decode(wire.emergencyContacts, "emergency_contacts")
        try self.init(
            id: id, home: home, name: FieldCheck.required(wire.name, "name"), gender: FieldCheck.code(wire.gender, "gender"),
            birthDate: wire.birthDate, citizenId: FieldCheck.citizenID(wire.citizenID, "citizen_id"),
            phone: wire.hasPhone ? wire.phone : nil, address: Address(wire: wire.address, present: wire.hasAddress, "address"),
            livingSituation: FieldCheck.code(wire.livingSituation, "living_situation"),
            abilityLevel: FieldCheck.range(wire.abilityLevel, "ability_level", 0...4),
            chronicConditions: wire.chronicConditions, emergencyContacts: contacts,
            mergedInto: FieldCheck.uuid(wire.mergedInto, present: wire.hasMergedInto, "merged_into"))
    }
}

extension Elder: WireMapped {
    static let wireKind = WireEntityKind.elder
    static func message(in record: WireChange.OneOf_Record) -> WireElder? { if case .elder(let message) = record { message } else { nil } }
    static func record(_ message: WireElder) -> WireChange.OneOf_Record { .elder(message) }
    var wireMessage: WireElder { WireElder(self) }
    static func decode(_ message: WireElder, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self { try Elder(wire: message, id: id, home: home) }
}
