import Foundation
import GRDB

/// Applies one bundle's CSV files to the association's database, inside the caller's
/// transaction: records are inserted or updated by their UUID (or natural key), so applying the
/// same rows twice changes nothing. Villages of different centres with the same name become one
/// village; records that point to a merged village are pointed at it.
struct BundleApplier {
    let db: Database
    let centreId: String
    private var villageAliases: [String: String] = [:]

    init(db: Database, centreId: String) {
        self.db = db
        self.centreId = centreId
    }

    /// Applies every record of `file`; returns how many.
    mutating func apply(_ table: ExportTable, file: String) throws -> Int {
        guard var records = try BundleTableFile(table, file: file) else { return 0 }
        while let fields = try records.next(Self.value) {
            try applyRow(table, Dictionary(uniqueKeysWithValues: zip(records.columns.map(\.name), fields)))
        }
        return records.records
    }

    static func value(_ field: String, kind: ExportTable.Kind) -> DatabaseValue? {
        if field.isEmpty { return .null }
        switch kind {
        case .text: return CSVCell.unescape(field).databaseValue
        case .integer, .flag: return Int64(field)?.databaseValue
        case .real: return Double(field)?.databaseValue
        case .timestamp: return Timestamps.parse(field)?.databaseValue
        }
    }

    /// Applies one record (its columns by name), as read from a bundle or from another store.
    mutating func applyRow(_ table: ExportTable, _ row: [String: DatabaseValue]) throws {
        var values = row
        func text(_ name: String) -> String? { String.fromDatabaseValue(values[name] ?? .null) }
        switch table.name {
        case "villages":
            try mergeVillage(values)
            return
        case "households", "learners", "memberships", "activities":
            if let source = text("village_id") { values["village_id"] = try village(source).databaseValue }
        case "group_facts":
            if text("kind") == "village", let group = text("group_id") { values["group_id"] = try village(group).databaseValue }
        case "deletions":
            try delete(entity: text("entity") ?? "", key: text("key") ?? "")
            return
        case "check_ins":
            try upsertCheckIn(values)
            return
        case "year_closures", "year_submissions":
            // The centre's own years, kept apart from the association's (it closes its own years).
            let closure = table.name == "year_closures"
            try db.execute(sql: """
                INSERT OR REPLACE INTO centre_years(centre_id, year, number, at, by, report_sha256, sent_how, sent_to, sent_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [centreId, values["year"], closure ? 0.databaseValue : values["number"],
                                 values[closure ? "closed_at" : "submitted_at"], values[closure ? "closed_by" : "submitted_by"],
                                 values["report_sha256"], values["sent_how"], values["sent_to"], values["sent_at"]])
            return
        case "report_narratives":
            // Each centre's sections stay its own; the association writes its report's itself.
            values["centre_id"] = centreId.databaseValue
            try upsert("centre_narratives", values, key: ["centre_id", "year"], keepExisting: false, insertOnly: [:])
            return
        default: break
        }
        if let name = text("name"), ["households", "clans", "units"].contains(table.name) {
            values["folded_name"] = NameFolding.fold(name).databaseValue
        }
        if table.name == "learners", let fullName = text("full_name") {
            let names = FoldedName(fullName)
            values["folded_name"] = names.folded.databaseValue
            values["given_folded"] = names.given.databaseValue
            values["sort_key"] = names.sortKey.databaseValue
        }
        // Each year's criteria stay as the association chose them; a centre's choice fills a gap only.
        // An activity without participants travels as an empty field, which reads as null.
        if table.name == "activities", values["participant_ids"] == .null { values["participant_ids"] = "".databaseValue }
        let keepExisting = table.name == "rulesets" || table.name == "ruleset_years"
        try upsert(table.name, values, key: table.key, keepExisting: keepExisting,
                   insertOnly: table.name == "learners" ? ["card_code": ("EXT" + (text("id") ?? "")).databaseValue] : [:])
        if table.name == "activities", let id = text("id"), let kind = text("kind").flatMap(ActivityKind.init(rawValue:)), let day = text("day") {
            try Store.indexParticipants(db, activityId: id, kind: kind, day: day,
                                        learnerIds: (text("participant_ids") ?? "").split(separator: " ").map(String.init))
        }
        if table.name == "learners" || table.name == "sessions", let id = text("id") {
            try db.execute(sql: "INSERT OR IGNORE INTO record_origins(entity, id, centre_id) VALUES (?, ?, ?)", arguments: [table.name, id, centreId])
        }
    }

    private func upsert(_ table: String, _ values: [String: DatabaseValue], key: [String], keepExisting: Bool,
                        insertOnly: [String: DatabaseValue]) throws {
        let names = values.keys.sorted()
        let all = names + insertOnly.keys.sorted()
        let updates = names.filter { !key.contains($0) }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let conflict = keepExisting || updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET \(updates)"
        let sql = "INSERT INTO \(table)(\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", "))) ON CONFLICT(\(key.joined(separator: ", "))) \(conflict)"
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(names.map { values[$0]! } + insertOnly.keys.sorted().map { insertOnly[$0]! }))
    }

    /// A centre's check-in, kept with the id it came with, pointing at the rows of its learner and session.
    private func upsertCheckIn(_ values: [String: DatabaseValue]) throws {
        func text(_ name: String) -> String? { String.fromDatabaseValue(values[name] ?? .null) }
        guard let id = text("id"), let learnerId = text("learner_id") else { throw BundleRefused("tệp check_ins.csv có lượt thiếu mã hoặc mã người học") }
        guard let learner = try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM learners WHERE id = ?"), arguments: [learnerId]) else {
            throw BundleRefused("tệp check_ins.csv có lượt \(id) của người học \(learnerId) không có trong dữ liệu của hội")
        }
        var session: Int64? = nil
        if let sessionId = text("session_id") {
            guard let found = try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM sessions WHERE id = ?"), arguments: [sessionId]) else {
                throw BundleRefused("tệp check_ins.csv có lượt \(id) vào buổi học \(sessionId) không có trong dữ liệu của hội")
            }
            session = found
        }
        let columns = ["purpose", "checked_in_at", "checked_out_at", "auto_closed", "visit_hours", "source", "removed_at", "hours_override",
                       "override_reason", "reviewed_at", "reviewed_by"]
        let defaults: [String: DatabaseValue] = ["auto_closed": 0.databaseValue, "visit_hours": 0.databaseValue, "source": "kiosk".databaseValue]
        let all = ["stored_id", "learner_seq", "session_seq"] + columns
        try db.cachedStatement(sql: """
            INSERT INTO check_in_rows(\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))
            ON CONFLICT(stored_id) WHERE stored_id IS NOT NULL
            DO UPDATE SET \(all.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            """).execute(arguments: StatementArguments([id.databaseValue, learner.databaseValue, session.databaseValue]
                + columns.map { name in values[name].flatMap { $0.isNull ? nil : $0 } ?? defaults[name] ?? .null }))
    }

    /// The association's village for a centre's village id.
    private mutating func village(_ id: String) throws -> String {
        if let known = villageAliases[id] { return known }
        let target = try String.fetchOne(db, sql: "SELECT target_id FROM association_aliases WHERE centre_id = ? AND entity = 'villages' AND source_id = ?",
                                         arguments: [centreId, id]) ?? id
        villageAliases[id] = target
        return target
    }

    /// A centre's village: its own record, or (same name as another centre's) an alias of that one.
    private mutating func mergeVillage(_ values: [String: DatabaseValue]) throws {
        guard let id = String.fromDatabaseValue(values["id"] ?? .null), let name = String.fromDatabaseValue(values["name"] ?? .null) else {
            throw BundleRefused("tệp villages.csv có thôn thiếu mã hoặc tên")
        }
        let folded = NameFolding.fold(name)
        if try village(id) != id { return }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM villages WHERE id = ?", arguments: [id]) == true {
            // Renamed at the centre: follow, unless the new name is another village's.
            try db.execute(sql: "UPDATE OR IGNORE villages SET name = ?, folded_name = ?, updated_at = ? WHERE id = ?",
                           arguments: [name, folded, values["updated_at"] ?? .null, id])
        } else if let existing = try String.fetchOne(db, sql: "SELECT id FROM villages WHERE folded_name = ?", arguments: [folded]) {
            try db.execute(sql: "INSERT INTO association_aliases(centre_id, entity, source_id, target_id) VALUES (?, 'villages', ?, ?)",
                           arguments: [centreId, id, existing])
            villageAliases[id] = existing
        } else {
            try db.execute(sql: "INSERT INTO villages(id, name, folded_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, name, folded, values["created_at"] ?? .null, values["updated_at"] ?? .null])
        }
    }

    private mutating func delete(entity: String, key: String) throws {
        switch try BundleDeletion(entity: entity, key: key) {
        case let .assessment(learnerId, year, code):
            try db.execute(sql: "DELETE FROM assessments WHERE learner_id = ? AND year = ? AND code = ?", arguments: [learnerId, year, code])
        case let .groupFact(kind, groupId, year, fact):
            let group = kind == "village" ? try village(groupId) : groupId
            try db.execute(sql: "DELETE FROM group_facts WHERE kind = ? AND group_id = ? AND year = ? AND fact = ?",
                           arguments: [kind, group, year, fact])
        case let .yearClosure(year):
            try db.execute(sql: "DELETE FROM centre_years WHERE centre_id = ? AND year = ? AND number = 0", arguments: [centreId, year])
        case let .membership(learnerId, fromDay):
            try db.execute(sql: "DELETE FROM memberships WHERE learner_id = ? AND from_day = ?", arguments: [learnerId, fromDay])
        }
    }
}
