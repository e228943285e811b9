import Foundation
import GRDB

extension Store {
    /// Every learner's score and every title for a year. Computed in one read and kept until the
    /// records change (any change moves the change counter), so the dashboard and the reports
    /// read the same figures.
    public func yearResults(year: Int) throws -> YearResults {
        // One computation at a time: two at once would double the memory for the same answer.
        try yearComputation.withLock { _ in try computeYearResults(year: year) }
    }

    private func computeYearResults(year: Int) throws -> YearResults {
        try read { db in
            let generation = try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM change_counter WHERE id = 1")) ?? 0
            let checkIns = try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM check_in_counter WHERE id = 1")) ?? 0
            var stale: YearResults? = nil
            let cached = yearCache.withLock { cache -> YearResults? in
                guard let found = cache[year] else { return nil }
                if found.generation == generation { return found }
                cache[year] = nil  // stale: let it go before the new one is built, not after
                stale = found
                return nil
            }
            if let cached { return cached }
            // Check-ins alone changed (the counter moved by as much as theirs): score again only
            // the learners concerned.
            if var results = stale, generation - results.generation == checkIns - results.checkInGeneration {
                stale = nil  // `results` is then the only copy, brought up to date in place
                if try refresh(&results, db, generation: generation, checkIns: checkIns) {
                    yearScorings.withLock { $0.refreshed += 1 }
                    keep(results)
                    return results
                }
            }
            stale = nil  // let it go before the new one is built
            yearScorings.withLock { $0.full += 1 }
            defer { Malloc.trim() }  // hand the transient memory of the computation back
            let ruleset = try ruleset(db, forYear: year)
            var totals = YearTotals()
            var facts = try Store.allFacts(db, year: year, ruleset: ruleset, totals: &totals)
            // Each learner's assessments are let go as soon as they are in the score: the kept
            // facts serve titles, targets and next steps, and the peak stays lower.
            var scores: [LearnerScore] = []
            scores.reserveCapacity(facts.count)
            for i in facts.indices {
                scores.append(ScoreEngine.score(facts[i], year: year, ruleset: ruleset, evidence: false))
                facts[i].assessments = [:]
            }
            let groups = try Store.titleGroups(db, year: year, facts: facts)
            var results = YearResults(year: year, ruleset: ruleset, facts: facts, scores: scores, hoursByMonth: totals.hoursByMonth,
                                      activity: try Store.activity(db, year: year, attendances: totals.attendances, facts: facts),
                                      generation: generation, totals: totals, checkInGeneration: checkIns, groups: groups)
            results.setTitles(Titles.compute(year: year, ruleset: ruleset, facts: facts, scores: scores, groups: groups))
            keep(results)
            return results
        }
    }

    private func keep(_ results: YearResults) {
        yearCache.withLock { cache in
            if cache.count >= 2, cache[results.year] == nil,
               let oldest = cache.keys.min(by: { abs($0 - results.year) > abs($1 - results.year) }) {
                cache[oldest] = nil
            }
            cache[results.year] = results
        }
    }

    /// Brings the year's results up to date after check-ins alone changed since they were computed
    /// (a busy morning at the kiosk): the learners whose check-ins changed, and the others of their
    /// households (their count of household members learning may move), are read and scored again;
    /// the titles of their households, clans, units and villages are evaluated again (from the kept
    /// groups and members, which check-ins do not change; every other title stands), and the year's
    /// activity is recomputed from the kept facts. False, untouched, when so many changed that scoring
    /// everyone again is as quick.
    private func refresh(_ results: inout YearResults, _ db: Database, generation: Int64, checkIns: Int64) throws -> Bool {
        // Not `SELECT DISTINCT`: SQLite then walks every check-in in learner order (6 s at 2,000,000).
        let changed = Set(try String.fetchAll(db.cachedStatement(sql: "SELECT learner_id FROM check_ins WHERE change_seq > ?"),
                                              arguments: [results.generation]))
        var index: [String: Int] = [:]
        for (i, f) in results.facts.enumerated() { index[f.learnerId] = i }
        var learners = Set(changed.compactMap { index[$0] })
        let households = Set(learners.compactMap { results.facts[$0].householdId })
        if !households.isEmpty {
            for i in results.facts.indices where results.facts[i].householdId.map(households.contains) == true { learners.insert(i) }
        }
        guard learners.count <= max(100, results.facts.count / 4) else { return false }
        try Store.refreshRecords(db, year: results.year, ruleset: results.ruleset, learners: Array(learners),
                                 facts: &results.facts, totals: &results.totals)
        for i in learners {
            results.scores[i] = ScoreEngine.score(results.facts[i], year: results.year, ruleset: results.ruleset, evidence: false)
            results.facts[i].assessments = [:]
        }
        results.setTitles(Titles.update(results.titles, learners: learners, year: results.year, ruleset: results.ruleset,
                                        facts: results.facts, scores: results.scores, groups: results.groups))
        results.hoursByMonth = results.totals.hoursByMonth
        results.activity = try Store.activity(db, year: results.year, attendances: results.totals.attendances, facts: results.facts)
        (results.generation, results.checkInGeneration) = (generation, checkIns)
        return true
    }

    /// The groups of each kind that count in the year, and their recorded facts.
    static func titleGroups(_ db: Database, year: Int, facts: [LearnerFacts]) throws -> TitleGroups {
        TitleGroups(households: try yearGroups(db, "household", year: year, facts: facts),
                    clans: try yearGroups(db, "clan", year: year, facts: facts),
                    villages: try yearGroups(db, "village", year: year, facts: facts),
                    units: try yearGroups(db, "unit", year: year, facts: facts),
                    facts: try groupFacts(db, year: year), members: Titles.members(of: facts))
    }

    /// One learner's score with the evidence of every point.
    public func score(learnerId: String, year: Int) throws -> LearnerScore {
        try read { db in
            let ruleset = try ruleset(db, forYear: year)
            return ScoreEngine.score(try Store.facts(db, learnerId: learnerId, year: year, ruleset: ruleset), year: year, ruleset: ruleset)
        }
    }

    /// A learner's points and next step this year (one they can take themselves), for the kiosk's confirmation; nil (and the
    /// confirmation without points) when no ruleset is loaded or the read fails.
    public func progress(learnerId: String, now: Int64 = Store.nowMillis()) -> LearnerScore? {
        try? read { db in
            let year = LocalDay.year(of: now)
            let ruleset = try ruleset(db, forYear: year)
            let facts = try Store.facts(db, learnerId: learnerId, year: year, ruleset: ruleset, withDetails: false)
            var score = ScoreEngine.score(facts, year: year, ruleset: ruleset, evidence: false)
            score.nextStep = NextStep.sentence(score, facts: facts, ruleset: ruleset, byLearner: true)
            return score
        }
    }

    /// Sets a manager's assessment of some indicators (points 0 to the indicator's maximum, a
    /// note), replacing earlier ones for those indicators; `points` null takes one back.
    public func setAssessments(learnerId: String, year: Int, items: [(code: String, points: Double?, note: String?)],
                               actor: AuthenticatedUser?) throws -> LearnerScore {
        try write { db in
            try Store.requireLearner(db, learnerId)
            try Store.requireOpen(db, year: year)
            let ruleset = try ruleset(db, forYear: year)
            for (index, item) in items.enumerated() {
                guard let indicator = ruleset.indicator(item.code) else {
                    throw DomainError.invalid("indicators[\(index)].code", """
                        Bộ tiêu chí \(ruleset.id) không có chỉ số "\(item.code.prefix(20))"; có: \(ruleset.indicators.map(\.code).joined(separator: ", ")).
                        """)
                }
                let old = try Double.fetchOne(db, sql: "SELECT points FROM assessments WHERE learner_id = ? AND year = ? AND code = ?",
                                              arguments: [learnerId, year, item.code])
                if let points = item.points {
                    guard points >= 0, points <= indicator.max else {
                        throw DomainError.invalid("indicators[\(index)].points", "Điểm của chỉ số \(item.code) phải từ 0 đến \(ScoreEngine.number(indicator.max)).")
                    }
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO assessments(learner_id, year, code, points, note, assessed_by, assessed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [learnerId, year, item.code, points, item.note, actor?.username ?? "system", Store.nowMillis()])
                } else {
                    try db.execute(sql: "DELETE FROM assessments WHERE learner_id = ? AND year = ? AND code = ?", arguments: [learnerId, year, item.code])
                }
                try Store.audit(db, actor: actor, entity: "learner", id: learnerId, action: "assessment",
                                changes: ["code": [.string(item.code), .string(item.code)], "year": [.number(Double(year)), .number(Double(year))],
                                          "points": [old.map { .number($0) } ?? .null, item.points.map { .number($0) } ?? .null],
                                          "note": [.null, item.note.map { .string($0) } ?? .null]])
            }
            return ScoreEngine.score(try Store.facts(db, learnerId: learnerId, year: year, ruleset: ruleset), year: year, ruleset: ruleset)
        }
    }

    static func groupFacts(_ db: Database, year: Int) throws -> [String: Bool] {
        var facts: [String: Bool] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, group_id, fact, value FROM group_facts WHERE year = ?", arguments: [year]) {
            facts["\(row[0] as String)/\(row[1] as String)/\(row[2] as String)"] = row[3]
        }
        return facts
    }

    /// The yes/no facts recorded for one group and year.
    public func groupFacts(kind: String, id: String, year: Int) throws -> [String: Bool] {
        try read { db in
            try Store.requireGroup(db, kind: kind, id: id)
            return try Store.groupFacts(db, kind: kind, id: id, year: year)
        }
    }

    /// Records facts for a group and year (`nil` takes one back), audited.
    public func setGroupFacts(kind: String, id: String, year: Int, facts: [String: Bool?], actor: AuthenticatedUser?) throws -> [String: Bool] {
        try write { db in
            try Store.requireGroup(db, kind: kind, id: id)
            try Store.requireOpen(db, year: year)
            for (fact, value) in facts {
                guard Ruleset.facts[fact] == kind else {
                    let allowed = Ruleset.facts.filter { $0.value == kind }.keys.sorted()
                    throw DomainError.invalid(fact, allowed.isEmpty ? "Loại nhóm này không cần ghi điều kiện nào."
                                            : "Điều kiện \"\(fact.prefix(30))\" không dùng cho loại nhóm này; dùng: \(allowed.joined(separator: ", ")).")
                }
                if let value {
                    try db.execute(sql: """
                        INSERT OR REPLACE INTO group_facts(kind, group_id, year, fact, value, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [kind, id, year, fact, value, actor?.username ?? "system", Store.nowMillis()])
                } else {
                    try db.execute(sql: "DELETE FROM group_facts WHERE kind = ? AND group_id = ? AND year = ? AND fact = ?",
                                   arguments: [kind, id, year, fact])
                }
                try Store.audit(db, actor: actor, entity: kind, id: id, action: "fact",
                                changes: [fact: [.null, value.map { .bool($0) } ?? .null], "year": [.number(Double(year)), .number(Double(year))]])
            }
            return try Store.groupFacts(db, kind: kind, id: id, year: year)
        }
    }

    static func groupFacts(_ db: Database, kind: String, id: String, year: Int) throws -> [String: Bool] {
        Dictionary(try Row.fetchAll(db, sql: "SELECT fact, value FROM group_facts WHERE kind = ? AND group_id = ? AND year = ?",
                                    arguments: [kind, id, year]).map { ($0[0] as String, $0[1] as Bool) }, uniquingKeysWith: { a, _ in a })
    }

    static func requireGroup(_ db: Database, kind: String, id: String) throws {
        let table = ["household": "households", "clan": "clans", "village": "villages", "unit": "units"][kind]!
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE id = ?", arguments: [id]) == true else {
            throw DomainError.notFound("nhóm này")
        }
    }
}
