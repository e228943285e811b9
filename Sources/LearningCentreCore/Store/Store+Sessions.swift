import Foundation
import GRDB

extension Store {
    /// `Session.maxHours` in milliseconds: bounds every search for overlapping sessions.
    static let longestSession = Int64(Session.maxHours * 3_600_000)

    /// A session; without `countingAttendees` its `attendeeCount` is 0 (a check-in reads no count:
    /// counting a long class's records on every check-in grew with the class).
    static func fetchSession(_ db: Database, id: String, countingAttendees: Bool = true) throws -> Session? {
        try Session.fetchOne(db.cachedStatement(sql: "SELECT \(Session.columns(attendees: countingAttendees ? Session.attendance : "0")) FROM sessions WHERE id = ?"),
                             arguments: [id])
    }

    static func requireSession(_ db: Database, id: String) throws -> Session {
        guard let session = try fetchSession(db, id: id) else { throw DomainError.notFound("buổi học này") }
        return session
    }

    public func session(id: String) throws -> Session? {
        try read { db in try Store.fetchSession(db, id: id) }
    }

    /// Sessions overlapping [from, to), by start. No session lasts over 12 hours, so only those
    /// starting in the 12 hours before `from` or later are read, however long the history.
    public func sessions(from: Int64, to: Int64, limit: Int, offset: Int) throws -> Page<Session> {
        let rows = try read { db in
            try Session.fetchAll(db.cachedStatement(sql: """
                SELECT \(Session.columns()) FROM sessions WHERE starts_at > ? AND starts_at < ? AND ends_at > ?
                ORDER BY starts_at, seq LIMIT ? OFFSET ?
                """), arguments: [from - Store.longestSession, to, from, limit + 1, offset])
        }
        return Page(overfetched: rows, limit: limit, offset: offset)
    }

    /// Creates (id nil) or changes a session, with its audit line, and warns of another session
    /// in the same place at the same time.
    public func saveSession(id: String?, _ draft: SessionDraft, actor: AuthenticatedUser?) throws -> (Session, [SessionWarning]) {
        try write { db in
            let old = try id.map { try Store.requireSession(db, id: $0) }
            let saved = try Store.apply(draft, to: old, seriesId: nil, in: db, actor: actor, now: Store.nowMillis())
            return (saved, try Store.placeWarnings(db, for: saved))
        }
    }

    /// The one way a session is made or changed: checks, writes, audits, closes the open
    /// check-ins of a session being cancelled.
    static func apply(_ draft: SessionDraft, to old: Session?, seriesId: String?, in db: Database, actor: AuthenticatedUser?,
                      now: Int64) throws -> Session {
        if let old, old.state != .scheduled, actor?.role != .manager {
            throw DomainError(.conflict, old.state == .closed ? "session_closed" : "session_cancelled",
                            "Buổi học đã đóng hoặc đã hủy; chỉ người quản lý mới sửa được.")
        }
        var s = old ?? Session(id: RecordID.new(), title: "", topic: nil, category: .other, instructor: nil,
                               place: nil, startsAt: 0, endsAt: 0, creditedHours: -1, capacity: nil, notes: nil, state: .scheduled,
                               seriesId: seriesId)
        if let v = draft.title { s.title = v }
        if let v = draft.topic { s.topic = v }
        if let v = draft.category { s.category = v }
        if let v = draft.instructor { s.instructor = v }
        if let v = draft.instructorId {
            s.instructorId = v
            if let id = v {
                guard let row = try Row.fetchOne(db, sql: "SELECT full_name, archived FROM learners WHERE id = ?", arguments: [id]) else {
                    throw DomainError.invalid("instructorId", "Không có người học với mã \"\(id.prefix(40))\".")
                }
                if row[1] as Bool { throw DomainError.invalid("instructorId", "Người dạy \"\(row[0] as String)\" đã được lưu trữ.") }
                if draft.instructor == nil { s.instructor = row[0] }
            }
        }
        if let v = draft.place { s.place = v }
        if let v = draft.startsAt { s.startsAt = v }
        if let v = draft.endsAt { s.endsAt = v }
        if let v = draft.capacity { s.capacity = v }
        if let v = draft.notes { s.notes = v }
        // Neither where it was nor where it goes may be a closed year.
        if let old { try requireOpen(db, at: old.startsAt) }
        if s.startsAt > 0 { try requireOpen(db, at: s.startsAt) }
        if let v = draft.creditedHours {
            s.creditedHours = v
        } else if old == nil || (draft.startsAt != nil || draft.endsAt != nil) && old!.creditedHours == Session.defaultHours(old!) {
            // By default a session credits its length, and keeps doing so when its times move.
            s.creditedHours = Session.defaultHours(s)
        }
        switch draft.status {
        case .cancelled where s.state != .cancelled:
            s.state = .cancelled
            try db.execute(sql: "UPDATE check_in_rows SET checked_out_at = MAX(?, checked_in_at) WHERE session_seq = (SELECT seq FROM sessions WHERE id = ?) AND checked_out_at IS NULL",
                           arguments: [min(now, s.endsAt), s.id])
        case .planned where s.state == .cancelled:
            s.state = .scheduled
        default: break
        }
        // Hours over the length stand once given with a reason; a change to the hours or times asks again.
        let hoursUntouched = old != nil && draft.creditedHours == nil && draft.startsAt == nil && draft.endsAt == nil
        try SessionDraft.check(s, excessAllowed: draft.reason != nil || hoursUntouched)
        if old == nil {
            try db.execute(sql: """
                INSERT INTO sessions(id, title, topic, category, instructor, instructor_id, place, starts_at, ends_at, credited_hours,
                    capacity, notes, state, series_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [s.id, s.title, s.topic, s.category, s.instructor, s.instructorId, s.place, s.startsAt, s.endsAt,
                                 s.creditedHours, s.capacity, s.notes, s.state, s.seriesId, now, now])
        } else {
            try db.execute(sql: """
                UPDATE sessions SET title = ?, topic = ?, category = ?, instructor = ?, instructor_id = ?, place = ?, starts_at = ?,
                    ends_at = ?, credited_hours = ?, capacity = ?, notes = ?, state = ?, updated_at = ? WHERE id = ?
                """, arguments: [s.title, s.topic, s.category, s.instructor, s.instructorId, s.place, s.startsAt, s.endsAt,
                                 s.creditedHours, s.capacity, s.notes, s.state, now, s.id])
        }
        var changes = Store.diff(old?.fields ?? [:], s.fields, ignoring: [])
        if !changes.isEmpty {
            if let reason = draft.reason { changes["reason"] = [.null, .string(reason)] }
            try Store.audit(db, actor: actor, entity: "session", id: s.id, action: old == nil ? "create" : "update", changes: changes)
        }
        return try requireSession(db, id: s.id)
    }

    /// Other sessions, not cancelled, in the same place (ignoring case and accents) at an overlapping time.
    static func placeWarnings(_ db: Database, for s: Session) throws -> [SessionWarning] {
        guard let place = s.place, s.state != .cancelled else { return [] }
        let folded = NameFolding.fold(place)
        let others = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, title, place, starts_at, ends_at FROM sessions
            WHERE starts_at > ? AND starts_at < ? AND ends_at > ? AND id <> ? AND state <> 'cancelled' AND place IS NOT NULL ORDER BY starts_at
            """), arguments: [s.startsAt - Store.longestSession, s.endsAt, s.startsAt, s.id])
        return others.filter { NameFolding.fold($0[2] as String) == folded }.map { row in
            let from: Int64 = row[3], to: Int64 = row[4]
            return SessionWarning(code: "place_overlap", message: """
                \(place) đã có buổi "\(row[1] as String)" từ \(Timestamps.localTime(from)) đến \(Timestamps.localTime(to)) \
                ngày \(Timestamps.localDate(from)). Vẫn đã lưu; hãy kiểm tra lại chỗ học.
                """, sessionId: row[0])
        }
    }
}

extension Session {
    /// A session credits its length by default, in hundredths of an hour, never more than its length.
    static func defaultHours(_ s: Session) -> Double { (s.durationHours * 100).rounded(.down) / 100 }

    var fields: [String: JSONValue] {
        func text(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }
        return ["title": .string(title), "topic": text(topic), "category": .string(category.rawValue), "instructor": text(instructor),
                "instructorId": text(instructorId),
                "place": text(place), "startsAt": .string(Timestamps.iso(millis: startsAt)), "endsAt": .string(Timestamps.iso(millis: endsAt)),
                "creditedHours": .number(creditedHours), "capacity": capacity.map { .number(Double($0)) } ?? .null,
                "notes": text(notes), "state": .string(state.rawValue)]
    }
}

/// A session owns its columns: `columns` lists what `init(row:)` reads, in its order.
extension Session: FetchableRecord {
    /// Counts a class's attendance, for the `attendees` column.
    static let attendance = "(SELECT COUNT(*) FROM check_in_rows a WHERE a.session_seq = sessions.seq AND a.removed_at IS NULL)"

    /// `attendees`: the attendance count, or "0" where nobody reads it (a check-in: counting a long
    /// class's records on every check-in grew with the class).
    static func columns(attendees: String = attendance) -> String {
        """
        id, title, topic, category, instructor, place, starts_at, ends_at, credited_hours, capacity, notes, state, series_id,
        \(attendees), instructor_id
        """
    }

    public init(row: Row) {
        self.init(id: row[0], title: row[1], topic: row[2], category: row[3], instructor: row[4], instructorId: row[14], place: row[5],
                  startsAt: row[6], endsAt: row[7], creditedHours: row[8], capacity: row[9], notes: row[10], state: row[11],
                  seriesId: row[12], attendeeCount: row[13])
    }
}
