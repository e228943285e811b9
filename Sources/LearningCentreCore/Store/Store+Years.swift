import Foundation
import GRDB

/// A year as the manager pages list it: open or closed, and the reports submitted for it.
public struct YearStatus: Sendable {
    public var year: Int
    public var closedAt: Int64?
    public var closedBy: String?
    public var reportSha256: String?
    public var submissions: [Submission]

    public var isClosed: Bool { closedAt != nil }
}

/// A report as submitted (numbered per year, frozen), and how it went out.
public struct Submission: Sendable {
    public var year: Int
    public var number: Int
    public var submittedAt: Int64
    public var submittedBy: String
    public var reportSha256: String
    public var sentHow: String?
    public var sentTo: String?
    public var sentAt: Int64?
}

/// The frozen documents of a submission or a closure, by name ("annual.html", "annual.xlsx",
/// "indicators.json", …), computed at one change-counter generation.
public struct FrozenYear: Sendable {
    public var generation: Int64
    public var documents: [String: [UInt8]]
    public var reportSha256: String

    package init(generation: Int64, documents: [String: [UInt8]], reportSha256: String) {
        self.generation = generation
        self.documents = documents
        self.reportSha256 = reportSha256
    }
}

extension Store {
    /// The years from the first one with a record (or a registration) to this one, newest first.
    public func years(now: Int64 = Store.nowMillis()) throws -> [YearStatus] {
        try read { db in
            let current = LocalDay.year(of: now)
            let firstCheckIn = try Int64.fetchOne(db, sql: "SELECT MIN(checked_in_at) FROM check_ins").map { LocalDay.year(of: $0) }
            let firstRegistration = try String.fetchOne(db, sql: "SELECT MIN(registered_on) FROM learners").flatMap(Day.init)?.year
            let closed = try Store.closedYears(db)
            let first = max(current - 30, [firstCheckIn, firstRegistration, closed.first, current].compactMap { $0 }.min()!)
            let closures = Dictionary(try Row.fetchAll(db, sql: "SELECT year, closed_at, closed_by, report_sha256 FROM year_closures")
                .map { ($0[0] as Int, $0) }, uniquingKeysWith: { a, _ in a })
            var submissions: [Int: [Submission]] = [:]
            for s in try Store.submissions(db, year: nil) { submissions[s.year, default: []].append(s) }
            return (first...current).reversed().map { year in
                let c = closures[year]
                return YearStatus(year: year, closedAt: c?[1], closedBy: c?[2], reportSha256: c?[3], submissions: submissions[year] ?? [])
            }
        }
    }

    package static func submissions(_ db: Database, year: Int?) throws -> [Submission] {
        try Row.fetchAll(db, sql: """
            SELECT year, number, submitted_at, submitted_by, report_sha256, sent_how, sent_to, sent_at FROM year_submissions
            WHERE ?1 IS NULL OR year = ?1 ORDER BY year, number
            """, arguments: [year]).map {
            Submission(year: $0[0], number: $0[1], submittedAt: $0[2], submittedBy: $0[3], reportSha256: $0[4], sentHow: $0[5],
                       sentTo: $0[6], sentAt: $0[7])
        }
    }

    /// Keeps a numbered, frozen copy of the year's report as it is now (a later one is a revised
    /// copy with the next number). Records go on. Refused for a closed year or one not begun.
    public func submitYear(_ year: Int, frozen: FrozenYear, actor: AuthenticatedUser?, now: Int64 = Store.nowMillis()) throws -> Submission {
        try write { db in
            try Store.requireSameGeneration(db, frozen)
            guard year <= LocalDay.year(of: now) else {
                throw DomainError(.conflict, "year_not_begun", "Năm \(year) chưa bắt đầu nên chưa có báo cáo để nộp.")
            }
            try Store.requireOpen(db, year: year)
            let number = (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM year_submissions WHERE year = ?", arguments: [year]) ?? 0) + 1
            let by = actor?.username ?? "system"
            try db.execute(sql: """
                INSERT INTO year_submissions(year, number, submitted_at, submitted_by, report_sha256) VALUES (?, ?, ?, ?, ?)
                """, arguments: [year, number, now, by, frozen.reportSha256])
            try Store.saveDocuments(db, year: year, copy: number, frozen.documents)
            try Store.audit(db, actor: actor, entity: "year", id: String(year), action: "submit",
                            changes: ["number": [.null, .number(Double(number))], "reportSha256": [.null, .string(frozen.reportSha256)]])
            return Submission(year: year, number: number, submittedAt: now, submittedBy: by, reportSha256: frozen.reportSha256)
        }
    }

    /// Records that a submitted copy went out ("bundle" or "paper", to whom).
    public func markSent(year: Int, number: Int, how: String, to: String?, actor: AuthenticatedUser?) throws -> Submission {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM year_submissions WHERE year = ? AND number = ?", arguments: [year, number]) == true else {
                throw DomainError.notFound("bản báo cáo số \(number) của năm \(year)")
            }
            try db.execute(sql: "UPDATE year_submissions SET sent_how = ?, sent_to = ?, sent_at = ? WHERE year = ? AND number = ?",
                           arguments: [how, to, Store.nowMillis(), year, number])
            try Store.audit(db, actor: actor, entity: "year", id: String(year), action: "sent",
                            changes: ["number": [.null, .number(Double(number))], "how": [.null, .string(how)],
                                      "to": [.null, to.map(JSONValue.string) ?? .null]])
            return try Store.submissions(db, year: year).first { $0.number == number }!
        }
    }

    /// Freezes a year that is over: its ruleset, report and figures as they are now; from then
    /// on every write dated in it is refused (409 `year_closed`).
    public func closeYear(_ year: Int, frozen: FrozenYear, actor: AuthenticatedUser?, now: Int64 = Store.nowMillis()) throws -> YearStatus {
        try write { db in
            guard year < LocalDay.year(of: now) else {
                throw DomainError(.conflict, "year_not_over", """
                    Năm \(year) chưa kết thúc (theo giờ của trung tâm) nên chưa khóa sổ được. Trước hạn báo cáo, hãy dùng "Nộp báo cáo" \
                    để giữ bản đã gửi; sau ngày 31/12/\(year) mới khóa sổ.
                    """)
            }
            if try Store.isClosed(db, year: year) {
                throw DomainError(.conflict, "year_already_closed", "Năm \(year) đã khóa sổ rồi.")
            }
            try Store.requireSameGeneration(db, frozen)
            let ruleset = try ruleset(db, forYear: year)
            let by = actor?.username ?? "system"
            try db.execute(sql: """
                INSERT INTO year_closures(year, closed_at, closed_by, ruleset_id, ruleset_version, report_sha256) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [year, now, by, ruleset.id, ruleset.version, frozen.reportSha256])
            try Store.saveDocuments(db, year: year, copy: 0, frozen.documents)
            try Store.audit(db, actor: actor, entity: "year", id: String(year), action: "close",
                            changes: ["status": [.string("open"), .string("closed")], "reportSha256": [.null, .string(frozen.reportSha256)]])
            return YearStatus(year: year, closedAt: now, closedBy: by, reportSha256: frozen.reportSha256,
                              submissions: try Store.submissions(db, year: year))
        }
    }

    /// Opens a closed year again, for a reason that the audit keeps with who and when.
    public func reopenYear(_ year: Int, reason: String, actor: AuthenticatedUser?) throws -> YearStatus {
        try write { db in
            guard let sha = try String.fetchOne(db, sql: "SELECT report_sha256 FROM year_closures WHERE year = ?", arguments: [year]) else {
                throw DomainError(.conflict, "year_not_closed", "Năm \(year) đang mở, không cần mở lại.")
            }
            try db.execute(sql: "DELETE FROM year_closures WHERE year = ?", arguments: [year])
            try db.execute(sql: "DELETE FROM year_documents WHERE year = ? AND copy = 0", arguments: [year])
            try Store.audit(db, actor: actor, entity: "year", id: String(year), action: "reopen",
                            changes: ["status": [.string("closed"), .string("open")], "reason": [.null, .string(reason)],
                                      "reportSha256": [.string(sha), .null]])
            return YearStatus(year: year, submissions: try Store.submissions(db, year: year))
        }
    }

    /// A frozen document: of the closure (`copy` 0, there only while the year is closed) or of submission `copy`.
    public func yearDocument(year: Int, copy: Int, name: String) throws -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT body FROM year_documents WHERE year = ? AND copy = ? AND name = ?",
                              arguments: [year, copy, name]).map { [UInt8]($0) }
        }
    }

    private static func requireSameGeneration(_ db: Database, _ frozen: FrozenYear) throws {
        let now = try Int64.fetchOne(db, sql: "SELECT value FROM change_counter WHERE id = 1") ?? 0
        if now != frozen.generation { throw RecordsMoved() }
    }

    private static func saveDocuments(_ db: Database, year: Int, copy: Int, _ documents: [String: [UInt8]]) throws {
        for (name, body) in documents.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT OR REPLACE INTO year_documents(year, copy, name, body) VALUES (?, ?, ?, ?)",
                           arguments: [year, copy, name, Data(body)])
        }
    }
}

/// The records changed between computing a frozen copy and saving it: compute it again.
public struct RecordsMoved: Error {}
