import CareModel
import Foundation
import SwiftCSV

/// A rejected row of an import: its line (the header is line 1) and every field that was wrong,
/// in English and Chinese. Nothing of a rejected row is written.
public struct ImportRejected: Sendable, Equatable {
    public let line: Int
    public let errors: [FieldError]

    public init(line: Int, errors: [FieldError]) {
        self.line = line
        self.errors = errors
    }

    init(line: Int, _ field: String, en: String, zh: String) {
        self.init(line: line, errors: [FieldError(field: field, Label(en: en, zh: zh))])
    }

    /// "field: message", in English, as the command line prints them.
    public var reasons: [String] { errors.map { "\($0.field): \($0.message)" } }
}

/// What an import did (or, for a preview, would do): the rows read, those written, and the
/// rejected rows with their reasons.
public struct ImportReport: Sendable {
    public var rows: Int
    /// Rows written; for a preview, the rows that would be.
    public var imported: Int
    public var rejected: [ImportRejected]
    /// Whether this was a preview, which writes nothing.
    public var preview = false

    public init(rows: Int, imported: Int, rejected: [ImportRejected], preview: Bool = false) {
        self.rows = rows
        self.imported = imported
        self.rejected = rejected
        self.preview = preview
    }
}

/// The file as a whole cannot be imported: not CSV, or a required column is missing. Nothing
/// is written.
public struct ImportFileError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public let zh: String

    init(_ description: String, zh: String) {
        self.description = description
        self.zh = zh
    }
}

/// Who imports, and what they may write: the caller's jurisdiction (nil for the node's own
/// work, such as the command line) and whether to validate only.
public struct ImportOptions: Sendable {
    public var actor: String
    public var scope: Jurisdiction?
    public var preview: Bool

    public init(actor: String, scope: Jurisdiction? = nil, preview: Bool = false) {
        self.actor = actor
        self.scope = scope
        self.preview = preview
    }
}

/// A CSV file read a row at a time (UTF-8, RFC 4180, header row, optional byte-order mark):
/// the rows are handed over as they are parsed, so a large file never sits in memory twice.
struct CSVRows {
    let header: [String]
    private let csv: CSV<Enumerated>
    private let index: [String: Int]
    /// Roughly how many rows there are (line breaks), for progress.
    let estimatedCount: Int

    /// - Throws: `ImportFileError` when the text is not CSV or lacks a `required` column.
    init(_ text: String, required: [String], known: [String]) throws {
        // A byte-order mark (Excel writes one, and so does carenode's export) is not part of
        // the first column's name.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        do { csv = try CSV<Enumerated>(string: text, delimiter: .comma, loadColumns: false, rowLimit: 1) } catch {
            throw ImportFileError("the file is not valid CSV: \(error)", zh: "文件不是有效的CSV格式")
        }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
        self.header = header
        let missing = required.filter { !header.contains($0) }
        if !missing.isEmpty {
            throw ImportFileError(
                "the header lacks column(s) \(missing.joined(separator: ", ")); expected columns: \(known.joined(separator: ","))",
                zh: "表头缺少列：\(missing.joined(separator: "、"))；应有的列：\(known.joined(separator: ","))")
        }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() where index[name] == nil { index[name] = position }
        self.index = index
        estimatedCount = max(0, text.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 } - 1)
    }

    /// Calls `body` with each data row's line number and a reader of its cells.
    func forEach(_ body: (Int, Cells) -> Void) throws {
        var line = 1
        do {
            try withoutActuallyEscaping(body) { body in
                try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { [index] fields in
                    line += 1
                    // A blank line between rows is layout, not a row.
                    if fields.count == 1, fields[0].trimmingCharacters(in: .whitespaces).isEmpty { return }
                    body(line, Cells(fields: fields, index: index))
                }
            }
        } catch {
            throw ImportFileError("the file is not valid CSV after line \(line): \(error)", zh: "文件第\(line)行之后不是有效的CSV格式")
        }
    }

    /// One row's cells by column name.
    struct Cells {
        let fields: [String]
        let index: [String: Int]

        /// The cell's text without the padding around it (spreadsheet layout, not content);
        /// nil when the column is absent or the cell empty. Everything inside a cell (control
        /// characters included) reaches the record rules.
        func value(_ key: String) -> String? {
            guard let position = index[key], position < fields.count else { return nil }
            let text = fields[position].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }

        /// A list cell: values separated by ";", as the export writes them.
        func list(_ key: String) -> [String]? {
            value(key)?.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }
}

extension ImportRejected {
    /// The row's home is outside this node's subtree or the caller's jurisdiction, if it is.
    static func outside(_ home: DivisionCode, node: DivisionCode, scope: Jurisdiction?, line: Int) -> ImportRejected? {
        if !node.contains(home) {
            return ImportRejected(
                line: line, "home", en: "\(home) is outside this node (\(node))", zh: "\(home) 不在本节点（\(node)）范围之内")
        }
        if let scope, !scope.contains(home) || scope.isByOrder {
            return ImportRejected(
                line: line, "home", en: "\(home) is outside your jurisdiction (\(scope.division))",
                zh: "\(home) 不在您的辖区（\(scope.division)）之内")
        }
        return nil
    }
}
