import Foundation
import GRDB

/// A time the clock was seen to be wrong.
public struct ClockEvent: Sendable {
    public var kind: String
    public var seenAt: Int64
    public var expectedAfter: Int64
}

extension Store {
    /// The newest moment the clock itself wrote (audit lines, check-ins at the kiosk), or the last
    /// time the daemon saw the clock: a clock before it has gone wrong. Times people type (a
    /// class's planned end on an attendance sheet) are not the clock's and never raise the alarm.
    public func newestKnownTime() throws -> Int64 {
        try read { db in
            // The newest rows by insertion order (their primary key): no scan of the whole tables,
            // which this runs every minute and which grow to millions of check-ins.
            let audit = try Int64.fetchOne(db, sql: "SELECT at FROM audit ORDER BY seq DESC LIMIT 1") ?? 0
            let checkIns = try Int64.fetchOne(db, sql: """
                SELECT max(checked_in_at, COALESCE(checked_out_at, 0)) FROM check_ins WHERE source = 'kiosk' ORDER BY seq DESC LIMIT 1
                """) ?? 0
            let lastSeen = try String.fetchOne(db, sql: "SELECT value FROM centre WHERE key = 'lastSeenAt'").flatMap { Int64($0) } ?? 0
            return max(audit, checkIns, lastSeen)
        }
    }

    public func recordClockEvent(_ event: ClockEvent) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO clock_events(seen_at, expected_after, kind) VALUES (?, ?, ?)",
                           arguments: [event.seenAt, event.expectedAfter, event.kind])
        }
    }

    public func noteClock(_ now: Int64) throws {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO centre(key, value) VALUES ('lastSeenAt', ?)", arguments: [String(now)])
        }
    }

    /// The latest clock event, if any.
    public func latestClockEvent() throws -> ClockEvent? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT kind, seen_at, expected_after FROM clock_events ORDER BY seq DESC LIMIT 1").map {
                ClockEvent(kind: $0[0], seenAt: $0[1], expectedAfter: $0[2])
            }
        }
    }
}
