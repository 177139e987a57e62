import CareModel
import CareStore
import Foundation
import Hummingbird

/// An elder's care plan with the rule that fills it in. The volunteer's phone is masked for
/// accounts that do not set plans.
struct CarePlanView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let group: String
    /// What applies: the plan's own figure or the county's rule for the group.
    let contactKind: String
    let intervalDays: Int
    let graceDays: Int
    /// Whether the kind and interval are the plan's own (else the county's rule).
    let ownContactKind: Bool
    let ownIntervalDays: Bool
    let assignee: String
    let volunteerName: String?
    let volunteerPhone: String?
    let startsOn: String
    let note: String?
    let setBy: String
    let setAt: Date
    let version: String

    init(_ plan: EffectiveCarePlan, meta: RecordMeta, revealPhone: Bool) {
        let p = plan.plan
        id = p.id
        home = p.home.rawValue
        elderId = p.elderId
        group = p.group.rawValue
        contactKind = plan.contactKind.rawValue
        intervalDays = plan.intervalDays
        graceDays = plan.graceDays
        ownContactKind = plan.ownKind
        ownIntervalDays = plan.ownInterval
        assignee = p.assignee
        volunteerName = p.volunteerName
        volunteerPhone = revealPhone ? p.volunteerPhone : Mask.phone(p.volunteerPhone)
        startsOn = p.startsOn
        note = p.note
        setBy = p.setBy
        setAt = date(millis: p.setAtMillis)
        version = Stored(model: p, meta: meta).etag
    }
}

/// What the elder's care screen shows: the groups the elder is in, the plan (if any) and
/// where it stands today.
struct ElderCareView: ResponseEncodable, Decodable {
    let elderId: UUID
    let groups: [String]
    let plan: CarePlanView?
    let due: CareDueView?
}

struct CareDueView: ResponseEncodable, Decodable {
    let dueOn: String
    let state: String
    let daysLate: Int
    let lastContactOn: String?
    /// Set when an inactivity alert made the contact due sooner than the plan.
    let signalledAt: Date?

    init(_ due: CareDue) {
        dueOn = due.dueOn
        state = due.state.rawValue
        daysLate = due.daysLate
        lastContactOn = due.lastContactOn
        signalledAt = due.signalledAtMillis.map(date(millis:))
    }
}

struct CareContactView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let kind: String
    let outcome: String
    let at: Date
    let by: String
    let volunteer: String?
    let notes: String?
    let followUpKind: String?
    let followUpId: UUID?
    let recordedAt: Date
    let version: String

    init(_ stored: Stored<CareContact>) {
        let c = stored.model
        id = c.id
        home = c.home.rawValue
        elderId = c.elderId
        kind = c.kind.rawValue
        outcome = c.outcome.rawValue
        at = date(millis: c.atMillis)
        by = c.by
        volunteer = c.volunteer
        notes = c.notes
        followUpKind = c.followUpKind?.rawValue
        followUpId = c.followUpId
        recordedAt = date(millis: c.recordedAtMillis)
        version = stored.etag
    }
}

/// One line of a due list or of the street's escalation list.
struct CareItemView: ResponseEncodable, Decodable {
    let elderId: UUID
    let elderName: String
    let place: String
    let home: String
    let group: String
    let contactKind: String
    let intervalDays: Int
    let graceDays: Int
    let assignee: String
    let volunteerName: String?
    let dueOn: String
    let state: String
    let daysLate: Int
    let lastContactOn: String?
    let signalledAt: Date?
    let lastAttempt: CareContactView?

    init(_ item: CareItem) {
        let p = item.plan.plan
        elderId = p.elderId
        elderName = item.elderName
        place = item.elderPlace
        home = p.home.rawValue
        group = p.group.rawValue
        contactKind = item.plan.contactKind.rawValue
        intervalDays = item.plan.intervalDays
        graceDays = item.plan.graceDays
        assignee = p.assignee
        volunteerName = p.volunteerName
        dueOn = item.due.dueOn
        state = item.due.state.rawValue
        daysLate = item.due.daysLate
        lastContactOn = item.due.lastContactOn
        signalledAt = item.due.signalledAtMillis.map(date(millis:))
        lastAttempt = item.lastAttempt.map(CareContactView.init)
    }
}

/// A contact as recorded, with the order or alert its concern became.
struct RecordedContactView: ResponseEncodable, Decodable {
    let contact: CareContactView
    let orderId: UUID?
    let alertId: UUID?
}

struct CareDefaultView: ResponseEncodable, Decodable {
    let group: String
    let contactKind: String
    let intervalDays: Int
    let graceDays: Int
    /// `county` when the county set it, else `shipped`.
    let origin: String
    let shipped: Shipped
    let version: String?

    struct Shipped: Codable, Sendable {
        let contactKind: String
        let intervalDays: Int
        let graceDays: Int
    }

    init(_ entry: CareDefaultEntry) {
        group = entry.current.group.rawValue
        contactKind = entry.current.contactKind.rawValue
        intervalDays = entry.current.intervalDays
        graceDays = entry.current.graceDays
        origin = entry.edit == nil ? "shipped" : "county"
        shipped = Shipped(
            contactKind: entry.shipped.contactKind.rawValue, intervalDays: entry.shipped.intervalDays, graceDays: entry.shipped.graceDays)
        version = entry.edit?.etag
    }
}
