import Foundation
import GRDB
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// Check-ins kept by row numbers inside (v16): a file of before is converted with every
/// check-in and its id, new check-ins take ids of their centre's prefix, and a restored backup
/// never gives an id twice.
@Suite struct CheckInRowsTests {
    /// A v15 file with a class check-in and a visit, written as the daemon of v15 wrote them.
    func v15File(orphan: Bool = false) throws -> String {
        let dir = temporaryDirectory("lc-v15")
        let pool = try DatabasePool(path: dir + "/" + Store.fileName)
        try Schema.migrator.migrate(pool, upTo: "v15-check-in-counter")
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: """
                INSERT INTO villages(id, name, folded_name, created_at, updated_at) VALUES ('v1', 'Thôn Một', 'thon mot', 0, 0);
                INSERT INTO learners(id, full_name, folded_name, given_folded, sort_key, gender, birth_year, village_id, category, card_code,
                                     created_at, updated_at)
                VALUES ('l1', 'Nguyễn Thị Lan', 'nguyen thi lan', 'lan', 'lan', 'female', 1960, 'v1', 'elderly', 'LC-A', 0, 0),
                       ('l2', 'Lê Văn Hùng', 'le van hung', 'hung', 'hung', 'male', 1958, 'v1', 'elderly', 'LC-B', 0, 0);
                INSERT INTO sessions(id, title, category, starts_at, ends_at, credited_hours, created_at, updated_at)
                VALUES ('s1', 'Tin học', 'it', 1000, 7201000, 2, 0, 0);
                INSERT INTO check_ins(id, learner_id, session_id, checked_in_at, checked_out_at)
                VALUES ('0190aaaa-0000-7000-8000-000000000001', 'l1', 's1', 1000, 7201000);
                INSERT INTO check_ins(id, learner_id, purpose, checked_in_at, checked_out_at, visit_hours, source, reviewed_by)
                VALUES ('0190aaaa-0000-7000-8000-000000000002', 'l2', 'reading', 2000, 3602000, 1, 'staff', 'an');
                """)
            if orphan {
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                try db.execute(sql: "INSERT INTO check_ins(id, learner_id, purpose, checked_in_at) VALUES ('c-orphan', 'nobody', 'club', 3000)")
            }
        }
        try pool.close()
        return dir
    }

    func rows(_ store: Store) throws -> [[String?]] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, learner_id, session_id, purpose, checked_out_at, visit_hours, source, reviewed_by, change_seq FROM check_ins ORDER BY seq
                """).map { row in (0..<9).map { (row[$0] as DatabaseValue).description } }
        }
    }

    @Test func aFileOfBeforeIsConvertedWithEveryCheckInAndItsId() throws {
        let dir = try v15File()
        let before = try DatabaseQueue(path: dir + "/" + Store.fileName).read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, learner_id, session_id, purpose, checked_out_at, visit_hours, source, reviewed_by, change_seq FROM check_ins ORDER BY seq
                """).map { row in (0..<9).map { (row[$0] as DatabaseValue).description } }
        }
        let store = try Store(dataDirectory: dir)
        #expect(try rows(store) == before)
        #expect(before.count == 2)
        // Each id still finds its check-in; the learner's open check-in is closed as before.
        let (kept, unknown, stored) = try store.read { db in
            (try CheckInIDs.seq(db, id: "0190aaaa-0000-7000-8000-000000000002"), try CheckInIDs.seq(db, id: "0190aaaa-0000-7000-8000-000000000003"),
             try String.fetchOne(db, sql: "SELECT stored_id FROM check_in_rows WHERE seq = 1"))
        }
        #expect(kept == 2 && unknown == nil && stored == "0190aaaa-0000-7000-8000-000000000001")
        // A new check-in: no id stored, its id its prefix and number, and found again by it.
        let made = try store.write { db in
            try CheckInIDs.insert(db, learnerId: "l1", sessionId: nil, purpose: .club, checkedInAt: 9000)
        }
        let prefix = try store.read { db in try String.fetchOne(db, sql: "SELECT prefix FROM check_in_epochs WHERE epoch = 0")! }
        #expect(made == prefix + "000000000003")
        #expect(made.count == 36 && UUID(uuidString: made) != nil)
        let (found, upperCase, storedNew) = try store.read { db in
            (try CheckInIDs.seq(db, id: made), try CheckInIDs.seq(db, id: prefix + "00000000000A"),  // not as the centre writes it
             try String.fetchOne(db, sql: "SELECT stored_id FROM check_in_rows WHERE seq = 3"))
        }
        #expect(found == 3 && upperCase == nil && storedNew == nil)
    }

    @Test func anUpgradedFileLosesThePagesItNoLongerNeeds() throws {
        let dir = try v15File()
        let file = dir + "/" + Store.fileName
        let pool = try DatabasePool(path: file)
        try pool.write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM n WHERE i < 40000)
                INSERT INTO check_ins(id, learner_id, purpose, checked_in_at, checked_out_at, visit_hours)
                SELECT printf('0190aaaa-0000-7000-8000-%012x', i), 'l2', 'club', i * 1000, i * 1000 + 500, 0.25 FROM n
                """)
        }
        try pool.close()
        let before = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        let store = try Store(dataDirectory: dir)
        let (count, free) = try store.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM check_ins"), try Int.fetchOne(db, sql: "PRAGMA freelist_count"))
        }
        let after = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        #expect(count == 40_000 && free == 0)
        #expect(after < before, "\(before) → \(after) bytes")
    }

    @Test func aFileWithACheckInOfNobodyIsLeftAsItWas() throws {
        let dir = try v15File(orphan: true)
        #expect { try Store(dataDirectory: dir) } throws: { error in
            "\(error)".contains("1 lượt điểm danh") && "\(error)".contains("giữ nguyên")
        }
        let queue = try DatabaseQueue(path: dir + "/" + Store.fileName)
        let (count, applied) = try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM check_ins"), try Schema.migrator.appliedIdentifiers(db))
        }
        #expect(count == 3 && !applied.contains("v16-check-in-rows"))
    }

    @Test func aRestoredBackupNeverGivesAnIdTwice() throws {
        let data = temporaryDirectory("lc-epochs")
        #expect(try runCommand(["demo", "--data", data, "--learners", "30"]).status == 0)
        func visit() throws -> String {
            let store = try Store(dataDirectory: data)
            defer { store.groupCommit.stop(); try? store.pool.close() }
            let learner = try #require(try store.read { db in
                try String.fetchOne(db, sql: "SELECT id FROM learners WHERE seq NOT IN (SELECT learner_seq FROM check_in_rows WHERE checked_out_at IS NULL) LIMIT 1")
            })
            return try store.checkIn(.id(learner), .purpose(.reading), rules: CentreRules()).checkIn.id
        }
        #expect(try runCommand(["backup", "--rotate", "--data", data]).status == 0)
        let given = try visit()
        let copy = try #require(try FileManager.default.contentsOfDirectory(atPath: data + "/backups").first { $0.hasPrefix("daily-") })
        let restored = try runCommand(["restore", data + "/backups/" + copy, "--data", data])
        #expect(restored.status == 0, "\(restored.stderr)")
        let again = try visit()
        // The same row number as the check-in the backup never saw, another id.
        #expect(again.suffix(12) == given.suffix(12))
        #expect(again != given && again.prefix(24) != given.prefix(24))
    }
}
