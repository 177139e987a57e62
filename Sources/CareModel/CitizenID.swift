/// A resident identity number per GB 11643-1999: 17 digits and a mod-11 check character.
///
/// It is personal data: `masked` is what views show; the full number leaves the store only
/// through a logged read.
public struct CitizenID: Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    public init(validating text: String) throws(CitizenIDError) {
        // Bytes, not Characters: this runs for every elder a peer sends.
        var bytes = Array(text.utf8)
        guard bytes.count == 18 else { throw .badLength(text.count) }
        if bytes[17] == UInt8(ascii: "x") { bytes[17] = UInt8(ascii: "X") }
        var sum = 0
        for index in 0..<17 {
            let digit = Int(bytes[index]) - 48
            guard (0...9).contains(digit) else { throw .notDigits }
            sum += digit * Self.weights[index]
        }
        let expected = Self.checkCharacters[sum % 11]
        guard bytes[17] == expected.asciiValue else { throw .badCheckCharacter(expected: expected) }
        let normalised = String(decoding: bytes, as: UTF8.self)
        guard Self.birthDate(in: normalised) != nil else { throw .badBirthDate }
        rawValue = normalised
    }

    /// The check character for the first 17 digits; used by generators of test data.
    public static func checkCharacter(for first17: String) -> Character? {
        let digits = first17.compactMap(\.wholeNumberValue)
        guard digits.count == 17, first17.count == 17 else { return nil }
        let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
        return checkCharacters[sum % 11]
    }

    /// The birth date encoded in positions 7–14, as YYYY-MM-DD.
    public var birthDate: String { Self.birthDate(in: rawValue)! }

    /// 110101********123X: region and last four kept, birth date hidden.
    public var masked: String { String(rawValue.prefix(6)) + "********" + String(rawValue.suffix(4)) }

    public var description: String { masked }

    /// The birth date in positions 7–14 as YYYY-MM-DD, read from the bytes (it runs at least
    /// twice for every elder a peer sends; reading it as Characters was 4% of applying a push).
    private static func birthDate(in text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            guard bytes.count >= 14 else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(bytes[index]) &- 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(6..<10), let month = number(10..<12), let day = number(12..<14),
                (1900...2100).contains(year), (1...12).contains(month),
                (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
            else { return nil }
            return String(unsafeUninitializedCapacity: 10) { date in
                for offset in 0..<4 { date[offset] = bytes[6 + offset] }
                (date[4], date[5], date[6]) = (UInt8(ascii: "-"), bytes[10], bytes[11])
                (date[7], date[8], date[9]) = (UInt8(ascii: "-"), bytes[12], bytes[13])
                return 10
            }
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try CitizenID(validating: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

public enum CitizenIDError: Error, Sendable, Equatable, CustomStringConvertible {
    case badLength(Int)
    case notDigits
    case badCheckCharacter(expected: Character)
    case badBirthDate

    public var description: String { label.en }

    public var label: Label {
        switch self {
        case .badLength(let count):
            Label(en: "citizen ID must have 18 characters, got \(count)", zh: "身份证号应为18位，实际为\(count)位")
        case .notDigits:
            Label(en: "the first 17 characters of a citizen ID must be digits", zh: "身份证号前17位必须为数字")
        case .badCheckCharacter:
            Label(en: "citizen ID check character is wrong (GB 11643 mod-11)", zh: "身份证号校验码错误（GB 11643）")
        case .badBirthDate:
            Label(en: "citizen ID contains an impossible birth date", zh: "身份证号中的出生日期无效")
        }
    }
}

/// Calendar arithmetic on plain YYYY-MM-DD dates, without time zones.
public enum CalendarDate {
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// True for a well-formed YYYY-MM-DD date between 1900 and 2100.
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1900...2100).contains(year), (1...12).contains(month)
        else { return false }
        return (1...daysIn(month: month, year: year)).contains(day)
    }
}
