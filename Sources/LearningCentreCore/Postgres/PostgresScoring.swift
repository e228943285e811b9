import Foundation
import GRDB

/// Scores and titles at the association on PostgreSQL come from the one scoring engine: a
/// commune's records (every centre of it) are laid into a scratch SQLite store exactly as the
/// commune association's own store would hold them, the engine scores each year there, and the
/// results are written back per learner and per group. SQL only sums them for a province's pages.
/// A commune whose records changed is marked in the import's transaction (`changed`) and scored
/// after it (`scored`): a scoring cut short is done again by the next import or start.
/// With a working folder (`--data`), each commune's scratch store is kept there between
/// imports and a bundle is applied to it as it is to PostgreSQL, so a night's bundle costs its
/// own rows, not the commune's; it is laid anew whenever it does not hold exactly what
/// PostgreSQL holds (each centre's last bundle), and it is only ever a copy.
extension PostgresAssociation {
    /// Scores again every commune whose records changed since it was last scored, the years
    /// its new records touch (or all of them); answers how many communes.
    @discardableResult
    public func scoreChangedCommunes() throws -> Int {
        do {
            let changed = try connection.query("SELECT key, changed FROM communes WHERE changed > scored ORDER BY key")
            for row in changed { try scoreCommune(row[0]!, generation: Int64(row[1]!)!) }
            return changed.rows.count
        } catch {
            throw SystemError("chưa tính lại được điểm và danh hiệu của các xã có gói mới: \(StoreError.describe(error)) "
                + "Các gói đã nhập vẫn còn nguyên; lần nhập sau (hoặc lệnh association serve) sẽ tính lại.")
        }
    }

    /// One commune's year as the engine works it out from the commune's scratch store (the list
    /// behind a target at a province's daemon: a commune at a time, never the province's learners
    /// at once), under the commune's lock.
    public func communeYear(_ commune: String, year: Int) throws -> YearResults {
        guard try connection.query("SELECT 1 FROM communes WHERE key = $1", [commune]).first != nil else {
            throw PostgresReports.UnknownPlace(field: "commune", value: commune)
        }
        return try withCommuneLock(commune) { try scratchStore(commune).yearResults(year: year) }
    }

    /// Runs `body` holding the commune's lock (a PostgreSQL advisory lock, across programs): two
    /// importers never lay out or change one commune's scratch store at once.
    private func withCommuneLock<T>(_ commune: String, _ body: () throws -> T) throws -> T {
        try connection.query("SELECT pg_advisory_lock(hashtextextended($1, 7316))", [commune])
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(hashtextextended($1, 7316))", [commune]) }
        return try body()
    }

    private func scoreCommune(_ commune: String, generation: Int64) throws {
        try withCommuneLock(commune) {
            // Another importer may have scored it while this one waited; the years to do are read under the lock.
            guard let row = try connection.query("SELECT scored, dirty_all, dirty_years FROM communes WHERE key = $1", [commune]).first,
                  Int64(row[0]!)! < generation else { return }
            let dirty = row[1] == "t" ? nil : Set(row[2]!.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").compactMap { Int($0) })
            try scoreCommuneLocked(commune, generation: generation, dirty: dirty)
        }
    }

    /// `dirty`: the years to score again (nil: every year the commune has).
    private func scoreCommuneLocked(_ commune: String, generation: Int64, dirty: Set<Int>?) throws {
        let store = try scratchStore(commune)
        // This year is scored at least once, so that its pages list every learner before their first visit of it.
        let thisYear = Timestamps.currentYear()
        let unscored = try connection.query("SELECT 1 FROM commune_years WHERE commune_key = $1 AND year = $2", [commune, String(thisYear)]).first == nil
        let years = try dirty.map { $0.union(unscored ? [thisYear] : []).sorted() } ?? self.years(commune)
        let origins = try store.read(Store.learnerCentres)
        let scorable = try store.hasRulesets()
        var rows = ScoredRows(commune: commune)
        for year in years where scorable { rows.add(try store.yearResults(year: year), origins: origins) }
        // Under the commune's lock (`scoreCommune`): nobody else writes its scores meanwhile. An
        // import since this scoring began keeps what it marked, for the next one.
        let scoredYears = "{" + years.map(String.init).joined(separator: ",") + "}"
        try connection.transaction {
            for table in ScoredRows.tables {
                try connection.query("DELETE FROM \(table.name) WHERE commune_key = $1 AND year = ANY($2::integer[])", [commune, scoredYears])
                _ = try connection.copy(into: table.name, columns: table.columns) { send in
                    for row in rows.rows[table.name] ?? [] { try send(row) }
                }
            }
            try connection.query("""
                UPDATE communes SET scored = $1, dirty_all = dirty_all AND changed <> $1,
                    dirty_years = CASE WHEN changed = $1 THEN '{}' ELSE dirty_years END
                WHERE key = $2
                """, [String(generation), commune])
        }
    }

    /// The commune's kept scratch store when it holds what PostgreSQL holds (each centre's last
    /// bundle), else one laid anew from one snapshot.
    private func scratchStore(_ commune: String) throws -> Store {
        try connection.transaction {
            try connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            let centres = try connection.query("""
                SELECT id, name, public_key, last_sequence, last_watermark FROM centres WHERE commune_key = $1 ORDER BY id
                """, [commune]).rows
            let folder = scratchFolder(commune)
            let expected = centres.map { "\($0[0]!) \($0[3]!)" }.sorted()
            if FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(Store.fileName)),
               let kept = try? Store(dataDirectory: folder, quickCheck: false),
               let held = try? kept.registeredCentres(), held.map({ "\($0.id) \($0.lastSequence)" }).sorted() == expected {
                return kept
            }
            Store.removeWhatever(folder)
            let store = try Store(dataDirectory: folder, quickCheck: false)
            try store.claimRole(.association)
            if let rulesets, FileManager.default.fileExists(atPath: rulesets) { _ = try store.installRulesets(from: rulesets) }
            for centre in centres { try store.registerCentre(id: centre[0]!, name: centre[1]!, publicKey: centre[2]!) }
            try store.write { db in
                for centre in centres {
                    try copy(centre: centre[0]!, into: db)
                    // In step with PostgreSQL: the next bundle of each centre applies to it.
                    try db.execute(sql: "UPDATE association_centres SET last_sequence = ?, last_watermark = ? WHERE id = ?",
                                   arguments: [Int(centre[3]!)!, Int64(centre[4]!)!, centre[0]!])
                }
            }
            return store
        }
    }

    /// Lays one centre's records into the scratch store through the same applier a bundle goes through.
    private func copy(centre: String, into db: Database) throws {
        // Registered ids are UUIDs (CentreRegistration): safe to write into the cursor's query.
        guard UUID(uuidString: centre) != nil else { throw SystemError("mã trung tâm không hợp lệ: \(centre)") }
        var applier = BundleApplier(db: db, centreId: centre)
        for table in PostgresSchema.recordTables {
            try connection.execute("DECLARE records NO SCROLL CURSOR FOR SELECT \(table.columns.map(\.name).joined(separator: ", ")) FROM \(table.name) WHERE centre_id = '\(centre)'")
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

    /// The years a commune has check-ins in (in each centre's zone), and the current one.
    private func years(_ commune: String) throws -> [Int] {
        let zone = "coalesce(centres.time_zone, 'Asia/Ho_Chi_Minh')"
        let years = try connection.query("""
            SELECT DISTINCT extract(year FROM to_timestamp(c.checked_in_at / 1000.0) AT TIME ZONE \(zone))::int
            FROM check_ins c JOIN centres ON centres.id = c.centre_id WHERE centres.commune_key = $1
            """, [commune]).compactMap { $0[0].flatMap { Int($0) } }
        return Array(Set(years + [Timestamps.currentYear()])).sorted()
    }

    /// Where a commune's scratch store lives: kept in the working folder, else for this run only.
    private func scratchFolder(_ commune: String) -> String {
        let name = "commune-" + Data(commune.utf8).map { String(format: "%02x", $0) }.joined().prefix(120)
        return (scratchRoot as NSString).appendingPathComponent(name)
    }

    /// Applies a bundle PostgreSQL has just taken to the commune's kept scratch store too; a
    /// store that does not take it (not in step) is dropped, to be laid anew when scored.
    func keepInStep(_ bundle: VerifiedBundle, path: String, commune: String) {
        _ = try? withCommuneLock(commune) { keepInStepLocked(bundle, path: path, commune: commune) }
    }

    private func keepInStepLocked(_ bundle: VerifiedBundle, path: String, commune: String) {
        let folder = scratchFolder(commune)
        guard FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(Store.fileName)) else { return }
        if let store = try? Store(dataDirectory: folder, quickCheck: false),
           (try? store.registeredCentres().contains { $0.id == bundle.manifest.centre.id }) == true,
           (try? store.apply(bundle, path: path))?.kind == .applied {
            return
        }
        Store.removeWhatever(folder)
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

/// What the engine made of one commune's years, as the rows of the tables the pages sum.
struct ScoredRows {
    static let tables: [(name: String, columns: [String])] = [
        ("learner_scores", ["centre_id", "learner_id", "year", "commune_key", "points", "recognized", "hours", "village_id", "target_group"]),
        ("group_titles", ["commune_key", "year", "kind", "group_id", "name", "recognized", "level", "place", "village_id", "unit_kind",
                          "has_members", "reasons", "facts"]),
        ("commune_years", ["commune_key", "year", "ruleset", "ruleset_version"]),
        ("target_tallies", ["commune_key", "year", "village_id", "centre_id", "code", "place", "name", "numerator", "denominator",
                            "target2025", "target2030"]),
        ("target_groups", ["commune_key", "year", "code", "name"]),
        ("month_hours", ["commune_key", "year", "village_id", "category", "month", "hours"]),
    ]
    let commune: String
    var rows: [String: [[String?]]] = [:]

    init(commune: String) { self.commune = commune }

    mutating func add(_ results: YearResults, origins: [String: String]) {
        let year = String(results.year)
        for index in results.facts.indices {
            let score = results.scores[index], facts = results.facts[index]
            guard let centre = origins[score.learnerId] else { continue }
            rows["learner_scores", default: []].append([centre, score.learnerId, year, commune, String(score.total), flag(score.recognized),
                                                        String(facts.totalHours), facts.villageId, facts.targetGroup?.rawValue])
        }
        for (kind, titles) in results.titles {
            for (place, title) in titles.enumerated() {
                let reasons = JSONValue.array(title.reasons.map { .object(["met": .bool($0.met), "text": .string($0.text)]) })
                rows["group_titles", default: []].append([
                    commune, year, kind.rawValue, title.id, title.name, flag(title.recognized), title.level.map(String.init), String(place), title.villageId,
                    title.unitKind?.rawValue, flag(title.hasMembers), text(reasons), text(.object(title.facts.mapValues { .bool($0) })),
                ])
            }
        }
        rows["commune_years", default: []].append([commune, year, results.ruleset.id, String(results.ruleset.version)])
        // The commune's (village and centre ''), each village's, each centre's.
        var tallies = Targets.byVillage(results, itemized: false).map { (village: $0.key, centre: "", targets: $0.value) }
        tallies.append(("", "", Targets.compute(results, itemized: false)))
        tallies += Targets.byCentre(results, centreOf: origins).map { ("", $0.key, $0.value) }
        for (village, centre, targets) in tallies {
            for (place, t) in targets.enumerated() {
                rows["target_tallies", default: []].append([commune, year, village, centre, t.code, String(place), t.name, String(t.numerator),
                                                            String(t.denominator), String(t.target2025), String(t.target2030)])
            }
        }
        for (code, group) in results.ruleset.targetGroups { rows["target_groups", default: []].append([commune, year, code, group.name]) }
        for (village, byCategory) in results.hoursByMonth {
            for (category, months) in byCategory {
                for (month, hours) in months { rows["month_hours", default: []].append([commune, year, village, category, month, String(hours)]) }
            }
        }
    }

    private func flag(_ value: Bool) -> String { value ? "t" : "f" }
    private func text(_ value: JSONValue) -> String { String(decoding: JSONWriter.encode(value), as: UTF8.self) }
}
