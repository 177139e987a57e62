import CareModel
import CareStore
import Foundation
import Hummingbird

/// Masks personal data for lists and views (GB/T 35273): 138****5678.
enum Mask {
    static func phone(_ phone: String?) -> String? {
        guard let phone else { return nil }
        guard phone.count >= 7 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + String(repeating: "*", count: phone.count - 7) + String(phone.suffix(4))
    }
}

/// A list page as JSON.
struct PageView<Item: ResponseEncodable & Sendable>: ResponseEncodable, Sendable {
    let items: [Item]
    let next: String?
    /// Matching records on all pages, so a table can say how many there are; when
    /// `totalCapped` is true there are more than `total` (lists stop counting at 10,000).
    var total: Int? = nil
    var totalCapped: Bool? = nil
}

extension PageView {
    /// A store page as JSON: its items as views, its cursor and its count.
    init<Source>(_ page: Page<Source>, _ view: (Source) throws -> Item) rethrows {
        self.init(items: try page.items.map(view), next: page.next, total: page.total, totalCapped: page.totalCapped ? true : nil)
    }
}

// Decodable too, so the API document reads the shape of every answer from its type.
extension PageView: Decodable where Item: Decodable {}

struct ElderView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let name: String
    let gender: String
    let birthDate: String
    /// Masked unless the caller asked to reveal it with a reason (the read is audited).
    let citizenId: String
    let phone: String?
    let address: Address
    let livingSituation: String
    let abilityLevel: Int
    let chronicConditions: [String]
    let emergencyContacts: [EmergencyContact]
    let version: String

    init(_ stored: Stored<Elder>, reveal: Bool = false) {
        let elder = stored.model
        id = elder.id
        home = elder.home.rawValue
        name = elder.name
        gender = elder.gender.rawValue
        birthDate = elder.birthDate
        citizenId = reveal ? elder.citizenId.rawValue : elder.citizenId.masked
        phone = reveal ? elder.phone : Mask.phone(elder.phone)
        address = elder.address
        livingSituation = elder.livingSituation.rawValue
        abilityLevel = elder.abilityLevel
        chronicConditions = elder.chronicConditions
        emergencyContacts = elder.emergencyContacts.map {
            var contact = $0
            if !reveal { contact.phone = Mask.phone(contact.phone) ?? "" }
            return contact
        }
        version = stored.etag
    }
}

struct DeviceView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let type: String
    let serial: String
    let elderId: UUID?
    let status: String
    let version: String

    init(_ stored: Stored<Device>) {
        id = stored.model.id
        home = stored.model.home.rawValue
        type = stored.model.type.rawValue
        serial = stored.model.serial
        elderId = stored.model.elderId
        status = stored.model.status.rawValue
        version = stored.etag
    }
}

struct OrganisationView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let name: String
    let type: String
    let categories: [String]
    let communities: [String]
    let address: Address
    let phone: String?
    let creditStatus: String
    let version: String

    init(_ stored: Stored<ServiceOrganisation>) {
        let o = stored.model
        id = o.id
        home = o.home.rawValue
        name = o.name
        type = o.type.rawValue
        categories = o.categories.map(\.rawValue)
        communities = o.communities.map(\.rawValue)
        address = o.address
        phone = o.phone
        creditStatus = o.creditStatus.rawValue
        version = stored.etag
    }
}

struct StaffView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let name: String
    let role: String
    let organisationId: UUID?
    let phone: String?
    let certificates: [String]
    let version: String

    init(_ stored: Stored<Staff>) {
        let s = stored.model
        id = s.id
        home = s.home.rawValue
        name = s.name
        role = s.role.rawValue
        organisationId = s.organisationId
        phone = Mask.phone(s.phone)
        certificates = s.certificates
        version = stored.etag
    }
}

struct OrderView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let elderId: UUID
    let category: String
    let channel: String
    let wantedAt: String?
    let notes: String?
    let takenAt: String
    let takenBy: String
    let requestedAt: Date
    let status: String
    let organisationId: UUID?
    let workerId: UUID?
    let dueAt: Date
    let overdue: Bool
    let dispatchedAt: Date?
    let acceptedAt: Date?
    let checkedInAt: Date?
    let completedAt: Date?
    let version: String

    init(_ summary: OrderSummary, nowMillis: Int64 = HybridLogicalClock.systemMillis()) {
        let o = summary.order
        id = o.id
        home = o.home.rawValue
        elderId = o.elderId
        category = o.category.rawValue
        channel = o.channel.rawValue
        wantedAt = o.wantedAt
        notes = o.notes
        takenAt = o.takenAt.rawValue
        takenBy = o.takenBy
        requestedAt = Date(timeIntervalSince1970: Double(o.requestedAtMillis) / 1000)
        status = summary.status.rawValue
        organisationId = summary.organisationId
        workerId = summary.workerId
        dueAt = date(millis: summary.dueAtMillis)
        overdue = summary.isOverdue(nowMillis: nowMillis)
        dispatchedAt = summary.dispatchedAt.map(date(millis:))
        acceptedAt = summary.acceptedAt.map(date(millis:))
        checkedInAt = summary.checkedInAt.map(date(millis:))
        completedAt = summary.completedAt.map(date(millis:))
        version = "\"\(summary.version.hlc.packed)-\(summary.version.origin)\""
    }
}

struct EvaluationView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let orderId: UUID?
    let organisationId: UUID?
    let stars: Int
    let attitude: Int?
    let quality: Int?
    let punctuality: Int?
    let comment: String?
    let evaluator: String
    let evaluatorName: String?
    let createdAt: Date

    init(_ stored: Stored<Evaluation>) {
        let e = stored.model
        id = e.id
        home = e.home.rawValue
        orderId = e.orderId
        organisationId = e.organisationId
        stars = e.stars
        attitude = e.attitude
        quality = e.quality
        punctuality = e.punctuality
        comment = e.comment
        evaluator = e.evaluator.rawValue
        evaluatorName = e.evaluatorName
        createdAt = Date(timeIntervalSince1970: Double(e.createdAtMillis) / 1000)
    }
}

struct ConflictView: ResponseEncodable, Decodable {
    let id: UUID
    let home: String
    let entityKind: String
    let entityId: UUID
    let field: String
    let winnerValue: String
    let loserValue: String
    let winner: String
    let loser: String
    let reason: String
    let resolved: Bool
    let resolution: Conflict.Resolution?

    /// Fields whose values are personal data (GB/T 35273): shown masked, like the record itself.
    static let personalFields: Set<String> = ["phone", "citizenId", "emergencyContacts"]

    init(_ stored: Stored<Conflict>) {
        let c = stored.model
        let personal = Self.personalFields.contains(c.field)
        id = c.id
        home = c.home.rawValue
        entityKind = c.entityKind.rawValue
        entityId = c.entityId
        field = c.field
        winnerValue = personal ? Self.mask(c.winnerValue, field: c.field) : c.winnerValue
        loserValue = personal ? Self.mask(c.loserValue, field: c.field) : c.loserValue
        winner = c.winner.description
        loser = c.loser.description
        reason = c.reason
        resolved = c.resolution != nil
        resolution = c.resolution
    }

    /// Values are stored as JSON text; masked like the elder views mask them.
    static func mask(_ json: String, field: String) -> String {
        let text = json.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        switch field {
        case "phone": return Mask.phone(text) ?? ""
        case "citizenId": return (try? CitizenID(validating: text).masked) ?? "********"
        default: return "(personal data: read the elder's identity with a reason)"
        }
    }
}

/// A body with an ETag header, for single-record answers.
/// A wall-clock instant in milliseconds as a date for JSON.
func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

func tagged<V: ResponseEncodable>(_ view: V, etag: String, status: HTTPResponse.Status = .ok) -> EditedResponse<V> {
    EditedResponse(status: status, headers: [.eTag: etag], response: view)
}
