import CareModel
import Foundation
import GRDB

/// Replication bookkeeping carried by every replicated row.
public struct RecordMeta: Hashable, Sendable {
    public var version: Version
    public var deleted: Bool
    /// Per-field stamps, for profile records only.
    public var stamps: [String: FieldStamp]

    public init(version: Version, deleted: Bool = false, stamps: [String: FieldStamp] = [:]) {
        self.version = version
        self.deleted = deleted
        self.stamps = stamps
    }
}

/// A record as stored: the model and its replication bookkeeping.
public struct Stored<Model: Sendable>: Sendable {
    public var model: Model
    public var meta: RecordMeta

    public init(model: Model, meta: RecordMeta) {
        self.model = model
        self.meta = meta
    }

    /// The ETag operators send back in `If-Match`.
    public var etag: String { "\"\(meta.version.hlc.packed)-\(meta.version.origin)\"" }
}

extension Stored: Equatable where Model: Equatable {}

/// JSON columns for nested values (lists, addresses). Sorted keys keep the text identical on
/// every node for the same value.
enum JSONColumn {
    /// Shared coders: making one per column costs more than the encoding on Linux.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private static let decoder = JSONDecoder()

    static func encode<T: Encodable>(_ value: T) -> String {
        // Encoding plain model values cannot fail: no floats that are NaN, no custom throwing encoders.
        String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("column \(column) holds unreadable JSON: \(error)")
        }
    }
}

extension Row {
    /// A required text column decoded through a validating initialiser.
    func parse<T>(_ column: String, _ make: (String) -> T?) throws -> T {
        let text: String = self[column] ?? ""
        guard let value = make(text) else { throw StoreError.corrupt("column \(column) holds invalid value '\(text)'") }
        return value
    }

    func uuid(_ column: String) throws -> UUID { try parse(column) { UUID(canonical: $0) } }

    func optionalUUID(_ column: String) throws -> UUID? {
        guard let text: String = self[column] else { return nil }
        guard let id = UUID(canonical: text) else { throw StoreError.corrupt("column \(column) holds invalid UUID '\(text)'") }
        return id
    }

    func code<T: CodeTable>(_ column: String, as: T.Type) throws -> T { try parse(column) { T(rawValue: $0) } }

    func division(_ column: String) throws -> DivisionCode { try parse(column) { DivisionCode($0) } }

    func version(_ column: String = "version", origin: String = "origin") -> Version {
        Version(hlc: HLC(packed: self[column]), origin: self[origin])
    }
}

public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    case notFound(EntityKind, UUID)
    /// `If-Match` named an older version than the stored one.
    case stale(current: String)
    case invalid(ValidationFailure)
    case forbidden(String)
    case conflict(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .notFound(let kind, let id): "no \(kind.label.en) with id \(id)"
        case .stale(let current): "the record was changed by someone else; its current version is \(current)"
        case .invalid(let failure): failure.description
        case .forbidden(let message), .conflict(let message), .corrupt(let message): message
        }
    }

    public static func == (lhs: StoreError, rhs: StoreError) -> Bool { lhs.description == rhs.description }
}
