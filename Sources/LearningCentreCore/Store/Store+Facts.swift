import Foundation
import GRDB

extension Store {
    /// The facts of every learner who counts in a year (CRITERIA §4: registered and not
    /// archived on some day of it, with the groups of the last such day), from a handful of
    /// queries over the year's records (no per-learner query), in the Vietnamese order of names.
    /// `totals` receives credited hours by village, category and month ("2026-03") and the
    /// year's attendances by category, of these learners only.
    static func allFacts(_ db: Database, year: Int, ruleset: Ruleset, totals: inout YearTotals) throws -> [LearnerFacts] {
        var facts = try learnerFacts(db, year: year)
        var index: [String: Int] = [:]
        for (i, f) in facts.enumerated() { index[f.learnerId] = i }
        try addRecords(db, year: year, minVisit: ruleset.minVisitMillis, filter: "", [], to: &facts, index: index, totals: &totals)
        try addYearTables(db, year: year, filter: "", [], to: &facts, index: index)
        // Briefings (T10) count for targets only: the year's, not one learner's score.
        let briefed = try String.fetchCursor(db, sql: """
            SELECT DISTINCT learner_id FROM activity_participants WHERE kind = 'briefing' AND day BETWEEN ? AND ?
            """, arguments: [Day.firstOfYear(year).text, Day.lastOfYear(year).text])
        while let id = try briefed.next() { if let i = index[id] { facts[i].briefed = true } }
        countHouseholdMembersLearning(&facts)
        return facts
    }

    /// Household members with a record, from everyone's records at once.
    private static func countHouseholdMembersLearning(_ facts: inout [LearnerFacts]) {
        var learningByHousehold: [String: Int] = [:]
        for f in facts where f.records > 0 { if let h = f.householdId { learningByHousehold[h, default: 0] += 1 } }
        for i in facts.indices {
            guard let h = facts[i].householdId else { continue }
            facts[i].householdMembersLearning = (learningByHousehold[h] ?? 0) - (facts[i].records > 0 ? 1 : 0)
        }
    }

    /// Reads again the records of some of the year's learners (indices in `facts`) after their
    /// check-ins changed: their shares taken out of the totals, their counts and assessments read
    /// anew, the household counts redone. Learner by learner, through the statements of one
    /// learner's facts (each an index lookup): a list of ids in one statement (`json_each`) was
    /// joined against the whole year's check-ins, 5 s at 2,000,000.
    static func refreshRecords(_ db: Database, year: Int, ruleset: Ruleset, learners: [Int], facts: inout [LearnerFacts],
                               totals: inout YearTotals) throws {
        var index: [String: Int] = [:]
        for i in learners {
            totals.remove(learner: i, village: facts[i].villageId)
            (facts[i].hoursByCategory, facts[i].visitsByPurpose, facts[i].records) = ([:], [:], 0)
            index[facts[i].learnerId] = i
        }
        for id in index.keys {
            try addRecords(db, year: year, minVisit: ruleset.minVisitMillis, filter: "AND c.learner_id = ?", [id],
                           to: &facts, index: index, totals: &totals)
            try addYearTables(db, year: year, filter: "AND learner_id = ?", [id], to: &facts, index: index)
        }
        countHouseholdMembersLearning(&facts)
    }

    /// One learner's facts for a year, with the records themselves for the evidence unless
    /// `withDetails` is false (the kiosk needs the points, not the evidence).
    static func facts(_ db: Database, learnerId: String, year: Int, ruleset: Ruleset, withDetails: Bool = true) throws -> LearnerFacts {
        var list = [try learnerFacts(db, learnerId: learnerId, year: year)]
        let index = [learnerId: 0]
        var totals = YearTotals()
        try addRecords(db, year: year, minVisit: ruleset.minVisitMillis, filter: "AND c.learner_id = ?", [learnerId], to: &list, index: index,
                       totals: &totals)
        try addYearTables(db, year: year, filter: "AND learner_id = ?", [learnerId], to: &list, index: index)
        var f = list[0]
        var details = LearnerFacts.Details()
        let (from, to) = (LocalDay.startOfYear(year), LocalDay.startOfYear(year + 1))
        if let household = f.householdId {
            // Others whose period of the year is in this household, with a counted record in it.
            let candidates = try String.fetchAll(db.cachedStatement(sql: """
                SELECT DISTINCT m.learner_id FROM memberships m WHERE m.household_id = ? AND m.learner_id <> ? AND m.archived = 0
                AND m.from_day <= ? AND (m.to_day IS NULL OR m.to_day >= ?) AND EXISTS (
                    SELECT 1 FROM check_ins c LEFT JOIN sessions s ON s.seq = c.session_seq
                    WHERE c.learner_id = m.learner_id AND c.checked_in_at >= ? AND c.checked_in_at < ? AND \(countedSQL))
                """), arguments: [household, learnerId, Day.lastOfYear(year).text, Day.firstOfYear(year).text, from, to])
            details.householdMembers = try candidates.compactMap { id -> (String, String)? in
                guard Membership.counting(in: year, try history(db, learnerId: id))?.householdId == household,
                      let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT full_name, sort_key FROM learners WHERE id = ?"), arguments: [id]) else { return nil }
                return (row[0], row[1])
            }.sorted { $0.1 < $1.1 }.map(\.0)
            f.householdMembersLearning = details.householdMembers.count
        }
        guard withDetails else { return f }
        details.checkIns = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.id, c.checked_in_at, COALESCE(s.category, c.purpose), COALESCE(s.title, ''), \(creditedHoursSQL), \(visitSQL)
            FROM check_ins c LEFT JOIN sessions s ON s.seq = c.session_seq
            WHERE c.learner_id = ? AND c.checked_in_at >= ? AND c.checked_in_at < ? AND c.removed_at IS NULL ORDER BY c.checked_in_at
            """), arguments: [ruleset.minVisitMillis, learnerId, from, to]).map { LearnerFacts.Line(id: $0[0], at: $0[1], category: $0[2], title: $0[3], hours: $0[4], isVisit: $0[5]) }
        details.taught = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, starts_at, category, title FROM sessions
            WHERE instructor_id = ? AND state <> 'cancelled' AND starts_at >= ? AND starts_at < ? ORDER BY starts_at
            """), arguments: [learnerId, from, to]).map { LearnerFacts.Line(id: $0[0], at: $0[1], category: $0[2], title: $0[3], hours: 0, isVisit: false) }
        details.planUpdatedAt = try Int64.fetchOne(db, sql: "SELECT updated_at FROM learning_plans WHERE learner_id = ? AND year = ?",
                                                   arguments: [learnerId, year])
        if let row = try Row.fetchOne(db, sql: "SELECT assessed_by, assessed_at FROM digital_skills WHERE learner_id = ? AND year = ?",
                                      arguments: [learnerId, year]) {
            details.skillsAssessed = (row[0], row[1])
        }
        f.details = details
        return f
    }

    /// A check-in counts as a learning record unless it was taken off a sheet or its class was cancelled.
    static let countedSQL = "c.removed_at IS NULL AND (s.state IS NULL OR s.state <> 'cancelled')"

    /// A visit that counts towards an indicator: checked out, at least the ruleset's minimum
    /// long (one argument: the minimum in milliseconds), not taken off (CRITERIA §4).
    static let visitSQL = "IFNULL(c.session_seq IS NULL AND c.removed_at IS NULL AND c.checked_out_at - c.checked_in_at >= ?, 0)"

    /// Everyone who counts in `year`, with the groups of their period of the year.
    /// Rows are read from cursors here and below: scoring everyone never holds a year's rows at once.
    private static func learnerFacts(_ db: Database, year: Int) throws -> [LearnerFacts] {
        let periods = try yearMemberships(db, year: year)
        var facts: [LearnerFacts] = []
        facts.reserveCapacity(periods.count)  // one allocation of the right size, not a doubling array
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT id, full_name, birth_year FROM learners ORDER BY sort_key, seq"))
        while let row = try rows.next() {
            if let period = periods[row[0]] { facts.append(LearnerFacts(row[0], row[1], row[2], period)) }
        }
        return facts
    }

    /// One learner in `year`: the period that counts, else (not part of the year) the last one
    /// that began by its end, so that their page still shows the year's records.
    private static func learnerFacts(_ db: Database, learnerId: String, year: Int) throws -> LearnerFacts {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT full_name, birth_year FROM learners WHERE id = ?"),
                                         arguments: [learnerId]) else { throw DomainError.notFound("người học này") }
        let history = try history(db, learnerId: learnerId)
        let period = Membership.counting(in: year, history) ?? history.last { $0.from <= Day.lastOfYear(year) } ?? history[0]
        return LearnerFacts(learnerId, row[0], row[1], period)
    }

    /// Hours by category, visits by purpose and counted records, in one pass over the year; the
    /// month of each record is found by comparing with the month boundaries (no date functions
    /// per row), and hours by village, category and month are summed on the way.
    private static func addRecords(_ db: Database, year: Int, minVisit: Int64, filter: String, _ arguments: StatementArguments,
                                   to facts: inout [LearnerFacts], index: [String: Int], totals: inout YearTotals) throws {
        let bounds = (2...12).map { LocalDay.startOfMonth(year, $0) }
        let month = "CASE " + bounds.map { _ in "WHEN c.checked_in_at < ? THEN ?" }.joined(separator: " ") + " ELSE 12 END"
        var caseArguments: StatementArguments = []
        for (k, bound) in bounds.enumerated() { caseArguments += [bound, k + 1] }
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT c.learner_id, COALESCE(s.category, c.purpose), \(month), SUM(\(creditedHoursSQL)),
                   SUM(\(visitSQL)), SUM(\(countedSQL))
            FROM check_ins c LEFT JOIN sessions s ON s.seq = c.session_seq
            WHERE c.checked_in_at >= ? AND c.checked_in_at < ? \(filter) GROUP BY 1, 2, 3
            """), arguments: caseArguments + [minVisit, LocalDay.startOfYear(year), LocalDay.startOfYear(year + 1)] + arguments)
        let months = (1...12).map { "\(year)-" + ($0 < 10 ? "0" : "") + String($0) }
        while let row = try rows.next() {
            guard let i = index[row[0]] else { continue }
            let key: String = row[1], m: Int = row[2], hours: Double = row[3], visits: Int = row[4], counted: Int = row[5]
            if hours > 0 { facts[i].hoursByCategory[key, default: 0] += hours }
            if visits > 0 { facts[i].visitsByPurpose[key, default: 0] += visits }
            facts[i].records += counted
            totals.add(YearTotals.Share(key: key, month: months[m - 1], hours: hours, counted: counted), learner: i, village: facts[i].villageId)
        }
    }

    /// Plans, digital skills, assessments and teaching of the year.
    private static func addYearTables(_ db: Database, year: Int, filter: String, _ arguments: StatementArguments,
                                      to facts: inout [LearnerFacts], index: [String: Int]) throws {
        let args: StatementArguments = [year] + arguments
        // Cached statements: one learner's facts (each kiosk check-in's answer) compiles none.
        let plans = try String.fetchCursor(db.cachedStatement(sql: "SELECT learner_id FROM learning_plans WHERE year = ? \(filter)"), arguments: args)
        while let id = try plans.next() { if let i = index[id] { facts[i].hasPlan = true } }
        let skills = try Row.fetchCursor(db.cachedStatement(sql: "SELECT learner_id, level FROM digital_skills WHERE year = ? \(filter)"), arguments: args)
        while let row = try skills.next() { if let i = index[row[0]] { facts[i].digitalSkills = row[1] } }
        let assessed = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT learner_id, code, points, note, assessed_by, assessed_at FROM assessments WHERE year = ? \(filter)
            """), arguments: args)
        while let row = try assessed.next() {
            if let i = index[row[0]] {
                facts[i].assessments[row[1]] = LearnerFacts.Assessment(points: row[2], note: row[3], by: row[4], at: row[5])
            }
        }
        let teachingFilter = filter.replacingOccurrences(of: "learner_id", with: "instructor_id")
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT instructor_id, COUNT(*) FROM sessions WHERE instructor_id IS NOT NULL AND state <> 'cancelled'
            AND starts_at >= ? AND starts_at < ? \(teachingFilter) GROUP BY 1
            """), arguments: [LocalDay.startOfYear(year), LocalDay.startOfYear(year + 1)] + arguments) {
            if let i = index[row[0]] { facts[i].taught = row[1] }
        }
    }
}

/// What a year's records add up to beyond each learner's facts, for the learners of the year.
struct YearTotals: Sendable {
    /// Village → category (or visit purpose) → "2026-03" → credited hours.
    var hoursByMonth: [String: [String: [String: Double]]] = [:]
    /// Category (or visit purpose) → counted check-ins.
    var attendances: [String: Int] = [:]
    /// What each learner (by index in the facts) added to the two above: one share per category
    /// and month with a record.
    var shares: [Int: [Share]] = [:]

    struct Share: Sendable {
        var key: String
        var month: String
        var hours: Double
        var counted: Int
    }

    mutating func add(_ share: Share, learner i: Int, village: String) {
        if share.hours > 0 { hoursByMonth[village, default: [:]][share.key, default: [:]][share.month, default: 0] += share.hours }
        attendances[share.key, default: 0] += share.counted
        shares[i, default: []].append(share)
    }

    /// Takes a learner's shares out (before their records are read again).
    mutating func remove(learner i: Int, village: String) {
        for share in shares.removeValue(forKey: i) ?? [] {
            if share.hours > 0, let left = hoursByMonth[village]?[share.key]?[share.month] {
                // What is left of a sum of doubles once its parts are taken out may miss zero by a hair.
                hoursByMonth[village]?[share.key]?[share.month] = abs(left - share.hours) < 1e-9 ? 0 : left - share.hours
            }
            attendances[share.key]? -= share.counted
        }
    }
}

extension LearnerFacts {
    init(_ id: String, _ fullName: String, _ birthYear: Int, _ period: Membership) {
        self.init(learnerId: id, fullName: fullName, birthYear: birthYear, category: period.category, targetGroup: period.targetGroup,
                  villageId: period.villageId, householdId: period.householdId, clanId: period.clanId, unitId: period.unitId,
                  isAssociationOfficer: period.isAssociationOfficer, isAssociationMember: period.isAssociationMember)
    }
}
