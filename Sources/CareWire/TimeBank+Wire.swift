import CareModel
import Foundation

extension WireVolunteer {
    init(_ v: Volunteer) {
        self.init()
        if let elderId = v.elderId { elderID = elderId.uuidString }
        name = v.name
        phone = v.phone
        community = v.community.rawValue
        skills = v.skills.map(\.rawValue)
        status = v.status.rawValue
        registeredBy = v.registeredBy
    }
}

extension Volunteer: WireMapped {
    static let wireKind = WireEntityKind.volunteer
    static func message(in record: WireChange.OneOf_Record) -> WireVolunteer? { if case .volunteer(let message) = record { message } else { nil } }
    static func record(_ message: WireVolunteer) -> WireChange.OneOf_Record { .volunteer(message) }
    var wireMessage: WireVolunteer { WireVolunteer(self) }

    /// A volunteer from a peer; the home is the change's (its rules check it is the county of
    /// the community).
    static func decode(_ m: WireVolunteer, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        var skills: [VolunteerSkill] = []
        for (index, skill) in m.skills.enumerated() { skills.append(try FieldCheck.code(skill, "skills[\(index)]")) }
        var volunteer = try Volunteer(
            id: id, elderId: FieldCheck.uuid(m.elderID, present: m.hasElderID, "elder_id"), name: FieldCheck.required(m.name, "name"),
            phone: FieldCheck.required(m.phone, "phone"), community: FieldCheck.division(m.community, "community"), skills: skills,
            status: FieldCheck.code(m.status, "status"), registeredBy: FieldCheck.required(m.registeredBy, "registered_by"))
        volunteer.home = home
        return volunteer
    }
}

extension WireVolunteerActivity {
    init(_ a: VolunteerActivity) {
        self.init()
        title = a.title
        date = a.date
        place = a.place
        minutes = Int32(a.minutes)
        capacity = Int32(a.capacity)
        signedUp = a.signedUp.map(\.uuidString)
        organisedBy = a.organisedBy
        cancelled = a.cancelled
    }
}

extension VolunteerActivity: WireMapped {
    static let wireKind = WireEntityKind.volunteerActivity
    static func message(in record: WireChange.OneOf_Record) -> WireVolunteerActivity? {
        if case .volunteerActivity(let message) = record { message } else { nil }
    }
    static func record(_ message: WireVolunteerActivity) -> WireChange.OneOf_Record { .volunteerActivity(message) }
    var wireMessage: WireVolunteerActivity { WireVolunteerActivity(self) }

    static func decode(_ m: WireVolunteerActivity, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        var signedUp: [UUID] = []
        for (index, text) in m.signedUp.enumerated() { signedUp.append(try FieldCheck.uuid(text, "signed_up[\(index)]")) }
        return try VolunteerActivity(
            id: id, home: home, title: FieldCheck.required(m.title, "title"), date: FieldCheck.required(m.date, "date"),
            place: FieldCheck.required(m.place, "place"), minutes: Int(m.minutes), capacity: Int(m.capacity), signedUp: signedUp,
            organisedBy: FieldCheck.required(m.organisedBy, "organised_by"), cancelled: m.cancelled)
    }
}

extension WireTimeEntry {
    init(_ e: TimeEntry) {
        self.init()
        volunteerID = e.volunteerId.uuidString
        kind = e.kind.rawValue
        minutes = Int32(e.minutes)
        if let activityId = e.activityId { activityID = activityId.uuidString }
        if let title = e.activityTitle { activityTitle = title }
        if let orderId = e.orderId { orderID = orderId.uuidString }
        if let elderId = e.forElderId { forElderID = elderId.uuidString }
        if let relation = e.relation { self.relation = relation.rawValue }
        if let conflictId = e.conflictId { conflictID = conflictId.uuidString }
        note = e.note
        node = e.node.rawValue
        `operator` = e.operator
        atMillis = e.atMillis
    }
}

extension TimeEntry: WireMapped {
    static let wireKind = WireEntityKind.timeEntry
    static func message(in record: WireChange.OneOf_Record) -> WireTimeEntry? { if case .timeEntry(let message) = record { message } else { nil } }
    static func record(_ message: WireTimeEntry) -> WireChange.OneOf_Record { .timeEntry(message) }
    var wireMessage: WireTimeEntry { WireTimeEntry(self) }

    /// An entry from a peer; its record rules (minutes by kind, what a redemption names) are
    /// checked after decoding, as every kind's.
    static func decode(_ m: WireTimeEntry, id: UUID, home: DivisionCode, version: Version) throws(WireError) -> Self {
        try TimeEntry(
            id: id, home: home, volunteerId: FieldCheck.uuid(m.volunteerID, "volunteer_id"), kind: FieldCheck.code(m.kind, "kind"),
            minutes: Int(m.minutes), activityId: FieldCheck.uuid(m.activityID, present: m.hasActivityID, "activity_id"),
            activityTitle: m.hasActivityTitle ? m.activityTitle : nil,
            orderId: FieldCheck.uuid(m.orderID, present: m.hasOrderID, "order_id"),
            forElderId: FieldCheck.uuid(m.forElderID, present: m.hasForElderID, "for_elder_id"),
            relation: FieldCheck.code(m.relation, present: m.hasRelation, "relation"),
            conflictId: FieldCheck.uuid(m.conflictID, present: m.hasConflictID, "conflict_id"), note: m.note,
            node: FieldCheck.division(m.node, "node"), operator: FieldCheck.required(m.operator, "operator"), atMillis: m.atMillis)
    }
}
