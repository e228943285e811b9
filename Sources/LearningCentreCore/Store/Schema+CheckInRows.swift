import Foundation
import GRDB

extension Schema {
    /// v16: check-ins keyed by integers inside (issue 19). A check-in row keeps its learner's and
    /// its session's row numbers, not their 36-character ids, and no id of its own: its id is its
    /// epoch's prefix and its row number (`CheckInIDs`). The ids of check-ins made before, and
    /// those that came in a centre's bundle (at the association), are kept as they were
    /// (`stored_id`). The `check_ins` view shows the rows as the table was, so that every reader
    /// (the export, the scores, the tools) reads them unchanged; writes go to `check_in_rows`.
    /// 357 bytes a check-in before, 140 after (2,000,000 check-ins; a converted file keeps the ids
    /// it had, 216: BENCHMARKS.md).
    static func registerCheckInRows(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v16-check-in-rows") { db in
            try db.execute(sql: """
                -- Each run of check-in numbers has a prefix of its own: a restored backup starts a
                -- new run, so that no number given after the backup was taken is given twice.
                CREATE TABLE check_in_epochs (
                    epoch INTEGER PRIMARY KEY,
                    prefix TEXT NOT NULL UNIQUE,
                    started_at INTEGER NOT NULL
                );
                CREATE TABLE check_in_rows (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    stored_id TEXT,
                    epoch INTEGER NOT NULL DEFAULT 0 REFERENCES check_in_epochs(epoch),
                    learner_seq INTEGER NOT NULL REFERENCES learners(seq),
                    session_seq INTEGER REFERENCES sessions(seq),
                    purpose TEXT CHECK (purpose IN ('reading', 'club', 'selfStudy')),
                    checked_in_at INTEGER NOT NULL,
                    checked_out_at INTEGER,
                    auto_closed INTEGER NOT NULL DEFAULT 0,
                    visit_hours REAL NOT NULL DEFAULT 0,
                    change_seq INTEGER NOT NULL DEFAULT 0,
                    source TEXT NOT NULL DEFAULT 'kiosk',
                    removed_at INTEGER,
                    hours_override REAL,
                    override_reason TEXT,
                    reviewed_at INTEGER,
                    reviewed_by TEXT,
                    CHECK ((session_seq IS NULL) <> (purpose IS NULL))
                );
                """)
            try db.execute(sql: "INSERT INTO check_in_epochs(epoch, prefix, started_at) VALUES (0, ?, ?)",
                           arguments: [CheckInIDs.newPrefix(), Store.nowMillis()])
            let before = try Int.fetchOne(db, sql: "SELECT count(*) FROM check_ins") ?? 0
            // In row order, with the change sequences they had (the triggers come after).
            try db.execute(sql: """
                INSERT INTO check_in_rows(seq, stored_id, epoch, learner_seq, session_seq, purpose, checked_in_at, checked_out_at,
                                          auto_closed, visit_hours, change_seq, source, removed_at, hours_override, override_reason,
                                          reviewed_at, reviewed_by)
                SELECT c.seq, c.id, 0, l.seq, s.seq, c.purpose, c.checked_in_at, c.checked_out_at, c.auto_closed, c.visit_hours,
                       c.change_seq, c.source, c.removed_at, c.hours_override, c.override_reason, c.reviewed_at, c.reviewed_by
                FROM check_ins c JOIN learners l ON l.id = c.learner_id LEFT JOIN sessions s ON s.id = c.session_id
                ORDER BY c.seq
                """)
            let after = try Int.fetchOne(db, sql: "SELECT count(*) FROM check_in_rows") ?? 0
            guard after == before else {
                throw StoreError.migrationRefused(reason: """
                    \(before - after) lượt điểm danh trỏ tới người học không có trong dữ liệu; không chuyển đổi để không mất lượt nào.
                    """)
            }
            try db.execute(sql: """
                DROP TABLE check_ins;
                CREATE UNIQUE INDEX check_in_rows_stored_id ON check_in_rows(stored_id) WHERE stored_id IS NOT NULL;
                CREATE UNIQUE INDEX check_in_rows_one_open ON check_in_rows(learner_seq) WHERE checked_out_at IS NULL;
                CREATE INDEX check_in_rows_learner ON check_in_rows(learner_seq, checked_in_at);
                CREATE INDEX check_in_rows_session ON check_in_rows(session_seq) WHERE session_seq IS NOT NULL;
                CREATE INDEX check_in_rows_open ON check_in_rows(checked_out_at) WHERE checked_out_at IS NULL;
                CREATE INDEX check_in_rows_change ON check_in_rows(change_seq);
                CREATE INDEX check_in_rows_time ON check_in_rows(checked_in_at);
                CREATE INDEX check_in_rows_to_review ON check_in_rows(checked_in_at)
                    WHERE auto_closed = 1 AND session_seq IS NULL AND reviewed_at IS NULL;
                """ + checkInTracking("check_in_rows") + """
                -- The check-ins as every reader knows them. The learner is joined (`learner_id = ?` finds
                -- their rows by index); the id and the session's id are read only by a query that
                -- names them (filter by `session_seq`, not `session_id`).
                CREATE VIEW check_ins AS
                SELECT r.seq AS seq,
                       COALESCE(r.stored_id, (SELECT prefix FROM check_in_epochs WHERE epoch = r.epoch) || printf('%012x', r.seq)) AS id,
                       l.id AS learner_id, (SELECT id FROM sessions WHERE seq = r.session_seq) AS session_id, r.purpose AS purpose, r.checked_in_at AS checked_in_at, r.checked_out_at AS checked_out_at,
                       r.auto_closed AS auto_closed, r.visit_hours AS visit_hours, r.change_seq AS change_seq, r.source AS source,
                       r.removed_at AS removed_at, r.hours_override AS hours_override, r.override_reason AS override_reason,
                       r.reviewed_at AS reviewed_at, r.reviewed_by AS reviewed_by, r.learner_seq AS learner_seq,
                       r.session_seq AS session_seq
                FROM check_in_rows r JOIN learners l ON l.seq = r.learner_seq;
                -- A check-in written by id (a tool, a test, an older script): kept with that id, or
                -- given one of this centre's when the id is left out.
                CREATE TRIGGER check_ins_insert INSTEAD OF INSERT ON check_ins BEGIN
                    INSERT INTO check_in_rows(stored_id, epoch, learner_seq, session_seq, purpose, checked_in_at, checked_out_at,
                                              auto_closed, visit_hours, source, removed_at, hours_override, override_reason,
                                              reviewed_at, reviewed_by)
                    VALUES (new.id, (SELECT max(epoch) FROM check_in_epochs),
                            (SELECT seq FROM learners WHERE id = new.learner_id), (SELECT seq FROM sessions WHERE id = new.session_id),
                            new.purpose, new.checked_in_at, new.checked_out_at, COALESCE(new.auto_closed, 0),
                            COALESCE(new.visit_hours, 0), COALESCE(new.source, 'kiosk'), new.removed_at, new.hours_override,
                            new.override_reason, new.reviewed_at, new.reviewed_by);
                END;
                """)
        }
    }
}
