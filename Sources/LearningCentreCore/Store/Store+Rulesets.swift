import Foundation
import GRDB

/// A loaded ruleset as listed: which, who loaded it, and the years that use it.
public struct RulesetEntry: Sendable {
    public var id: String
    public var version: Int
    public var name: String
    public var loadedBy: String
    public var loadedAt: Int64
    public var years: [Int]
}

extension Store {
    /// Loads the ruleset files of `directory` that the database does not hold yet (the daemon
    /// does this at start with the files shipped in `rulesets/`; `*.schema.json` describes them
    /// and is not one). A bad file is skipped and said why, so that the daemon still starts with
    /// the sets it already holds.
    @discardableResult
    public func installRulesets(from directory: String) throws -> (installed: [String], problems: [String]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasSuffix(".schema.json") }.sorted()
        var installed: [String] = [], problems: [String] = []
        for name in names {
            let bytes = [UInt8](FileManager.default.contents(atPath: directory + "/" + name) ?? Data())
            do {
                let ruleset = try Ruleset.read(bytes)
                if try loadRuleset(ruleset, body: bytes, actor: nil, replaceSame: true) { installed.append("\(ruleset.id)@\(ruleset.version)") }
            } catch let refused as DomainError {
                problems.append("Bỏ qua tệp bộ tiêu chí \(directory)/\(name)\(refused.field.map { ", sai ở \"\($0)\"" } ?? ""): \(refused.message)")
            }
        }
        return (installed, problems)
    }

    /// Stores a ruleset; false when the same id and version is already there with the same body.
    /// A different body under a version already loaded is refused: a new version is needed.
    @discardableResult
    public func loadRuleset(_ ruleset: Ruleset, body: [UInt8], actor: AuthenticatedUser?, replaceSame: Bool = false) throws -> Bool {
        try write { db in
            let text = String(decoding: body, as: UTF8.self)
            if let old = try String.fetchOne(db, sql: "SELECT body FROM rulesets WHERE id = ? AND version = ?",
                                              arguments: [ruleset.id, ruleset.version]) {
                if old == text || replaceSame && (try? Ruleset.read([UInt8](old.utf8)))?.source == ruleset.source { return false }
                throw DomainError(.conflict, "ruleset_version_exists", """
                    Bộ tiêu chí \(ruleset.id) phiên bản \(ruleset.version) đã có với nội dung khác. \
                    Hãy tăng "version" trong tệp rồi tải lên lại.
                    """, field: "version")
            }
            try db.execute(sql: "INSERT INTO rulesets(id, version, body, loaded_by, loaded_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [ruleset.id, ruleset.version, text, actor?.username ?? "system", Store.nowMillis()])
            try Store.audit(db, actor: actor, entity: "ruleset", id: "\(ruleset.id)@\(ruleset.version)", action: "load",
                            changes: ["name": [.null, .string(ruleset.name)]])
            return true
        }
    }

    public func rulesets() throws -> [RulesetEntry] {
        try read { db in
            let years = try Row.fetchAll(db, sql: "SELECT ruleset_id, ruleset_version, year FROM ruleset_years ORDER BY year")
            return try Row.fetchAll(db, sql: "SELECT id, version, body, loaded_by, loaded_at FROM rulesets ORDER BY loaded_at, id, version").map { row in
                let id: String = row[0], version: Int = row[1]
                return RulesetEntry(id: id, version: version, name: try parse(db, id: id, version: version).name,
                                    loadedBy: row[3], loadedAt: row[4],
                                    years: years.filter { $0[0] == id && $0[1] == version }.map { $0[2] })
            }
        }
    }

    /// How a loaded ruleset is listed (who loaded it, the years that use it).
    public func rulesetEntry(_ ruleset: Ruleset) throws -> RulesetEntry {
        guard let entry = try rulesets().first(where: { $0.id == ruleset.id && $0.version == ruleset.version }) else {
            throw DomainError(.notFound, "unknown_ruleset", "Không có bộ tiêu chí \(ruleset.id) phiên bản \(ruleset.version).")
        }
        return entry
    }

    public func ruleset(id: String, version: Int) throws -> Ruleset {
        try read { db in try parse(db, id: id, version: version) }
    }

    /// The ruleset a year is scored with: the one chosen for it, else the one chosen for the
    /// latest earlier year, else the first loaded.
    public func ruleset(forYear year: Int) throws -> Ruleset {
        try read { db in try ruleset(db, forYear: year) }
    }

    func ruleset(_ db: Database, forYear year: Int) throws -> Ruleset {
        // A closed year keeps the set it was closed with, whatever is chosen for the years around it.
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT ruleset_id, ruleset_version FROM year_closures WHERE year = ?"), arguments: [year])
            ?? Row.fetchOne(db.cachedStatement(sql: "SELECT ruleset_id, ruleset_version FROM ruleset_years WHERE year <= ? ORDER BY year DESC LIMIT 1"),
                            arguments: [year])
            ?? Row.fetchOne(db.cachedStatement(sql: "SELECT id, version FROM rulesets ORDER BY loaded_at, rowid LIMIT 1"))
        guard let row else {
            throw DomainError(.unavailable, "no_ruleset", """
                Chưa có bộ tiêu chí nào để tính điểm. Hãy cài lại phần mềm (thư mục rulesets) hoặc tải một bộ tiêu chí lên.
                """)
        }
        return try parse(db, id: row[0], version: row[1])
    }

    /// Chooses the ruleset of a year (managers), audited.
    public func chooseRuleset(year: Int, id: String, version: Int, actor: AuthenticatedUser?) throws -> Ruleset {
        try write { db in
            try Store.requireOpen(db, year: year)
            let ruleset = try parse(db, id: id, version: version)
            let old = try Row.fetchOne(db, sql: "SELECT ruleset_id, ruleset_version FROM ruleset_years WHERE year = ?", arguments: [year])
            try db.execute(sql: """
                INSERT OR REPLACE INTO ruleset_years(year, ruleset_id, ruleset_version, chosen_by, chosen_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [year, id, version, actor?.username ?? "system", Store.nowMillis()])
            try Store.audit(db, actor: actor, entity: "ruleset", id: "\(id)@\(version)", action: "chooseForYear",
                            changes: ["year": [old.map { .string("\($0[0] as String)@\($0[1] as Int)") } ?? .null, .number(Double(year))]])
            return ruleset
        }
    }

    func parse(_ db: Database, id: String, version: Int) throws -> Ruleset {
        let key = "\(id)@\(version)"
        if let known = rulesetCache.withLock({ $0[key] }) { return known }
        guard let body = try String.fetchOne(db, sql: "SELECT body FROM rulesets WHERE id = ? AND version = ?", arguments: [id, version]) else {
            throw DomainError(.notFound, "unknown_ruleset", "Không có bộ tiêu chí \(id) phiên bản \(version).")
        }
        let ruleset = try Ruleset.read([UInt8](body.utf8))
        rulesetCache.withLock { $0[key] = ruleset }
        return ruleset
    }
}
