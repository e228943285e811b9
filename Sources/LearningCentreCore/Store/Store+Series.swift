import Foundation
import GRDB

/// A weekly series: sessions made in one step that share a series id.
public struct SessionSeries: Sendable {
    public var id: String
    public var sessions: [Session]
    public var warnings: [SessionWarning]
    /// How many sessions the last change touched.
    public var changed: Int
}

/// A change to the sessions of a series still to come: the session fields, and new local
/// start and end times of day ("18:00") that move each session on its own date.
public struct SeriesChange: Sendable {
    public var fields: SessionDraft
    public var startMinute: Int?
    public var endMinute: Int?

    package init(fields: SessionDraft, startMinute: Int?, endMinute: Int?) {
        self.fields = fields
        self.startMinute = startMinute
        self.endMinute = endMinute
    }
}

extension Store {
    public static let maxSeriesCount = 52
    static let week: Int64 = 7 * 86_400_000

    /// Makes `count` sessions, one a week from the draft's start, in one write.
    public func createSeries(_ draft: SessionDraft, count: Int, actor: AuthenticatedUser?) throws -> SessionSeries {
        try write { db in
            let seriesId = RecordID.new()
            let now = Store.nowMillis()
            var sessions: [Session] = [], warnings: [SessionWarning] = []
            for k in 0..<count {
                var one = draft
                one.startsAt = draft.startsAt.map { $0 + Int64(k) * Store.week }
                one.endsAt = draft.endsAt.map { $0 + Int64(k) * Store.week }
                let saved = try Store.apply(one, to: nil, seriesId: seriesId, in: db, actor: actor, now: now)
                sessions.append(saved)
                warnings += try Store.placeWarnings(db, for: saved)
            }
            return SessionSeries(id: seriesId, sessions: sessions, warnings: warnings, changed: count)
        }
    }

    public func series(id: String) throws -> SessionSeries {
        try read { db in
            let sessions = try Store.seriesSessions(db, id: id)
            return SessionSeries(id: id, sessions: sessions, warnings: [], changed: 0)
        }
    }

    /// Changes every session of the series that has not begun and is not closed (cancelled ones
    /// only when bringing them back), in one write; the sessions already held keep their record.
    public func updateSeries(id: String, _ change: SeriesChange, actor: AuthenticatedUser?) throws -> SessionSeries {
        try write { db in
            let now = Store.nowMillis()
            var sessions = try Store.seriesSessions(db, id: id)
            var warnings: [SessionWarning] = [], changed = 0
            for (index, old) in sessions.enumerated() where old.startsAt > now {
                guard old.state == .scheduled || old.state == .cancelled && change.fields.status == .planned else { continue }
                var draft = change.fields
                let day = LocalDay.start(containing: old.startsAt)
                if let minute = change.startMinute { draft.startsAt = day + Int64(minute) * 60_000 }
                if let minute = change.endMinute { draft.endsAt = day + Int64(minute) * 60_000 }
                sessions[index] = try Store.apply(draft, to: old, seriesId: id, in: db, actor: actor, now: now)
                warnings += try Store.placeWarnings(db, for: sessions[index])
                changed += 1
            }
            return SessionSeries(id: id, sessions: sessions, warnings: warnings, changed: changed)
        }
    }

    static func seriesSessions(_ db: Database, id: String) throws -> [Session] {
        let sessions = try Session.fetchAll(db.cachedStatement(sql: """
            SELECT \(Session.columns()) FROM sessions WHERE series_id = ? ORDER BY starts_at, seq
            """), arguments: [id])
        if sessions.isEmpty { throw DomainError.notFound("loạt buổi học này") }
        return sessions
    }
}
