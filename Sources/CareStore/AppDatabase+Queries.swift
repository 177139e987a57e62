import CareModel
import Foundation
import GRDB

/// One page of a list, and the cursor for the next page (nil on the last one).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: String?
    /// How many records match the filter on all pages together (the cursor aside), counted up
    /// to `ListFilter.countLimit`: past it `total` is the limit and `totalCapped` is set.
    public var total: Int?
    public var totalCapped: Bool

    public init(items: [Item], next: String?, total: Int? = nil) {
        self.items = items
        self.next = next
        self.totalCapped = (total ?? 0) > ListFilter.countLimit
        self.total = total.map { min($0, ListFilter.countLimit) }
    }
}

/// Lists count at most this many matching records: an exact count of a county's completed
/// orders costs a walk over millions of index entries on every page, and an operator reading a
/// table needs "more than 10,000" there, not the figure (statistics give the figures).
extension ListFilter {
    public static let countLimit = 10_000
}

/// Filters for lists; each is optional and they combine with AND. A new one that narrows a
/// list must also be named in `ElderNameGrams.matching`, which answers name searches from the
/// grams alone when nothing else is asked.
public struct ListFilter: Sendable {
    /// A division code: records homed in it or below.
    public var within: DivisionCode?
    /// Substring of the name.
    public var nameContains: String?
    /// Exact-match column filters, e.g. `[.livingSituation: "alone"]`.
    public var equals: [ListColumn: String] = [:]
    /// Conflicts: resolved ones (true) or those still open (false).
    public var resolved: Bool?
    /// Fixed SQL conditions written in CareStore (never user text).
    var conditions: [String] = []
    /// Records of this elder, and of any duplicate record merged into it.
    public var elder: UUID?
    /// Orders overdue at this time (`OrderStatus.isOverdue`).
    public var overdueAt: Int64?
    /// Elders whose citizen ID ends with these characters (at least 4, the digits an
    /// operator reads back from a card or a caller).
    public var citizenIdTail: String?
    /// Elders with this phone number.
    public var phone: String?
    /// The operator's jurisdiction: only what it covers is listed.
    public var scope: Jurisdiction?
    public var limit: Int = 50
    /// Id of the last item of the previous page; under `order`, the cursor that sort gave out.
    public var after: String?
    /// The list's order (a `ListSort`'s); by id when nil.
    public var order: ListOrder?
    /// The name's pairs of characters in the order the search reads them (`rarestFirst`).
    var nameGrams: [String]?

    public init(within: DivisionCode? = nil, nameContains: String? = nil, equals: [ListColumn: String] = [:], limit: Int = 50, after: String? = nil) {
        self.within = within
        self.nameContains = nameContains
        self.equals = equals
        self.limit = limit
        self.after = after
    }
}

/// An order with its folded state.
public struct OrderSummary: Sendable {
    public var order: ServiceOrder
    public var status: OrderStatus
    public var organisationId: UUID?
    public var workerId: UUID?
    public var version: Version
    /// When the visit is due to begin, and when each stage was reached (milliseconds).
    public var dueAtMillis: Int64
    public var dispatchedAt: Int64?
    public var acceptedAt: Int64?
    public var checkedInAt: Int64?
    public var completedAt: Int64?

    /// Due and not yet begun, as of `nowMillis`.
    public func isOverdue(nowMillis: Int64) -> Bool {
        OrderStatus.isOverdue(status, dueAtMillis: dueAtMillis, nowMillis: nowMillis)
    }
}

extension AppDatabase {
    public func elder(id: UUID) throws -> Stored<Elder>? { try live(ElderTable.self, id) }

    /// The names of the live elders among `ids`, for a page that shows whose each row is:
    /// one statement per 500 ids instead of a whole elder read per row.
    public func elderNames(_ ids: some Sequence<UUID>) throws -> [UUID: String] {
        let wanted = Array(Set(ids.map(\.canonicalString)))
        return try read { db in
            var names: [UUID: String] = [:]
            for start in stride(from: 0, to: wanted.count, by: 500) {
                let chunk = Array(wanted[start..<min(start + 500, wanted.count)])
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT id, name FROM elder WHERE deleted = 0 AND id IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ",")))",
                    arguments: StatementArguments(chunk))
                while let row = try rows.next() { if let id = UUID(canonical: row[0]) { names[id] = row[1] } }
            }
            return names
        }
    }
    public func device(id: UUID) throws -> Stored<Device>? { try live(DeviceTable.self, id) }
    public func organisation(id: UUID) throws -> Stored<ServiceOrganisation>? { try live(OrganisationTable.self, id) }
    public func staff(id: UUID) throws -> Stored<Staff>? { try live(StaffTable.self, id) }
    public func evaluation(id: UUID) throws -> Stored<Evaluation>? { try live(EvaluationTable.self, id) }
    public func conflict(id: UUID) throws -> Stored<Conflict>? { try live(ConflictTable.self, id) }

    public func elders(_ filter: ListFilter) throws -> Page<Stored<Elder>> { try list(ElderTable.self, filter) }
    public func devices(_ filter: ListFilter) throws -> Page<Stored<Device>> { try list(DeviceTable.self, filter) }
    public func organisations(_ filter: ListFilter) throws -> Page<Stored<ServiceOrganisation>> { try list(OrganisationTable.self, filter) }
    public func staffList(_ filter: ListFilter) throws -> Page<Stored<Staff>> { try list(StaffTable.self, filter) }
    public func evaluations(_ filter: ListFilter) throws -> Page<Stored<Evaluation>> { try list(EvaluationTable.self, filter) }
    public func conflicts(_ filter: ListFilter) throws -> Page<Stored<Conflict>> { try list(ConflictTable.self, filter) }

    public func order(id: UUID) throws -> OrderSummary? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM service_order WHERE id = ?", arguments: [id.canonicalString]).map(Self.summary)
        }
    }

    public func orders(_ filter: ListFilter) throws -> Page<OrderSummary> {
        try read { db in
            try Self.page(OrderTable.table, filter, nameColumn: nil, db, Self.summary)
        }
    }

    /// The events of an order in fold order, with the fold's verdict.
    public func orderHistory(id: UUID) throws -> OrderState {
        try read { db in try OrderFold.state(of: id, db) }
    }

    /// Live row counts per kind of record, for the node page; with a jurisdiction, the kinds it
    /// filters count only what it covers (the node's own bookkeeping counts whole).
    public func recordCounts(in scope: Jurisdiction? = nil) throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for table in RecordRegistry.tables {
                var (condition, arguments) = scope?.condition(table: table.table) ?? ("1", [])
                if table.table == "order_event", let scope {
                    (condition, arguments) = scope.condition(table: "service_order")
                    condition = "order_id IN (SELECT id FROM service_order WHERE \(condition))"
                }
                // Profile and registry records keep tombstones: count the live ones.
                let live = table.columns.contains("deleted") ? " AND deleted = 0" : ""
                counts[table.kind.recordType.collection] = try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM \(table.table) WHERE (\(condition))" + live,
                    arguments: StatementArguments(arguments)) ?? 0
            }
            for (name, table) in [("blobs", "blob"), ("changeLog", "change_log")] {
                counts[name] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }

    private func live<T: RecordTable>(_ table: T.Type, _ id: UUID) throws -> Stored<T.Model>? {
        try read { db in try T.fetch(id, db) }.flatMap { $0.meta.deleted ? nil : $0 }
    }

    private func list<T: RecordTable>(_ table: T.Type, _ filter: ListFilter) throws -> Page<Stored<T.Model>> {
        try read { db in
            try Self.page(T.table, filter, nameColumn: T.columns.contains("name") ? "name" : nil, live: T.columns.contains("deleted"), db, T.decode)
        }
    }

    /// How many rows match `filter` on every page: the list's query without its cursor and limit,
    /// stopping one past `ListFilter.countLimit` (so `Page` can tell "more than").
    static func count(_ table: String, _ filter: ListFilter, nameColumn: String?, live: Bool = false, _ db: Database) throws -> Int {
        var whole = filter
        whole.after = nil
        whole.order = nil
        var (sql, arguments) = matchSQL(select: "1", table: table, whole, nameColumn: nameColumn)
        if live { sql = sql.replacingOccurrences(of: "WHERE 1", with: "WHERE deleted = 0") }
        _ = arguments.append(contentsOf: [ListFilter.countLimit + 1])
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(sql) LIMIT ?)", arguments: arguments) ?? 0
    }

    /// Keyset pagination on id, or on (sort key, id) under the filter's order; filter columns
    /// are fixed names chosen by the API, never user text.
    static func listSQL(table: String, _ filter: ListFilter, nameColumn: String?) -> (String, StatementArguments) {
        let select = filter.order.map { "*, \($0.expression) AS sort_key" } ?? "*"
        var (sql, arguments) = matchSQL(select: select, table: table, filter, nameColumn: nameColumn)
        sql += filter.order.map { keyset($0, after: nil, table: table).orderBy } ?? " ORDER BY id"
        sql += " LIMIT ?"
        _ = arguments.append(contentsOf: [filter.limit])
        return (sql, arguments)
    }

    /// One page of `table` under `filter`, with the next page's cursor and the count. Rows are
    /// decoded as SQLite steps through them, from the statement itself: a copied row (`fetchAll`)
    /// finds each column by a lower-cased linear search, a tenth of a 500-alert page's time.
    static func page<T>(
        _ table: String, _ filter: ListFilter, nameColumn: String?, live: Bool = false, _ db: Database, _ decode: (Row) throws -> T
    ) throws -> Page<T> {
        var filter = filter
        if table == ElderTable.table, nameColumn != nil, let name = filter.nameContains, !name.isEmpty {
            let grams = try rarestFirst(nameGrams(name), db)
            if let found = try ElderNameGrams.page(filter, grams: grams, db, decode) { return found }
            filter.nameGrams = grams
        }
        var (sql, arguments) = listSQL(table: table, filter, nameColumn: nameColumn)
        if live { sql = sql.replacingOccurrences(of: "WHERE 1", with: "WHERE deleted = 0") }
        var items: [T] = []
        items.reserveCapacity(min(filter.limit, 1000))
        var next: String?
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            items.append(try decode(row))
            if items.count == filter.limit { next = cursor(after: row, filter) }
        }
        return Page(items: items, next: next, total: try count(table, filter, nameColumn: nameColumn, live: live, db))
    }

    /// The cursor of the page after the one ending with `last`.
    static func cursor(after last: Row, _ filter: ListFilter) -> String {
        let id: String = last["id"]
        guard let order = filter.order else { return id }
        return order.cursor(key: last["sort_key"], id: id)
    }

    /// The pairs of characters an elder's name must hold to contain `name` (its one character
    /// when it has one): the first four, each once.
    static func nameGrams(_ name: String) -> [String] {
        let scalars = Array(name.unicodeScalars)
        let grams = scalars.count == 1 ? [String(scalars[0])]
            : (0..<min(scalars.count - 1, 4)).map { String(String.UnicodeScalarView(scalars[$0...($0 + 1)])) }
        return grams.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    }

    /// `grams` with the one held by the fewest elders first, each counted up to
    /// `rarityCountLimit` from the gram table's key: a common pair (a common surname and a
    /// common character) can be held by tens of thousands of a county's elders.
    static func rarestFirst(_ grams: [String], _ db: Database) throws -> [String] {
        guard grams.count > 1 else { return grams }
        let statement = try db.cachedStatement(sql: "SELECT count(*) FROM (SELECT 1 FROM elder_name_gram WHERE gram = lower(?) LIMIT ?)")
        var counts: [Int] = []
        for gram in grams {
            let count = try Int.fetchOne(statement, arguments: [gram, rarityCountLimit]) ?? 0
            if count == 0 { return [gram] }
            counts.append(count)
        }
        let rarest = counts.indices.min { counts[$0] < counts[$1] }!
        return [grams[rarest]] + grams.enumerated().filter { $0.offset != rarest }.map(\.element)
    }

    static let rarityCountLimit = 2_000

    /// `text` with LIKE's wildcards and its escape character escaped (`ESCAPE '\'`).
    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    private static func matchSQL(select: String, table: String, _ filter: ListFilter, nameColumn: String?) -> (String, StatementArguments) {
        var sql = "SELECT \(select) FROM \(table) WHERE 1"
        var arguments: StatementArguments = []
        if let within = filter.within {
            sql += " AND home LIKE ?"
            _ = arguments.append(contentsOf: [within.rawValue + "%"])
        }
        if let scope = filter.scope {
            let (condition, more) = scope.condition(table: table)
            sql += " AND (\(condition))"
            _ = arguments.append(contentsOf: StatementArguments(more))
        }
        if let elder = filter.elder {
            sql += " AND elder_id IN (SELECT id FROM elder WHERE id = ? OR merged_into = ?)"
            _ = arguments.append(contentsOf: [elder.canonicalString, elder.canonicalString])
        }
        if let name = filter.nameContains, let nameColumn {
            if table == ElderTable.table, !name.isEmpty {
                // Only elders whose names hold each of the query's first four pairs of
                // characters (or its one character) are read: every name that contains the
                // query holds them all (v25). The elders of the rarest pair (`page` puts it
                // first) are read from `elder_name_gram`'s key and each is looked up by key under
                // the other pairs, so only elders holding every pair are listed: a common pair's
                // elders are never all read and intersected.
                let grams = filter.nameGrams ?? Self.nameGrams(name)
                let probes = grams.dropFirst().enumerated().map { index, _ in
                    " AND EXISTS (SELECT 1 FROM elder_name_gram g\(index + 1) WHERE g\(index + 1).gram = lower(?) AND g\(index + 1).elder_id = g0.elder_id)"
                }
                sql += " AND id IN (SELECT g0.elder_id FROM elder_name_gram g0 WHERE g0.gram = lower(?)\(probes.joined()))"
                _ = arguments.append(contentsOf: StatementArguments(grams))
            }
            sql += " AND \(nameColumn) LIKE ? ESCAPE '\\'"
            _ = arguments.append(contentsOf: ["%" + likeEscaped(name) + "%"])
        }
        for (column, value) in filter.equals.sorted(by: { $0.key < $1.key }) {
            sql += " AND \(column.name) = ?"
            _ = arguments.append(contentsOf: [value])
        }
        if let tail = filter.citizenIdTail, tail.count >= 4 {
            // The first condition is the one `elder_citizen_tail` indexes.
            sql += " AND substr(citizen_id, -4) = ? AND substr(citizen_id, -?) = ?"
            _ = arguments.append(contentsOf: [String(tail.suffix(4)), tail.count, tail])
        }
        if let phone = filter.phone {
            sql += " AND phone = ?"
            _ = arguments.append(contentsOf: [phone])
        }
        if let overdueAt = filter.overdueAt {
            sql += " AND status IN \(SQLList.codes(OrderStatus.notBegun)) AND due_at_millis < ?"
            _ = arguments.append(contentsOf: [overdueAt])
        }
        if let resolved = filter.resolved {
            sql += resolved ? " AND resolution IS NOT NULL" : " AND resolution IS NULL"
        }
        for condition in filter.conditions {
            sql += " AND (\(condition))"
        }
        if let order = filter.order {
            let (condition, _, more) = keyset(order, after: filter.after, table: table)
            if let condition {
                sql += " AND \(condition)"
                _ = arguments.append(contentsOf: more)
            }
        } else if let after = filter.after {
            sql += " AND id > ?"
            _ = arguments.append(contentsOf: [after])
        }
        return (sql, arguments)
    }

    static func summary(_ row: Row) throws -> OrderSummary {
        let order = try OrderTable.decode(row)
        let stateVersion: Int64 = row["state_version"]
        return OrderSummary(
            order: order.model, status: try row.code("status", as: OrderStatus.self),
            organisationId: try row.optionalUUID("organisation_id"), workerId: try row.optionalUUID("worker_id"),
            version: Version(hlc: HLC(packed: max(stateVersion, order.meta.version.hlc.packed)), origin: order.meta.version.origin),
            dueAtMillis: row["due_at_millis"] ?? order.model.dueAtMillis, dispatchedAt: row["dispatched_at"],
            acceptedAt: row["accepted_at"], checkedInAt: row["checked_in_at"], completedAt: row["completed_at"])
    }
}
