import CareModel
import Foundation

// Proactive care: an elder's plan, its contacts, and the county's rule per group.

extension WireCarePlan {
    init(_ p: CarePlan) {
        self.init()
        elderID = p.elderId.uuidString
        group = p.group.rawValue
        if let kind = p.contactKind { contactKind = kind.rawValue }
        if let days = p.intervalDays { intervalDays = Int32(days) }
        assignee = p.assignee
        if let name = p.volunteerName { volunteerName = name }
        if let phone = p.volunteerPhone { volunteerPhone = phone }
        startsOn = p.startsOn
        if let note = p.note { self.note = note }
        setBy = p.setBy
        setAtMillis = p.setAtMillis
    }
}

extension CarePlan: WireMapped {
    static let wireKind = WireEntityKind.carePlan
    static func message(in record: WireChange.OneOf_Record) -> WireCarePlan? { if case .carePlan(let message) = record { message } else { nil } }
    static func record(_ message: WireCarePlan) -> WireChange.OneOf_Record { .carePlan(message) }
    var wireMessage: WireCarePlan { WireCarePlan(self) }

    /// A plan from a peer; its id must be the one its elder gives.
    static func decode(_ m: WireCarePlan, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        let plan = try CarePlan(
            home: home, elderId: FieldCheck.uuid(m.elderID, "elder_id"), group: FieldCheck.code(m.group, "group"),
            contactKind: FieldCheck.code(m.contactKind, present: m.hasContactKind, "contact_kind"),
            intervalDays: m.hasIntervalDays ? Int(m.intervalDays) : nil, assignee: FieldCheck.required(m.assignee, "assignee"),
            volunteerName: m.hasVolunteerName ? m.volunteerName : nil, volunteerPhone: m.hasVolunteerPhone ? m.volunteerPhone : nil,
            startsOn: FieldCheck.required(m.startsOn, "starts_on"), note: m.hasNote ? m.note : nil,
            setBy: FieldCheck.required(m.setBy, "set_by"), setAtMillis: m.setAtMillis)
        guard plan.id == id else { throw WireError(field: "", problem: "care plan id \(id) does not match its elder") }
        return plan
    }
}

extension WireCareContact {
    init(_ c: CareContact) {
        self.init()
        elderID = c.elderId.uuidString
        kind = c.kind.rawValue
        outcome = c.outcome.rawValue
        atMillis = c.atMillis
        by = c.by
        if let volunteer = c.volunteer { self.volunteer = volunteer }
        if let notes = c.notes { self.notes = notes }
        if let kind = c.followUpKind { followUpKind = kind.rawValue }
        if let id = c.followUpId { followUpID = id.uuidString }
        recordedAtMillis = c.recordedAtMillis
    }
}

extension CareContact: WireMapped {
    static let wireKind = WireEntityKind.careContact
    static func message(in record: WireChange.OneOf_Record) -> WireCareContact? { if case .careContact(let message) = record { message } else { nil } }
    static func record(_ message: WireCareContact) -> WireChange.OneOf_Record { .careContact(message) }
    var wireMessage: WireCareContact { WireCareContact(self) }

    static func decode(_ m: WireCareContact, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        try CareContact(
            id: id, home: home, elderId: FieldCheck.uuid(m.elderID, "elder_id"), kind: FieldCheck.code(m.kind, "kind"),
            outcome: FieldCheck.code(m.outcome, "outcome"), atMillis: m.atMillis, by: FieldCheck.required(m.by, "by"),
            volunteer: m.hasVolunteer ? m.volunteer : nil, notes: m.hasNotes ? m.notes : nil,
            followUpKind: FieldCheck.code(m.followUpKind, present: m.hasFollowUpKind, "follow_up_kind"),
            followUpId: FieldCheck.uuid(m.followUpID, present: m.hasFollowUpID, "follow_up_id"), recordedAtMillis: m.recordedAtMillis)
    }
}

extension WireCareDefault {
    init(_ d: CareDefault) {
        self.init()
        group = d.group.rawValue
        contactKind = d.contactKind.rawValue
        intervalDays = Int32(d.intervalDays)
        graceDays = Int32(d.graceDays)
    }
}

extension CareDefault: WireMapped {
    static let wireKind = WireEntityKind.careDefault
    static func message(in record: WireChange.OneOf_Record) -> WireCareDefault? { if case .careDefault(let message) = record { message } else { nil } }
    static func record(_ message: WireCareDefault) -> WireChange.OneOf_Record { .careDefault(message) }
    var wireMessage: WireCareDefault { WireCareDefault(self) }

    /// A rule from the county; its id must be the one its group gives.
    static func decode(_ m: WireCareDefault, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        let rule = try CareDefault(
            home: home, group: FieldCheck.code(m.group, "group"), contactKind: FieldCheck.code(m.contactKind, "contact_kind"),
            intervalDays: Int(m.intervalDays), graceDays: Int(m.graceDays))
        guard rule.id == id else { throw WireError(field: "", problem: "care default id \(id) does not match its group") }
        return rule
    }
}
