import CareModel
import Foundation

/// JSON text for the nested values of an elder row (address, chronic conditions, emergency
/// contacts), written directly instead of through `JSONEncoder`, which was the largest single
/// cost of storing an elder received from a peer.
///
/// The text is exactly what `JSONColumn`'s encoder (sorted keys, slashes unescaped) gives for the
/// same value, so rows written either way are identical on every node; a test compares the two
/// over awkward strings and numbers.
enum CanonicalJSON {
    /// `{"latitude":…,"longitude":…,"text":"…"}`, coordinates omitted when absent.
    static func encode(_ address: Address) -> String {
        var out = "{"
        if let latitude = address.latitude {
            out += "\"latitude\":"
            number(latitude, into: &out)
            out += ","
        }
        if let longitude = address.longitude {
            out += "\"longitude\":"
            number(longitude, into: &out)
            out += ","
        }
        out += "\"text\":"
        string(address.text, into: &out)
        out += "}"
        return out
    }

    /// `["…","…"]`
    static func encode(_ strings: [String]) -> String {
        var out = "["
        for (index, text) in strings.enumerated() {
            if index > 0 { out += "," }
            string(text, into: &out)
        }
        out += "]"
        return out
    }

    /// `[{"holdsKey":…,"name":"…","phone":"…","relation":"…"},…]`
    static func encode(_ contacts: [EmergencyContact]) -> String {
        var out = "["
        for (index, contact) in contacts.enumerated() {
            if index > 0 { out += "," }
            out += contact.holdsKey ? "{\"holdsKey\":true,\"name\":" : "{\"holdsKey\":false,\"name\":"
            string(contact.name, into: &out)
            out += ",\"phone\":"
            string(contact.phone, into: &out)
            out += ",\"relation\":"
            string(contact.relation, into: &out)
            out += "}"
        }
        out += "]"
        return out
    }

    /// Whether `encode` can write this value; JSONEncoder refuses NaN and infinities, and the
    /// caller leaves those to it so the outcome stays the same.
    static func canEncode(_ address: Address) -> Bool {
        (address.latitude?.isFinite ?? true) && (address.longitude?.isFinite ?? true)
    }

    /// A finite number as JSONEncoder writes it: Swift's shortest round-trip text, without a
    /// trailing ".0".
    static func number(_ value: Double, into out: inout String) {
        let text = value.description
        out += text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A quoted string, escaped as JSONEncoder escapes it: quote, backslash and control
    /// characters; slashes and non-ASCII text as they are.
    static func string(_ text: String, into out: inout String) {
        out += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += text
        } else {
            let hex = Array("0123456789abcdef".utf8)
            var escaped: [UInt8] = []
            escaped.reserveCapacity(text.utf8.count + 8)
            for byte in text.utf8 {
                switch byte {
                case 0x22: escaped += [0x5C, 0x22]
                case 0x5C: escaped += [0x5C, 0x5C]
                case 0x08: escaped += [0x5C, UInt8(ascii: "b")]
                case 0x0C: escaped += [0x5C, UInt8(ascii: "f")]
                case 0x0A: escaped += [0x5C, UInt8(ascii: "n")]
                case 0x0D: escaped += [0x5C, UInt8(ascii: "r")]
                case 0x09: escaped += [0x5C, UInt8(ascii: "t")]
                case 0..<0x20:
                    escaped += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                default: escaped.append(byte)
                }
            }
            out += String(decoding: escaped, as: UTF8.self)
        }
        out += "\""
    }
}

extension JSONColumn {
    static func encode(_ address: Address) -> String {
        CanonicalJSON.canEncode(address) ? CanonicalJSON.encode(address) : encodeGeneral(address)
    }

    static func encode(_ strings: [String]) -> String { CanonicalJSON.encode(strings) }

    static func encode(_ contacts: [EmergencyContact]) -> String { CanonicalJSON.encode(contacts) }

    /// The general path, for values the canonical writer does not cover.
    private static func encodeGeneral<T: Encodable>(_ value: T) -> String { encode(value) }
}
