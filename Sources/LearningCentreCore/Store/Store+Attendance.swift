import Foundation
import GRDB

/// One line of a session's attendance sheet.
public struct AttendanceLine: Sendable {
    public var learnerId: String
    public var fullName: String
    /// Told apart on paper: two "Lương Công Đức" of different years and villages.
    public var birthYear: Int
    public var village: String
    public var checkIn: CheckIn
    public var overrideReason: String?
}

/// A staff-set number of hours for one learner of a session, with its reason.
public struct HoursOverride: Sendable {
    public var learnerId: String
    public var creditedHours: Double
    public var reason: String

    package init(learnerId: String, creditedHours: Double, reason: String) {
        self.learnerId = learnerId
        self.creditedHours = creditedHours
        self.reason = reason
    }
}

extension Store {
    /// The sheet: everyone checked in to the session and not taken off, in the Vietnamese order.
    public func attendance(sessionId: String) throws -> [AttendanceLine] {
        try read { db in
            _ = try Store.requireSession(db, id: sessionId)
            return try Store.attendanceLines(db, sessionId: sessionId)
        }
    }

    /// Sets the sheet to exactly `learnerIds`, in one write: adds the missing (a staff check-in for
    /// the whole session), takes off the others (kept, marked removed), sets the overrides. Each
    /// change goes to the audit table with who did it and why.
    public func setAttendance(sessionId: String, learnerIds: [String], overrides: [HoursOverride], reason: String?,
                              actor: AuthenticatedUser?) throws -> [AttendanceLine] {
        try write { db in
            let session = try Store.requireSession(db, id: sessionId)
            try Store.requireOpen(db, at: session.startsAt)
            try Store.checkEditable(session, actor: actor)
            let wanted = Set(learnerIds)
            for (index, override) in overrides.enumerated() {
                if !wanted.contains(override.learnerId) {
                    throw DomainError.invalid("overrides[\(index)].learnerId", "Người được sửa giờ phải có trong danh sách điểm danh.")
                }
                if override.creditedHours > session.durationHours + 1e-9 && override.reason.count < 3 {
                    throw DomainError.invalid("overrides[\(index)].reason", "Số giờ lớn hơn độ dài buổi học cần lý do rõ ràng.")
                }
            }
            let now = Store.nowMillis()
            let current = try Row.fetchAll(db, sql: """
                SELECT seq, learner_id, removed_at, checked_out_at, hours_override, override_reason FROM check_ins
                WHERE session_seq = (SELECT seq FROM sessions WHERE id = ?)
                """, arguments: [sessionId])
            var byLearner: [String: Row] = [:]
            for row in current { byLearner[row[1]] = row }
            for learnerId in learnerIds {
                if let row = byLearner[learnerId] {
                    if (row[2] as Int64?) != nil {
                        try db.execute(sql: "UPDATE check_in_rows SET removed_at = NULL WHERE seq = ?", arguments: [row[0] as Int64])
                        try Store.audit(db, actor: actor, entity: "session", id: sessionId, action: "attendanceAdd",
                                        changes: ["learnerId": [.null, .string(learnerId)], "reason": [.null, reason.map { .string($0) } ?? .null]])
                    }
                    continue
                }
                guard let learner = try Store.fetchLearner(db, id: learnerId) else {
                    throw DomainError.invalid("learnerIds", "Không có người học với mã \"\(learnerId.prefix(40))\".")
                }
                // Archived on the day of the class (not today: a sheet of last spring may name someone who left since).
                let day = Day(millis: session.startsAt)
                if Membership.on(day, try Store.history(db, learnerId: learnerId))?.archived ?? learner.archived {
                    throw DomainError.invalid("learnerIds", "\(learner.fullName) đã được lưu trữ vào ngày \(day.vietnamese); hãy đưa họ trở lại danh sách trước.")
                }
                try CheckInIDs.insertRow(db, learnerId: learnerId, sessionId: sessionId, purpose: nil, checkedInAt: session.startsAt,
                                         checkedOutAt: session.endsAt, source: "staff")
                try Store.audit(db, actor: actor, entity: "session", id: sessionId, action: "attendanceAdd",
                                changes: ["learnerId": [.null, .string(learnerId)], "reason": [.null, reason.map { .string($0) } ?? .null]])
            }
            for row in current where !wanted.contains(row[1] as String) && (row[2] as Int64?) == nil {
                try db.execute(sql: "UPDATE check_in_rows SET removed_at = ?, checked_out_at = COALESCE(checked_out_at, ?) WHERE seq = ?",
                               arguments: [now, now, row[0] as Int64])
                try Store.audit(db, actor: actor, entity: "session", id: sessionId, action: "attendanceRemove",
                                changes: ["learnerId": [.string(row[1]), .null], "reason": [.null, reason.map { .string($0) } ?? .null]])
            }
            let overridden = Dictionary(overrides.map { ($0.learnerId, $0) }, uniquingKeysWith: { _, b in b })
            for learnerId in learnerIds {
                let old = byLearner[learnerId].flatMap { $0[4] as Double? }
                let new = overridden[learnerId]
                guard old != new?.creditedHours || byLearner[learnerId].flatMap({ $0[5] as String? }) != new?.reason else { continue }
                try db.execute(sql: """
                    UPDATE check_in_rows SET hours_override = ?, override_reason = ?
                    WHERE session_seq = (SELECT seq FROM sessions WHERE id = ?) AND learner_seq = (SELECT seq FROM learners WHERE id = ?)
                    """, arguments: [new?.creditedHours, new?.reason, sessionId, learnerId])
                try Store.audit(db, actor: actor, entity: "session", id: sessionId, action: "hoursOverride",
                                changes: ["learnerId": [.string(learnerId), .string(learnerId)],
                                          "creditedHours": [old.map { .number($0) } ?? .null, new.map { .number($0.creditedHours) } ?? .null],
                                          "reason": [.null, new.map { .string($0.reason) } ?? .null]])
            }
            return try Store.attendanceLines(db, sessionId: sessionId)
        }
    }

    /// The sheet's lines: not taken off, in the Vietnamese order.
    static func attendanceLines(_ db: Database, sessionId: String) throws -> [AttendanceLine] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT \(CheckIn.columns), l.full_name, c.override_reason, l.birth_year, v.name FROM check_ins c
            JOIN sessions s ON s.seq = c.session_seq JOIN learners l ON l.seq = c.learner_seq
            LEFT JOIN villages v ON v.id = l.village_id
            WHERE s.id = ? AND c.removed_at IS NULL ORDER BY l.sort_key, l.seq
            """), arguments: [sessionId]).map {
            AttendanceLine(learnerId: $0[1], fullName: $0[8], birthYear: $0[10], village: $0[11] ?? "", checkIn: CheckIn(row: $0),
                           overrideReason: $0[9])
        }
    }

    /// Closes a session: its hours count as they stand, open check-ins close at its end (or now).
    public func closeSession(id: String, actor: AuthenticatedUser?) throws -> Session {
        try write { db in
            var session = try Store.requireSession(db, id: id)
            try Store.requireOpen(db, at: session.startsAt)
            guard session.state == .scheduled else {
                throw DomainError(.conflict, session.state == .closed ? "session_closed" : "session_cancelled",
                                session.state == .closed ? "Buổi học này đã đóng rồi." : "Buổi học này đã bị hủy.")
            }
            let end = min(Store.nowMillis(), session.endsAt)
            try db.execute(sql: """
                UPDATE check_in_rows SET checked_out_at = MAX(?, checked_in_at), auto_closed = 1
                WHERE session_seq = (SELECT seq FROM sessions WHERE id = ?) AND checked_out_at IS NULL
                """, arguments: [end, id])
            try db.execute(sql: "UPDATE sessions SET state = 'closed', updated_at = ? WHERE id = ?", arguments: [Store.nowMillis(), id])
            try Store.audit(db, actor: actor, entity: "session", id: id, action: "close", changes: ["state": ["scheduled", "closed"]])
            session.state = .closed
            return session
        }
    }

    /// Reopens a closed session (managers only, with a reason).
    public func reopenSession(id: String, reason: String, actor: AuthenticatedUser?) throws -> Session {
        try write { db in
            var session = try Store.requireSession(db, id: id)
            try Store.requireOpen(db, at: session.startsAt)
            guard session.state == .closed else { throw DomainError(.conflict, "session_not_closed", "Buổi học này chưa đóng.") }
            try db.execute(sql: "UPDATE sessions SET state = 'scheduled', updated_at = ? WHERE id = ?", arguments: [Store.nowMillis(), id])
            try Store.audit(db, actor: actor, entity: "session", id: id, action: "reopen",
                            changes: ["state": ["closed", "scheduled"], "reason": [.null, .string(reason)]])
            session.state = .scheduled
            return session
        }
    }

    /// Staff may not change a session a manager closed, and nobody changes a cancelled one.
    static func checkEditable(_ session: Session, actor: AuthenticatedUser?) throws {
        if session.state == .cancelled {
            throw DomainError(.conflict, "session_cancelled", "Buổi học này đã bị hủy; không sửa điểm danh được.")
        }
        if session.state == .closed && actor?.role != .manager {
            throw DomainError(.conflict, "session_closed", "Buổi học đã đóng; chỉ người quản lý mới sửa được (mở lại buổi học, ghi lý do).")
        }
    }
}
