import CareModel
import CareStore
import Foundation
import Hummingbird

struct VolunteerView: ResponseEncodable, Decodable, Sendable {
    let id: UUID
    let home: String
    let elderId: UUID?
    let name: String
    /// Masked, like an elder's phone in a list.
    let phone: String
    let community: String
    let skills: [String]
    let status: String
    let registeredBy: String
    /// Minutes, as folded from what this node holds (present on the record and the ledger).
    let balance: Int?
    let version: String

    init(_ stored: Stored<Volunteer>, balance: Int? = nil) {
        let v = stored.model
        id = v.id
        home = v.home.rawValue
        elderId = v.elderId
        name = v.name
        phone = Mask.phone(v.phone) ?? ""
        community = v.community.rawValue
        skills = v.skills.map(\.rawValue)
        status = v.status.rawValue
        registeredBy = v.registeredBy
        self.balance = balance
        version = stored.etag
    }
}

struct TimeEntryView: ResponseEncodable, Decodable, Sendable {
    let id: UUID
    let volunteerId: UUID
    let kind: String
    let minutes: Int
    /// What the entry adds to the balance, and the balance after it in fold order.
    let signedMinutes: Int
    let balanceAfter: Int
    let overdraft: Bool
    let activityId: UUID?
    let activityTitle: String?
    let orderId: UUID?
    let forElderId: UUID?
    let relation: String?
    let conflictId: UUID?
    let note: String
    let node: String
    let `operator`: String
    let at: Date
    let version: String

    init(_ held: LedgerEntry, balanceAfter: Int, overdraft: Bool) {
        let e = held.entry
        id = e.id
        volunteerId = e.volunteerId
        kind = e.kind.rawValue
        minutes = e.minutes
        signedMinutes = e.signedMinutes
        self.balanceAfter = balanceAfter
        self.overdraft = overdraft
        activityId = e.activityId
        activityTitle = e.activityTitle
        orderId = e.orderId
        forElderId = e.forElderId
        relation = e.relation?.rawValue
        conflictId = e.conflictId
        note = e.note
        node = e.node.rawValue
        self.operator = e.operator
        at = date(millis: e.atMillis)
        version = held.version.description
    }

    init(_ stored: Stored<TimeEntry>) {
        self.init(LedgerEntry(stored.model, version: stored.meta.version), balanceAfter: 0, overdraft: false)
    }
}

/// A volunteer's ledger as this node holds it: the entries in fold order and the balance.
struct LedgerView: ResponseEncodable, Decodable, Sendable {
    let volunteer: VolunteerView
    let balance: Int
    let earned: Int
    let redeemed: Int
    let adjusted: Int
    let entries: [TimeEntryView]
    /// Overdraft conflicts on this volunteer not yet settled.
    let openOverdrafts: [UUID]

    init(_ volunteer: Stored<Volunteer>, _ entries: [LedgerEntry], openOverdrafts: [UUID]) {
        let folded = TimeBank.fold(entries)
        let overdrawn = Set(folded.overdrafts.map(\.entry.id))
        var running = 0
        self.entries = TimeBank.ordered(entries).map { held in
            running += held.entry.signedMinutes
            return TimeEntryView(held, balanceAfter: running, overdraft: overdrawn.contains(held.entry.id))
        }
        self.volunteer = VolunteerView(volunteer, balance: folded.minutes)
        balance = folded.minutes
        earned = folded.earned
        redeemed = folded.redeemed
        adjusted = folded.adjusted
        self.openOverdrafts = openOverdrafts
    }
}

struct ActivityView: ResponseEncodable, Decodable, Sendable {
    struct Person: Codable, Sendable {
        let id: UUID
        let name: String?
        let attended: Bool
    }

    let id: UUID
    let home: String
    let title: String
    let date: String
    let place: String
    let minutes: Int
    let capacity: Int
    let organisedBy: String
    let cancelled: Bool
    let signedUp: [Person]
    let version: String

    init(_ stored: Stored<VolunteerActivity>, names: [UUID: String] = [:], attended: Set<UUID> = []) {
        let a = stored.model
        id = a.id
        home = a.home.rawValue
        title = a.title
        date = a.date
        place = a.place
        minutes = a.minutes
        capacity = a.capacity
        organisedBy = a.organisedBy
        cancelled = a.cancelled
        signedUp = a.signedUp.map { Person(id: $0, name: names[$0], attended: attended.contains($0)) }
        version = stored.etag
    }
}

struct OverdraftView: ResponseEncodable, Decodable, Sendable {
    let conflict: ConflictView
    let volunteerId: UUID
    let volunteerName: String?
    let entryId: UUID?
    /// The balance this node folds now.
    let balance: Int
}

struct SettlementView: ResponseEncodable, Decodable, Sendable {
    let conflict: ConflictView
    let entry: TimeEntryView?
}

extension Volunteer.Draft: StrictDraft {}
extension VolunteerActivity.Draft: StrictDraft {}
extension TimeEntry.RedemptionDraft: StrictDraft {}
extension TimeEntry.SettlementDraft: StrictDraft {}

/// A sign-up or an attendance names the volunteer.
struct VolunteerPick: Codable, Sendable, Equatable, StrictDraft {
    var volunteerId: String?
    init() {}
}
