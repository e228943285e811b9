import Foundation

/// The association's pages from PostgreSQL: sums, in SQL, of what the one scoring engine made
/// of each commune (`ScoredRows`): a province's figures never load its learners into the daemon.
/// A scope is the whole database, one commune (`commune`), or one village (`village`).
public struct PostgresReports: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Where the figures are taken: everything, a commune, or a village (and its commune).
    public struct Scope: Sendable {
        public var commune: String?
        public var village: String?
        public init(commune: String? = nil, village: String? = nil) {
            self.commune = commune
            self.village = village
        }
    }

    /// A scope that names no known commune or village.
    public struct UnknownPlace: Error, Sendable {
        public let field: String
        public let value: String
    }

    /// The dashboard of a year: the same figures the SQLite store draws from its one scored year.
    public func dashboard(year: Int, scope: Scope) throws -> Dashboard {
        try reading { db in try dashboard(year: year, scope: scope, db) }
    }

    private func dashboard(year: Int, scope: Scope, _ db: PostgresConnection) throws -> Dashboard {
        let scope = try resolved(scope, year: year, db)
        let (filter, parameters) = scope.filter(year: year)
        let counts = try db.query("""
            SELECT count(*), count(*) FILTER (WHERE recognized) FROM learner_scores WHERE year = $1 \(filter("village_id"))
            """, parameters).first!
        var groups: [String: (citizens: Int, learners: Int)] = [:]
        for row in try db.query("""
            SELECT coalesce(target_group, 'other'), count(*) FILTER (WHERE recognized), count(*) FROM learner_scores
            WHERE year = $1 \(filter("village_id")) GROUP BY 1
            """, parameters) { groups[row[0]!] = (Int(row[1]!)!, Int(row[2]!)!) }
        let groupNames = try db.query("""
            SELECT code, min(name) FROM target_groups WHERE year = $1 \(scope.communeFilter(at: 2)) GROUP BY code ORDER BY code
            """, [String(year)] + scope.communeParameter)
        var hours: [String: [String: Double]] = [:]
        for row in try db.query("""
            SELECT category, month, sum(hours) FROM month_hours WHERE year = $1 \(filter("village_id")) GROUP BY category, month
            """, parameters) { hours[row[0]!, default: [:]][row[1]!] = Double(row[2]!)! }
        return Dashboard(
            label: try label(year: year, scope: scope, db), villageId: scope.village,
            learners: Int(counts[0]!)!, learningCitizens: Int(counts[1]!)!,
            targets: try targets(year: year, scope: scope, db), byVillage: try villages(year: year, scope: scope, db),
            citizensByTargetGroup: groupNames.map { row in
                let count = groups[row[0]!] ?? (0, 0)
                return Dashboard.GroupCitizens(citizens: count.citizens, learners: count.learners, name: row[1]!, targetGroup: row[0]!)
            },
            hoursByCategoryAndMonth: hours)
    }

    /// T1–T10 of a year, summed over the scope's communes (or the village's own counts).
    public func indicators(year: Int, scope: Scope) throws -> (YearLabel, [TargetResult]) {
        try reading { db in
            let scope = try resolved(scope, year: year, db)
            return (try label(year: year, scope: scope, db), try targets(year: year, scope: scope, db))
        }
    }

    /// Each group's title of a year, kind by kind in `kinds`' order, commune by commune, in the
    /// engine's order; for a village, its own groups and its commune's groups of no village.
    public func titles(year: Int, kinds: [TitleKind], scope: Scope) throws -> (YearLabel, [TitleResult]) {
        try reading { db in
            let scope = try resolved(scope, year: year, db)
            var parameters: [String?] = [String(year), "{" + kinds.map(\.rawValue).joined(separator: ",") + "}"] + scope.communeParameter
            var sql = """
                SELECT kind, group_id, name, village_id, unit_kind, recognized, has_members, level, reasons, facts FROM group_titles
                WHERE year = $1 AND kind = ANY($2::text[]) \(scope.communeFilter(at: 3))
                """
            if let village = scope.village {
                parameters.append(village)
                sql += " AND (village_id = $\(parameters.count) OR village_id IS NULL)"
            }
            sql += " ORDER BY array_position($2::text[], kind), commune_key, place"
            let titles = try db.query(sql, parameters).compactMap { row -> TitleResult? in
                guard let kind = TitleKind(rawValue: row[0]!) else { return nil }  // only ever written from a TitleKind
                let reasons = (try? JSONValue.parse(Array(row[8]!.utf8)))?.arrayValue ?? []
                let facts = (try? JSONValue.parse(Array(row[9]!.utf8)))?.objectValue ?? [:]
                return TitleResult(kind: kind, id: row[1]!, name: row[2]!, villageId: row[3], unitKind: row[4].flatMap(UnitKind.init(rawValue:)), recognized: row[5] == "t",
                                   hasMembers: row[6] == "t", level: row[7].flatMap { Int($0) },
                                   reasons: reasons.map { TitleResult.Reason(met: $0["met"]?.boolValue ?? false, text: $0["text"]?.stringValue ?? "") },
                                   facts: facts.compactMapValues(\.boolValue))
            }
            return (try label(year: year, scope: scope, db), titles)
        }
    }

    /// The communes the association holds, with their centres, this year's learners and T1–T10.
    public func communes(year: Int) throws -> [CommuneLine] {
        try reading { db in try communes(year: year, db) }
    }

    private func communes(year: Int, _ db: PostgresConnection) throws -> [CommuneLine] {
        var targets: [String: [TargetResult]] = [:]
        for row in try db.query("""
            SELECT commune_key, code, name, numerator, denominator, target2025, target2030 FROM target_tallies
            WHERE year = $1 AND village_id = '' AND centre_id = '' ORDER BY commune_key, place
            """, [String(year)]) { targets[row[0]!, default: []].append(Self.target(Array(row[1...]))) }
        return try db.query("""
            SELECT m.key, m.code, m.name, (SELECT count(*) FROM centres c WHERE c.commune_key = m.key),
                   (SELECT count(*) FROM learner_scores s WHERE s.commune_key = m.key AND s.year = $1),
                   (SELECT count(*) FROM learner_scores s WHERE s.commune_key = m.key AND s.year = $1 AND s.recognized)
            FROM communes m ORDER BY m.name, m.key
            """, [String(year)]).map { row in
            CommuneLine(key: row[0]!, code: row[1], name: row[2]!, centres: Int(row[3]!)!, learners: Int(row[4]!)!,
                        learningCitizens: Int(row[5]!)!, targets: targets[row[0]!] ?? [])
        }
    }

    /// The province's yearly report (`ProvinceReport`), from the same sums as its dashboard, all
    /// read on one snapshot.
    public func provinceReport(year: Int) throws -> String {
        try reading { db in
            var titles: [String: (recognized: Int, all: Int)] = [:]
            for row in try db.query("SELECT kind, count(*) FILTER (WHERE recognized), count(*) FROM group_titles WHERE year = $1 GROUP BY kind",
                                    [String(year)]) { titles[row[0]!] = (Int(row[1]!)!, Int(row[2]!)!) }
            return ProvinceReport(dashboard: try dashboard(year: year, scope: Scope(), db), communes: try communes(year: year, db),
                                  titles: titles, settings: try PostgresSettings.load(db), now: Store.nowMillis()).html
        }
    }

    /// Whether the database answers.
    public func healthy() -> Bool { (try? pool.with { db in try db.query("SELECT 1").first?[0] ?? nil }) == "1" }

    // MARK: the centres

    public func registeredCentres() throws -> [RegisteredCentre] { try reading { try Self.registeredCentres($0) } }

    public func centreTotals(year: Int) throws -> [String: CentreTotals] { try reading { try Self.centreTotals($0, year: year) } }

    /// Each centre's T1–T10 of the year: its learners and the groups they belong to.
    public func centreTargets(year: Int) throws -> [String: [TargetResult]] {
        try reading { db in
            var targets: [String: [TargetResult]] = [:]
            for row in try db.query("""
                SELECT centre_id, code, name, numerator, denominator, target2025, target2030 FROM target_tallies
                WHERE year = $1 AND centre_id <> '' ORDER BY centre_id, place
                """, [String(year)]) { targets[row[0]!, default: []].append(Self.target(Array(row[1...]))) }
            return targets
        }
    }

    /// Each centre's closed years and submitted reports, as the SQLite store lists them.
    public func centreYears() throws -> [String: [JSONValue]] {
        try reading { db in
            var years: [String: [JSONValue]] = [:]
            for row in try db.query("""
                SELECT centre_id, year, 0 AS number, closed_at AS at, report_sha256, NULL AS sent_how FROM year_closures
                UNION ALL SELECT centre_id, year, number, submitted_at, report_sha256, sent_how FROM year_submissions
                ORDER BY year DESC, number DESC
                """) {
                let number = Int(row[2]!)!
                years[row[0]!, default: []].append(.object([
                    "year": .number(Double(row[1]!)!), "number": .number(Double(number)),
                    "kind": .string(number == 0 ? "closed" : "submitted"), "at": .string(Timestamps.iso(millis: Int64(row[3] ?? "0") ?? 0)),
                    "reportSha256": .string(row[4] ?? ""), "sent": .string(row[5] ?? ""),
                ]))
            }
            return years
        }
    }

    static func registeredCentres(_ connection: PostgresConnection) throws -> [RegisteredCentre] {
        try connection.query("SELECT id, name, public_key, last_sequence, last_imported_at FROM centres ORDER BY name, id").map { row in
            RegisteredCentre(id: row[0]!, name: row[1]!, publicKey: row[2]!, lastSequence: Int(row[3]!)!, lastImportedAt: row[4].flatMap { Int64($0) })
        }
    }

    /// Each centre's records at the association for a year (learners, hours, learning citizens
    /// from the engine's scores; sessions and check-ins in all), summed in SQL.
    static func centreTotals(_ connection: PostgresConnection, year: Int) throws -> [String: CentreTotals] {
        var totals: [String: CentreTotals] = [:]
        for row in try connection.query("""
            SELECT c.id, count(s.learner_id), coalesce(sum(s.hours), 0), count(*) FILTER (WHERE s.recognized),
                   (SELECT count(*) FROM sessions WHERE centre_id = c.id), (SELECT count(*) FROM check_ins WHERE centre_id = c.id)
            FROM centres c LEFT JOIN learner_scores s ON s.centre_id = c.id AND s.year = $1
            GROUP BY c.id
            """, [String(year)]) {
            var total = CentreTotals()
            total.learners = Int(row[1]!)!
            total.hours = Double(row[2]!)!
            total.learningCitizens = Int(row[3]!)!
            total.sessions = Int(row[4]!)!
            total.checkIns = Int(row[5]!)!
            totals[row[0]!] = total
        }
        return totals
    }


    // MARK: the parts

    /// Runs `body`'s queries on one snapshot, so that an answer never mixes figures from before
    /// and after a commune's scoring that commits meanwhile.
    private func reading<T: Sendable>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try pool.with { db in
            try db.transaction {
                try db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                return try body(db)
            }
        }
    }

    /// The scope with a village's commune found (a village id is its centre's, unique), or refused.
    private func resolved(_ scope: Scope, year: Int, _ db: PostgresConnection) throws -> Scope {
        var scope = scope
        if let commune = scope.commune, try db.query("SELECT 1 FROM communes WHERE key = $1", [commune]).first == nil {
            throw UnknownPlace(field: "commune", value: commune)
        }
        if let village = scope.village {
            guard let row = try db.query("""
                SELECT commune_key FROM group_titles WHERE year = $1 AND kind = 'community' AND group_id = $2 \(scope.communeFilter(at: 3)) LIMIT 1
                """, [String(year), village] + scope.communeParameter).first else { throw UnknownPlace(field: "village", value: village) }
            scope.commune = row[0]
        }
        return scope
    }

    /// The ruleset the year was scored by: the one most of the scope's communes used (they
    /// may differ while a new one is taken up); for a year nothing was scored in, the latest.
    private func label(year: Int, scope: Scope, _ db: PostgresConnection) throws -> YearLabel {
        let row = try db.query("""
            SELECT ruleset, ruleset_version FROM commune_years WHERE year <= $1 \(scope.communeFilter(at: 2))
            GROUP BY year, ruleset, ruleset_version ORDER BY year DESC, count(*) DESC, ruleset, ruleset_version DESC LIMIT 1
            """, [String(year)] + scope.communeParameter).first
        return YearLabel(year: year, ruleset: row?[0] ?? "", rulesetVersion: row.flatMap { Int($0[1]!) } ?? 0)
    }

    private func targets(year: Int, scope: Scope, _ db: PostgresConnection) throws -> [TargetResult] {
        try db.query("""
            SELECT code, min(name), sum(numerator), sum(denominator), min(target2025), min(target2030) FROM target_tallies
            WHERE year = $1 AND village_id = $2 AND centre_id = '' \(scope.communeFilter(at: 3)) GROUP BY code ORDER BY min(place), code
            """, [String(year), scope.village ?? ""] + scope.communeParameter).map(Self.target)
    }

    private func villages(year: Int, scope: Scope, _ db: PostgresConnection) throws -> [Dashboard.VillageTargets] {
        var parameters: [String?] = [String(year)] + scope.communeParameter
        var sql = """
            SELECT g.group_id, g.name, t.code, t.name, t.numerator, t.denominator, t.target2025, t.target2030 FROM group_titles g
            LEFT JOIN target_tallies t ON t.commune_key = g.commune_key AND t.year = g.year AND t.village_id = g.group_id AND t.centre_id = ''
            WHERE g.year = $1 AND g.kind = 'community' \(scope.communeFilter(at: 2, table: "g"))
            """
        if let village = scope.village {
            parameters.append(village)
            sql += " AND g.group_id = $\(parameters.count)"
        }
        var villages: [Dashboard.VillageTargets] = []
        for row in try db.query(sql + " ORDER BY g.commune_key, g.place, t.place", parameters) {
            if villages.last?.villageId != row[0]! { villages.append(.init(name: row[1]!, targets: [], villageId: row[0]!)) }
            if row[2] != nil { villages[villages.count - 1].targets.append(Self.target(Array(row[2...]))) }
        }
        return villages
    }

    private static func target(_ row: [String?]) -> TargetResult {
        TargetResult(code: row[0]!, name: row[1]!, numerator: Int(row[2]!)!, denominator: Int(row[3]!)!,
                     target2025: Double(row[4]!)!, target2030: Double(row[5]!)!, items: [])
    }
}

/// One commune at the association: its key (code, else folded name), its centres, learners and targets.
public struct CommuneLine: Sendable {
    public var key: String
    public var code: String?
    public var name: String
    public var centres: Int
    public var learners: Int
    public var learningCitizens: Int
    /// The commune's T1–T10 of the year, as the engine counted them.
    public var targets: [TargetResult]
}

extension PostgresReports.Scope {
    /// `AND commune_key = $n` when the scope has a commune.
    func communeFilter(at index: Int, table: String? = nil) -> String {
        commune == nil ? "" : "AND \(table.map { "\($0)." } ?? "")commune_key = $\(index)"
    }

    var communeParameter: [String?] { commune.map { [$0] } ?? [] }

    /// The filter of a table with a village column, and its parameters after the year.
    func filter(year: Int) -> (filter: (String) -> String, parameters: [String?]) {
        var parameters: [String?] = [String(year)] + communeParameter
        let communeIndex = parameters.count
        if let village { parameters.append(village) }
        let villageIndex = parameters.count
        let hasCommune = commune != nil, hasVillage = village != nil
        return ({ column in
            (hasCommune ? "AND commune_key = $\(communeIndex) " : "") + (hasVillage ? "AND \(column) = $\(villageIndex)" : "")
        }, parameters)
    }
}
