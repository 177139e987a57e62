/// The tier a node (or a record's home) sits at in the county → street → community tree.
public enum NodeRole: String, Codable, Sendable, CaseIterable {
    case county, street, community

    /// Number of digits in a division code of this tier.
    public var codeLength: Int {
        switch self {
        case .county: 6
        case .street: 9
        case .community: 12
        }
    }

    public var label: Label {
        switch self {
        case .county: Label(en: "county guidance center", zh: "县级养老服务指导中心")
        case .street: Label(en: "street service center", zh: "街道养老服务中心")
        case .community: Label(en: "community station", zh: "社区养老服务站")
        }
    }
}

/// An administrative division code (GB/T 2260 style): 6 digits for a county, 9 for a street,
/// 12 for a community. A code's parent is its prefix, so containment is a prefix test.
public struct DivisionCode: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Fails with a message that names the problem, for CLI flags and API fields alike.
    public init(validating text: String) throws(DivisionCodeError) {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw .notDigits(text)
        }
        guard [6, 9, 12].contains(text.utf8.count) else { throw .badLength(text) }
        rawValue = text
    }

    public init?(_ text: String) {
        guard let code = try? DivisionCode(validating: text) else { return nil }
        self = code
    }

    public var role: NodeRole {
        switch rawValue.utf8.count {
        case 6: .county
        case 9: .street
        default: .community
        }
    }

    /// The enclosing division, or nil for a county.
    public var parent: DivisionCode? {
        switch role {
        case .county: nil
        case .street: DivisionCode(String(rawValue.prefix(6)))
        case .community: DivisionCode(String(rawValue.prefix(9)))
        }
    }

    /// The county this code belongs to.
    public var county: DivisionCode { DivisionCode(String(rawValue.prefix(6)))! }

    /// True when `other` is this division or lies inside it.
    public func contains(_ other: DivisionCode) -> Bool {
        other.rawValue.hasPrefix(rawValue)
    }

    /// True when `other` is a direct child of this division.
    public func isParent(of other: DivisionCode) -> Bool {
        other.parent == self
    }

    public var description: String { rawValue }

    public static func < (lhs: DivisionCode, rhs: DivisionCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try DivisionCode(validating: text)
        } catch {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

public enum DivisionCodeError: Error, Sendable, CustomStringConvertible {
    case notDigits(String)
    case badLength(String)

    public var description: String {
        switch self {
        case .notDigits(let text):
            "division code '\(text)' must contain digits only"
        case .badLength(let text):
            "division code '\(text)' must have 6 (county), 9 (street) or 12 (community) digits"
        }
    }
}
