import Foundation
import GRDB

extension AppDatabase {
    /// The migrations of the tier functions' records, v7 on: health records, thresholds, calls,
    /// prescriptions, window cases, assessments, proactive care, the time bank, referrals, training. Registered
    /// after the core's (records, sync, operators, orders, alerts, accounts) in `migrator`, in this order.
    static func registerServiceMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-health") { db in
            try db.execute(sql: """
                -- Check-ups, chronic conditions and their follow-ups: homed with their elder.
                CREATE TABLE checkup (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, date TEXT NOT NULL,
                  place TEXT NOT NULL, station TEXT NOT NULL, entered_by TEXT NOT NULL, recorded_at_millis INTEGER NOT NULL,
                  results TEXT NOT NULL, summary TEXT, abnormal INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX checkup_elder ON checkup(elder_id, date);
                CREATE INDEX checkup_home ON checkup(home);

                CREATE TABLE chronic_condition (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, disease TEXT NOT NULL,
                  diagnosed_on TEXT, registered_on TEXT NOT NULL, interval_days INTEGER NOT NULL, status TEXT NOT NULL, note TEXT,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX chronic_condition_elder ON chronic_condition(elder_id);
                CREATE INDEX chronic_condition_home ON chronic_condition(home, status);

                CREATE TABLE follow_up (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, condition_id TEXT NOT NULL, elder_id TEXT NOT NULL,
                  date TEXT NOT NULL, method TEXT NOT NULL, by TEXT NOT NULL, systolic REAL, diastolic REAL,
                  fasting_glucose REAL, weight REAL, outcome TEXT NOT NULL, next_due TEXT NOT NULL, note TEXT,
                  recorded_at_millis INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX follow_up_condition ON follow_up(condition_id, date);
                CREATE INDEX follow_up_elder ON follow_up(elder_id);
                """)
        }
        migrator.registerMigration("v8-thresholds") { db in
            try db.execute(sql: """
                -- Alert thresholds: the county's defaults by measure and condition (registry, a NULL
                -- condition is the default for every elder) and an elder's own, homed with the elder.
                CREATE TABLE threshold_default (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, measure TEXT NOT NULL, condition TEXT,
                  low REAL, high REAL, critical_low REAL, critical_high REAL, source TEXT,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);

                CREATE TABLE threshold_override (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, measure TEXT NOT NULL,
                  low REAL, high REAL, critical_low REAL, critical_high REAL, note TEXT, set_by TEXT NOT NULL,
                  set_at_millis INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL,
                  deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX threshold_override_elder ON threshold_override(elder_id);
                CREATE INDEX threshold_override_home ON threshold_override(home);
                """)
        }
        migrator.registerMigration("v9-calls") { db in
            try db.execute(sql: """
                -- Call records (呼叫中心): homed with their elder, or at the node that took an
                -- unmatched call. number_key is the number reduced by PhoneKey.
                CREATE TABLE call_record (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, direction TEXT NOT NULL, number TEXT, number_key TEXT,
                  device_serial TEXT, started_at_millis INTEGER NOT NULL, taken_at TEXT NOT NULL, agent TEXT NOT NULL,
                  elder_id TEXT, matched_by TEXT, purpose TEXT, outcome TEXT, duration_seconds INTEGER,
                  completed_at_millis INTEGER, note TEXT, order_id TEXT, alert_id TEXT, complaint_id TEXT, callback_of TEXT,
                  recording TEXT,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX call_record_home ON call_record(home, started_at_millis);
                CREATE INDEX call_record_elder ON call_record(elder_id);
                CREATE INDEX call_record_callback ON call_record(callback_of);
                """)
        }
        migrator.registerMigration("v10-prescriptions") { db in
            try db.execute(sql: """
                -- Health prescriptions (健康处方): a profile homed with its elder.
                CREATE TABLE prescription (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, condition_id TEXT, kind TEXT NOT NULL,
                  issued_on TEXT NOT NULL, doctor TEXT NOT NULL, advice TEXT NOT NULL, valid_until TEXT, issued_by TEXT NOT NULL,
                  acknowledged_at_millis INTEGER, acknowledged_by TEXT, withdrawn_at_millis INTEGER, withdrawn_reason TEXT,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX prescription_elder ON prescription(elder_id, issued_on);
                CREATE INDEX prescription_home ON prescription(home);
                """)
        }
        migrator.registerMigration("v11-window-cases") { db in
            try db.execute(sql: """
                -- Cases of the one-stop window and their steps: homed with their elder.
                CREATE TABLE window_case (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, kind TEXT NOT NULL,
                  channel TEXT NOT NULL, summary TEXT NOT NULL, documents TEXT NOT NULL, complaint_id TEXT,
                  taken_at TEXT NOT NULL, taken_by TEXT NOT NULL, received_at_millis INTEGER NOT NULL,
                  due_at_millis INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL,
                  status TEXT NOT NULL, state_version INTEGER NOT NULL);
                CREATE INDEX window_case_home ON window_case(home, status, due_at_millis);
                CREATE INDEX window_case_elder ON window_case(elder_id);

                CREATE TABLE case_event (
                  id TEXT PRIMARY KEY NOT NULL, case_id TEXT NOT NULL, elder_id TEXT NOT NULL, home TEXT NOT NULL,
                  step TEXT NOT NULL, actor TEXT NOT NULL, note TEXT NOT NULL, order_id TEXT,
                  version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX case_event_case ON case_event(case_id);
                CREATE INDEX case_event_elder ON case_event(elder_id);
                """)
        }
        migrator.registerMigration("v12-assessments") { db in
            try db.execute(sql: """
                -- Ability assessments (需求评估, GB/T 42195-2022): a profile homed with its elder.
                -- total and level are written from the answers, for queries; reads recompute them.
                CREATE TABLE assessment (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, plan_id TEXT, reason TEXT NOT NULL,
                  assessed_on TEXT NOT NULL, assessor_ids TEXT NOT NULL, organisation_id TEXT, answers TEXT NOT NULL,
                  adjustments TEXT NOT NULL, note TEXT, created_by TEXT NOT NULL, status TEXT NOT NULL,
                  submitted_at_millis INTEGER, decided_at_millis INTEGER, decided_by TEXT, return_note TEXT,
                  total INTEGER NOT NULL, level INTEGER,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX assessment_elder ON assessment(elder_id, status, assessed_on);
                CREATE INDEX assessment_home ON assessment(home, status);

                CREATE TABLE assessment_plan (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, due_on TEXT NOT NULL, reason TEXT NOT NULL,
                  organisation_id TEXT, assessor_ids TEXT NOT NULL, note TEXT, planned_by TEXT NOT NULL, cancelled INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX assessment_plan_elder ON assessment_plan(elder_id);
                CREATE INDEX assessment_plan_home ON assessment_plan(home, due_on);
                """)
        }
        migrator.registerMigration("v13-proactive-care") { db in
            try db.execute(sql: """
                -- Proactive care (主动关怀): an elder's plan (a profile homed with the elder, one per
                -- elder), the contacts made (facts homed with the elder) and the county's rule per
                -- care group (registry).
                CREATE TABLE care_plan (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, care_group TEXT NOT NULL,
                  contact_kind TEXT, interval_days INTEGER, assignee TEXT NOT NULL, volunteer_name TEXT, volunteer_phone TEXT,
                  starts_on TEXT NOT NULL, note TEXT, set_by TEXT NOT NULL, set_at_millis INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX care_plan_elder ON care_plan(elder_id);
                CREATE INDEX care_plan_home ON care_plan(home);
                CREATE INDEX care_plan_assignee ON care_plan(assignee);

                CREATE TABLE care_contact (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, kind TEXT NOT NULL,
                  outcome TEXT NOT NULL, at_millis INTEGER NOT NULL, by TEXT NOT NULL, volunteer TEXT, notes TEXT,
                  follow_up_kind TEXT, follow_up_id TEXT, recorded_at_millis INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX care_contact_elder ON care_contact(elder_id, at_millis);
                CREATE INDEX care_contact_home ON care_contact(home);

                CREATE TABLE care_default (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, care_group TEXT NOT NULL, contact_kind TEXT NOT NULL,
                  interval_days INTEGER NOT NULL, grace_days INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
                """)
        }
        migrator.registerMigration("v15-time-bank") { db in
            try db.execute(sql: """
                -- The time bank: volunteers and their ledger homed at the county (every node of it
                -- holds them), activities at the node that runs them.
                CREATE TABLE volunteer (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT, name TEXT NOT NULL, phone TEXT NOT NULL,
                  community TEXT NOT NULL, skills TEXT NOT NULL, status TEXT NOT NULL, registered_by TEXT NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX volunteer_community ON volunteer(community, name);
                CREATE INDEX volunteer_elder ON volunteer(elder_id);

                CREATE TABLE volunteer_activity (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, title TEXT NOT NULL, date TEXT NOT NULL, place TEXT NOT NULL,
                  minutes INTEGER NOT NULL, capacity INTEGER NOT NULL, signed_up TEXT NOT NULL, organised_by TEXT NOT NULL,
                  cancelled INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL,
                  deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX volunteer_activity_home ON volunteer_activity(home, date);

                CREATE TABLE time_entry (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, volunteer_id TEXT NOT NULL, kind TEXT NOT NULL,
                  minutes INTEGER NOT NULL, activity_id TEXT, activity_title TEXT, order_id TEXT, for_elder_id TEXT,
                  relation TEXT, conflict_id TEXT, note TEXT NOT NULL, node TEXT NOT NULL, operator TEXT NOT NULL,
                  at_millis INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX time_entry_volunteer ON time_entry(volunteer_id, version);
                CREATE INDEX time_entry_activity ON time_entry(activity_id);
                CREATE INDEX time_entry_order ON time_entry(order_id);
                """)
        }
        migrator.registerMigration("v16-referrals") { db in
            try db.execute(sql: """
                -- Referrals (服务转介) a street passes to an organisation or a third party: a profile
                -- homed with its elder.
                CREATE TABLE referral (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, order_id TEXT, case_id TEXT,
                  from_street TEXT NOT NULL, reason TEXT NOT NULL, to_organisation_id TEXT, to_third_party TEXT, to_phone TEXT,
                  referred_by TEXT NOT NULL, referred_at_millis INTEGER NOT NULL,
                  reply_answer TEXT, reply_note TEXT, reply_by TEXT, reply_at_millis INTEGER,
                  feedback TEXT, feedback_by TEXT, feedback_at_millis INTEGER,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX referral_home ON referral(home, referred_at_millis);
                CREATE INDEX referral_elder ON referral(elder_id);
                CREATE INDEX referral_organisation ON referral(to_organisation_id);
                CREATE INDEX referral_order ON referral(order_id);
                """)
            // A street's `refer` step now leaves the order `referred`, not `dispatched`: fold
            // the orders that may hold one again.
            let orders = try String.fetchAll(db, sql: """
                SELECT DISTINCT o.id FROM service_order o JOIN order_event e ON e.order_id = o.id
                WHERE o.status = 'dispatched' AND e.kind = 'refer'
                """)
            for id in orders.compactMap(UUID.init(uuidString:)) { try OrderFold.refresh(id, db) }
        }
        migrator.registerMigration("v17-training") { db in
            try db.execute(sql: """
                -- Training of home-care workers (服务培训): courses authored at the county or a
                -- street, sessions homed where they are scheduled, and each worker's records
                -- (registration, attendance, progress, certificates) as facts.
                CREATE TABLE course (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, title TEXT NOT NULL, summary TEXT NOT NULL,
                  study_minutes INTEGER NOT NULL, materials TEXT NOT NULL, retired INTEGER NOT NULL, authored_by TEXT NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX course_home ON course(home);
                CREATE TABLE training_session (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, course_id TEXT NOT NULL, starts_at_millis INTEGER NOT NULL,
                  place TEXT NOT NULL, capacity INTEGER NOT NULL, trainer TEXT NOT NULL, cancelled INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX training_session_home ON training_session(home, starts_at_millis);
                CREATE INDEX training_session_course ON training_session(course_id);
                CREATE TABLE training_record (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, staff_id TEXT NOT NULL, kind TEXT NOT NULL, session_id TEXT,
                  course_id TEXT, percent INTEGER, certificate_number TEXT, issued_on TEXT, recorded_by TEXT NOT NULL,
                  recorded_at_millis INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX training_record_staff ON training_record(staff_id, recorded_at_millis);
                CREATE INDEX training_record_session ON training_record(session_id);
                CREATE INDEX training_record_home ON training_record(home);
                """)
        }
        migrator.registerMigration("v18-stays") { db in
            try db.execute(sql: """
                -- Centralised care at a community station (集中照护): admissions homed with their
                -- elder, whose status, room and bed are the fold of their care records, and the
                -- care records themselves (meals, bathing, medication, nursing, leave, return,
                -- transfer, discharge) as facts homed with their stay.
                CREATE TABLE stay (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, elder_id TEXT NOT NULL, kind TEXT NOT NULL, room TEXT NOT NULL,
                  bed TEXT, care_level INTEGER NOT NULL, assessment_id TEXT, contract_from TEXT NOT NULL, contract_to TEXT NOT NULL,
                  contacts TEXT NOT NULL, admitted_at_millis INTEGER NOT NULL, admitted_by TEXT NOT NULL, note TEXT,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, status TEXT NOT NULL, room_now TEXT NOT NULL, bed_now TEXT,
                  discharged_at_millis INTEGER, state_version INTEGER NOT NULL);
                CREATE INDEX stay_home ON stay(home, status);
                CREATE INDEX stay_elder ON stay(elder_id);
                CREATE TABLE care_record (
                  id TEXT PRIMARY KEY NOT NULL, stay_id TEXT NOT NULL, elder_id TEXT NOT NULL, home TEXT NOT NULL, item TEXT NOT NULL,
                  meal TEXT, detail TEXT, room TEXT, bed TEXT, by TEXT NOT NULL, at_millis INTEGER NOT NULL, recorded_by TEXT NOT NULL,
                  recorded_at_millis INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX care_record_stay ON care_record(stay_id, at_millis);
                CREATE INDEX care_record_elder ON care_record(elder_id);
                CREATE INDEX care_record_home ON care_record(home, at_millis);
                """)
        }
        migrator.registerMigration("v19-activities") { db in
            try db.execute(sql: """
                -- Activities (文娱活动) on a community station's calendar and the elders'
                -- bookings of them; places and the waiting list are derived from the bookings.
                CREATE TABLE activity (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, title TEXT NOT NULL, category TEXT NOT NULL, place TEXT NOT NULL,
                  starts_at_millis INTEGER NOT NULL, ends_at_millis INTEGER NOT NULL, capacity INTEGER NOT NULL, organiser TEXT NOT NULL,
                  summary TEXT NOT NULL, cancelled INTEGER NOT NULL, created_by TEXT NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX activity_home ON activity(home, starts_at_millis);
                CREATE INDEX activity_starts ON activity(starts_at_millis);
                CREATE TABLE activity_booking (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, activity_id TEXT NOT NULL, elder_id TEXT NOT NULL,
                  booked_at_millis INTEGER NOT NULL, booked_by TEXT NOT NULL, channel TEXT NOT NULL,
                  cancellation TEXT, attendance TEXT, rating TEXT,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX activity_booking_activity ON activity_booking(activity_id, booked_at_millis);
                CREATE INDEX activity_booking_elder ON activity_booking(elder_id);
                CREATE INDEX activity_booking_home ON activity_booking(home);
                """)
        }
        migrator.registerMigration("v20-inspections") { db in
            try db.execute(sql: """
                -- Supervision (服务监督): the county's checklists (registry), inspections homed
                -- where they take place with their folded state, and their steps as facts.
                CREATE TABLE inspection_template (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, title TEXT NOT NULL, target TEXT NOT NULL, items TEXT NOT NULL,
                  retired INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE inspection (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, target TEXT NOT NULL, organisation_id TEXT, template_id TEXT NOT NULL,
                  planned_on TEXT NOT NULL, inspector TEXT NOT NULL, planned_by TEXT NOT NULL, planned_at_millis INTEGER NOT NULL, note TEXT,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, status TEXT NOT NULL, open_findings INTEGER NOT NULL,
                  next_due_millis INTEGER, state_version INTEGER NOT NULL);
                CREATE INDEX inspection_home ON inspection(home, status);
                CREATE INDEX inspection_organisation ON inspection(organisation_id);
                CREATE INDEX inspection_due ON inspection(next_due_millis);
                CREATE TABLE inspection_event (
                  id TEXT PRIMARY KEY NOT NULL, inspection_id TEXT NOT NULL, home TEXT NOT NULL, step TEXT NOT NULL, finding_id TEXT,
                  item TEXT, severity TEXT, note TEXT NOT NULL, photos TEXT NOT NULL, due_at_millis INTEGER, actor TEXT NOT NULL,
                  at_millis INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL);
                CREATE INDEX inspection_event_inspection ON inspection_event(inspection_id);
                CREATE INDEX inspection_event_home ON inspection_event(home);
                """)
        }
        migrator.registerMigration("v21-credit") { db in
            try db.execute(sql: """
                -- The county as regulator: each organisation's credit file (信用信息披露) —
                -- violations, awards, lifted blacklistings — and the policies and service guides
                -- it publishes (政策发布). Both are county registry records held at every node.
                CREATE TABLE credit_record (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, organisation_id TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT,
                  award_level TEXT, source TEXT NOT NULL, source_id TEXT, description TEXT NOT NULL, occurred_on TEXT NOT NULL,
                  recorded_by TEXT NOT NULL, recorded_at_millis INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX credit_record_organisation ON credit_record(organisation_id, occurred_on);
                CREATE INDEX credit_record_home ON credit_record(home);
                CREATE TABLE policy (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
                  attachments TEXT NOT NULL, effective_from TEXT NOT NULL, effective_to TEXT, withdrawn INTEGER NOT NULL,
                  published_by TEXT NOT NULL, published_at_millis INTEGER NOT NULL,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
                CREATE INDEX policy_home ON policy(home, effective_from);
                """)
        }
        migrator.registerMigration("v22-performance") { db in
            try db.execute(sql: """
                -- Multi-party performance evaluation (绩效评价): the county's weights (registry)
                -- and organisations' self-assessments (facts).
                CREATE TABLE performance_weights (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, ratings INTEGER NOT NULL, inspections INTEGER NOT NULL,
                  return_visits INTEGER NOT NULL, self_assessment INTEGER NOT NULL, version INTEGER NOT NULL, origin TEXT NOT NULL,
                  deleted INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE self_assessment (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, organisation_id TEXT NOT NULL, quarter TEXT NOT NULL,
                  score INTEGER NOT NULL, note TEXT, by TEXT NOT NULL, at_millis INTEGER NOT NULL, version INTEGER NOT NULL,
                  origin TEXT NOT NULL);
                CREATE INDEX self_assessment_organisation ON self_assessment(organisation_id, quarter);
                CREATE INDEX self_assessment_home ON self_assessment(home);
                """)
        }
        migrator.registerMigration("v23-public") { db in
            try db.execute(sql: """
                -- What families file through the public channel at the county (公众服务): service
                -- requests, complaints and suggestions, a profile homed at the community named,
                -- followed by a tracking number.
                CREATE TABLE public_submission (
                  id TEXT PRIMARY KEY NOT NULL, home TEXT NOT NULL, kind TEXT NOT NULL, tracking TEXT NOT NULL, name TEXT,
                  contact_phone TEXT NOT NULL, address TEXT, category TEXT, organisation_id TEXT, description TEXT NOT NULL,
                  submitted_at_millis INTEGER NOT NULL, taken_target TEXT, taken_record_id TEXT, taken_by TEXT, taken_at_millis INTEGER,
                  answer TEXT, answer_by TEXT, answer_at_millis INTEGER,
                  version INTEGER NOT NULL, origin TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0, stamps TEXT NOT NULL);
                CREATE INDEX public_submission_tracking ON public_submission(tracking);
                CREATE INDEX public_submission_home ON public_submission(home, submitted_at_millis);
                """)
        }
    }
}
