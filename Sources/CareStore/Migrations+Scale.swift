import GRDB

extension AppDatabase {
    /// Indexes found by `carenode bench --scenarios county`: each serves a console query that
    /// read a whole table (or sorted a whole table's worth of rows) on a county-size database.
    static func registerScaleMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v24-county-indexes") { db in
            try db.execute(sql: """
                -- Elder search by the last digits of a citizen ID (ListFilter.citizenIdTail) and
                -- by phone number (ListFilter.phone).
                CREATE INDEX elder_citizen_tail ON elder(substr(citizen_id, -4));
                CREATE INDEX elder_phone ON elder(phone);
                -- Orders by status and by organisation, a page at a time in id order.
                CREATE INDEX service_order_status_id ON service_order(status, id);
                CREATE INDEX service_order_organisation_id ON service_order(organisation_id, id);
                -- Candidates for an order: each organisation's recent visits and ratings.
                CREATE INDEX service_order_visits ON service_order(organisation_id, checked_in_at, due_at_millis);
                CREATE INDEX evaluation_organisation ON evaluation(organisation_id, created_at_millis, stars);
                -- Service-quality figures over a period: each table read by its time column
                -- instead of whole (return visits by their kind).
                CREATE INDEX service_order_requested ON service_order(requested_at_millis);
                CREATE INDEX service_order_checked_in ON service_order(checked_in_at);
                CREATE INDEX evaluation_created ON evaluation(created_at_millis);
                CREATE INDEX order_event_kind ON order_event(kind);
                CREATE INDEX complaint_received ON complaint(received_at_millis);
                """)
        }
        // The grams of `row`'s name (each character and each pair, lower-cased as LIKE compares
        // them), for every row `from` gives, or for a trigger's NEW row.
        @Sendable func grams(_ row: String, from: String? = nil) -> String {
            let source = (["text_position p"] + (from.map { [$0] } ?? [])).joined(separator: ", ")
            return """
                INSERT OR IGNORE INTO elder_name_gram(gram, elder_id)
                  SELECT lower(substr(\(row).name, p.n, 1)), \(row).id FROM \(source) WHERE p.n <= length(\(row).name)
                  UNION SELECT lower(substr(\(row).name, p.n, 2)), \(row).id FROM \(source) WHERE p.n < length(\(row).name);
                """
        }
        migrator.registerMigration("v25-elder-name-grams") { db in
            // Elder search by a part of the name (ListFilter.nameContains): `name LIKE '%q%'`
            // reads every elder. Each elder's name is kept here as its characters and pairs of
            // characters, so a search reads the elders whose names hold the query's first pair
            // (or its one character) and checks the LIKE on those alone. Triggers keep the
            // table current through every write path: the API, apply, bulk loads and purges
            // (upserts are INSERT OR REPLACE, whose delete fires the delete trigger because the
            // store turns recursive triggers on).
            try db.execute(sql: """
                CREATE TABLE text_position (n INTEGER PRIMARY KEY);
                WITH RECURSIVE p(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM p WHERE n < 1000)
                INSERT INTO text_position(n) SELECT n FROM p;

                CREATE TABLE elder_name_gram (
                  gram TEXT NOT NULL, elder_id TEXT NOT NULL, PRIMARY KEY (gram, elder_id)) WITHOUT ROWID;
                CREATE INDEX elder_name_gram_elder ON elder_name_gram(elder_id);

                CREATE TRIGGER elder_name_gram_insert AFTER INSERT ON elder BEGIN
                  \(grams("NEW"))
                END;
                CREATE TRIGGER elder_name_gram_update AFTER UPDATE OF name ON elder WHEN OLD.name IS NOT NEW.name BEGIN
                  DELETE FROM elder_name_gram WHERE elder_id = OLD.id;
                  \(grams("NEW"))
                END;
                CREATE TRIGGER elder_name_gram_delete AFTER DELETE ON elder BEGIN
                  DELETE FROM elder_name_gram WHERE elder_id = OLD.id;
                END;

                \(grams("e", from: "elder e"))
                """)
        }
        migrator.registerMigration("v26-quality-days") { db in
            // Service-quality figures over a period read daily sums (QualitySummary.swift)
            // instead of every order, rating, return visit and complaint of the period.
            try db.execute(sql: QualitySummary.migration)
        }
        migrator.registerMigration("v27-map-communities-and-counts") { db in
            // The map's communities: their elders summed (MapSummary.swift), their open orders
            // and alerts counted through the status indexes.
            try db.execute(sql: MapSummary.migration)
            // Lists of orders by status or by organisation count up to 10,001 matches within the
            // operator's division: with the home in the index they are counted (and the map's
            // open orders grouped) without reading each order (v24's indexes lacked it).
            try db.execute(sql: """
                DROP INDEX service_order_status_id;
                CREATE INDEX service_order_status_id_home ON service_order(status, id, home);
                DROP INDEX service_order_organisation_id;
                CREATE INDEX service_order_organisation_id_home ON service_order(organisation_id, id, home);
                """)
        }
        // The grams of `row`'s name as one statement's rows (v31 builds on the same SQL).
        let gramsOf = ElderNameGrams.grams
        migrator.registerMigration("v28-elder-name-grams-by-key") { db in
            // With the map's, the grams' triggers were about a quarter of applying a push (apply
            // ran that much faster with both dropped): each gram went into two B-trees (the key
            // and an index by elder, there for the delete) and through UNION's temporary table.
            // An elder's grams are now removed by their keys, which its old name gives, so the
            // index by elder goes.
            try db.execute(sql: """
                DROP TRIGGER elder_name_gram_insert;
                DROP TRIGGER elder_name_gram_update;
                DROP TRIGGER elder_name_gram_delete;
                DROP INDEX elder_name_gram_elder;
                CREATE TRIGGER elder_name_gram_insert AFTER INSERT ON elder BEGIN
                  INSERT OR IGNORE INTO elder_name_gram(gram, elder_id) SELECT gram, NEW.id FROM (\(gramsOf("NEW")));
                END;
                CREATE TRIGGER elder_name_gram_update AFTER UPDATE OF name ON elder WHEN OLD.name IS NOT NEW.name BEGIN
                  DELETE FROM elder_name_gram WHERE elder_id = OLD.id AND gram IN (\(gramsOf("OLD")));
                  INSERT OR IGNORE INTO elder_name_gram(gram, elder_id) SELECT gram, NEW.id FROM (\(gramsOf("NEW")));
                END;
                CREATE TRIGGER elder_name_gram_delete AFTER DELETE ON elder BEGIN
                  DELETE FROM elder_name_gram WHERE elder_id = OLD.id AND gram IN (\(gramsOf("OLD")));
                END;
                """)
        }
        migrator.registerMigration("v29-alert-counts") { db in
            // The dashboard's alerts by condition: 30 days of a county's alerts (about 27,000
            // of 1,000,000) were read from `alert_raised` and grouped on every request.
            try db.execute(sql: AlertCountSummary.migration)
        }
        migrator.registerMigration("v30-organisation-days") { db in
            // A candidate list: each eligible organisation's last 90 days of ratings and visits
            // were read from their indexes on every request (MatchingSummary.swift).
            try db.execute(sql: MatchingSummary.migration)
        }
        migrator.registerMigration("v31-elder-name-grams-live") { db in
            // A name search still read every match's elder row (ElderNameGrams.swift).
            try db.execute(sql: ElderNameGrams.migration)
        }
        migrator.registerMigration("v32-quality-streets") { db in
            // A year of figures by street read its whole months and days by community: about
            // 5,000 rows for a county of 200 (QualitySummary.swift).
            try db.execute(sql: QualitySummary.streetMigration)
        }
    }
}
