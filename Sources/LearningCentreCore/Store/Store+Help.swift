import Foundation
import GRDB

/// A learner at the kiosk asking for staff: the one who cannot read, forgot the card, or is stuck.
public struct HelpRequest: Sendable {
    public var id: Int64
    public var askedAt: Int64
    public var learnerId: String?
    public var fullName: String?
    public var screen: String
}

extension Store {
    /// Records a call for help; a second call within a minute (or while twenty wait) answers the
    /// one already waiting, so a finger on the button cannot fill the list.
    public func askForHelp(learnerId: String?, screen: String, now: Int64 = Store.nowMillis()) throws -> Int64 {
        try write { db in
            let waiting = try Int.fetchOne(db, sql: "SELECT count(*) FROM help_requests WHERE answered_at IS NULL") ?? 0
            if let recent = try Int64.fetchOne(db, sql: """
                SELECT seq FROM help_requests WHERE answered_at IS NULL AND (asked_at > ? OR ? >= 20) ORDER BY seq DESC LIMIT 1
                """, arguments: [now - 60_000, waiting]) {
                return recent
            }
            let known = try learnerId.flatMap { id in try Bool.fetchOne(db, sql: "SELECT 1 FROM learners WHERE id = ?", arguments: [id]) == true ? id : nil }
            try db.execute(sql: "INSERT INTO help_requests(asked_at, learner_id, screen) VALUES (?, ?, ?)",
                           arguments: [now, known, String(screen.prefix(20))])
            return db.lastInsertedRowID
        }
    }

    /// The calls nobody has answered yet, oldest first.
    public func openHelpRequests() throws -> [HelpRequest] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT h.seq, h.asked_at, h.learner_id, l.full_name, h.screen FROM help_requests h LEFT JOIN learners l ON l.id = h.learner_id
                WHERE h.answered_at IS NULL ORDER BY h.seq
                """).map { HelpRequest(id: $0[0], askedAt: $0[1], learnerId: $0[2], fullName: $0[3], screen: $0[4]) }
        }
    }

    /// Someone went to help.
    public func answerHelp(id: Int64, actor: AuthenticatedUser?) throws {
        try write { db in
            try db.execute(sql: "UPDATE help_requests SET answered_at = ?, answered_by = ? WHERE seq = ? AND answered_at IS NULL",
                           arguments: [Store.nowMillis(), actor?.username ?? "system", id])
            if db.changesCount == 0,
               try Bool.fetchOne(db, sql: "SELECT 1 FROM help_requests WHERE seq = ?", arguments: [id]) != true {
                throw DomainError.notFound("lượt nhờ giúp này")
            }
        }
    }
}
