import CareModel
import GRDB

/// Elder search by a part of the name (v31). `elder_name_gram` holds each live elder's name
/// as its characters and pairs of characters (lower-cased as LIKE compares them), each with
/// the elder's home and whole name. A search reads the entries of the query's rarest pair,
/// which lie together under the table's key, and checks the home and `name LIKE '%q%'` on
/// them: the count and the page's ids never read an elder's row. Before v31 the table held
/// the pairs alone, and every match (about 1,560 elders for a common full name in a county
/// of 300,000) was read from the elder table, one random row each, to check its name, home
/// and deletion; that was most of a search's time.
///
/// Triggers keep the table to the live elders through every write path (the API, apply,
/// bulk loads, purges and INSERT OR REPLACE, whose delete fires the delete trigger because
/// the store turns recursive triggers on).
enum ElderNameGrams {
    /// The grams of `row`'s name as one statement's rows (duplicates left in: the inserts
    /// ignore them).
    static func grams(_ row: String) -> String {
        """
        SELECT lower(substr(\(row).name, p.n, 1)) AS gram FROM text_position p WHERE p.n <= length(\(row).name)
          UNION ALL SELECT lower(substr(\(row).name, p.n, 2)) FROM text_position p WHERE p.n < length(\(row).name)
        """
    }

    static func insert(_ row: String) -> String {
        "INSERT OR IGNORE INTO elder_name_gram(gram, elder_id, home, name) SELECT gram, \(row).id, \(row).home, \(row).name FROM (\(grams(row)))"
    }

    static func remove(_ row: String) -> String {
        "DELETE FROM elder_name_gram WHERE elder_id = \(row).id AND gram IN (\(grams(row)))"
    }

    /// Every live elder's entries, in key order: the migration's fill, and what the triggers
    /// must always have kept.
    static let recount = """
        SELECT DISTINCT gram, id, home, name FROM (
          SELECT lower(substr(e.name, p.n, 1)) AS gram, e.id AS id, e.home AS home, e.name AS name
            FROM elder e, text_position p WHERE e.deleted = 0 AND p.n <= length(e.name)
          UNION ALL SELECT lower(substr(e.name, p.n, 2)), e.id, e.home, e.name
            FROM elder e, text_position p WHERE e.deleted = 0 AND p.n < length(e.name)
        ) ORDER BY gram, id
        """

    /// v31: the table rebuilt with the home and the name, for live elders only.
    static let migration = """
        DROP TRIGGER elder_name_gram_insert;
        DROP TRIGGER elder_name_gram_update;
        DROP TRIGGER elder_name_gram_delete;
        DROP TABLE elder_name_gram;
        CREATE TABLE elder_name_gram (
          gram TEXT NOT NULL, elder_id TEXT NOT NULL, home TEXT NOT NULL, name TEXT NOT NULL,
          PRIMARY KEY (gram, elder_id)) WITHOUT ROWID;
        CREATE TRIGGER elder_name_gram_insert AFTER INSERT ON elder WHEN NEW.deleted = 0 BEGIN
          \(insert("NEW"));
        END;
        CREATE TRIGGER elder_name_gram_update AFTER UPDATE OF name, home, deleted ON elder
          WHEN (OLD.name IS NOT NEW.name OR OLD.home IS NOT NEW.home OR OLD.deleted IS NOT NEW.deleted) AND (OLD.deleted = 0 OR NEW.deleted = 0) BEGIN
          \(remove("OLD")) AND OLD.deleted = 0;
          \(insert("NEW")) WHERE NEW.deleted = 0;
        END;
        CREATE TRIGGER elder_name_gram_delete AFTER DELETE ON elder WHEN OLD.deleted = 0 BEGIN
          \(remove("OLD"));
        END;
        INSERT INTO elder_name_gram(gram, elder_id, home, name) \(recount);
        """

    /// The conditions on `elder_name_gram g` that select exactly the elders `filter` lists,
    /// when the filter asks nothing else of them (nil otherwise: the elder table answers).
    /// Every `ListFilter` field that narrows a list must be named here.
    static func matching(_ filter: ListFilter, grams: [String]) -> (sql: String, arguments: [any DatabaseValueConvertible])? {
        guard let name = filter.nameContains, !name.isEmpty, let rarest = grams.first,
              filter.equals.isEmpty, filter.conditions.isEmpty, filter.elder == nil, filter.overdueAt == nil,
              filter.citizenIdTail == nil, filter.phone == nil, filter.resolved == nil, filter.order == nil,
              filter.scope?.isByOrder != true
        else { return nil }
        var sql = "g.gram = lower(?)"
        var arguments: [any DatabaseValueConvertible] = [rarest]
        if let within = filter.within {
            sql += " AND g.home LIKE ?"
            arguments.append(within.rawValue + "%")
        }
        if let scope = filter.scope {
            // A division's jurisdiction keeps elders to their home, which the entries hold.
            let (condition, more) = scope.condition(table: ElderTable.table, alias: "g")
            sql += " AND (\(condition))"
            arguments += more
        }
        sql += " AND g.name LIKE ? ESCAPE '\\'"
        arguments.append("%" + AppDatabase.likeEscaped(name) + "%")
        return (sql, arguments)
    }

    /// One page of the elders `filter` lists, its ids and count read from the entries alone
    /// (nil when `matching` leaves the question to the elder table).
    static func page<T>(_ filter: ListFilter, grams: [String], _ db: Database, _ decode: (Row) throws -> T) throws -> Page<T>? {
        guard let match = matching(filter, grams: grams) else { return nil }
        var ids = "SELECT g.elder_id FROM elder_name_gram g WHERE \(match.sql)"
        var arguments = match.arguments
        if let after = filter.after {
            ids += " AND g.elder_id > ?"
            arguments.append(after)
        }
        ids += " ORDER BY g.elder_id LIMIT ?"
        arguments.append(filter.limit)
        var items: [T] = []
        var next: String?
        let rows = try Row.fetchCursor(
            db, sql: "SELECT * FROM elder WHERE id IN (\(ids)) AND deleted = 0 ORDER BY id", arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            items.append(try decode(row))
            if items.count == filter.limit { next = row["id"] }
        }
        let total = try Int.fetchOne(
            db, sql: "SELECT count(*) FROM (SELECT 1 FROM elder_name_gram g WHERE \(match.sql) LIMIT ?)",
            arguments: StatementArguments(match.arguments + [ListFilter.countLimit + 1])) ?? 0
        return Page(items: items, next: next, total: total)
    }
}
