import Foundation
import GRDB

/// A check-in's id is not stored: it is its epoch's prefix (the first 24 characters of a
/// time-ordered UUID, made when the epoch began) and its row number in 12 hex digits, so a
/// UUID like every other id. Ids made before (and those of other centres, at the association)
/// are stored as they came (`stored_id`). A restored backup begins a new epoch: the numbers
/// given after the backup was taken may come again, their ids never do.
enum CheckInIDs {
    /// The first 24 characters of a new UUID, up to and with the dash before its last group.
    static func newPrefix() -> String { String(RecordID.new().prefix(24)) }

    /// The row of the check-in with `id`, or nil when there is none.
    static func seq(_ db: Database, id: String) throws -> Int64? {
        if id.utf8.count == 36, id.utf8.suffix(12).allSatisfy(isLowerHex), let number = Int64(id.suffix(12), radix: 16),
           let epoch = try Int64.fetchOne(db.cachedStatement(sql: "SELECT epoch FROM check_in_epochs WHERE prefix = ?"),
                                          arguments: [String(id.prefix(24))]) {
            return try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM check_in_rows WHERE seq = ? AND epoch = ? AND stored_id IS NULL"),
                                      arguments: [number, epoch])
        }
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM check_in_rows WHERE stored_id = ?"), arguments: [id])
    }

    private static func isLowerHex(_ c: UInt8) -> Bool { (48...57).contains(c) || (97...102).contains(c) }

    /// The id of the check-in in row `seq`.
    static func id(_ db: Database, seq: Int64) throws -> String {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM check_ins WHERE seq = ?"), arguments: [seq])!
    }

    /// Writes a new check-in of this centre and returns its id. `sessionId` or `purpose`, not both.
    static func insert(_ db: Database, learnerId: String, sessionId: String?, purpose: VisitPurpose?, checkedInAt: Int64,
                       checkedOutAt: Int64? = nil, visitHours: Double = 0, source: String = "kiosk") throws -> String {
        try id(db, seq: insertRow(db, learnerId: learnerId, sessionId: sessionId, purpose: purpose, checkedInAt: checkedInAt,
                                  checkedOutAt: checkedOutAt, visitHours: visitHours, source: source))
    }

    /// Writes a new check-in of this centre and returns its row.
    @discardableResult
    static func insertRow(_ db: Database, learnerId: String, sessionId: String?, purpose: VisitPurpose?, checkedInAt: Int64,
                          checkedOutAt: Int64? = nil, visitHours: Double = 0, source: String = "kiosk") throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO check_in_rows(epoch, learner_seq, session_seq, purpose, checked_in_at, checked_out_at, visit_hours, source)
            VALUES ((SELECT max(epoch) FROM check_in_epochs), (SELECT seq FROM learners WHERE id = ?),
                    (SELECT seq FROM sessions WHERE id = ?), ?, ?, ?, ?, ?)
            """).execute(arguments: [learnerId, sessionId, purpose, checkedInAt, checkedOutAt, visitHours, source])
        return db.lastInsertedRowID
    }

    /// A restored backup: check-ins made from now on take a new prefix.
    static func beginEpoch(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO check_in_epochs(epoch, prefix, started_at) VALUES ((SELECT max(epoch) + 1 FROM check_in_epochs), ?, ?)
            """, arguments: [newPrefix(), Store.nowMillis()])
    }
}

extension Store {
    /// After a backup is restored: the check-ins made from now on take ids never given before,
    /// though their row numbers may have been given after the backup was taken.
    public func beginCheckInEpoch() throws {
        try write { db in try CheckInIDs.beginEpoch(db) }
    }
}
