import Foundation
import GRDB

/// A centre the association accepts bundles from, and how far its records have arrived.
public struct RegisteredCentre: Sendable, FetchableRecord {
    public var id: String
    public var name: String
    public var publicKey: String
    public var lastSequence: Int
    public var lastImportedAt: Int64?

    init(id: String, name: String, publicKey: String, lastSequence: Int, lastImportedAt: Int64?) {
        self.id = id; self.name = name; self.publicKey = publicKey; self.lastSequence = lastSequence; self.lastImportedAt = lastImportedAt
    }

    public init(row: Row) {
        id = row["id"]; name = row["name"]; publicKey = row["public_key"]; lastSequence = row["last_sequence"]
        lastImportedAt = row["last_imported_at"]
    }
}

/// What a centre's registration must hold, whichever store keeps it.
enum CentreRegistration {
    /// The centre's id, lowercased, once it and the key are well formed.
    static func check(id: String, publicKey: String) throws -> String {
        guard let key = Data(base64Encoded: publicKey), key.count == 32 else {
            throw SystemError("khóa công khai không hợp lệ: cần chuỗi base64 của 32 byte, như lệnh 'learning-centre export --print-public-key' in ra ở trung tâm.")
        }
        guard UUID(uuidString: id) != nil else { throw SystemError("mã trung tâm \(id) không hợp lệ (cần dạng UUID, như lệnh --print-public-key in ra).") }
        return id.lowercased()
    }

    static func otherKey(id: String, known: String) -> SystemError {
        SystemError("trung tâm \(id) đã đăng ký với khóa khác (\(known)). Nếu trung tâm đã thay máy, hãy xác minh với trung tâm rồi xóa đăng ký cũ trước.")
    }
}

/// The association's database is the same kind of database as a centre's (so that the same
/// dashboard, titles and yearly report work over every centre's records), marked as the
/// association's so that nobody imports other centres into a centre or exports from the association.
extension Store {
    public enum DatabaseRole: String, Sendable { case centre, association }

    /// The database's role: set by the first command that needs one, then fixed.
    public func claimRole(_ role: DatabaseRole) throws {
        try write { db in
            let current = try String.fetchOne(db, sql: "SELECT value FROM centre WHERE key = 'role'")
            if let current, current != role.rawValue {
                throw SystemError(role == .association
                    ? "cơ sở dữ liệu ở \(path) là của một trung tâm; dữ liệu của Hội Khuyến học phải ở thư mục riêng (--data khác)."
                    : "cơ sở dữ liệu ở \(path) là của Hội Khuyến học; lệnh này chỉ dùng ở trung tâm.")
            }
            if current == nil {
                if role == .association, try Int.fetchOne(db, sql: "SELECT count(*) FROM learners")! > 0 {
                    throw SystemError("cơ sở dữ liệu ở \(path) đã có người học của một trung tâm; dữ liệu của Hội Khuyến học phải ở thư mục riêng (--data khác).")
                }
                try db.execute(sql: "INSERT INTO centre(key, value) VALUES ('role', ?)", arguments: [role.rawValue])
            }
        }
    }

    public func role() throws -> DatabaseRole {
        try read { db in DatabaseRole(rawValue: try String.fetchOne(db, sql: "SELECT value FROM centre WHERE key = 'role'") ?? "centre") ?? .centre }
    }

    /// Registers (or renames) a centre with its public key; a different key for a known centre is refused.
    public func registerCentre(id: String, name: String, publicKey: String) throws {
        let id = try CentreRegistration.check(id: id, publicKey: publicKey)
        try claimRole(.association)
        try write { db in
            if let known = try String.fetchOne(db, sql: "SELECT public_key FROM association_centres WHERE id = ?", arguments: [id]), known != publicKey {
                throw CentreRegistration.otherKey(id: id, known: known)
            }
            try db.execute(sql: """
                INSERT INTO association_centres(id, name, public_key, registered_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET name = excluded.name
                """, arguments: [id, name, publicKey, Store.nowMillis()])
        }
    }

    /// What each centre submitted and closed, by centre id, newest first: the year, the copy's
    /// number (0: the closed year), when, and the report's SHA-256.
    public func centreYears() throws -> [String: [JSONValue]] {
        try read { db in
            var years: [String: [JSONValue]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT centre_id, year, number, at, report_sha256, sent_how FROM centre_years ORDER BY year DESC, number DESC
                """) {
                years[row[0], default: []].append(.object([
                    "year": .number(Double(row[1] as Int)), "number": .number(Double(row[2] as Int)),
                    "kind": .string(row[2] as Int == 0 ? "closed" : "submitted"), "at": .string(Timestamps.iso(millis: row[3])),
                    "reportSha256": .string(row[4]), "sent": .string(row[5] as String? ?? ""),
                ]))
            }
            return years
        }
    }

    public func registeredCentres() throws -> [RegisteredCentre] {
        try read { db in try RegisteredCentre.fetchAll(db, sql: "SELECT * FROM association_centres ORDER BY name") }
    }

    /// Each centre's T1–T10 of the year at the association: its learners and the groups they belong to.
    public func centreTargets(year: Int) throws -> [String: [TargetResult]] {
        guard try hasRulesets() else { return [:] }
        return Targets.byCentre(try yearResults(year: year), centreOf: try read(Store.learnerCentres))
    }

    /// Whether a criteria set is held (an association has none before its first bundle): nothing can be scored without one.
    func hasRulesets() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM rulesets)") ?? false }
    }

    /// The centre each learner came from, by learner id.
    static func learnerCentres(_ db: Database) throws -> [String: String] {
        try Dictionary(Row.fetchAll(db, sql: "SELECT id, centre_id FROM record_origins WHERE entity = 'learners'").map { ($0[0] as String, $0[1] as String) },
                       uniquingKeysWith: { a, _ in a })
    }

    /// Each centre's records at the association: the figures a centre shows for itself.
    public func centreTotals(year: Int) throws -> [String: CentreTotals] {
        // Before the first bundle (and its criteria set) nothing is scored yet: the centres are listed all the same.
        let results = try hasRulesets() ? try yearResults(year: year) : nil
        return try read { db in
            var totals: [String: CentreTotals] = [:]
            for centre in try String.fetchAll(db, sql: "SELECT id FROM association_centres") { totals[centre] = CentreTotals() }
            let learnerCentre = try Store.learnerCentres(db)
            if let results {
                for index in results.facts.indices {
                    guard let centre = learnerCentre[results.facts[index].learnerId] else { continue }
                    totals[centre, default: CentreTotals()].count(results, index)
                }
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT o.centre_id, count(*) FROM check_ins c JOIN record_origins o ON o.entity = 'learners' AND o.id = c.learner_id
                GROUP BY o.centre_id
                """) { totals[row[0] as String, default: CentreTotals()].checkIns = row[1] }
            for row in try Row.fetchAll(db, sql: "SELECT centre_id, count(*) FROM record_origins WHERE entity = 'sessions' GROUP BY centre_id") {
                totals[row[0] as String, default: CentreTotals()].sessions = row[1]
            }
            return totals
        }
    }
}

/// What one centre's records add up to for a year (active learners, their hours and learning
/// citizens) and in all (sessions, check-ins).
public struct CentreTotals: Sendable, Equatable {
    public var learners = 0
    public var hours = 0.0
    public var learningCitizens = 0
    public var sessions = 0
    public var checkIns = 0

    /// Adds the year's learner at `index`: one learner, their hours, a citizen if recognised.
    mutating func count(_ results: YearResults, _ index: Int) {
        learners += 1
        hours += results.facts[index].totalHours
        if results.scores[index].recognized { learningCitizens += 1 }
    }

    package var json: JSONValue {
        .object(["learners": .number(Double(learners)), "hours": .number(Store.roundHours(hours)),
                 "learningCitizens": .number(Double(learningCitizens)), "sessions": .number(Double(sessions)),
                 "checkIns": .number(Double(checkIns))])
    }

    package init() {

    }
}

extension Store {
    /// The same figures computed on a centre's own database, to compare with the association's.
    public func ownTotals(year: Int) throws -> CentreTotals {
        let results = try yearResults(year: year)
        return try read { db in
            var totals = CentreTotals()
            for index in results.facts.indices { totals.count(results, index) }
            totals.sessions = try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions")!
            totals.checkIns = try Int.fetchOne(db, sql: "SELECT count(*) FROM check_ins")!
            return totals
        }
    }
}
