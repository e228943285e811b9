import Foundation

/// Loads one bundle's CSV files into PostgreSQL inside the caller's transaction: each file goes
/// by `COPY` into a staging table dropped at commit, then into its table in one statement that
/// inserts new records and updates known ones (by centre and key), so applying the same rows
/// twice changes nothing. The centre's deletions are applied as they come.
struct PostgresBundleCopier {
    let connection: PostgresConnection
    let centreId: String
    let communeKey: String
    /// The centre's time zone (IANA), in which a moment falls in its year.
    let zone: String
    /// The years whose figures the applied records can change; nil: any year (a learner, a
    /// membership, a village…). The commune's scoring does only these again.
    private(set) var years: Set<Int>? = []

    init(connection: PostgresConnection, centreId: String, communeKey: String, zone: String) {
        self.connection = connection
        self.centreId = centreId
        self.communeKey = communeKey
        self.zone = zone
    }

    /// Applies every record of `file`; returns how many.
    mutating func apply(_ table: ExportTable, file: String) throws -> Int {
        guard var records = try BundleTableFile(table, file: file) else { return 0 }
        if table.name == "deletions" {
            while let row = try records.next(Self.value) { try delete(entity: row[0] ?? "", key: row[1] ?? "") }
            return records.records
        }
        // A bundle carries every table's file, most of them empty on a usual night: nothing to stage.
        guard let first = try records.next(Self.value) else { return 0 }
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
            var next: [String?]? = first
            while let row = next {
                var values = [centreId] + row
                if table.name == "villages" {
                    guard let index = nameColumn, let name = row[index] else { throw BundleRefused("tệp villages.csv có thôn thiếu tên (dòng \(records.line))") }
                    values += [communeKey, NameFolding.fold(name)]
                }
                try send(values + [String(records.line)])
                next = try records.next(Self.value)
            }
        }
        try noteYears(table, stage: stage)
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

    /// Notes the years of the staged records and of the records they replace (a class moved
    /// from one year to the next changes both).
    private mutating func noteYears(_ table: ExportTable, stage: String) throws {
        guard years != nil else { return }
        let year: String
        switch table.name {
        case "check_ins": year = "extract(year FROM to_timestamp(checked_in_at / 1000.0) AT TIME ZONE $1)::int"
        case "sessions": year = "extract(year FROM to_timestamp(starts_at / 1000.0) AT TIME ZONE $1)::int"
        case "activities": year = "substr(day, 1, 4)::int"
        case "assessments", "learning_plans", "digital_skills", "year_closures", "year_submissions", "group_facts", "report_narratives",
             "ruleset_years": year = "year"
        default:
            years = nil
            return
        }
        let same = (["centre_id"] + table.key).map { "t.\($0) = s.\($0)" }.joined(separator: " AND ")
        let found = try connection.query("""
            SELECT \(year) FROM \(stage) UNION SELECT \(year) FROM \(table.name) t WHERE EXISTS (SELECT 1 FROM \(stage) s WHERE \(same))
            """, year.contains("$1") ? [zone] : [])
        years?.formUnion(found.compactMap { $0[0].flatMap { Int($0) } })
    }

    private mutating func delete(entity: String, key: String) throws {
        let deletion = try BundleDeletion(entity: entity, key: key)
        switch deletion {
        case let .assessment(_, year, _), let .groupFact(_, _, year, _), let .yearClosure(year): years?.insert(year)
        case .membership: years = nil
        }
        switch deletion {
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
