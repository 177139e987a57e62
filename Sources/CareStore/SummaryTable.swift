import GRDB

/// One record's part in a row of a summary table that triggers keep current (the quality
/// figures' days, the map's communities): the row's key, and what the record adds to each of
/// the row's columns. A trigger takes the old row's part away and adds the new row's.
struct SummaryPart {
    var table: String
    var keys: [(column: String, value: String)]
    var values: [(column: String, value: String)]
    /// Tables the values read (none for a trigger's NEW or OLD row alone), and when the record counts.
    var from: [String] = []
    var conditions: [String] = []

    /// The upsert that adds this part (`sign` 1) or takes it away (-1).
    func upsert(_ sign: Int) -> String {
        let names = keys.map(\.column) + values.map(\.column)
        let selected = keys.map(\.value) + values.map { sign > 0 ? $0.value : "-(\($0.value))" }
        let from = from.isEmpty ? "" : " FROM " + from.joined(separator: ", ")
        let condition = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        let added = values.map { "\($0.column) = \($0.column) + excluded.\($0.column)" }
        return """
            INSERT INTO \(table)(\(names.joined(separator: ", ")))
              SELECT \(selected.joined(separator: ", "))\(from) WHERE \(condition)
              ON CONFLICT(\(keys.map(\.column).joined(separator: ", "))) DO UPDATE SET \(added.joined(separator: ", "));
            """
    }

    /// The same part read from `tables` too: a migration's fill of every row a table holds.
    func with(from tables: [String]) -> Self {
        var copy = self
        copy.from = tables + from
        return copy
    }

    /// Three triggers for `table` (insert, delete, and an update that changed one of
    /// `columns`): each takes OLD's parts away and adds NEW's. Upserts that are INSERT OR
    /// REPLACE fire the delete trigger because the store turns recursive triggers on.
    /// `counts`, when given, says of a row whether it has any part at all: the triggers do not
    /// fire for the others.
    static func triggers(
        on table: String, named name: String, columns: [String], counts: ((String) -> String)? = nil, _ parts: (String) -> [SummaryPart]
    ) -> String {
        func apply(_ row: String, _ sign: Int) -> String { parts(row).map { $0.upsert(sign) }.joined(separator: "\n") }
        func when(_ row: String) -> String { counts.map { " WHEN \($0(row))" } ?? "" }
        var changed = "(" + columns.map { "OLD.\($0) IS NOT NEW.\($0)" }.joined(separator: " OR ") + ")"
        if let counts { changed += " AND (\(counts("OLD")) OR \(counts("NEW")))" }
        return """
            CREATE TRIGGER \(name)_insert AFTER INSERT ON \(table)\(when("NEW")) BEGIN
            \(apply("NEW", 1))
            END;
            CREATE TRIGGER \(name)_delete AFTER DELETE ON \(table)\(when("OLD")) BEGIN
            \(apply("OLD", -1))
            END;
            CREATE TRIGGER \(name)_update AFTER UPDATE OF \(columns.joined(separator: ", ")) ON \(table) WHEN \(changed) BEGIN
            \(apply("OLD", -1))
            \(apply("NEW", 1))
            END;
            """
    }
}
