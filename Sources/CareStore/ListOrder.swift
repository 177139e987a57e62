import CareModel
import Foundation
import GRDB

/// A field a list can be sorted by, named as the API names it (`dueAt`); which column that
/// is stays in this module.
public protocol SortField: RawRepresentable<String>, CaseIterable, Sendable, Equatable {
    /// The table the field's list reads.
    static var table: String { get }
}

/// Service orders: by when they were requested, or when the visit is due.
public enum OrderSortField: String, SortField {
    case requestedAt, dueAt
    public static let table = OrderTable.table
}

/// Alerts: by when they were raised.
public enum AlertSortField: String, SortField {
    case raisedAt
    public static let table = AlertTable.table
}

/// Elders: by name.
public enum ElderSortField: String, SortField {
    case name
    public static let table = ElderTable.table
}

/// Window cases: by when they fall due (the open ones first, so the overdue lead the queue),
/// or when they were received.
public enum CaseSortField: String, SortField {
    case dueAt, receivedAt
    public static let table = WindowCaseTable.table
}

/// Stays: by when the elder was admitted.
public enum StaySortField: String, SortField {
    case admittedAt
    public static let table = StayTable.table
}

/// Inspections: by the planned day, or by the earliest open deadline (those with none last).
public enum InspectionSortField: String, SortField {
    case plannedOn, nextDue
    public static let table = InspectionTable.table
}

/// The SQL behind each field: an expression over the table's own columns and whether its
/// values are whole numbers (else text).
extension SortField {
    var sql: (expression: String, integer: Bool) {
        switch self {
        case let field as OrderSortField:
            switch field {
            case .requestedAt: ("requested_at_millis", true)
            case .dueAt: ("coalesce(due_at_millis, requested_at_millis)", true)
            }
        case is AlertSortField: ("raised_at_millis", true)
        case let field as CaseSortField:
            switch field {
            case .dueAt: ("(CASE WHEN status = 'closed' THEN 9000000000000000000 ELSE due_at_millis END)", true)
            case .receivedAt: ("received_at_millis", true)
            }
        case is ElderSortField: ("name", false)
        case is StaySortField: ("admitted_at_millis", true)
        case let field as InspectionSortField:
            switch field {
            case .plannedOn: ("planned_on", false)
            case .nextDue: ("coalesce(next_due_millis, 9000000000000000000)", true)
            }
        default: preconditionFailure("no column for sort field \(rawValue)")
        }
    }
}

/// A list's order: one field, ascending or descending (`-dueAt`), ties broken by id in the
/// same direction, so that keyset paging over (key, id) neither skips nor repeats a row.
public struct ListSort<Field: SortField>: Sendable, Equatable {
    public var field: Field
    public var descending: Bool

    public init(_ field: Field, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }

    /// `dueAt` or `-dueAt`; nil for anything else.
    public init?(parsing text: String) {
        let descending = text.hasPrefix("-")
        guard let field = Field(rawValue: descending ? String(text.dropFirst()) : text) else { return nil }
        self.init(field, descending: descending)
    }

    /// Every value `init(parsing:)` accepts.
    public static var allowed: [String] { Field.allCases.flatMap { [$0.rawValue, "-" + $0.rawValue] } }

    public var text: String { (descending ? "-" : "") + field.rawValue }

    /// Whether `cursor` is one this sort gave out (a cursor of another sort is not).
    public func accepts(cursor: String) -> Bool { order.position(cursor) != nil }

    /// The order as the list queries apply it.
    public var order: ListOrder {
        let (expression, integer) = field.sql
        return ListOrder(table: Field.table, name: text, expression: expression, integer: integer, descending: descending)
    }
}

/// A sort as the list SQL applies it, built only from a `ListSort`.
public struct ListOrder: Sendable, Equatable {
    let table: String
    let name: String
    let expression: String
    let integer: Bool
    let descending: Bool

    /// The cursor after a row: the sort's name, the row's key and id, base64url-encoded so
    /// that a client treats it as opaque.
    func cursor(key: DatabaseValue, id: String) -> String {
        let keyText: String = switch key.storage {
        case .int64(let value): String(value)
        case .string(let value): value
        case .double(let value): String(Int64(value))
        default: ""
        }
        return Data("\(name)\n\(keyText)\n\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The key and id a cursor of this sort holds, or nil if it is not one.
    func position(_ cursor: String) -> (key: DatabaseValue, id: String)? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
            let first = text.firstIndex(of: "\n"), let last = text.lastIndex(of: "\n"), first < last,
            text[..<first] == name
        else { return nil }
        let keyText = String(text[text.index(after: first)..<last])
        let id = String(text[text.index(after: last)...])
        guard UUID(uuidString: id) != nil else { return nil }
        if integer {
            guard let value = Int64(keyText) else { return nil }
            return (value.databaseValue, id)
        }
        return (keyText.databaseValue, id)
    }
}

extension AppDatabase {
    /// The keyset condition after `cursor` and the ORDER BY of `order`, for `table`.
    static func keyset(_ order: ListOrder, after cursor: String?, table: String) -> (condition: String?, orderBy: String, arguments: StatementArguments) {
        precondition(order.table == table, "a sort of \(order.table) applied to \(table)")
        let direction = order.descending ? "DESC" : "ASC"
        let orderBy = " ORDER BY \(order.expression) \(direction), id \(direction)"
        guard let cursor, let position = order.position(cursor) else { return (nil, orderBy, []) }
        let comparison = order.descending ? "<" : ">"
        return ("(\(order.expression), id) \(comparison) (?, ?)", orderBy, [position.key, position.id])
    }
}
