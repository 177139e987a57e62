import Foundation

/// The `Encoder` a value encodes itself to in `JSONSink.value`: it opens the value's object or
/// array on first request and hands out containers that write into the sink.
final class StreamingEncoder: Encoder {
    enum State {
        case empty
        case container(Int)
        case single
    }

    let sink: JSONSink
    let place: CodingPlace
    var codingPath: [any CodingKey] { place.path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private(set) var state = State.empty
    private var keyed = false

    init(sink: JSONSink, place: CodingPlace) {
        self.sink = sink
        self.place = place
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        switch state {
        case .empty:
            state = .container(sink.begin(UInt8(ascii: "{"), close: UInt8(ascii: "}")))
            keyed = true
        case .container where keyed:
            break // a second request continues the same object, as JSONEncoder merges them
        default:
            sink.unsupported = true
        }
        return KeyedEncodingContainer(StreamingKeyedContainer<Key>(sink: sink, id: openID, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .empty = state {
            state = .container(sink.begin(UInt8(ascii: "["), close: UInt8(ascii: "]")))
        } else {
            sink.unsupported = true
        }
        return StreamingUnkeyedContainer(sink: sink, id: openID, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        if case .empty = state { state = .single } else { sink.unsupported = true }
        return StreamingSingleValue(sink: sink, place: place)
    }

    private var openID: Int {
        if case .container(let id) = state { return id }
        return -1
    }
}

struct StreamingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: JSONSink
    let id: Int
    let codingPath: [any CodingKey]

    private func at(_ key: Key) -> Bool {
        guard sink.element(of: id) else { return false }
        sink.key(key)
        return true
    }

    mutating func encodeNil(forKey key: Key) throws { if at(key) { sink.null() } }
    mutating func encode(_ value: Bool, forKey key: Key) throws { if at(key) { sink.bool(value) } }
    mutating func encode(_ value: String, forKey key: Key) throws { if at(key) { sink.string(value) } }
    mutating func encode(_ value: Double, forKey key: Key) throws { if at(key) { try sink.number(value, at: CodingPlace(parent: codingPath, key: key)) } }
    mutating func encode(_ value: Float, forKey key: Key) throws { if at(key) { try sink.number(value, at: CodingPlace(parent: codingPath, key: key)) } }
    mutating func encode(_ value: Int, forKey key: Key) throws { if at(key) { sink.integer(Int64(value)) } }
    mutating func encode(_ value: Int8, forKey key: Key) throws { if at(key) { sink.integer(Int64(value)) } }
    mutating func encode(_ value: Int16, forKey key: Key) throws { if at(key) { sink.integer(Int64(value)) } }
    mutating func encode(_ value: Int32, forKey key: Key) throws { if at(key) { sink.integer(Int64(value)) } }
    mutating func encode(_ value: Int64, forKey key: Key) throws { if at(key) { sink.integer(value) } }
    mutating func encode(_ value: UInt, forKey key: Key) throws { if at(key) { sink.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { if at(key) { sink.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { if at(key) { sink.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { if at(key) { sink.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { if at(key) { sink.unsigned(value) } }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { if at(key) { try sink.value(value, at: CodingPlace(parent: codingPath, key: key)) } }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        sink.unsupported = true
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(sink: sink, id: -1, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        sink.unsupported = true
        return StreamingUnkeyedContainer(sink: sink, id: -1, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        sink.unsupported = true
        return StreamingEncoder(sink: sink, place: CodingPlace(parent: codingPath, key: nil))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        sink.unsupported = true
        return StreamingEncoder(sink: sink, place: CodingPlace(parent: codingPath, key: key))
    }
}

/// An index in an array, for coding paths.
private struct ArrayIndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

struct StreamingUnkeyedContainer: UnkeyedEncodingContainer, StreamingSlot {
    let sink: JSONSink
    let id: Int
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(sink: JSONSink, id: Int, codingPath: [any CodingKey]) {
        self.sink = sink
        self.id = id
        self.codingPath = codingPath
    }

    mutating func claim() -> Bool {
        guard sink.element(of: id) else { return false }
        count += 1
        return true
    }

    var claimed: CodingPlace { CodingPlace(parent: codingPath, key: ArrayIndexKey(intValue: count - 1)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        sink.unsupported = true
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(sink: sink, id: -1, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        sink.unsupported = true
        return StreamingUnkeyedContainer(sink: sink, id: -1, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        sink.unsupported = true
        return StreamingEncoder(sink: sink, place: CodingPlace(parent: codingPath, key: nil))
    }
}

struct StreamingSingleValue: SingleValueEncodingContainer, StreamingSlot {
    let sink: JSONSink
    let place: CodingPlace
    var codingPath: [any CodingKey] { place.path }
    private var written = false

    init(sink: JSONSink, place: CodingPlace) {
        self.sink = sink
        self.place = place
    }

    /// A single-value container holds one value; a second write is a shape JSONEncoder refuses.
    mutating func claim() -> Bool {
        guard !written, !sink.unsupported else { sink.unsupported = true; return false }
        written = true
        return true
    }

    var claimed: CodingPlace { place }
}

/// What an unkeyed and a single-value container share: each value first claims its slot (a
/// comma in an array, the one value of a single-value container), then is written.
protocol StreamingSlot {
    var sink: JSONSink { get }
    /// Claims the next slot; false when the value must not be written (the run is unsupported).
    mutating func claim() -> Bool
    /// Where the value just claimed sits, for errors and nested values.
    var claimed: CodingPlace { get }
}

extension StreamingSlot {
    mutating func encodeNil() throws { if claim() { sink.null() } }
    mutating func encode(_ value: String) throws { if claim() { sink.string(value) } }
    mutating func encode(_ value: Bool) throws { if claim() { sink.bool(value) } }
    mutating func encode(_ value: Double) throws { if claim() { try sink.number(value, at: claimed) } }
    mutating func encode(_ value: Float) throws { if claim() { try sink.number(value, at: claimed) } }
    mutating func encode(_ value: Int) throws { if claim() { sink.integer(Int64(value)) } }
    mutating func encode(_ value: Int8) throws { if claim() { sink.integer(Int64(value)) } }
    mutating func encode(_ value: Int16) throws { if claim() { sink.integer(Int64(value)) } }
    mutating func encode(_ value: Int32) throws { if claim() { sink.integer(Int64(value)) } }
    mutating func encode(_ value: Int64) throws { if claim() { sink.integer(value) } }
    mutating func encode(_ value: UInt) throws { if claim() { sink.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt8) throws { if claim() { sink.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt16) throws { if claim() { sink.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt32) throws { if claim() { sink.unsigned(UInt64(value)) } }
    mutating func encode(_ value: UInt64) throws { if claim() { sink.unsigned(value) } }
    mutating func encode<T: Encodable>(_ value: T) throws { if claim() { try sink.value(value, at: claimed) } }
}
