import Foundation

/// The two file formats of an export (数据交换, Anhui §4.2.1).
enum ExportFormat: String, CaseIterable, Sendable {
    /// UTF-8 with a byte-order mark, which Excel needs to read Chinese correctly; RFC 4180
    /// quoting; one header line with the dataset's columns.
    case csv
    /// JSON Lines: one record per line, as the API shows it.
    case jsonl

    var contentType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .jsonl: "application/jsonl; charset=utf-8"
        }
    }

    static let byteOrderMark = "\u{FEFF}"
}

/// One CSV column: its header, and where its value sits in the record's JSON (`address.text`,
/// `emergencyContacts.0.name`).
struct ExportColumn: Sendable {
    let header: String
    let path: [String]

    init(_ header: String, _ path: String? = nil) {
        self.header = header
        self.path = (path ?? header).split(separator: ".").map(String.init)
    }
}

/// A record's JSON, read back as values so that columns can pick from it.
enum ExportValue: Decodable, Sendable {
    case text(String)
    case number(Double)
    case bool(Bool)
    case null
    case list([ExportValue])
    case object([String: ExportValue])

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null }
        else if let bool = try? single.decode(Bool.self) { self = .bool(bool) }
        else if let number = try? single.decode(Double.self) { self = .number(number) }
        else if let text = try? single.decode(String.self) { self = .text(text) }
        else if let list = try? single.decode([ExportValue].self) { self = .list(list) }
        else { self = .object(try single.decode([String: ExportValue].self)) }
    }

    func value(at path: ArraySlice<String>) -> ExportValue? {
        guard let key = path.first else { return self }
        switch self {
        case let .object(fields): return fields[key]?.value(at: path.dropFirst())
        case let .list(items):
            guard let index = Int(key), items.indices.contains(index) else { return nil }
            return items[index].value(at: path.dropFirst())
        default: return nil
        }
    }

    /// The cell text: a list of plain values joined by ";" (as the elder import reads
    /// chronic conditions), anything nested as JSON, whole numbers without a decimal point.
    var cell: String {
        switch self {
        case let .text(text): text
        case let .number(number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case let .bool(bool): bool ? "true" : "false"
        case .null: ""
        case let .list(items):
            items.allSatisfy(\.isPlain) ? items.map(\.cell).joined(separator: ";") : json
        case .object: json
        }
    }

    private var isPlain: Bool {
        switch self {
        case .text, .number, .bool, .null: true
        case .list, .object: false
        }
    }

    private var json: String {
        switch self {
        case let .text(text): Self.quotedJSON(text)
        case .number, .bool, .null: cell
        case let .list(items): "[" + items.map(\.json).joined(separator: ",") + "]"
        case let .object(fields):
            "{" + fields.sorted { $0.key < $1.key }.map { Self.quotedJSON($0.key) + ":" + $0.value.json }.joined(separator: ",") + "}"
        }
    }

    private static func quotedJSON(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

enum CSVText {
    /// RFC 4180: a field with a comma, quote, or line break is quoted, quotes doubled. Text is
    /// written as stored, so that an export imports back unchanged; a cell that starts with
    /// "=", "+", "-" or "@" is therefore not defused for spreadsheets (README, Exports).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }
}
