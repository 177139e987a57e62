import Foundation
import SwiftProtobuf

/// Finds fields that protocol v1 does not define anywhere in a message, nested messages
/// included. swift-protobuf keeps such fields as unknown bytes and would write them out again
/// unread: a peer's data this node would silently drop, or a probe for a newer protocol.
public enum UnknownFields {
    /// A field found in `path` (field numbers from the outer message in, e.g. `7.1.2` for a
    /// change's record, its elder, its address) whose number `fieldNumber` is not defined.
    public struct Found: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: [Int]
        public var fieldNumber: Int

        public var description: String {
            let place = path.isEmpty ? "" : " inside field \(path.map(String.init).joined(separator: "."))"
            return "field number \(fieldNumber)\(place) is not defined by this node's protocol"
        }
    }

    /// The first undefined field in `message`, or nil when it has none at any depth.
    public static func first(in message: some SwiftProtobuf.Message) -> Found? {
        var finder = Finder()
        do {
            try message.traverse(visitor: &finder)
        } catch let found as Found {
            return found
        } catch {
            return nil  // the finder throws nothing else
        }
        return nil
    }

    /// The tag's field number at the start of unknown bytes (a varint, low three bits the wire type).
    static func leadingFieldNumber(_ bytes: Data) -> Int {
        var tag: UInt64 = 0
        var shift: UInt64 = 0
        for byte in bytes.prefix(10) {
            tag |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int(truncatingIfNeeded: tag >> 3)
    }
}

/// Walks a message: scalars are ignored, nested messages are entered, unknown bytes end the walk.
private struct Finder: Visitor {
    var path: [Int] = []

    mutating func visitUnknown(bytes: Data) throws {
        guard !bytes.isEmpty else { return }
        throw UnknownFields.Found(path: path, fieldNumber: UnknownFields.leadingFieldNumber(bytes))
    }

    mutating func visitSingularMessageField<M: Message>(value: M, fieldNumber: Int) throws {
        path.append(fieldNumber)
        try value.traverse(visitor: &self)
        path.removeLast()
    }

    mutating func visitRepeatedMessageField<M: Message>(value: [M], fieldNumber: Int) throws {
        for element in value { try visitSingularMessageField(value: element, fieldNumber: fieldNumber) }
    }

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufMessageMap<KeyType, ValueType>.Type,
        value: _ProtobufMessageMap<KeyType, ValueType>.BaseType, fieldNumber: Int
    ) throws {
        for element in value.values { try visitSingularMessageField(value: element, fieldNumber: fieldNumber) }
    }

    mutating func visitMapField<KeyType, ValueType: MapValueType>(
        fieldType: _ProtobufMap<KeyType, ValueType>.Type,
        value: _ProtobufMap<KeyType, ValueType>.BaseType, fieldNumber: Int
    ) throws {}

    mutating func visitMapField<KeyType, ValueType>(
        fieldType: _ProtobufEnumMap<KeyType, ValueType>.Type,
        value: _ProtobufEnumMap<KeyType, ValueType>.BaseType, fieldNumber: Int
    ) throws where ValueType.RawValue == Int {}

    mutating func visitSingularDoubleField(value: Double, fieldNumber: Int) throws {}
    mutating func visitSingularInt64Field(value: Int64, fieldNumber: Int) throws {}
    mutating func visitSingularUInt64Field(value: UInt64, fieldNumber: Int) throws {}
    mutating func visitSingularBoolField(value: Bool, fieldNumber: Int) throws {}
    mutating func visitSingularStringField(value: String, fieldNumber: Int) throws {}
    mutating func visitSingularBytesField(value: Data, fieldNumber: Int) throws {}
    mutating func visitSingularEnumField<E: Enum>(value: E, fieldNumber: Int) throws {}
}
