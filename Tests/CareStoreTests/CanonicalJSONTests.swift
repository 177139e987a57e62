@testable import CareStore
import CareModel
import Foundation
import Testing

/// The hand-written JSON for elder columns must be byte for byte what the column encoder
/// (JSONEncoder, sorted keys, slashes unescaped) writes, or rows would differ between nodes.
@Suite struct CanonicalJSONTests {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func reference<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Every control character, the characters JSON escapes, slashes, non-ASCII and emoji.
    static let awkward: [String] = {
        var strings = ["", "plain", "青山区和平大道10号", "a/b\\c\"d", "tab\there", "line\nbreak\r\n", "👵🏻 奶奶", "\u{7F}\u{2028}\u{2029}", "é"]
        strings.append(String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }))
        return strings
    }()

    @Test func stringsAndListsMatchJSONEncoder() throws {
        for text in Self.awkward {
            #expect(CanonicalJSON.encode([text]) == (try Self.reference([text])), "for \(text.debugDescription)")
        }
        #expect(CanonicalJSON.encode(Self.awkward) == (try Self.reference(Self.awkward)))
        #expect(CanonicalJSON.encode([String]()) == (try Self.reference([String]())))
    }

    @Test func addressesMatchJSONEncoder() throws {
        var random = SystemRandomNumberGenerator()
        var coordinates: [Double] = [0, -0.0, 1, -1, 30.5, 114.3, 90, -180, 1e-7, 123456789.125, 0.1 + 0.2, 5e-324, 1.7976931348623157e308]
        for _ in 0..<500 { coordinates.append(Double.random(in: -180...180, using: &random)) }
        for _ in 0..<100 { coordinates.append(Double(Int.random(in: -180...180, using: &random))) }
        for (index, latitude) in coordinates.enumerated() {
            let address = Address(text: Self.awkward[index % Self.awkward.count], location: Coordinates(latitude: latitude, longitude: coordinates[(index * 7) % coordinates.count]))
            #expect(JSONColumn.encode(address) == (try Self.reference(address)), "for \(latitude)")
        }
        let plain = Address(text: "no location")
        #expect(JSONColumn.encode(plain) == (try Self.reference(plain)))
    }

    @Test func contactsMatchJSONEncoder() throws {
        let contacts = Self.awkward.enumerated().map { index, text in
            EmergencyContact(name: text, relation: "儿子/女儿", phone: "1390000\(index)", holdsKey: index % 2 == 0)
        }
        #expect(CanonicalJSON.encode(contacts) == (try Self.reference(contacts)))
        #expect(CanonicalJSON.encode([EmergencyContact]()) == (try Self.reference([EmergencyContact]())))
    }
}
