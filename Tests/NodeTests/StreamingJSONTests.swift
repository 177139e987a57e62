@testable import CareAPI
import Foundation
import NIOCore
import Testing

/// The streaming encoder writes what Foundation's `JSONEncoder` (ISO 8601 dates) writes, and
/// hands back nil for the shapes it does not stream, so the answer never differs.
@Suite struct StreamingJSONTests {
    static func foundation<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    static func streamed<T: Encodable>(_ value: T) throws -> Data {
        let bytes = try #require(try StreamingJSONEncoder().encode(value))
        return Data(bytes)
    }

    /// Both texts parsed and written again with sorted keys: equal JSON, whatever the key order.
    static func canonical(_ data: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
    }

    enum Colour: String, Codable { case red, green }

    struct Inner: Codable, Equatable {
        let label: String
        let when: Date?
        let values: [Double]
    }

    struct Everything: Codable {
        let id: UUID
        let text: String
        let small: Int8, medium: Int32, big: Int64, huge: UInt64, plain: Int, unsigned: UInt16
        let flag: Bool
        let real: Double, single: Float
        let when: Date
        let blob: Data
        let link: URL
        let amount: Decimal
        let colour: Colour
        let missing: String?
        let present: Int?
        let inner: Inner
        let list: [Inner]
        let grid: [[Int]]
        let byName: [String: Inner]
        let byNumber: [Int: String]
        let optionals: [String?]
        let empty: [String]
        let nothing: [String: Int]
    }

    static let sample = Everything(
        id: UUID(), text: "青山区 \"quoted\" back\\slash\nnew line\ttab \u{1} / é 😀", small: -8, medium: 1 << 30, big: .min, huge: .max,
        plain: 0, unsigned: 65535, flag: true, real: 165, single: 0.1, when: Date(timeIntervalSince1970: 1_685_000_000.999),
        blob: Data([0, 1, 2, 250, 255]), link: URL(string: "https://tiles.example.cn/a/b?c=d&e=f")!, amount: Decimal(string: "12.50")!,
        colour: .green, missing: nil, present: 7,
        inner: Inner(label: "a", when: nil, values: [0, -0.0, 0.1, 1e20, 1e-7, 5e-324, .greatestFiniteMagnitude]),
        list: [Inner(label: "b", when: Date(timeIntervalSince1970: -1.5), values: []), Inner(label: "", when: Date(timeIntervalSince1970: 0), values: [3])],
        grid: [[], [1], [2, 3]], byName: ["x": Inner(label: "x", when: nil, values: [1.5])], byNumber: [1: "one", 22: "twenty-two"],
        optionals: ["a", nil, "c"], empty: [], nothing: [:])

    @Test func writesTheJSONFoundationWrites() throws {
        #expect(try Self.canonical(Self.streamed(Self.sample)) == Self.canonical(Self.foundation(Self.sample)))
        // Scalars at the top level, and an array of them byte for byte.
        for value in ["text", "a/b"] as [String] { #expect(try Self.canonical(Self.streamed(value)) == Self.canonical(Self.foundation(value))) }
        #expect(try Self.streamed([1, -2, 300]) == Self.foundation([1, -2, 300]))
        #expect(try Self.streamed([true, false]) == Self.foundation([true, false]))
    }

    @Test func datesMatchEveryYearFoundationWrites() throws {
        var random = SystemRandomNumberGenerator()
        var dates: [Date] = [0, -0.5, -1, 253_402_300_799.999, 253_402_300_800, -62_135_596_800, -62_135_596_800.001, 951_782_400, 4_107_542_400]
            .map { Date(timeIntervalSince1970: $0) }
        for _ in 0..<3000 {
            dates.append(Date(timeIntervalSince1970: Double(Int64.random(in: -70_000_000_000_000...400_000_000_000_000, using: &random)) / 1000))
        }
        #expect(try Self.streamed(dates) == Self.foundation(dates))
    }

    @Test func numbersMatchFoundationByteForByte() throws {
        var random = SystemRandomNumberGenerator()
        var doubles: [Double] = [0, -0.0, 165, 0.1, 1e15 + 0.5, 9_007_199_254_740_993, 1e300, -1e-300]
        while doubles.count < 5000 {
            let value = Double(bitPattern: random.next())
            if value.isFinite { doubles.append(value) }
        }
        #expect(try Self.streamed(doubles) == Self.foundation(doubles))
        let floats = (0..<1000).map { _ in Float.random(in: -1e6...1e6, using: &random) } + [0.1, 165, 1e20]
        #expect(try Self.streamed(floats) == Self.foundation(floats))
        let integers = (0..<2000).map { _ in Int64.random(in: .min ... .max, using: &random) } + [0, 9, 10, -1, .min, .max]
        #expect(try Self.streamed(integers) == Self.foundation(integers))
    }

    @Test func stringsRoundTripWhateverTheyHold() throws {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("ab\"\\/\n\r\t\u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f}\u{2028}é青😀 ")
        let strings = (0..<2000).map { _ in String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }) }
        let data = try Self.streamed(strings)
        #expect(try JSONDecoder().decode([String].self, from: data) == strings)
        #expect(try Self.canonical(data) == Self.canonical(Self.foundation(strings)))
    }

    /// Two container requests on one encoder (a value encoding another into its own object) make one object.
    struct Flattened: Encodable {
        let inner: Inner
        let extra: String
        enum Keys: String, CodingKey { case extra }
        func encode(to encoder: any Encoder) throws {
            try inner.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(extra, forKey: .extra)
        }
    }

    struct Nested: Encodable {
        enum Keys: String, CodingKey { case outer, inner }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .outer)
            try container.encode(1, forKey: .inner)
            try nested.encode(2, forKey: .inner)
        }
    }

    struct Silent: Encodable { func encode(to encoder: any Encoder) throws {} }

    @Test func otherShapesFallBackToFoundation() throws {
        let flattened = Flattened(inner: Inner(label: "l", when: nil, values: [1]), extra: "e")
        #expect(try Self.canonical(Self.streamed(flattened)) == Self.canonical(Self.foundation(flattened)))
        #expect(try StreamingJSONEncoder().encode(Nested()) == nil)
        #expect(try StreamingJSONEncoder().encode(Silent()) == nil)
        #expect(try Self.canonical(Self.streamed([Silent()])) == "[{}]")
        // The response encoder answers what Foundation answers in every case.
        for value in [AnyEncodableValue(Nested()), AnyEncodableValue(flattened), AnyEncodableValue(Self.sample)] {
            let body = try JSONResponseEncoder.body(value)
            #expect(try Self.canonical(Data(body.readableBytesView)) == Self.canonical(Self.foundation(value)))
        }
        #expect(throws: EncodingError.self) { try JSONResponseEncoder.body(Silent()) }
    }

    @Test func nonFiniteNumbersAreRefusedAsFoundationRefusesThem() throws {
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(Inner(label: "n", when: nil, values: [1, .nan])) }
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode([Float.infinity]) }
        // The error names the same place Foundation's does.
        let value = ["list": [Inner(label: "ok", when: nil, values: [1]), Inner(label: "n", when: nil, values: [2, -.infinity])]]
        func path(_ encode: () throws -> Void) -> [String] {
            do { try encode() } catch EncodingError.invalidValue(_, let context) { return context.codingPath.map(\.stringValue) } catch {}
            return []
        }
        let streamed = path { _ = try StreamingJSONEncoder().encode(value) }
        #expect(streamed == ["list", "Index 1", "values", "Index 1"])
        #expect(streamed == path { _ = try Self.foundation(value) })
    }

    struct AnyEncodableValue: Encodable {
        let value: any Encodable
        init(_ value: any Encodable) { self.value = value }
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }
}
