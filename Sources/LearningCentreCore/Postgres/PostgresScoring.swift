import Foundation
import GRDB

/// Scores and titles at the association on PostgreSQL come from the one scoring engine: a
/// commune's records (every centre of it) are laid into a scratch SQLite store exactly as the
/// commune association's own store would hold them, the engine scores each year there, and the
/// results are written back per learner and per group. SQL only sums them for a province's pages.
/// A commune whose records changed is marked in the import's transaction (`changed`) and scored
/// after it (`scored`): a scoring cut short is done again by the next import or start.
extension PostgresAssociation {
    /// Scores every commune whose records changed since it was last scored.
    public func scoreChangedCommunes() throws {
        do {
            for row in try connection.query("SELECT key, changed FROM communes WHERE changed > scored ORDER BY key") {
                try scoreCommune(row[0]!, generation: Int64(row[1]!)!)
            }
        } catch {
            throw SystemError("chưa tính lại được điểm và danh hiệu của các xã có gói mới: \(StoreError.describe(error)) "
                + "Các gói đã nhập vẫn còn nguyên; lần nhập sau (hoặc lệnh association serve) sẽ tính lại.")
        }
    }

    private func scoreCommune(_ commune: String, generation: Int64) throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("lc-score-\(UUID().uuidString)")
        defer { Store.removeWhatever(folder) }
        let store = try Store(dataDirectory: folder, quickCheck: false)
        try store.claimRole(.association)
        if let rulesets, FileManager.default.fileExists(atPath: rulesets) { _ = try store.installRulesets(from: rulesets) }
        let years = try copyCommune(commune, into: store)
        var learnerRows: [[String?]] = [], titleRows: [[String?]] = []
        let origins = try store.read { db in
            try Dictionary(Row.fetchAll(db, sql: "SELECT id, centre_id FROM record_origins WHERE entity = 'learners'").map { ($0[0] as String, $0[1] as String) },
                           uniquingKeysWith: { a, _ in a })
        }
        let scorable = try store.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM rulesets)") ?? false }
        for year in years where scorable {
            let results = try store.yearResults(year: year)
            for index in results.facts.indices {
                let score = results.scores[index], facts = results.facts[index]
                guard let centre = origins[score.learnerId] else { continue }
                learnerRows.append([centre, score.learnerId, String(year), commune, String(score.total), score.recognized ? "t" : "f",
                                    String(facts.totalHours)])
            }
            for (kind, titles) in results.titles {
                for title in titles {
                    titleRows.append([commune, String(year), kind, title.id, title.name, title.recognized ? "t" : "f", title.level.map(String.init)])
                }
            }
        }
        try connection.transaction {
            // Another importer may have scored it meanwhile, or the records moved on: keep the newest.
            guard let scored = try connection.query("SELECT scored FROM communes WHERE key = $1 FOR UPDATE", [commune]).first?[0] ?? nil,
                  Int64(scored)! < generation else { return }
            try connection.query("DELETE FROM learner_scores WHERE commune_key = $1", [commune])
            try connection.query("DELETE FROM group_titles WHERE commune_key = $1", [commune])
            _ = try connection.copy(into: "learner_scores", columns: ["centre_id", "learner_id", "year", "commune_key", "points", "recognized", "hours"]) { send in
                for row in learnerRows { try send(row) }
            }
            _ = try connection.copy(into: "group_titles", columns: ["commune_key", "year", "kind", "group_id", "name", "recognized", "level"]) { send in
                for row in titleRows { try send(row) }
            }
            try connection.query("UPDATE communes SET scored = $1 WHERE key = $2", [String(generation), commune])
        }
    }

    /// Lays the commune's records into `store` through the same applier a bundle goes through,
    /// from one snapshot; answers the years to score (those with records, and the current one).
    private func copyCommune(_ commune: String, into store: Store) throws -> [Int] {
        try connection.transaction {
            try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let centres = try connection.query("SELECT id, name, public_key FROM centres WHERE commune_key = $1 ORDER BY id", [commune])
            for centre in centres {
                try store.registerCentre(id: centre[0]!, name: centre[1]!, publicKey: centre[2]!)
            }
            try store.write { db in
                for centre in centres {
                    // Registered ids are UUIDs (CentreRegistration): safe to write into the cursor's query.
                    guard UUID(uuidString: centre[0]!) != nil else { throw SystemError("mã trung tâm không hợp lệ: \(centre[0]!)") }
                    var applier = BundleApplier(db: db, centreId: centre[0]!)
                    for table in PostgresSchema.recordTables {
                        try connection.execute("DECLARE records NO SCROLL CURSOR FOR SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name) WHERE centre_id = '\(centre[0]!)'")
                        while true {
                            let batch = try connection.query("FETCH 5000 FROM records")
                            if batch.rows.isEmpty { break }
                            for fields in batch {
                                var row: [String: DatabaseValue] = [:]
                                for (column, field) in zip(table.columns, fields) { row[column.name] = Self.databaseValue(field, kind: column.kind) }
                                try applier.applyRow(table, row)
                            }
                        }
                        try connection.execute("CLOSE records")
                    }
                }
            }
            let zone = "coalesce((SELECT time_zone FROM centres WHERE id = c.centre_id), 'Asia/Ho_Chi_Minh')"
            let years = try connection.query("""
                SELECT DISTINCT extract(year FROM to_timestamp(c.checked_in_at / 1000.0) AT TIME ZONE \(zone))::int
                FROM check_ins c JOIN centres ON centres.id = c.centre_id WHERE centres.commune_key = $1
                """, [commune]).compactMap { $0[0].flatMap { Int($0) } }
            return Array(Set(years + [Timestamps.currentYear()])).sorted()
        }
    }

    /// A PostgreSQL value (as text) as the SQLite store keeps it.
    static func databaseValue(_ field: String?, kind: ExportTable.Kind) -> DatabaseValue {
        guard let field else { return .null }
        switch kind {
        case .text: return field.databaseValue
        case .integer, .timestamp: return Int64(field)?.databaseValue ?? .null
        case .flag: return (field == "t" ? 1 : 0).databaseValue
        case .real: return Double(field)?.databaseValue ?? .null
        }
    }
}
