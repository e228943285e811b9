import Foundation

/// Loads one bundle's CSV files into PostgreSQL inside the caller's transaction: each file goes
/// by `COPY` into a staging table dropped at commit, then into its table in one statement that
/// inserts new records and updates known ones (by centre and key), so applying the same rows
/// twice changes nothing. The centre's deletions are applied as they come.
struct PostgresBundleCopier {
    let connection: PostgresConnection
    let centreId: String
    let communeKey: String

    /// Applies every record of `file`; returns how many.
    mutating func apply(_ table: ExportTable, file: String) throws -> Int {
        guard var records = try BundleTableFile(table, file: file) else { return 0 }
        if table.name == "deletions" {
            while let row = try records.next(Self.value) { try delete(entity: row[0] ?? "", key: row[1] ?? "") }
            return records.records
        }
        let columns = records.columns
        let names = columns.map(\.name)
        let extras = (PostgresSchema.extraColumns[table.name] ?? []).map(\.name)
        let stage = "stage_\(table.name)"
        try connection.execute("""
            CREATE TEMP TABLE \(stage) (LIKE \(table.name)) ON COMMIT DROP;
            ALTER TABLE \(stage) ADD COLUMN stage_line bigint
            """)
        let nameColumn = names.firstIndex(of: "name")
        let count = try connection.copy(into: stage, columns: ["centre_id"] + names + extras + ["stage_line"]) { send in
            while let row = try records.next(Self.value) {
                var values = [centreId] + row
                if table.name == "villages" {
                    guard let index = nameColumn, let name = row[index] else { throw BundleRefused("tệp villages.csv có thôn thiếu tên (dòng \(records.line))") }
                    values += [communeKey, NameFolding.fold(name)]
                }
                try send(values + [String(records.line)])
            }
        }
        // The latest line wins when a record appears twice in one file.
        let key = ["centre_id"] + table.key
        let inserted = (["centre_id"] + names + extras).joined(separator: ", ")
        let updates = (names + extras).filter { !table.key.contains($0) }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        // Each year's criteria stay as first chosen; a later bundle fills a gap only (as the SQLite store).
        let keepExisting = table.name == "rulesets" || table.name == "ruleset_years"
        try connection.execute("""
            INSERT INTO \(table.name) (\(inserted))
            SELECT DISTINCT ON (\(key.joined(separator: ", "))) \(inserted) FROM \(stage)
            ORDER BY \(key.joined(separator: ", ")), stage_line DESC
            ON CONFLICT (\(key.joined(separator: ", "))) \(keepExisting || updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET \(updates)");
            DROP TABLE \(stage)
            """)
        return count
    }

    /// A CSV field as COPY's text (nil: NULL), or nil-nil when it is not a value of its kind.
    static func value(_ field: String, kind: ExportTable.Kind) -> String?? {
        if field.isEmpty { return .some(nil) }
        switch kind {
        case .text: return .some(CSVCell.unescape(field))
        case .integer: return Int64(field).map { .some(String($0)) }
        case .flag: return Int64(field).flatMap { $0 == 0 || $0 == 1 ? .some($0 == 1 ? "t" : "f") : nil }
        case .real: return Double(field).flatMap { $0.isFinite ? .some(String($0)) : nil }
        case .timestamp: return Timestamps.parse(field).map { .some(String($0)) }
        }
    }

    private func delete(entity: String, key: String) throws {
        switch try BundleDeletion(entity: entity, key: key) {
        case let .assessment(learnerId, year, code):
            try connection.query("DELETE FROM assessments WHERE centre_id = $1 AND learner_id = $2 AND year = $3 AND code = $4",
                                 [centreId, learnerId, String(year), code])
        case let .groupFact(kind, groupId, year, fact):
            try connection.query("DELETE FROM group_facts WHERE centre_id = $1 AND kind = $2 AND group_id = $3 AND year = $4 AND fact = $5",
                                 [centreId, kind, groupId, String(year), fact])
        case let .yearClosure(year):
            try connection.query("DELETE FROM year_closures WHERE centre_id = $1 AND year = $2", [centreId, String(year)])
        case let .membership(learnerId, fromDay):
            try connection.query("DELETE FROM memberships WHERE centre_id = $1 AND learner_id = $2 AND from_day = $3", [centreId, learnerId, fromDay])
        }
    }
}
