import Foundation
import GRDB

extension AppDatabase {
    /// Named migrations; a shipped one is never edited, a change is a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-records") { db in
            try db.execute(sql: """
                CREATE TABLE node_state (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);

                CREATE TABLE elder (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, name TEXT NOT NULL, gender TEXT NOT NULL,
                  birth_date TEXT NOT NULL, citizen_id TEXT NOT NULL, phone TEXT, address TEXT NOT NULL,
                  living_situation TEXT NOT NULL, ability_level INTEGER NOT NULL, chronic_conditions TEXT NOT NULL,
                  emergency_contacts TEXT NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX elder_home ON elder(home);
                CREATE INDEX elder_name ON elder(name);

                CREATE TABLE device (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, type TEXT NOT NULL, serial TEXT NOT NULL,
                  elder_id TEXT, status TEXT NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX device_home ON device(home);
                CREATE INDEX device_serial ON device(serial);

                CREATE TABLE organisation (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
                  categories TEXT NOT NULL, communities TEXT NOT NULL, address TEXT NOT NULL, phone TEXT,
                  credit_status TEXT NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);

                CREATE TABLE staff (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
                  organisation_id TEXT, phone TEXT, certificates TEXT NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);

                CREATE TABLE service_order (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, category TEXT NOT NULL,
                  channel TEXT NOT NULL, wanted_at TEXT, notes TEXT, taken_at TEXT NOT NULL, taken_by TEXT NOT NULL,
                  requested_at_millis INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL,
                  status TEXT NOT NULL, organisation_id TEXT, worker_id TEXT, state_version INTEGER NOT NULL);
                CREATE INDEX service_order_home ON service_order(home);
                CREATE INDEX service_order_elder ON service_order(elder_id);

                CREATE TABLE order_event (
                  id TEXT PRIMARY KEY NOT NULL, order_id TEXT NOT NULL, home TEXT NOT NULL, kind TEXT NOT NULL,
                  actor TEXT NOT NULL, channel TEXT, reason TEXT, organisation_id TEXT, worker_id TEXT, supersedes TEXT,
                  details TEXT NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX order_event_order ON order_event(order_id);

                CREATE TABLE evaluation (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, order_id TEXT, organisation_id TEXT,
                  stars INTEGER NOT NULL, attitude INTEGER, quality INTEGER, punctuality INTEGER, comment TEXT,
                  evaluator TEXT NOT NULL, evaluator_name TEXT, created_at_millis INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX evaluation_order ON evaluation(order_id);

                CREATE TABLE conflict (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, entity_kind TEXT NOT NULL, entity_id TEXT NOT NULL,
                  field TEXT NOT NULL, winner_value TEXT NOT NULL, loser_value TEXT NOT NULL,
                  winner_version INTEGER NOT NULL, winner_origin TEXT NOT NULL,
                  loser_version INTEGER NOT NULL, loser_origin TEXT NOT NULL, reason TEXT NOT NULL, resolution TEXT,
                  version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX conflict_entity ON conflict(entity_id);
                """)
        }
        migrator.registerMigration("v1-sync") { db in
            try db.execute(sql: """
                CREATE TABLE change_log (
                  seq INTEGER PRIMARY KEY AUTOINCREMENT, lane INTEGER NOT NULL, kind TEXT NOT NULL,
                  entity_id TEXT NOT NULL, home TEXT NOT NULL, moved_from TEXT,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, source TEXT, logged_at INTEGER NOT NULL,
                  payload BLOB NOT NULL);
                CREATE INDEX change_log_lane ON change_log(lane, seq);

                CREATE TABLE peer_cursor (
                  peer TEXT NOT NULL, direction TEXT NOT NULL, lane INTEGER NOT NULL, position INTEGER NOT NULL,
                  updated_at INTEGER NOT NULL, PRIMARY KEY (peer, direction, lane));

                -- Records that moved out of this node's subtree: purged here, remembered so that a
                -- late copy of an older version does not bring them back.
                CREATE TABLE moved_out (
                  kind TEXT NOT NULL, entity_id TEXT NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL,
                  PRIMARY KEY (kind, entity_id));
                """)
        }
        migrator.registerMigration("v1-operators") { db in
            try db.execute(sql: """
                CREATE TABLE operator (
                  id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
                  password_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
                CREATE TABLE session (
                  token_hash TEXT PRIMARY KEY NOT NULL, operator_id TEXT NOT NULL REFERENCES operator(id) ON DELETE CASCADE,
                  expires_at INTEGER NOT NULL);
                CREATE TABLE audit_log (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                  entity_kind TEXT NOT NULL, entity_id TEXT NOT NULL, detail TEXT);
                """)
        }
        migrator.registerMigration("v2-work-orders") { db in
            try db.execute(sql: """
                -- When each stage of an order was reached (the physical time of the event in force),
                -- kept by OrderFold so queue, overdue and quality queries are plain SQL.
                ALTER TABLE service_order ADD COLUMN due_at_millis INTEGER;
                ALTER TABLE service_order ADD COLUMN dispatched_at INTEGER;
                ALTER TABLE service_order ADD COLUMN accepted_at INTEGER;
                ALTER TABLE service_order ADD COLUMN checked_in_at INTEGER;
                ALTER TABLE service_order ADD COLUMN completed_at INTEGER;
                ALTER TABLE service_order ADD COLUMN closed_at INTEGER;
                UPDATE service_order SET due_at_millis = coalesce(
                  CAST(strftime('%s', wanted_at) AS INTEGER) * 1000, requested_at_millis + 86400000);
                CREATE INDEX service_order_organisation ON service_order(organisation_id, status);
                CREATE INDEX service_order_worker ON service_order(worker_id, due_at_millis);
                CREATE INDEX service_order_due ON service_order(status, due_at_millis);

                CREATE TABLE complaint (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, order_id TEXT, organisation_id TEXT,
                  complainant TEXT NOT NULL, channel TEXT NOT NULL, description TEXT NOT NULL,
                  taken_at TEXT NOT NULL, taken_by TEXT NOT NULL, received_at_millis INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL,
                  status TEXT NOT NULL, due_at_millis INTEGER, state_version INTEGER NOT NULL);
                CREATE INDEX complaint_home ON complaint(home);
                CREATE INDEX complaint_due ON complaint(status, due_at_millis);

                CREATE TABLE complaint_event (
                  id TEXT PRIMARY KEY NOT NULL, complaint_id TEXT NOT NULL, home TEXT NOT NULL, step TEXT NOT NULL,
                  actor TEXT NOT NULL, note TEXT NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX complaint_event_complaint ON complaint_event(complaint_id);

                -- Photos and voice ratings, content-addressed; the bytes live in <data>/blobs/.
                CREATE TABLE blob (
                  sha256 TEXT PRIMARY KEY NOT NULL, type TEXT NOT NULL, size INTEGER NOT NULL,
                  stored_at INTEGER NOT NULL, source TEXT NOT NULL);
                -- Blobs still to send to the parent; sent after the record backlog is empty.
                CREATE TABLE blob_upload (sha256 TEXT PRIMARY KEY NOT NULL, queued_at INTEGER NOT NULL);
                """)
        }
        migrator.registerMigration("v3-alerts") { db in
            try db.execute(sql: """
                CREATE TABLE alert (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, device_serial TEXT NOT NULL,
                  condition TEXT NOT NULL, measure TEXT NOT NULL, value REAL, severity TEXT NOT NULL,
                  message TEXT NOT NULL, message_zh TEXT NOT NULL, place TEXT NOT NULL, raised_at_millis INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL,
                  status TEXT NOT NULL, count INTEGER NOT NULL, last_seen_millis INTEGER NOT NULL, escalated_to TEXT,
                  state_version INTEGER NOT NULL);
                CREATE INDEX alert_home ON alert(home);
                CREATE INDEX alert_open ON alert(elder_id, condition, status);
                CREATE INDEX alert_state ON alert(state_version);

                CREATE TABLE alert_event (
                  id TEXT PRIMARY KEY NOT NULL, alert_id TEXT NOT NULL, home TEXT NOT NULL, step TEXT NOT NULL,
                  actor TEXT NOT NULL, note TEXT, action TEXT, order_id TEXT, tier TEXT, at_millis INTEGER,
                  version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX alert_event_alert ON alert_event(alert_id);

                CREATE TABLE vitals_summary (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, measure TEXT NOT NULL,
                  day TEXT NOT NULL, count INTEGER NOT NULL, minimum REAL NOT NULL, maximum REAL NOT NULL, mean REAL NOT NULL,
                  abnormal INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX vitals_elder ON vitals_summary(elder_id, measure, day);

                -- Local to the node the devices report to; never replicated.
                CREATE TABLE reading (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, elder_id TEXT NOT NULL, device_serial TEXT NOT NULL,
                  measure TEXT NOT NULL, value REAL NOT NULL, at_millis INTEGER NOT NULL);
                CREATE INDEX reading_elder ON reading(elder_id, measure, at_millis);
                CREATE INDEX reading_at ON reading(at_millis);
                CREATE TABLE device_credential (
                  serial TEXT PRIMARY KEY NOT NULL, token_hash TEXT NOT NULL, issued_at INTEGER NOT NULL);
                -- Per device: last activity, and a night out-of-bed still open.
                CREATE TABLE device_activity (
                  serial TEXT PRIMARY KEY NOT NULL, elder_id TEXT NOT NULL, last_seen_millis INTEGER NOT NULL,
                  out_of_bed_since INTEGER);
                CREATE TABLE maintenance_notice (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, device_serial TEXT NOT NULL, signal TEXT NOT NULL,
                  at_millis INTEGER NOT NULL, resolved INTEGER NOT NULL DEFAULT 0);
                -- What devices sent that was refused, by reason, for the operators and /metrics.
                CREATE TABLE ingest_rejection (reason TEXT PRIMARY KEY NOT NULL, count INTEGER NOT NULL, last_at INTEGER NOT NULL);
                -- The SMS gateway's outbox: a gateway process sends and marks these.
                CREATE TABLE sms_outbox (
                  id INTEGER PRIMARY KEY AUTOINCREMENT, phone TEXT NOT NULL, text TEXT NOT NULL, alert_id TEXT,
                  queued_at INTEGER NOT NULL, sent_at INTEGER);
                """)
        }
        migrator.registerMigration("v4-duplicate-persons") { db in
            try db.execute(sql: """
                -- A duplicate of one person, settled by keeping another record (see Elder.mergedInto).
                ALTER TABLE elder ADD COLUMN merged_into TEXT;
                CREATE INDEX elder_merged_into ON elder(merged_into) WHERE merged_into IS NOT NULL;
                -- One citizen ID, one person: looked up on every registration and every elder applied.
                CREATE INDEX elder_citizen_id ON elder(citizen_id);
                """)
        }
        migrator.registerMigration("v5-accounts") { db in
            try db.execute(sql: """
                -- An account's own columns are plain, so accounts can later replicate like records:
                -- home is the division code of its jurisdiction (NULL in accounts made before, read
                -- as the node's own code).
                ALTER TABLE operator ADD COLUMN display_name TEXT;
                ALTER TABLE operator ADD COLUMN home TEXT;
                ALTER TABLE operator ADD COLUMN organisation_id TEXT;
                ALTER TABLE operator ADD COLUMN staff_id TEXT;
                ALTER TABLE operator ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE operator ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE operator ADD COLUMN updated_at INTEGER;
                -- Failed sign-ins and lockouts are this node's own, never replicated.
                CREATE TABLE sign_in_state (
                  operator_id TEXT PRIMARY KEY NOT NULL REFERENCES operator(id) ON DELETE CASCADE,
                  failures INTEGER NOT NULL, locked_until INTEGER);
                ALTER TABLE session ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE session ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE session ADD COLUMN source TEXT;
                CREATE INDEX session_operator ON session(operator_id);

                -- The audit trail with UUID ids and the node it happened at (home), so that it can
                -- travel up as facts. The entries of the old table move over (home filled in by
                -- AppDatabase, which knows the node).
                CREATE TABLE audit_entry (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, at INTEGER NOT NULL, actor TEXT NOT NULL,
                  action TEXT NOT NULL, subject_kind TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT, reason TEXT,
                  source TEXT);
                CREATE INDEX audit_entry_at ON audit_entry(at, id);
                CREATE INDEX audit_entry_actor ON audit_entry(actor, at);
                CREATE INDEX audit_entry_subject ON audit_entry(subject, at);
                INSERT INTO audit_entry (id, home, at, actor, action, subject_kind, subject, detail)
                  SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-A' || substr(h, 18, 3)
                      || '-' || substr(h, 21, 12), '', at, actor, action, entity_kind, entity_id, detail
                  FROM (SELECT hex(randomblob(16)) AS h, * FROM audit_log);
                DROP TABLE audit_log;
                """)
        }
        migrator.registerMigration("v6-replicated-accounts") { db in
            try db.execute(sql: """
                -- Accounts and audit entries replicate: each row carries its version. An account
                -- made with `carenode user add` keeps origin '' and stays on its node.
                ALTER TABLE operator ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE operator ADD COLUMN origin TEXT NOT NULL DEFAULT '';
                ALTER TABLE audit_entry ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE audit_entry ADD COLUMN origin TEXT NOT NULL DEFAULT '';
                """)
        }
        // The tier functions' tables, from the health record on (Migrations+Services.swift).
        registerServiceMigrations(&migrator)
        // Indexes the console's queries need on a county that has run for years (Migrations+Scale.swift).
        registerScaleMigrations(&migrator)
        return migrator
    }

    /// Schema version announced in the sync handshake: the number of migrations.
    public static var schemaVersion: Int { migrator.migrations.count }
}
