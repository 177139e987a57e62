import Foundation

/// What a `Decodable` type asked of the decoder while `SchemaReader` built one value of it:
/// the keys it read and whether each was optional, the element of an array, or a single
/// value. That is the JSON shape its synthesized `Codable` conformance reads and writes.
final class ShapeNote {
    enum Slot {
        case schema(JSONValue)
        case nested(ShapeNote)

        var schema: JSONValue {
            switch self {
            case .schema(let schema): schema
            case .nested(let note): note.schema(closed: false)
            }
        }
    }

    private(set) var properties: [(name: String, slot: Slot, required: Bool)] = []
    var items: Slot?
    var single: JSONValue?
    private(set) var isObject = false

    func markObject() { isObject = true }

    func property(_ name: String, _ slot: Slot, required: Bool) {
        properties.removeAll { $0.name == name }
        properties.append((name, slot, required))
    }

    /// `closed`: unknown keys are refused (a strict request body).
    func schema(closed: Bool) -> JSONValue {
        if isObject {
            let required = properties.filter(\.required).map(\.name)
            return .object([
                "type": "object",
                "properties": .object(properties.map { property in
                    JSONValue.Member(key: property.name, value: property.required ? property.slot.schema : Self.nullable(property.slot.schema))
                }),
                "required": required.isEmpty ? nil : .strings(required),
                "additionalProperties": closed ? false : nil,
            ])
        }
        if let items { return .object(["type": "array", "items": items.schema]) }
        return single ?? .object([])
    }

    /// An optional property: its value or `null`, since answers write an absent value as `null`
    /// and bodies may send one (`decodeIfPresent` reads it as absent).
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(let members) = schema, !members.isEmpty else { return schema }
        if schema["enum"] == nil, schema["$ref"] == nil, case .string(let type)? = schema["type"] {
            return schema.setting("type", .strings([type, "null"]))
        }
        return .object(["anyOf": .array([schema, ["type": "null"]])])
    }
}

/// A decoder that reads no input: it answers each request of a type's `init(from:)` with a
/// sample value and notes the request in a `ShapeNote`, so `SchemaBook` learns the JSON shape
/// of request bodies and answers from the types themselves rather than from a hand-kept copy.
struct SchemaReader: Decoder {
    let book: SchemaBook
    let note: ShapeNote
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        note.markObject()
        return KeyedDecodingContainer(KeyedReader<Key>(book: book, note: note, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        UnkeyedReader(book: book, note: note, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleReader(book: book, note: note, codingPath: codingPath)
    }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let book: SchemaBook
    let note: ShapeNote
    var codingPath: [any CodingKey]
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try decode(type, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try optional(type, key) }

    // The primitive requirements go through the generic ones, so optional primitives are noted too.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decode(type as Bool.Type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decode(type as String.Type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decode(type as Double.Type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decode(type as Float.Type, key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decode(type as Int.Type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decode(type as Int8.Type, key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decode(type as Int16.Type, key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decode(type as Int32.Type, key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decode(type as Int64.Type, key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decode(type as UInt.Type, key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decode(type as UInt8.Type, key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decode(type as UInt16.Type, key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decode(type as UInt32.Type, key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decode(type as UInt64.Type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optional(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optional(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try optional(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try optional(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try optional(type, key) }

    private func decode<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        let (value, schema) = try book.sample(type)
        note.property(key.stringValue, .schema(schema), required: true)
        return value
    }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        note.property(key.stringValue, .schema(book.schema(of: type)), required: false)
        return nil
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = ShapeNote()
        note.property(key.stringValue, .nested(nested), required: true)
        return try SchemaReader(book: book, note: nested, codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let nested = ShapeNote()
        note.property(key.stringValue, .nested(nested), required: true)
        return UnkeyedReader(book: book, note: nested, codingPath: codingPath + [key])
    }

    func superDecoder() throws -> any Decoder { SchemaReader(book: book, note: note, codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        let nested = ShapeNote()
        note.property(key.stringValue, .nested(nested), required: true)
        return SchemaReader(book: book, note: nested, codingPath: codingPath + [key])
    }
}

/// An array of one sample element.
private struct UnkeyedReader: UnkeyedDecodingContainer {
    let book: SchemaBook
    let note: ShapeNote
    var codingPath: [any CodingKey]
    var count: Int? { 1 }
    private(set) var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= 1 }

    init(book: SchemaBook, note: ShapeNote, codingPath: [any CodingKey]) {
        self.book = book
        self.note = note
        self.codingPath = codingPath
        if note.items == nil { note.items = .schema(.object([])) }
    }

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try element(type) }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try element(type) }
    mutating func decode(_ type: String.Type) throws -> String { try element(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try element(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try element(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try element(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try element(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try element(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try element(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try element(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try element(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try element(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try element(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try element(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try element(type) }

    private mutating func element<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, schema) = try book.sample(type)
        note.items = .schema(schema)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let nested = ShapeNote()
        note.items = .nested(nested)
        currentIndex += 1
        return try SchemaReader(book: book, note: nested, codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let nested = ShapeNote()
        note.items = .nested(nested)
        currentIndex += 1
        return UnkeyedReader(book: book, note: nested, codingPath: codingPath)
    }

    mutating func superDecoder() throws -> any Decoder {
        let nested = ShapeNote()
        note.items = .nested(nested)
        currentIndex += 1
        return SchemaReader(book: book, note: nested, codingPath: codingPath)
    }
}

private struct SingleReader: SingleValueDecodingContainer {
    let book: SchemaBook
    let note: ShapeNote
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decode(type, nil) }

    func decode(_ type: Bool.Type) throws -> Bool { try decode(type as Bool.Type, nil) }
    func decode(_ type: String.Type) throws -> String { try decode(type as String.Type, nil) }
    func decode(_ type: Double.Type) throws -> Double { try decode(type as Double.Type, nil) }
    func decode(_ type: Float.Type) throws -> Float { try decode(type as Float.Type, nil) }
    func decode(_ type: Int.Type) throws -> Int { try decode(type as Int.Type, nil) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decode(type as Int8.Type, nil) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decode(type as Int16.Type, nil) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decode(type as Int32.Type, nil) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decode(type as Int64.Type, nil) }
    func decode(_ type: UInt.Type) throws -> UInt { try decode(type as UInt.Type, nil) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(type as UInt8.Type, nil) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(type as UInt16.Type, nil) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(type as UInt32.Type, nil) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(type as UInt64.Type, nil) }

    private func decode<T: Decodable>(_ type: T.Type, _: Void?) throws -> T {
        let (value, schema) = try book.sample(type)
        note.single = schema
        return value
    }
}
