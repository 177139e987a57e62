import CareModel
import GRDB

/// What matching reads of an organisation's recent work, kept (v30): `organisation_day` holds,
/// per organisation and day in China (`QualitySummary`'s days), the ratings it was given and
/// their stars, and the visits its orders began and how many began on time. A candidate list
/// reads 90 rows per organisation instead of its last 90 days of ratings and visits (about
/// 8,000 index entries each for a county organisation with 50,000 orders); the hours at either
/// end come from the records. Triggers keep the table current through every write path.
///
/// A rating counts under its own organisation when it was made, a visit under its order's
/// organisation when it began: what `candidateFacts` counts from the records.
enum MatchingSummary {
    static let table = "organisation_day"

    static func visited(_ o: String) -> SummaryPart {
        SummaryPart(
            table: table, keys: [("organisation", "\(o).organisation_id"), ("day", QualitySummary.key("day", at: "\(o).checked_in_at"))],
            values: [("visits", "1"), ("on_time", QualitySummary.onTime(o))],
            conditions: [visits(o), QualitySummary.isKept("\(o).checked_in_at")])
    }

    static func rated(_ v: String) -> SummaryPart {
        SummaryPart(
            table: table, keys: [("organisation", "\(v).organisation_id"), ("day", QualitySummary.key("day", at: "\(v).created_at_millis"))],
            values: [("ratings", "1"), ("stars_total", "\(v).stars")],
            conditions: [ratings(v), QualitySummary.isKept("\(v).created_at_millis")])
    }

    /// Which orders and ratings have a part at all.
    static func visits(_ o: String) -> String { "\(o).checked_in_at IS NOT NULL AND \(o).organisation_id IS NOT NULL" }
    static func ratings(_ v: String) -> String { "\(v).organisation_id IS NOT NULL" }

    /// v30: the table, its triggers, and what the store already holds (one pass per table).
    static var migration: String {
        """
            CREATE TABLE \(table) (
              organisation TEXT NOT NULL, day INTEGER NOT NULL,
              ratings INTEGER NOT NULL DEFAULT 0, stars_total REAL NOT NULL DEFAULT 0,
              visits INTEGER NOT NULL DEFAULT 0, on_time INTEGER NOT NULL DEFAULT 0,
              PRIMARY KEY (organisation, day)) WITHOUT ROWID;
            \(SummaryPart.triggers(on: "service_order", named: "matching_visit", columns: ["checked_in_at", "due_at_millis", "organisation_id"],
                counts: visits) { [visited($0)] })
            \(SummaryPart.triggers(on: "evaluation", named: "matching_rating", columns: ["organisation_id", "created_at_millis", "stars"],
                counts: ratings) { [rated($0)] })
            INSERT INTO \(table)(organisation, day, visits, on_time)
              SELECT organisation_id, \(QualitySummary.key("day", at: "checked_in_at")), count(*), sum(\(QualitySummary.onTime("service_order")))
              FROM service_order WHERE \(visits("service_order")) AND \(QualitySummary.isKept("checked_in_at")) GROUP BY 1, 2;
            INSERT INTO \(table)(organisation, day, ratings, stars_total)
              SELECT organisation_id, \(QualitySummary.key("day", at: "created_at_millis")), count(*), total(stars)
              FROM evaluation WHERE \(ratings("evaluation")) AND \(QualitySummary.isKept("created_at_millis")) GROUP BY 1, 2
              ON CONFLICT(organisation, day) DO UPDATE SET ratings = excluded.ratings, stars_total = excluded.stars_total;
            """
    }
}
