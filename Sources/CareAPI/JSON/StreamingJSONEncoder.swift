import CareModel
import Foundation

/// Writes a value as JSON while it encodes itself, straight into bytes, without the tree of
/// boxed values Foundation's `JSONEncoder` builds first. A page of 500 alerts spent a quarter of
/// its time in that tree; this writes the same JSON (`JSONEncoder` with `.iso8601` dates: the
/// same numbers, strings, dates, `Data` as base64, URLs as strings, and an empty object for a
/// value that encodes nothing) with keys in the order they are encoded and "/" unescaped.
///
/// It streams the shapes `Codable` synthesises and that hand-written `encode(to:)` in this
/// project use: one container per value, written in order. Anything else (nested containers,
/// super encoders, a container written to after a sibling value has started, or a top-level
/// value that encodes nothing) makes `encode` answer nil, and the caller encodes the value with
/// `JSONEncoder` instead — never a different answer, only a slower one.
struct StreamingJSONEncoder {
    func encode<T: Encodable>(_ value: T) throws -> [UInt8]? {
        let sink = JSONSink()
        guard try sink.topLevel(value) else { return nil }
        return sink.unsupported ? nil : sink.bytes
    }
}

/// The bytes written so far and the containers still open, innermost last.
final class JSONSink {
    // One sink serves one encoding on one thread: no dynamic exclusivity checks on every byte.
    @exclusivity(unchecked) private(set) var bytes: [UInt8] = []
    /// Set when the value used a shape this encoder does not stream; everything after is ignored.
    var unsupported = false
    @exclusivity(unchecked) private var open: [(id: Int, close: UInt8, hasElement: Bool)] = []
    private var lastID = 0

    init() { bytes.reserveCapacity(16_384) }

    /// Writes a whole document; false if the value encoded nothing (JSONEncoder's error is wanted then).
    func topLevel<T: Encodable>(_ value: T) throws -> Bool {
        if try primitive(value, at: CodingPlace(parent: [], key: nil)) { return true }
        let encoder = StreamingEncoder(sink: self, place: CodingPlace(parent: [], key: nil))
        try value.encode(to: encoder)
        if case .empty = encoder.state { return false }
        finish(encoder)
        return true
    }

    /// Writes one value where a value belongs (after a key, or as an array element).
    func value<T: Encodable>(_ value: T, at place: CodingPlace) throws {
        if try primitive(value, at: place) { return }
        let encoder = StreamingEncoder(sink: self, place: place)
        try value.encode(to: encoder)
        if case .empty = encoder.state {
            bytes.append(UInt8(ascii: "{"))
            bytes.append(UInt8(ascii: "}"))
        }
        finish(encoder)
    }

    private func finish(_ encoder: StreamingEncoder) {
        if case .container(let id) = encoder.state { close(id) }
    }

    /// The types JSONEncoder writes itself rather than asking them to encode, and the common
    /// scalars, written without an encoder. The type is compared first (a pointer comparison;
    /// a chain of failing `as?` casts was a twentieth of a page's time).
    private func primitive<T: Encodable>(_ value: T, at place: CodingPlace) throws -> Bool {
        let type = ObjectIdentifier(T.self)
        if type == Self.uuidType { string((value as! UUID).canonicalString) }
        else if type == Self.dateType { date(value as! Date) }
        else if type == Self.stringType { string(value as! String) }
        else if type == Self.intType { integer(Int64(value as! Int)) }
        else if type == Self.int64Type { integer(value as! Int64) }
        else if type == Self.doubleType { try number(value as! Double, at: place) }
        else if type == Self.boolType { bool(value as! Bool) }
        else if type == Self.dataType { string((value as! Data).base64EncodedString()) }
        else if type == Self.urlType { string((value as! URL).absoluteString) }
        else if type == Self.decimalType { bytes.append(contentsOf: (value as! Decimal).description.utf8) }
        else { return false }
        return true
    }

    private static let uuidType = ObjectIdentifier(UUID.self), dateType = ObjectIdentifier(Date.self)
    private static let stringType = ObjectIdentifier(String.self), intType = ObjectIdentifier(Int.self)
    private static let int64Type = ObjectIdentifier(Int64.self), doubleType = ObjectIdentifier(Double.self)
    private static let boolType = ObjectIdentifier(Bool.self), dataType = ObjectIdentifier(Data.self)
    private static let urlType = ObjectIdentifier(URL.self), decimalType = ObjectIdentifier(Decimal.self)

    // MARK: Containers

    func begin(_ open: UInt8, close: UInt8) -> Int {
        bytes.append(open)
        lastID += 1
        self.open.append((lastID, close, false))
        return lastID
    }

    func close(_ id: Int) {
        guard !unsupported, let last = open.last, last.id == id else { unsupported = true; return }
        open.removeLast()
        bytes.append(last.close)
    }

    /// Before an element of container `id`: a comma unless it is the first. False (and the run
    /// unsupported) unless `id` is the innermost open container.
    func element(of id: Int) -> Bool {
        guard !unsupported, let last = open.last, last.id == id else { unsupported = true; return false }
        if last.hasElement { bytes.append(UInt8(ascii: ",")) } else { open[open.count - 1].hasElement = true }
        return true
    }

    func key(_ key: some CodingKey) {
        string(key.stringValue)
        bytes.append(UInt8(ascii: ":"))
    }

    // MARK: Scalars

    static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8), nullBytes = Array("null".utf8)

    func null() { bytes.append(contentsOf: Self.nullBytes) }

    func bool(_ value: Bool) { bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes) }

    func integer(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            unsigned(value.magnitude)
        } else {
            unsigned(UInt64(value))
        }
    }

    func unsigned(_ value: UInt64) {
        var count = 1
        var rest = value / 10
        while rest > 0 { count += 1; rest /= 10 }
        var at = bytes.count + count - 1
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        rest = value
        while rest > 0 {
            bytes[at] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            at -= 1
        }
    }

    /// Swift's shortest round-trip form without a trailing ".0", as JSONEncoder writes it;
    /// NaN and infinities are refused as JSONEncoder refuses them.
    func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F, at place: CodingPlace) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: place.path, debugDescription: "Unable to encode \(F.self).\(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string: quote, backslash and control characters escaped, the rest as UTF-8.
    func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    /// ISO 8601 in UTC to the whole second (JSONEncoder's `.iso8601` drops the fraction, rounding
    /// down). Computed here for 1970–9999; other years ask Foundation, whose calendar is Julian
    /// before 1582.
    func date(_ value: Date) {
        let seconds = value.timeIntervalSince1970.rounded(.down)
        guard seconds >= 0, seconds < 253_402_300_800 else { string(value.formatted(.iso8601)); return }
        let whole = Int64(seconds)
        let (days, secondOfDay) = whole.quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = Self.civil(days: days)
        bytes.append(UInt8(ascii: "\""))
        digits(year, 4); bytes.append(UInt8(ascii: "-")); digits(month, 2); bytes.append(UInt8(ascii: "-")); digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2); bytes.append(UInt8(ascii: ":")); digits(secondOfDay % 3600 / 60, 2)
        bytes.append(UInt8(ascii: ":")); digits(secondOfDay % 60, 2)
        bytes.append(UInt8(ascii: "Z"))
        bytes.append(UInt8(ascii: "\""))
    }

    private func digits(_ value: Int64, _ width: Int) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (days ≥ 0), by whole 400-year eras.
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468 // days since 0000-03-01
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Where a value sits: its container's path and its own key. The path itself is built only
/// when an encoder or an error asks for it, not for every field.
struct CodingPlace {
    let parent: [any CodingKey]
    let key: (any CodingKey)?

    var path: [any CodingKey] { key.map { parent + [$0] } ?? parent }
}
