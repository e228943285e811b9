import Foundation
import GRDB

/// Versioned migrations. Each runs once, in its own transaction; a new version adds a new
/// migration and never edits an old one.
package enum Schema {
    package static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-registry") { db in
            try db.execute(sql: "PRAGMA application_id = \(Store.applicationID)")
            try db.execute(sql: """
                CREATE TABLE centre (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE users (
                    id TEXT PRIMARY KEY NOT NULL,
                    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    role TEXT NOT NULL CHECK (role IN ('manager', 'staff')),
                    password_hash TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE auth_sessions (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    user_id TEXT NOT NULL REFERENCES users(id),
                    csrf_token TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL
                );
                CREATE INDEX auth_sessions_expiry ON auth_sessions(expires_at);
                CREATE TABLE villages (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    folded_name TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE households (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    folded_name TEXT NOT NULL,
                    village_id TEXT NOT NULL REFERENCES villages(id),
                    address TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX households_village ON households(village_id, folded_name);
                CREATE TABLE clans (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    folded_name TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE units (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    folded_name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('school', 'healthStation', 'communeOffice', 'other')),
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE TABLE learners (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    full_name TEXT NOT NULL,
                    folded_name TEXT NOT NULL,
                    given_folded TEXT NOT NULL,
                    sort_key TEXT NOT NULL,
                    gender TEXT NOT NULL CHECK (gender IN ('male', 'female', 'other')),
                    birth_year INTEGER NOT NULL,
                    birth_date TEXT,
                    village_id TEXT NOT NULL REFERENCES villages(id),
                    household_id TEXT REFERENCES households(id),
                    clan_id TEXT REFERENCES clans(id),
                    unit_id TEXT REFERENCES units(id),
                    category TEXT NOT NULL CHECK (category IN ('worker', 'official', 'student', 'elderly', 'other')),
                    target_group TEXT,
                    is_association_officer INTEGER NOT NULL DEFAULT 0,
                    phone TEXT,
                    card_code TEXT NOT NULL UNIQUE,
                    consent_at INTEGER,
                    notes TEXT,
                    archived INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    change_seq INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX learners_duplicate ON learners(folded_name, birth_year);
                CREATE INDEX learners_phone ON learners(phone) WHERE phone IS NOT NULL;
                CREATE INDEX learners_village ON learners(village_id, archived, sort_key);
                CREATE INDEX learners_household ON learners(household_id);
                CREATE INDEX learners_list ON learners(archived, sort_key);
                -- A monotonic sequence over every change to a learner: the order of records never
                -- depends on the clock, and readers (the search index, exports) catch up from it.
                CREATE TABLE change_counter (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    value INTEGER NOT NULL
                );
                INSERT INTO change_counter(id, value) VALUES (1, 0);
                CREATE INDEX learners_change ON learners(change_seq);
                CREATE TRIGGER learners_change_insert AFTER INSERT ON learners BEGIN
                    UPDATE change_counter SET value = value + 1 WHERE id = 1;
                    UPDATE learners SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE seq = new.seq;
                END;
                CREATE TRIGGER learners_change_update AFTER UPDATE ON learners WHEN new.change_seq = old.change_seq BEGIN
                    UPDATE change_counter SET value = value + 1 WHERE id = 1;
                    UPDATE learners SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE seq = new.seq;
                END;
                CREATE TRIGGER learners_no_delete BEFORE DELETE ON learners BEGIN
                    SELECT RAISE(ABORT, 'learners are archived, never deleted');
                END;
                -- Who changed what, when: every change to a learner and to the groups.
                CREATE TABLE audit (
                    seq INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    user_id TEXT,
                    username TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    action TEXT NOT NULL,
                    changes TEXT NOT NULL
                );
                CREATE INDEX audit_entity ON audit(entity, entity_id, seq);
                """)
            try db.execute(sql: "INSERT INTO centre(key, value) VALUES ('centreId', ?), ('createdAt', ?)",
                           arguments: [RecordID.new(), String(Store.nowMillis())])
        }
        migrator.registerMigration("v2-kiosk") { db in
            try db.execute(sql: """
                -- Lessons and classes. `state` is what staff decided; planned/open follow from the time.
                CREATE TABLE sessions (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    title TEXT NOT NULL,
                    topic TEXT,
                    category TEXT NOT NULL CHECK (category IN ('it', 'language', 'agriculture', 'law', 'health', 'literacy', 'culture', 'other')),
                    instructor TEXT,
                    place TEXT,
                    starts_at INTEGER NOT NULL,
                    ends_at INTEGER NOT NULL,
                    credited_hours REAL NOT NULL,
                    capacity INTEGER,
                    notes TEXT,
                    state TEXT NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'closed', 'cancelled')),
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    CHECK (ends_at > starts_at)
                );
                CREATE INDEX sessions_start ON sessions(starts_at);
                -- Check-ins at the kiosk (or by staff): to a session, or a visit with a purpose.
                CREATE TABLE check_ins (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    learner_id TEXT NOT NULL REFERENCES learners(id),
                    session_id TEXT REFERENCES sessions(id),
                    purpose TEXT CHECK (purpose IN ('reading', 'club', 'selfStudy')),
                    checked_in_at INTEGER NOT NULL,
                    checked_out_at INTEGER,
                    auto_closed INTEGER NOT NULL DEFAULT 0,
                    visit_hours REAL NOT NULL DEFAULT 0,
                    change_seq INTEGER NOT NULL DEFAULT 0,
                    CHECK ((session_id IS NULL) <> (purpose IS NULL))
                );
                CREATE UNIQUE INDEX check_ins_one_open ON check_ins(learner_id) WHERE checked_out_at IS NULL;
                CREATE INDEX check_ins_learner ON check_ins(learner_id, checked_in_at);
                CREATE INDEX check_ins_session ON check_ins(session_id);
                CREATE INDEX check_ins_open ON check_ins(checked_out_at) WHERE checked_out_at IS NULL;
                CREATE INDEX check_ins_change ON check_ins(change_seq);
                CREATE TRIGGER check_ins_change_insert AFTER INSERT ON check_ins BEGIN
                    UPDATE change_counter SET value = value + 1 WHERE id = 1;
                    UPDATE check_ins SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE seq = new.seq;
                END;
                CREATE TRIGGER check_ins_change_update AFTER UPDATE ON check_ins WHEN new.change_seq = old.change_seq BEGIN
                    UPDATE change_counter SET value = value + 1 WHERE id = 1;
                    UPDATE check_ins SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE seq = new.seq;
                END;
                -- Self-registrations from the kiosk, waiting for staff.
                CREATE TABLE registrations (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    full_name TEXT NOT NULL,
                    birth_year INTEGER NOT NULL,
                    village_id TEXT NOT NULL REFERENCES villages(id),
                    phone TEXT,
                    consent_at INTEGER NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'merged', 'rejected')),
                    learner_id TEXT REFERENCES learners(id),
                    decided_by TEXT,
                    decided_at INTEGER,
                    reason TEXT,
                    created_at INTEGER NOT NULL
                );
                CREATE INDEX registrations_status ON registrations(status, seq);
                -- When the box's clock was seen to go wrong.
                CREATE TABLE clock_events (
                    seq INTEGER PRIMARY KEY,
                    seen_at INTEGER NOT NULL,
                    expected_after INTEGER NOT NULL,
                    kind TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-attendance") { db in
            try db.execute(sql: """
                -- The attendance sheet: staff add people (source 'staff'), take them off (removed_at,
                -- never deleted) and set someone's hours with a reason.
                ALTER TABLE check_ins ADD COLUMN source TEXT NOT NULL DEFAULT 'kiosk';
                ALTER TABLE check_ins ADD COLUMN removed_at INTEGER;
                ALTER TABLE check_ins ADD COLUMN hours_override REAL;
                ALTER TABLE check_ins ADD COLUMN override_reason TEXT;
                """)
        }
        migrator.registerMigration("v4-skills-and-plans") { db in
            try db.execute(sql: """
                -- A learner's digital-skills level for a year, and who assessed it when.
                CREATE TABLE digital_skills (
                    learner_id TEXT NOT NULL REFERENCES learners(id),
                    year INTEGER NOT NULL,
                    level TEXT NOT NULL CHECK (level IN ('none', 'basic', 'proficient')),
                    note TEXT,
                    assessed_by TEXT NOT NULL,
                    assessed_at INTEGER NOT NULL,
                    PRIMARY KEY (learner_id, year)
                );
                -- A learner's personal learning plan for a year.
                CREATE TABLE learning_plans (
                    learner_id TEXT NOT NULL REFERENCES learners(id),
                    year INTEGER NOT NULL,
                    goals TEXT NOT NULL,
                    categories TEXT NOT NULL,
                    target_hours REAL NOT NULL,
                    updated_by TEXT NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (learner_id, year)
                );
                """)
        }
        migrator.registerMigration("v5-series-and-review") { db in
            try db.execute(sql: """
                -- Sessions made together as a weekly series share a series id.
                ALTER TABLE sessions ADD COLUMN series_id TEXT;
                CREATE INDEX sessions_series ON sessions(series_id) WHERE series_id IS NOT NULL;
                -- A learner who teaches a session (indicator 3.2 counts it).
                ALTER TABLE sessions ADD COLUMN instructor_id TEXT REFERENCES learners(id);
                CREATE INDEX sessions_instructor ON sessions(instructor_id) WHERE instructor_id IS NOT NULL;
                -- Staff review of a check-in that closed by itself.
                ALTER TABLE check_ins ADD COLUMN reviewed_at INTEGER;
                ALTER TABLE check_ins ADD COLUMN reviewed_by TEXT;
                -- A year's hours for everyone are read by time.
                CREATE INDEX check_ins_time ON check_ins(checked_in_at);
                CREATE INDEX check_ins_to_review ON check_ins(checked_in_at) WHERE auto_closed = 1 AND session_id IS NULL AND reviewed_at IS NULL;
                """)
        }
        migrator.registerMigration("v6-scoring") { db in
            try db.execute(sql: """
                -- Criteria sets as loaded (the file kept as is), and which one each year uses.
                CREATE TABLE rulesets (
                    id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    loaded_by TEXT NOT NULL,
                    loaded_at INTEGER NOT NULL,
                    PRIMARY KEY (id, version)
                );
                CREATE TABLE ruleset_years (
                    year INTEGER PRIMARY KEY,
                    ruleset_id TEXT NOT NULL,
                    ruleset_version INTEGER NOT NULL,
                    chosen_by TEXT NOT NULL,
                    chosen_at INTEGER NOT NULL,
                    FOREIGN KEY (ruleset_id, ruleset_version) REFERENCES rulesets(id, version)
                );
                -- Points a manager gives an indicator by assessment, with a note.
                CREATE TABLE assessments (
                    learner_id TEXT NOT NULL REFERENCES learners(id),
                    year INTEGER NOT NULL,
                    code TEXT NOT NULL,
                    points REAL NOT NULL CHECK (points >= 0),
                    note TEXT,
                    assessed_by TEXT NOT NULL,
                    assessed_at INTEGER NOT NULL,
                    PRIMARY KEY (learner_id, year, code)
                );
                -- The yes/no facts the title rules need, recorded by staff per group and year.
                CREATE TABLE group_facts (
                    kind TEXT NOT NULL CHECK (kind IN ('household', 'clan', 'village', 'unit')),
                    group_id TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    fact TEXT NOT NULL,
                    value INTEGER NOT NULL,
                    recorded_by TEXT NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    PRIMARY KEY (kind, group_id, year, fact)
                );
                """)
            // Scores are derived from these tables: any change to them moves the change counter,
            // which keys the cache of a year's scores.
            for table in ["sessions", "digital_skills", "learning_plans", "assessments", "group_facts", "ruleset_years", "rulesets",
                          "households", "villages", "clans", "units"] {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_\(event.lowercased())_counts AFTER \(event) ON \(table) BEGIN
                            UPDATE change_counter SET value = value + 1 WHERE id = 1;
                        END;
                        """)
                }
            }
        }
        migrator.registerMigration("v7-export") { db in
            // Every exported table gets the change sequence learners and check-ins have, so that a
            // nightly bundle carries exactly what changed since the last one.
            let tables = ["villages", "households", "clans", "units", "sessions", "assessments", "learning_plans",
                          "digital_skills", "group_facts", "rulesets", "ruleset_years"]
            try db.execute(sql: "UPDATE change_counter SET value = value + 1 WHERE id = 1")
            for table in tables {
                for event in ["insert", "update"] { try db.execute(sql: "DROP TRIGGER IF EXISTS \(table)_\(event)_counts") }
                try db.execute(sql: """
                    ALTER TABLE \(table) ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
                    UPDATE \(table) SET change_seq = (SELECT value FROM change_counter WHERE id = 1);
                    CREATE INDEX \(table)_change ON \(table)(change_seq);
                    """)
                try db.execute(sql: changeTracking(table))
            }
            try db.execute(sql: """
                -- What was deleted (assessments and group facts can be taken back), for the next bundle.
                CREATE TABLE deletions (
                    change_seq INTEGER PRIMARY KEY,
                    entity TEXT NOT NULL,
                    key TEXT NOT NULL
                );
                CREATE TRIGGER assessments_delete_export AFTER DELETE ON assessments BEGIN
                    UPDATE change_counter SET value = value + 1 WHERE id = 1;
                    INSERT INTO deletions(change_seq, entity, key)
                        VALUES ((SELECT value FROM change_counter WHERE id = 1), 'assessments', json_array(old.learner_id, old.year, old.code));
                END;
                CREATE TRIGGER group_facts_delete_export AFTER DELETE ON group_facts BEGIN
                    UPDATE change_counter SET value = value + 1 WHERE id = 1;
                    INSERT INTO deletions(change_seq, entity, key)
                        VALUES ((SELECT value FROM change_counter WHERE id = 1), 'group_facts', json_array(old.kind, old.group_id, old.year, old.fact));
                END;
                -- The bundles written for the association, and how each was delivered.
                CREATE TABLE exports (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    sequence INTEGER NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('incremental', 'full')),
                    status TEXT NOT NULL CHECK (status IN ('writing', 'ready', 'failed', 'pruned')),
                    name TEXT NOT NULL,
                    folder TEXT NOT NULL,
                    from_watermark INTEGER NOT NULL,
                    to_watermark INTEGER,
                    rows INTEGER,
                    bytes INTEGER,
                    started_at INTEGER NOT NULL,
                    finished_at INTEGER,
                    error TEXT,
                    requested_by TEXT NOT NULL,
                    push_status TEXT,
                    push_attempts INTEGER NOT NULL DEFAULT 0,
                    next_push_at INTEGER,
                    pushed_at INTEGER,
                    push_error TEXT,
                    usb_copied_at INTEGER,
                    usb_path TEXT
                );
                CREATE UNIQUE INDEX exports_sequence ON exports(sequence) WHERE status IN ('ready', 'pruned');
                """)
        }
        migrator.registerMigration("v8-association") { db in
            try db.execute(sql: """
                -- Used only in the association's database: the centres it accepts bundles from (with
                -- their public keys and how far their bundles have arrived), the bundles applied,
                -- villages of different centres merged by name, and which centre each record came from.
                CREATE TABLE association_centres (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    public_key TEXT NOT NULL,
                    registered_at INTEGER NOT NULL,
                    last_sequence INTEGER NOT NULL DEFAULT 0,
                    last_watermark INTEGER NOT NULL DEFAULT 0,
                    last_imported_at INTEGER
                );
                CREATE TABLE association_bundles (
                    centre_id TEXT NOT NULL REFERENCES association_centres(id),
                    sequence INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    rows INTEGER NOT NULL,
                    created_at TEXT NOT NULL,
                    imported_at INTEGER NOT NULL,
                    PRIMARY KEY (centre_id, sequence)
                );
                CREATE TABLE association_aliases (
                    centre_id TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    source_id TEXT NOT NULL,
                    target_id TEXT NOT NULL,
                    PRIMARY KEY (centre_id, entity, source_id)
                );
                CREATE TABLE record_origins (
                    entity TEXT NOT NULL,
                    id TEXT NOT NULL,
                    centre_id TEXT NOT NULL,
                    PRIMARY KEY (entity, id)
                );
                CREATE INDEX record_origins_centre ON record_origins(centre_id, entity);
                """)
        }
        registerTime(&migrator)
        migrator.registerMigration("v10-help") { db in
            try db.execute(sql: """
                -- "Nhờ cán bộ giúp" at the kiosk: who asked (when known), from which screen, when, and
                -- who came to help.
                CREATE TABLE help_requests (
                    seq INTEGER PRIMARY KEY,
                    asked_at INTEGER NOT NULL,
                    learner_id TEXT REFERENCES learners(id),
                    screen TEXT NOT NULL,
                    answered_at INTEGER,
                    answered_by TEXT
                );
                CREATE INDEX help_requests_open ON help_requests(asked_at) WHERE answered_at IS NULL;
                """)
        }
        migrator.registerMigration("v11-registration-gender") { db in
            // The kiosk asks for gender too (one big button), so staff need not ask again.
            try db.execute(sql: "ALTER TABLE registrations ADD COLUMN gender TEXT")
        }
        migrator.registerMigration("v12-report-narratives") { db in
            // What the association writes in its yearly report's sections (CRITERIA §5), a year a row.
            try db.execute(sql: """
                CREATE TABLE report_narratives (
                    year INTEGER PRIMARY KEY,
                    publicity TEXT, training TEXT, awards TEXT, funds TEXT, difficulties TEXT, proposals TEXT,
                    updated_at INTEGER NOT NULL,
                    change_seq INTEGER NOT NULL DEFAULT 0
                );
                """ + changeTracking("report_narratives"))
        }
        migrator.registerMigration("v13-activities") { db in
            // What the association and the centre do themselves (CRITERIA §5). `participant_ids`
            // (learner ids, space-separated) is the record that travels; `activity_participants`
            // is its index for target T10, rewritten with it in the same transaction.
            // At the association, each centre's narratives are kept apart from its own.
            try db.execute(sql: """
                CREATE TABLE activities (
                    id TEXT PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('briefing', 'training', 'meeting', 'award', 'fundraising', 'publicity', 'other')),
                    day TEXT NOT NULL,
                    title TEXT NOT NULL,
                    participant_ids TEXT NOT NULL DEFAULT '',
                    amount INTEGER,
                    village_id TEXT REFERENCES villages(id),
                    unit_id TEXT REFERENCES units(id),
                    notes TEXT,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    change_seq INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX activities_day ON activities(day);
                CREATE TABLE activity_participants (
                    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
                    learner_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    day TEXT NOT NULL,
                    PRIMARY KEY (activity_id, learner_id)
                ) WITHOUT ROWID;
                CREATE INDEX activity_participants_kind ON activity_participants(kind, day, learner_id);
                CREATE TABLE centre_narratives (
                    centre_id TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    publicity TEXT, training TEXT, awards TEXT, funds TEXT, difficulties TEXT, proposals TEXT,
                    updated_at INTEGER,
                    PRIMARY KEY (centre_id, year)
                );
                """ + changeTracking("activities"))
        }
        migrator.registerMigration("v14-household-memberships") { db in
            // A check-in's confirmation counts the others of the learner's household with a record
            // (indicator of household members): without this, every check-in read every membership
            // (22 ms at 20,000 learners, the missed check-in p99 of issue 18).
            try db.execute(sql: "CREATE INDEX memberships_household ON memberships(household_id) WHERE household_id IS NOT NULL")
        }
        migrator.registerMigration("v15-check-in-counter") { db in
            // Counts the changes of check-ins alone. When the change counter has moved by exactly as
            // much since a year was scored, check-ins are all that changed, and only the learners
            // concerned are scored again (a busy morning at the kiosk; issue 19).
            try db.execute(sql: """
                CREATE TABLE check_in_counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
                INSERT INTO check_in_counter(id, value) VALUES (1, 0);
                DROP TRIGGER check_ins_change_insert;
                DROP TRIGGER check_ins_change_update;
                """ + checkInTracking("check_ins"))
        }
        registerCheckInRows(&migrator)
        return migrator
    }()

    /// Triggers that give every insert and update of `table` the next change sequence (its
    /// `change_seq` column): the nightly bundle carries exactly what changed since the last one.
    static func changeTracking(_ table: String) -> String {
        """
        CREATE TRIGGER \(table)_change_insert AFTER INSERT ON \(table) BEGIN
            UPDATE change_counter SET value = value + 1 WHERE id = 1;
            UPDATE \(table) SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE rowid = new.rowid;
        END;
        CREATE TRIGGER \(table)_change_update AFTER UPDATE ON \(table) WHEN new.change_seq = old.change_seq BEGIN
            UPDATE change_counter SET value = value + 1 WHERE id = 1;
            UPDATE \(table) SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE rowid = new.rowid;
        END;
        """
    }

    /// `changeTracking` for the check-ins' table, which also moves the check-ins' own counter.
    static func checkInTracking(_ table: String) -> String {
        """
        CREATE TRIGGER \(table)_change_insert AFTER INSERT ON \(table) BEGIN
            UPDATE change_counter SET value = value + 1 WHERE id = 1;
            UPDATE check_in_counter SET value = value + 1 WHERE id = 1;
            UPDATE \(table) SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE seq = new.seq;
        END;
        CREATE TRIGGER \(table)_change_update AFTER UPDATE ON \(table) WHEN new.change_seq = old.change_seq BEGIN
            UPDATE change_counter SET value = value + 1 WHERE id = 1;
            UPDATE check_in_counter SET value = value + 1 WHERE id = 1;
            UPDATE \(table) SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE seq = new.seq;
        END;
        """
    }

    /// The identifiers of the migrations this build knows, oldest first.
    static var versions: [String] { migrator.migrations }
}
