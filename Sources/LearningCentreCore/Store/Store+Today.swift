import Foundation
import GRDB

/// A check-in with the names staff read: who, and which session or visit.
public struct CheckInLine: Sendable {
    public var fullName: String
    public var sessionTitle: String?
    public var checkIn: CheckIn
    /// When the class of a class check-in ends (it closes by itself then).
    var sessionEndsAt: Int64?
}

extension Store {
    private static func lines(_ db: Database, index: String, where condition: String, _ arguments: StatementArguments) throws -> [CheckInLine] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(CheckIn.columns), l.full_name, s.title, s.ends_at FROM check_in_rows r INDEXED BY \(index)
            JOIN check_ins c ON c.seq = r.seq JOIN learners l ON l.seq = r.learner_seq LEFT JOIN sessions s ON s.seq = r.session_seq
            WHERE \(condition)
            """), arguments: arguments).map { CheckInLine(fullName: $0[8], sessionTitle: $0[9], checkIn: CheckIn(row: $0), sessionEndsAt: $0[10]) }
    }

    /// Who is in the centre now: open check-ins whose time has not passed, newest first.
    public func present(now: Int64 = Store.nowMillis(), rules: CentreRules) throws -> [CheckInLine] {
        try read { db in
            try Store.lines(db, index: "check_in_rows_open", where: "r.checked_out_at IS NULL ORDER BY r.checked_in_at DESC", [])
                .filter { now < rules.autoCloseLimit(start: $0.checkIn.checkedInAt, sessionEnd: $0.sessionEndsAt) }
        }
    }

    /// Visits that closed by themselves since `since` and that nobody has reviewed, newest first
    /// (a class check-in closed at the class's end credits the class: nothing to review).
    public func checkInsToReview(since: Int64, limit: Int) throws -> [CheckInLine] {
        try read { db in
            try Store.lines(db, index: "check_in_rows_to_review", where: """
                r.auto_closed = 1 AND r.session_seq IS NULL AND r.reviewed_at IS NULL AND r.checked_in_at >= ?
                ORDER BY r.checked_in_at DESC LIMIT ?
                """, [since, limit])
        }
    }

    /// Staff confirm an auto-closed check-in, or set when the person really left (a visit's hours
    /// follow; a reason is required), in one audited write.
    public func reviewCheckIn(id: String, checkedOutAt: Int64?, reason: String?, rules: CentreRules,
                              actor: AuthenticatedUser?) throws -> CheckIn {
        try write { db in
            guard let seq = try CheckInIDs.seq(db, id: id), let old = try Store.fetchCheckIn(db, where: "c.seq = ?", [seq]) else {
                throw DomainError.notFound("lượt điểm danh này")
            }
            try Store.requireOpen(db, at: old.checkedInAt)
            guard old.autoClosed, old.sessionId == nil else {
                throw DomainError(.conflict, "nothing_to_review", old.sessionId != nil
                    ? "Lượt vào buổi học được tính theo buổi học; sửa giờ trong danh sách điểm danh của buổi đó."
                    : "Lượt này do người học tự bấm ra về, không cần xem lại.")
            }
            var changes: [String: [JSONValue]] = ["reviewed": [false, true]]
            if let reason { changes["reason"] = [.null, .string(reason)] }
            if let checkedOutAt {
                guard reason != nil else { throw DomainError.invalid("reason", "Sửa giờ ra về cần ghi lý do.") }
                guard checkedOutAt > old.checkedInAt else {
                    throw DomainError.invalid("checkedOutAt", "Giờ ra về phải sau giờ đến (\(Timestamps.localTime(old.checkedInAt))).")
                }
                guard checkedOutAt <= Store.nowMillis() else { throw DomainError.invalid("checkedOutAt", "Giờ ra về không được ở tương lai.") }
                let hours = rules.visitHours(from: old.checkedInAt, to: checkedOutAt)
                try db.execute(sql: "UPDATE check_in_rows SET checked_out_at = ?, visit_hours = ? WHERE seq = ?",
                               arguments: [checkedOutAt, hours, seq])
                changes["checkedOutAt"] = [old.checkedOutAt.map { .string(Timestamps.iso(millis: $0)) } ?? .null,
                                           .string(Timestamps.iso(millis: checkedOutAt))]
            }
            try db.execute(sql: "UPDATE check_in_rows SET reviewed_at = ?, reviewed_by = ? WHERE seq = ?",
                           arguments: [Store.nowMillis(), actor?.username ?? "system", seq])
            try Store.audit(db, actor: actor, entity: "learner", id: old.learnerId, action: "checkInReview", changes: changes)
            return try Store.fetchCheckIn(db, where: "c.seq = ?", [seq])!
        }
    }
}

extension CheckInLine: JSONShape {
    public static let schemaName = "CheckInLine"
    public static let fields: [ShapeField<CheckInLine>] = [
        .object("checkIn", \.checkIn), .string("fullName", \.fullName), .nullableString("sessionTitle", \.sessionTitle),
    ]
}
