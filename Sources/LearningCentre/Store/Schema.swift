import Foundation
import GRDB

/// Versioned migrations. Each runs once, in its own transaction; a new version adds a new
/// migration and never edits an old one.
enum Schema {
    static let migrator: DatabaseMigrator = {
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
                           arguments: [UUID().uuidString.lowercased(), String(Store.nowMillis())])
        }
        return migrator
    }()

    /// The identifiers of the migrations this build knows, oldest first.
    static var versions: [String] { migrator.migrations }
}
