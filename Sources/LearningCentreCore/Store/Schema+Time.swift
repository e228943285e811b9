import Foundation
import GRDB

extension Schema {
    /// v9: time (CRITERIA §4). Learners' memberships hold from a date, learners carry the day
    /// they joined, groups the day they stopped, and years can be submitted and closed.
    static func registerTime(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-time") { db in
            try db.execute(sql: """
                ALTER TABLE learners ADD COLUMN registered_on TEXT;
                ALTER TABLE learners ADD COLUMN is_association_member INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE villages ADD COLUMN closed_on TEXT;
                ALTER TABLE households ADD COLUMN closed_on TEXT;
                ALTER TABLE clans ADD COLUMN closed_on TEXT;
                ALTER TABLE units ADD COLUMN closed_on TEXT;
                -- A learner's groups and flags, each period from a day to a day (both included; the
                -- last period has no end). Periods follow each other without gap or overlap, the
                -- first from the learner's registered_on. `learners` keeps the last period's values
                -- for searches and lists.
                CREATE TABLE memberships (
                    seq INTEGER PRIMARY KEY,
                    learner_id TEXT NOT NULL REFERENCES learners(id),
                    from_day TEXT NOT NULL,
                    to_day TEXT,
                    village_id TEXT NOT NULL REFERENCES villages(id),
                    household_id TEXT REFERENCES households(id),
                    clan_id TEXT REFERENCES clans(id),
                    unit_id TEXT REFERENCES units(id),
                    category TEXT NOT NULL CHECK (category IN ('worker', 'official', 'student', 'elderly', 'other')),
                    target_group TEXT,
                    is_association_officer INTEGER NOT NULL,
                    is_association_member INTEGER NOT NULL,
                    archived INTEGER NOT NULL,
                    change_seq INTEGER NOT NULL DEFAULT 0,
                    CHECK (to_day IS NULL OR to_day >= from_day)
                );
                CREATE UNIQUE INDEX memberships_learner ON memberships(learner_id, from_day);
                CREATE INDEX memberships_change ON memberships(change_seq);
                \(changeTracking("memberships"))
                CREATE TRIGGER memberships_delete_export AFTER DELETE ON memberships BEGIN
                    UPDATE change_counter SET value = value + 1 WHERE id = 1;
                    INSERT INTO deletions(change_seq, entity, key)
                        VALUES ((SELECT value FROM change_counter WHERE id = 1), 'memberships', json_array(old.learner_id, old.from_day));
                END;
                -- Closed years: their figures and report frozen as they were (reopened: the row goes,
                -- the audit keeps why).
                CREATE TABLE year_closures (
                    year INTEGER PRIMARY KEY,
                    closed_at INTEGER NOT NULL,
                    closed_by TEXT NOT NULL,
                    ruleset_id TEXT NOT NULL,
                    ruleset_version INTEGER NOT NULL,
                    report_sha256 TEXT NOT NULL,
                    change_seq INTEGER NOT NULL DEFAULT 0
                );
                -- The reports as submitted (numbered per year) and as closed: the bytes people saw.
                CREATE TABLE year_submissions (
                    year INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    submitted_at INTEGER NOT NULL,
                    submitted_by TEXT NOT NULL,
                    report_sha256 TEXT NOT NULL,
                    sent_how TEXT CHECK (sent_how IN ('bundle', 'paper')),
                    sent_to TEXT,
                    sent_at INTEGER,
                    change_seq INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (year, number)
                );
                -- Closures and submissions travel in the bundles (a reopening as a deletion).
                \(changeTracking("year_closures"))
                \(changeTracking("year_submissions"))
                CREATE INDEX year_closures_change ON year_closures(change_seq);
                CREATE INDEX year_submissions_change ON year_submissions(change_seq);
                CREATE TRIGGER year_closures_delete_export AFTER DELETE ON year_closures BEGIN
                    UPDATE change_counter SET value = value + 1 WHERE id = 1;
                    INSERT INTO deletions(change_seq, entity, key)
                        VALUES ((SELECT value FROM change_counter WHERE id = 1), 'year_closures', json_array(old.year));
                END;
                -- At the association: what each centre submitted (number ≥ 1) and closed (number 0).
                CREATE TABLE centre_years (
                    centre_id TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    at INTEGER NOT NULL,
                    by TEXT NOT NULL,
                    report_sha256 TEXT NOT NULL,
                    sent_how TEXT,
                    sent_to TEXT,
                    sent_at INTEGER,
                    PRIMARY KEY (centre_id, year, number)
                );
                -- Frozen documents: (year, 0 for the closure or the submission's number, name) → bytes.
                CREATE TABLE year_documents (
                    year INTEGER NOT NULL,
                    copy INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    body BLOB NOT NULL,
                    PRIMARY KEY (year, copy, name)
                );
                """)
            // Each learner's history so far: one period from the day they were created, with the
            // values they have now; an archived learner is archived from the day of the last
            // archiving the audit shows (or from the day they were created).
            let archivedAt = Dictionary(try Row.fetchAll(db, sql: """
                SELECT entity_id, MAX(at) FROM audit WHERE entity = 'learner' AND action = 'archive' GROUP BY entity_id
                """).map { ($0[0] as String, $0[1] as Int64) }, uniquingKeysWith: { a, _ in a })
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, created_at, village_id, household_id, clan_id, unit_id, category, target_group, is_association_officer, archived
                FROM learners
                """)
            let setRegistered = try db.makeStatement(sql: "UPDATE learners SET registered_on = ? WHERE id = ?")
            let insert = try db.makeStatement(sql: """
                INSERT INTO memberships(learner_id, from_day, to_day, village_id, household_id, clan_id, unit_id, category, target_group,
                    is_association_officer, is_association_member, archived) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                """)
            while let row = try rows.next() {
                let id: String = row[0]
                let registered = Day(millis: row[1])
                try setRegistered.execute(arguments: [registered.text, id])
                let values: [DatabaseValueConvertible?] = [row[2], row[3], row[4], row[5], row[6], row[7], row[8]]
                let archived: Bool = row[9]
                if archived, let at = archivedAt[id].map(Day.init(millis:)), at > registered {
                    try insert.execute(arguments: StatementArguments([id, registered.text, at.adding(days: -1).text] + values + [false]))
                    try insert.execute(arguments: StatementArguments([id, at.text, nil] + values + [true]))
                } else {
                    try insert.execute(arguments: StatementArguments([id, registered.text, nil] + values + [archived]))
                }
            }
        }
    }
}
