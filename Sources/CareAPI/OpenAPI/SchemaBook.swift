import CareModel
import Foundation

/// A type whose JSON is not what its stored properties would make (a custom `Codable`
/// conformance): it gives its schema and a valid value for the reader to go on with.
protocol SchemaLeaf {
    static var jsonSchema: JSONValue { get }
    static var schemaSample: Self { get }
}

/// A dictionary keyed by strings: a JSON object with any keys.
protocol StringKeyedDictionary {
    static var valueType: Any.Type { get }
    static var empty: Self { get }
}

extension Dictionary: StringKeyedDictionary where Key == String {
    static var valueType: Any.Type { Value.self }
    static var empty: Self { [:] }
}

/// The schemas of the API document's types, learnt by `SchemaReader` from each type's own
/// `Decodable` conformance. A struct becomes a named component and is referred to by `$ref`;
/// arrays, enums of codes and primitives are written inline.
final class SchemaBook {
    private(set) var components: [String: JSONValue] = [:]
    /// Types the reader could not build a value of, with the reason: a test keeps it empty.
    private(set) var failures: [String: String] = [:]
    private var names: [ObjectIdentifier: String] = [:]
    private var samples: [ObjectIdentifier: Any] = [:]

    /// The schema of `type`, or an empty schema (anything) when it is not `Decodable`.
    func schema(of type: Any.Type) -> JSONValue {
        guard let decodable = type as? any Decodable.Type else {
            failures[String(reflecting: type)] = "not Decodable"
            return .object([])
        }
        return schemaOfDecodable(decodable)
    }

    private func schemaOfDecodable<T: Decodable>(_ type: T.Type) -> JSONValue {
        do {
            return try sample(type).schema
        } catch {
            failures[String(reflecting: type)] = "\(error)"
            return .object([])
        }
    }

    /// A value of `type` and its schema.
    func sample<T: Decodable>(_ type: T.Type) throws -> (value: T, schema: JSONValue) {
        if let primitive = Self.primitive(type) { return primitive }
        if let leaf = type as? any SchemaLeaf.Type { return (leaf.schemaSample as! T, leaf.jsonSchema) }
        if let codes = type as? any CodeTable.Type { return Self.codes(codes) as! (T, JSONValue) }
        if let dictionary = type as? any StringKeyedDictionary.Type {
            return (dictionary.empty as! T, .object(["type": "object", "additionalProperties": schema(of: dictionary.valueType)]))
        }
        let id = ObjectIdentifier(type)
        if let name = names[id], let value = samples[id] as? T { return (value, Self.reference(name)) }
        let note = ShapeNote()
        let value = try T(from: SchemaReader(book: self, note: note))
        guard note.isObject else { return (value, note.schema(closed: false)) }
        let name = componentName(type)
        names[id] = name
        samples[id] = value
        components[name] = note.schema(closed: type is any StrictDraft.Type)
        return (value, Self.reference(name))
    }

    static func reference(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }

    private static func codes<C: CodeTable>(_ type: C.Type) -> (Any, JSONValue) {
        (type.allCases.first!, .object(["type": "string", "enum": .strings(type.allCases.map(\.rawValue))]))
    }

    private static func primitive<T>(_ type: T.Type) -> (value: T, schema: JSONValue)? {
        let integer: JSONValue = ["type": "integer"]
        switch type {
        case is String.Type: return ("" as! T, ["type": "string"])
        case is Bool.Type: return (false as! T, ["type": "boolean"])
        case is Double.Type: return (0.0 as! T, ["type": "number"])
        case is Float.Type: return (Float(0) as! T, ["type": "number"])
        case is Int.Type: return (0 as! T, integer)
        case is Int64.Type: return (Int64(0) as! T, ["type": "integer", "format": "int64"])
        case is Int32.Type: return (Int32(0) as! T, ["type": "integer", "format": "int32"])
        case is Int16.Type: return (Int16(0) as! T, integer)
        case is Int8.Type: return (Int8(0) as! T, integer)
        case is UInt.Type: return (UInt(0) as! T, ["type": "integer", "minimum": 0])
        case is UInt64.Type: return (UInt64(0) as! T, ["type": "integer", "minimum": 0])
        case is UInt32.Type: return (UInt32(0) as! T, ["type": "integer", "minimum": 0])
        case is UInt16.Type: return (UInt16(0) as! T, ["type": "integer", "minimum": 0])
        case is UInt8.Type: return (UInt8(0) as! T, ["type": "integer", "minimum": 0])
        case is UUID.Type: return (UUID(uuid: (0, 0, 0, 0, 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 0)) as! T, ["type": "string", "format": "uuid"])
        // Answers are written with ISO 8601 dates (Hummingbird's response encoder).
        case is Date.Type: return (Date(timeIntervalSince1970: 0) as! T, ["type": "string", "format": "date-time"])
        case is Data.Type: return (Data() as! T, ["type": "string", "contentEncoding": "base64"])
        case is URL.Type: return (URL(string: "https://example.org")! as! T, ["type": "string", "format": "uri"])
        default: return nil
        }
    }

    /// `CareAPI.PageView<CareAPI.StayView>` → `PageView_StayView`; `CareModel.Stay.Draft` →
    /// `Stay.Draft`. Two types that would share a name get a number.
    private func componentName(_ type: Any.Type) -> String {
        var text = String(reflecting: type)
        for module in ["CareAPI.", "CareModel.", "CareStore.", "CareIngest.", "CareSync.", "Swift.", "Foundation."] {
            text = text.replacingOccurrences(of: module, with: "")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        var name = String(text.map { allowed.contains($0) ? $0 : "_" })
        while name.contains("__") { name = name.replacingOccurrences(of: "__", with: "_") }
        name = name.trimmingCharacters(in: CharacterSet(charactersIn: "_"))
        let base = name
        var counter = 2
        while components[name] != nil || names.values.contains(name) {
            name = "\(base)\(counter)"
            counter += 1
        }
        return name
    }
}
