import Foundation

/// What a family files through the public channel (公众服务, Anhui §5.1.2.3, §6.3).
public enum PublicSubmissionKind: String, CodeTable {
    case service, complaint, suggestion

    public var label: Label {
        switch self {
        case .service: Label(en: "service request", zh: "服务申请")
        case .complaint: Label(en: "complaint", zh: "投诉")
        case .suggestion: Label(en: "suggestion", zh: "建议")
        }
    }
}

/// Where a submission stands; derived from what was recorded, never stored.
public enum PublicSubmissionStatus: String, CodeTable {
    case received, taken, answered

    public var label: Label {
        switch self {
        case .received: Label(en: "received", zh: "已受理")
        case .taken: Label(en: "being handled", zh: "办理中")
        case .answered: Label(en: "answered", zh: "已答复")
        }
    }
}

/// The record a submission was turned into.
public enum PublicSubmissionTarget: String, CodeTable {
    case order, complaint

    public var label: Label {
        switch self {
        case .order: Label(en: "service order", zh: "服务工单")
        case .complaint: Label(en: "complaint", zh: "投诉单")
        }
    }
}

/// A service request, complaint or suggestion a family filed at the county without an
/// account, followed by its tracking number.
///
/// Homed at the community the family named, so the station and its street see it and the
/// county's dispatch room holds it. Merge class: profile: the handover (`taken`, naming the
/// order or complaint it became) and the public answer are fields of their own, each merged
/// whole, written at whichever node handles it.
public struct PublicSubmission: Hashable, Codable, Sendable, Identifiable {
    public var id: UUID
    /// The community the family named.
    public var home: DivisionCode
    public var kind: PublicSubmissionKind
    /// 12 characters of Crockford base32 from random bytes: what the family keeps.
    public var tracking: String
    /// The elder's name for a service request; the complainant's (optional) otherwise.
    public var name: String?
    public var contactPhone: String
    public var address: String?
    public var category: ServiceCategory?
    public var organisationId: UUID?
    public var description: String
    public var submittedAtMillis: Int64
    public var taken: PublicSubmissionTaken?
    public var answer: PublicSubmissionAnswer?

    public init(
        id: UUID = UUID(), home: DivisionCode, kind: PublicSubmissionKind, tracking: String, name: String?, contactPhone: String,
        address: String?, category: ServiceCategory?, organisationId: UUID?, description: String, submittedAtMillis: Int64,
        taken: PublicSubmissionTaken? = nil, answer: PublicSubmissionAnswer? = nil
    ) {
        self.id = id
        self.home = home
        self.kind = kind
        self.tracking = tracking
        self.name = name
        self.contactPhone = contactPhone
        self.address = address
        self.category = category
        self.organisationId = organisationId
        self.description = description
        self.submittedAtMillis = submittedAtMillis
        self.taken = taken
        self.answer = answer
    }

    public static let nameMax = 50
    public static let descriptionMax = 1000
    public static let answerMax = 1000
    public static let trackingLength = 12

    public var status: PublicSubmissionStatus {
        if answer != nil { return .answered }
        return taken == nil ? .received : .taken
    }

    /// Crockford's base32 alphabet (no I, L, O, U).
    public static let trackingAlphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new tracking number: 60 random bits, 12 characters.
    public static func newTracking<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<trackingLength).map { _ in trackingAlphabet[Int(generator.next() % 32)] })
    }

    public static func newTracking() -> String {
        var generator = SystemRandomNumberGenerator()
        return newTracking(using: &generator)
    }

    /// A tracking number as a family may type it: case and hyphens ignored, I and L read as 1
    /// and O as 0 (Crockford); nil when it cannot be one.
    public static func normalisedTracking(_ text: String) -> String? {
        let mapped = text.uppercased().filter { $0 != "-" && $0 != " " }.map { c -> Character in
            switch c {
            case "I", "L": "1"
            case "O": "0"
            default: c
            }
        }
        guard mapped.count == trackingLength, mapped.allSatisfy({ trackingAlphabet.contains($0) }) else { return nil }
        return String(mapped)
    }
}

extension PublicSubmission: ReplicatedRecord {
    public static let kind = EntityKind.publicSubmission
    public static let label = Label(en: "public submission", zh: "公众诉求")
    public static let mergeClass = MergeClass.profile
    public var clockReadings: [Int64] { [submittedAtMillis, taken?.atMillis, answer?.atMillis].compactMap { $0 } }
}

extension PublicSubmission: ProfileRecord {
    public static let mergeFields: [MergeField<PublicSubmission>] = [
        MergeField("home", \.home), MergeField("kind", \.kind), MergeField("tracking", \.tracking), MergeField("name", \.name),
        MergeField("contactPhone", \.contactPhone), MergeField("address", \.address), MergeField("category", \.category),
        MergeField("organisationId", \.organisationId), MergeField("description", \.description),
        MergeField("submittedAtMillis", \.submittedAtMillis), MergeField("taken", \.taken), MergeField("answer", \.answer),
    ]
}

/// The handover: the order or complaint the submission became, who made it and when.
public struct PublicSubmissionTaken: Hashable, Codable, Sendable {
    public var target: PublicSubmissionTarget
    public var recordId: UUID
    public var by: String
    public var atMillis: Int64

    public init(target: PublicSubmissionTarget, recordId: UUID, by: String, atMillis: Int64) {
        self.target = target
        self.recordId = recordId
        self.by = by
        self.atMillis = atMillis
    }
}

/// The answer the family reads by its tracking number.
public struct PublicSubmissionAnswer: Hashable, Codable, Sendable {
    public var text: String
    public var by: String
    public var atMillis: Int64

    public init(text: String, by: String, atMillis: Int64) {
        self.text = text
        self.by = by
        self.atMillis = atMillis
    }
}
