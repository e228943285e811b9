import Foundation
import GRDB

/// Who is checking in: by the learner's id (picked from a search) or the code on their card.
public enum LearnerKey: Sendable {
    case id(String)
    case card(String)
}

/// What they check in to.
public enum CheckInTarget: Sendable, Equatable {
    case session(String)
    case purpose(VisitPurpose)
}

/// The answer to a check-in or check-out: the record, whether it is new, and what the kiosk may show.
public struct CheckInResult: Sendable {
    public var checkIn: CheckIn
    public var created: Bool
    public var learnerId: String
    public var displayName: String
    public var hoursThisYear: Double
}

extension Store {
    /// Credited hours of a check-in: nothing once staff took it off the sheet; a visit's own hours;
    /// for a class, nothing if it was cancelled, else the hours staff set for this learner, else
    /// the class's hours.
    static let creditedHoursSQL = """
        CASE WHEN c.removed_at IS NOT NULL THEN 0
             WHEN c.session_seq IS NULL THEN c.visit_hours
             WHEN s.state = 'cancelled' THEN 0
             ELSE COALESCE(c.hours_override, s.credited_hours) END
        """
    static func fetchCheckIn(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> CheckIn? {
        try CheckIn.fetchOne(db.cachedStatement(sql: """
            SELECT \(CheckIn.columns) FROM check_ins c LEFT JOIN sessions s ON s.seq = c.session_seq WHERE \(condition)
            """), arguments: arguments)
    }

    /// The learner's credited hours in the local year of `now`, derived from the records.
    static func hoursThisYear(_ db: Database, learnerId: String, now: Int64) throws -> Double {
        let from = LocalDay.startOfYear(LocalDay.year(of: now))
        let to = LocalDay.startOfYear(LocalDay.year(of: now) + 1)
        return try Double.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(SUM(\(creditedHoursSQL)), 0) FROM check_ins c LEFT JOIN sessions s ON s.seq = c.session_seq
            WHERE c.learner_id = ? AND c.checked_in_at >= ? AND c.checked_in_at < ?
            """), arguments: [learnerId, from, to]) ?? 0
    }

    /// The learner behind a key; refuses unknown or reissued cards and archived learners.
    static func resolveLearner(_ db: Database, _ key: LearnerKey) throws -> (id: String, name: String) {
        let row: Row?
        switch key {
        case .id(let id):
            row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, full_name, archived FROM learners WHERE id = ?"), arguments: [id])
        case .card(let code):
            row = try Row.fetchOne(db.cachedStatement(sql: "SELECT id, full_name, archived FROM learners WHERE card_code = ?"),
                                   arguments: [Store.normalizedCardCode(code)])
            if row == nil {
                throw DomainError(.notFound, "unknown_card", "Không nhận ra thẻ này. Có thể thẻ đã được cấp lại. Xin tìm tên mình trên màn hình, hoặc hỏi cán bộ trung tâm.",
                                field: "cardCode")
            }
        }
        guard let row else { throw DomainError(.notFound, "unknown_learner", "Không tìm thấy người học này. Hãy tìm lại tên.", field: "learnerId") }
        if row[2] as Bool {
            throw DomainError(.conflict, "learner_archived", "Hồ sơ này đang tạm ngừng. Xin gặp cán bộ trung tâm để mở lại.")
        }
        return (row[0], row[1])
    }

    /// Checks a learner in, in one write: one open check-in per learner; the same check-in again
    /// returns the record they have; anything else closes the previous one first. What was left
    /// open past its time is closed by itself first (see `autoCloseLimit`).
    public func checkIn(_ key: LearnerKey, _ target: CheckInTarget, now: Int64 = Store.nowMillis(), rules: CentreRules) throws -> CheckInResult {
        try withHours(now: now, try write(urgent: true) { db in
            try Store.requireOpen(db, at: now)
            let learner = try Store.resolveLearner(db, key)
            let open = try Store.currentCheckIn(db, learnerId: learner.id, now: now, rules: rules)
            if let open, Store.target(of: open) == target {
                // The same check-in again (a double tap, a second scan): the record they already have.
                return Store.result(open, created: false, learner: learner)
            }
            if case .session(let sessionId) = target { try Store.checkSessionOpen(db, sessionId, now: now, rules: rules) }
            if let open { try Store.close(db, open, at: now, rules: rules, auto: false) }
            // By the learner's few records ("+" keeps SQLite from walking every record of the session instead).
            if case .session(let sessionId) = target,
               let earlier = try Store.fetchCheckIn(db, where: "c.learner_id = ? AND +c.session_seq = (SELECT seq FROM sessions WHERE id = ?)",
                                                 [learner.id, sessionId]) {
                // Back to a class they left: the same attendance record, open again (hours count once).
                try db.cachedStatement(sql: "UPDATE check_in_rows SET checked_out_at = NULL, auto_closed = 0, removed_at = NULL WHERE seq = ?")
                    .execute(arguments: [try CheckInIDs.seq(db, id: earlier.id)])
                var reopened = earlier
                reopened.checkedOutAt = nil
                reopened.autoClosed = false
                return Store.result(reopened, created: false, learner: learner)
            }
            var record = CheckIn(id: "", learnerId: learner.id, sessionId: nil, purpose: nil,
                                 checkedInAt: now, checkedOutAt: nil, autoClosed: false, creditedHours: 0)
            switch target {
            case .session(let s):
                record.sessionId = s
                record.creditedHours = try Double.fetchOne(db.cachedStatement(sql: "SELECT credited_hours FROM sessions WHERE id = ?"),
                                                           arguments: [s]) ?? 0
            case .purpose(let p): record.purpose = p
            }
            record.id = try CheckInIDs.insert(db, learnerId: learner.id, sessionId: record.sessionId, purpose: record.purpose, checkedInAt: now)
            return Store.result(record, created: true, learner: learner)
        })
    }

    /// Closes the learner's open check-in.
    public func checkOut(_ key: LearnerKey, now: Int64 = Store.nowMillis(), rules: CentreRules) throws -> CheckInResult {
        try withHours(now: now, try write(urgent: true) { db in
            let learner = try Store.resolveLearner(db, key)
            guard let open = try Store.currentCheckIn(db, learnerId: learner.id, now: now, rules: rules) else {
                throw DomainError(.conflict, "not_checked_in", "Chưa điểm danh vào, hoặc đã ra về rồi. Không cần làm gì thêm.")
            }
            try Store.requireOpen(db, at: open.checkedInAt)
            try Store.close(db, open, at: now, rules: rules, auto: false)
            return Store.result(try Store.fetchCheckIn(db, where: "c.id = ?", [open.id])!, created: false, learner: learner)
        })
    }

    static func result(_ record: CheckIn, created: Bool, learner: (id: String, name: String)) -> CheckInResult {
        CheckInResult(checkIn: record, created: created, learnerId: learner.id, displayName: learner.name, hoursThisYear: 0)
    }

    /// The year's hours, read after the commit: the write lane holds only the write itself.
    private func withHours(now: Int64, _ result: CheckInResult) throws -> CheckInResult {
        var result = result
        result.hoursThisYear = try read { db in try Store.hoursThisYear(db, learnerId: result.learnerId, now: now) }
        return result
    }

    /// The learner's open check-in, after closing it by itself if its time has passed.
    static func currentCheckIn(_ db: Database, learnerId: String, now: Int64, rules: CentreRules) throws -> CheckIn? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT \(CheckIn.columns), s.ends_at FROM check_ins c LEFT JOIN sessions s ON s.seq = c.session_seq
            WHERE c.learner_id = ? AND c.checked_out_at IS NULL
            """), arguments: [learnerId]) else { return nil }
        let open = CheckIn(row: row)
        let limit = rules.autoCloseLimit(start: open.checkedInAt, sessionEnd: row[8])
        if now >= limit {
            try close(db, open, at: limit, rules: rules, auto: true)
            return nil
        }
        return open
    }

    /// What a learner is checked in to now (a class's title or a visit's purpose) and since when;
    /// nil when they are not in (or their check-in is past the moment it closes by itself).
    public func inside(learnerId: String, rules: CentreRules, now: Int64 = Store.nowMillis()) throws -> (label: String, since: Int64)? {
        try read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT c.checked_in_at, s.ends_at, s.title, c.purpose FROM check_ins c LEFT JOIN sessions s ON s.seq = c.session_seq
                WHERE c.learner_id = ? AND c.checked_out_at IS NULL
                """), arguments: [learnerId]) else { return nil }
            let since: Int64 = row[0]
            guard now < rules.autoCloseLimit(start: since, sessionEnd: row[1]) else { return nil }
            return ((row[2] as String?) ?? (row[3] as VisitPurpose?)?.label ?? "", since)
        }
    }

    static func target(of checkIn: CheckIn) -> CheckInTarget {
        if let session = checkIn.sessionId { return .session(session) }
        // The table's CHECK: a check-in has a session or a purpose.
        return .purpose(checkIn.purpose!)
    }

    /// Refuses a session that is unknown, cancelled, closed, of another day, or not open yet.
    static func checkSessionOpen(_ db: Database, _ id: String, now: Int64, rules: CentreRules) throws {
        guard let session = try fetchSession(db, id: id, countingAttendees: false) else {
            throw DomainError(.notFound, "unknown_session", "Không tìm thấy buổi học này. Hãy chọn lại trong danh sách hôm nay.", field: "sessionId")
        }
        guard LocalDay.sameDay(session.startsAt, now) else {
            throw DomainError(.invalid, "session_not_today", "Buổi học \"\(session.title)\" không phải của hôm nay.", field: "sessionId")
        }
        switch session.status(now: now, rules: rules) {
        case .cancelled: throw DomainError(.conflict, "session_cancelled", "Buổi học \"\(session.title)\" đã bị hủy.", field: "sessionId")
        case .closed: throw DomainError(.conflict, "session_closed", "Buổi học \"\(session.title)\" đã kết thúc.", field: "sessionId")
        case .planned:
            throw DomainError(.conflict, "session_not_open",
                            "Buổi học \"\(session.title)\" chưa mở điểm danh. Hãy quay lại trước giờ học \(rules.openLeadMinutes) phút.",
                            field: "sessionId")
        default: return
        }
    }

    /// Closes a check-in at `at` (a visit credits its rounded, capped length).
    static func close(_ db: Database, _ open: CheckIn, at: Int64, rules: CentreRules, auto: Bool) throws {
        let end = max(at, open.checkedInAt)
        let hours = open.sessionId == nil ? rules.visitHours(from: open.checkedInAt, to: end) : 0
        try db.cachedStatement(sql: "UPDATE check_in_rows SET checked_out_at = ?, visit_hours = ?, auto_closed = ? WHERE seq = ?")
            .execute(arguments: [end, hours, auto, try CheckInIDs.seq(db, id: open.id)])
    }

    /// Closes by itself everything left open past its time (the housekeeping sweep), marked
    /// `autoClosed` for staff to review.
    static func autoCloseAll(_ db: Database, now: Int64, rules: CentreRules) throws {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(CheckIn.columns), s.ends_at FROM check_ins c LEFT JOIN sessions s ON s.seq = c.session_seq
            WHERE c.checked_out_at IS NULL
            """))
        for row in rows {
            let open = CheckIn(row: row)
            let limit = rules.autoCloseLimit(start: open.checkedInAt, sessionEnd: row[8])
            if now >= limit { try close(db, open, at: limit, rules: rules, auto: true) }
        }
    }

    /// The housekeeping sweep: closes every check-in whose time has passed.
    public func autoCloseAll(now: Int64 = Store.nowMillis(), rules: CentreRules) throws {
        try write { db in try Store.autoCloseAll(db, now: now, rules: rules) }
    }
}

/// A check-in owns its columns: `columns` lists what `init(row:)` reads, in its order (from
/// `check_ins c LEFT JOIN sessions s`, for the credited hours); a query may add its own after them.
extension CheckIn: FetchableRecord {
    static let columns = """
        c.id, c.learner_id, c.session_id, c.purpose, c.checked_in_at, c.checked_out_at, c.auto_closed, \(Store.creditedHoursSQL)
        """

    public init(row: Row) {
        self.init(id: row[0], learnerId: row[1], sessionId: row[2], purpose: row[3], checkedInAt: row[4], checkedOutAt: row[5],
                  autoClosed: row[6], creditedHours: row[7])
    }
}
