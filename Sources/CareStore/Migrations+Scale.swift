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
    }
}
