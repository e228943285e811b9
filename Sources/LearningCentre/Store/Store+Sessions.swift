import Foundation
import GRDB

extension Store {
    static let sessionColumns = "id, title, topic, category, instructor, place, starts_at, ends_at, credited_hours, capacity, notes, state"

    static func session(_ row: Row) -> Session {
        Session(id: row[0], title: row[1], topic: row[2], category: row[3], instructor: row[4], place: row[5],
                startsAt: row[6], endsAt: row[7], creditedHours: row[8], capacity: row[9], notes: row[10], state: row[11])
    }

    static func fetchSession(_ db: Database, id: String) throws -> Session? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT \(sessionColumns) FROM sessions WHERE id = ?"), arguments: [id]).map(session)
    }

    public func session(id: String) throws -> Session? {
        try read { db in try Store.fetchSession(db, id: id) }
    }

    /// Sessions overlapping [from, to), by start.
    public func sessions(from: Int64, to: Int64, limit: Int, offset: Int) throws -> Page<Session> {
        let rows = try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Store.sessionColumns) FROM sessions WHERE ends_at > ? AND starts_at < ? ORDER BY starts_at, seq LIMIT ? OFFSET ?
                """), arguments: [from, to, limit + 1, offset]).map(Store.session)
        }
        return Page(overfetched: rows, limit: limit, offset: offset)
    }

    /// Creates (id nil) or changes a session, with its audit line.
    public func saveSession(id: String?, _ draft: SessionDraft, actor: AuthenticatedUser?) throws -> Session {
        try write { db in
            let old = try id.map { id -> Session in
                guard let found = try Store.fetchSession(db, id: id) else { throw HTTPError.notFound("buổi học này") }
                return found
            }
            if let old, old.state != "scheduled", actor?.role != .manager {
                throw HTTPError(409, "session_closed", "Buổi học đã đóng hoặc đã hủy; chỉ người quản lý mới sửa được.")
            }
            var s = old ?? Session(id: UUID().uuidString.lowercased(), title: "", topic: nil, category: "other", instructor: nil,
                                   place: nil, startsAt: 0, endsAt: 0, creditedHours: -1, capacity: nil, notes: nil, state: "scheduled")
            if let v = draft.title { s.title = v }
            if let v = draft.topic { s.topic = v }
            if let v = draft.category { s.category = v }
            if let v = draft.instructor { s.instructor = v }
            if let v = draft.place { s.place = v }
            if let v = draft.startsAt { s.startsAt = v }
            if let v = draft.endsAt { s.endsAt = v }
            if let v = draft.capacity { s.capacity = v }
            if let v = draft.notes { s.notes = v }
            if let v = draft.creditedHours {
                s.creditedHours = v
            } else if old == nil || (draft.startsAt != nil || draft.endsAt != nil) && old!.creditedHours == Session.defaultHours(old!) {
                // By default a session credits its length, and keeps doing so when its times move.
                s.creditedHours = Session.defaultHours(s)
            }
            try SessionDraft.check(s)
            let now = Store.nowMillis()
            if old == nil {
                try db.execute(sql: """
                    INSERT INTO sessions(id, title, topic, category, instructor, place, starts_at, ends_at, credited_hours, capacity, notes,
                        state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?)
                    """, arguments: [s.id, s.title, s.topic, s.category, s.instructor, s.place, s.startsAt, s.endsAt, s.creditedHours,
                                     s.capacity, s.notes, now, now])
            } else {
                try db.execute(sql: """
                    UPDATE sessions SET title = ?, topic = ?, category = ?, instructor = ?, place = ?, starts_at = ?, ends_at = ?,
                        credited_hours = ?, capacity = ?, notes = ?, updated_at = ? WHERE id = ?
                    """, arguments: [s.title, s.topic, s.category, s.instructor, s.place, s.startsAt, s.endsAt, s.creditedHours,
                                     s.capacity, s.notes, now, s.id])
            }
            let changes = Store.diff(old?.fields ?? [:], s.fields, ignoring: [])
            if !changes.isEmpty {
                try Store.audit(db, actor: actor, entity: "session", id: s.id, action: old == nil ? "create" : "update", changes: changes)
            }
            return s
        }
    }
}

extension Session {
    /// A session credits its length by default, in hundredths of an hour, never more than its length.
    static func defaultHours(_ s: Session) -> Double { (s.durationHours * 100).rounded(.down) / 100 }

    var fields: [String: JSONValue] {
        func text(_ v: String?) -> JSONValue { v.map { .string($0) } ?? .null }
        return ["title": .string(title), "topic": text(topic), "category": .string(category), "instructor": text(instructor),
                "place": text(place), "startsAt": .string(Timestamps.iso(millis: startsAt)), "endsAt": .string(Timestamps.iso(millis: endsAt)),
                "creditedHours": .number(creditedHours), "capacity": capacity.map { .number(Double($0)) } ?? .null,
                "notes": text(notes), "state": .string(state)]
    }
}
