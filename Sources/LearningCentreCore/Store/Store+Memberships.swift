import Foundation
import GRDB

extension Store {
    /// A learner's periods, oldest first. A learner with none (sent by a centre of an earlier
    /// version) has one: from the day they joined, with the values they have.
    static func history(_ db: Database, learnerId: String) throws -> [Membership] {
        let periods = try Membership.fetchAll(db.cachedStatement(sql: """
            SELECT \(Membership.columns) FROM memberships WHERE learner_id = ? ORDER BY from_day
            """), arguments: [learnerId])
        if !periods.isEmpty { return periods }
        return try Membership.fetchAll(db.cachedStatement(sql: """
            SELECT COALESCE(registered_on, '1900-01-01'), NULL, village_id, household_id, clan_id, unit_id, category, target_group,
                   is_association_officer, is_association_member, archived FROM learners WHERE id = ?
            """), arguments: [learnerId])
    }

    /// Every learner's period that counts for `year` (CRITERIA §4), by learner id: one pass over
    /// the periods that touch the year, the last of each learner kept.
    static func yearMemberships(_ db: Database, year: Int) throws -> [String: Membership] {
        let (first, last) = (Day.firstOfYear(year).text, Day.lastOfYear(year).text)
        var found: [String: Membership] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT learner_id, \(Membership.columns) FROM memberships
            WHERE archived = 0 AND from_day <= ? AND (to_day IS NULL OR to_day >= ?) ORDER BY learner_id, from_day
            """), arguments: [last, first])
        while let row = try rows.next() { found[row[0]] = Membership(row: row, from: 1) }
        // Learners without a history (an older centre's bundle): as they are, from the day they joined.
        let plain = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT id, COALESCE(registered_on, '1900-01-01'), NULL, village_id, household_id, clan_id, unit_id, category, target_group,
                   is_association_officer, is_association_member, archived FROM learners l
            WHERE archived = 0 AND COALESCE(registered_on, '1900-01-01') <= ? AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.learner_id = l.id)
            """), arguments: [last])
        while let row = try plain.next() { found[row[0]] = Membership(row: row, from: 1) }
        return found
    }

    /// Replaces a learner's periods with `periods` (already checked) and sets the learner's
    /// current values to the last one (`setLearner`: false when the learner row was just
    /// inserted with them). Rows that stay the same are left alone.
    static func saveHistory(_ db: Database, learnerId: String, old: [Membership], new periods: [Membership], setLearner: Bool = true) throws {
        if old != periods {
            if !old.isEmpty {
                try db.cachedStatement(sql: "DELETE FROM memberships WHERE learner_id = ?").execute(arguments: [learnerId])
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO memberships(learner_id, \(Membership.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for p in periods {
                try insert.execute(arguments: StatementArguments([learnerId] + p.values))
            }
        }
        guard setLearner, let current = periods.last, let first = periods.first else { return }
        try db.cachedStatement(sql: """
            UPDATE learners SET registered_on = ?, village_id = ?, household_id = ?, clan_id = ?, unit_id = ?, category = ?, target_group = ?,
                is_association_officer = ?, is_association_member = ?, archived = ?, updated_at = ?
            WHERE id = ?
            """).execute(arguments: [first.from.text, current.villageId, current.householdId, current.clanId, current.unitId, current.category,
                             current.targetGroup, current.isAssociationOfficer, current.isAssociationMember, current.archived,
                             Store.nowMillis(), learnerId])
    }

    /// A learner's day of registration and periods, oldest first.
    public func memberships(learnerId: String) throws -> [Membership] {
        try read { db in
            guard try Store.fetchLearner(db, id: learnerId) != nil else { throw DomainError.notFound("người học này") }
            return try Store.history(db, learnerId: learnerId)
        }
    }

    /// Replaces a learner's whole history (a manager rewriting it from a paper register): checked
    /// (in order, no gap, no overlap, from the day of registration), refused where it would
    /// change a closed year, audited.
    public func replaceMemberships(learnerId: String, _ periods: [Membership], actor: AuthenticatedUser?) throws -> [Membership] {
        try write { db in
            guard let learner = try Store.fetchLearner(db, id: learnerId) else { throw DomainError.notFound("người học này") }
            let registered = learner.registeredOn.flatMap(Day.init) ?? periods.first?.from ?? Day.today()
            try Membership.validate(periods, registeredOn: registered, today: Day.today())
            for (i, p) in periods.enumerated() {
                try Store.checkReferences(db, villageId: p.villageId, householdId: p.householdId, clanId: p.clanId, unitId: p.unitId,
                                          field: "items[\(i)].")
            }
            let old = try Store.history(db, learnerId: learnerId)
            try Store.requireClosedYearsUnchanged(db, old: old, new: periods)
            try Store.saveHistory(db, learnerId: learnerId, old: old, new: periods)
            try Store.audit(db, actor: actor, entity: "learner", id: learnerId, action: "memberships",
                            changes: ["memberships": [.string(Store.describe(old)), .string(Store.describe(periods))]])
            return try Store.history(db, learnerId: learnerId)
        }
    }

    /// Refuses a change of history dated in a closed year, or that would change which groups a
    /// learner counts in for one (CRITERIA §4: a closed year's figures never move).
    static func requireClosedYearsUnchanged(_ db: Database, old: [Membership], new: [Membership]) throws {
        if let day = Membership.firstDifference(old, new) { try requireOpen(db, year: day.year) }
        for year in try closedYears(db) {
            let before = Membership.counting(in: year, old), after = Membership.counting(in: year, new)
            let same = switch (before, after) {
            case (nil, nil): true
            case let (b?, a?): b.sameValues(as: a)
            default: false
            }
            if !same { throw yearClosed(year) }
        }
    }

    /// A short text of a history for the audit ("2024-01-01…2025-06-30 thôn X; 2025-07-01… thôn Y").
    static func describe(_ periods: [Membership]) -> String {
        periods.map { p in
            var flags: [String] = [p.category.rawValue]
            if p.isAssociationOfficer { flags.append("cán bộ hội") }
            if p.isAssociationMember { flags.append("hội viên") }
            if p.archived { flags.append("lưu trữ") }
            return "\(p.from.text)…\(p.to?.text ?? "") thôn \(p.villageId) hộ \(p.householdId ?? "-") họ \(p.clanId ?? "-") đơn vị \(p.unitId ?? "-") (\(flags.joined(separator: ", ")))"
        }.joined(separator: "; ")
    }

    /// The day a change holds from: given (not in the future, not before registration) or today.
    static func changeDay(_ day: Day?, field: String, history: [Membership]) throws -> Day {
        let today = Day.today()
        guard let day else { return max(today, history.first?.from ?? today) }
        if day > today {
            throw DomainError.invalid(field, "Ngày \(day.vietnamese) còn ở tương lai: chỉ ghi được thay đổi đã xảy ra (muộn nhất là hôm nay).")
        }
        if let registered = history.first?.from, day < registered {
            throw DomainError.invalid(field, "Ngày \(day.vietnamese) trước ngày đăng ký (\(registered.vietnamese)). Nếu ngày đăng ký sai, hãy sửa ngày đăng ký trước.")
        }
        return day
    }

    /// The history after a PATCH: the changed groups and flags as a move from `effectiveFrom`
    /// (default today) or as a correction of the current period, then a new day of registration.
    static func changedHistory(_ history: [Membership], draft: LearnerDraft, learner new: Learner) throws -> [Membership] {
        let apply: (inout Membership) -> Void = { p in
            if draft.villageId != nil { p.villageId = new.villageId }
            if draft.householdId != nil { p.householdId = new.householdId }
            if draft.clanId != nil { p.clanId = new.clanId }
            if draft.unitId != nil { p.unitId = new.unitId }
            if draft.category != nil { p.category = new.category }
            if draft.targetGroup != nil { p.targetGroup = new.targetGroup }
            if draft.isAssociationOfficer != nil { p.isAssociationOfficer = new.isAssociationOfficer }
            if draft.isAssociationMember != nil { p.isAssociationMember = new.isAssociationMember }
        }
        var periods = history
        if var current = periods.last {
            apply(&current)
            if current != periods.last! {
                if draft.correction {
                    periods[periods.count - 1] = current
                    periods = Membership.merged(periods)
                } else {
                    periods = Membership.moved(periods, from: try changeDay(draft.effectiveFrom, field: "effectiveFrom", history: history), apply)
                }
            }
        }
        if let registered = draft.registeredOn, registered != periods.first?.from {
            if registered > Day.today() {
                throw DomainError.invalid("registeredOn", "Ngày đăng ký \(registered.vietnamese) còn ở tương lai.")
            }
            if let end = periods.first?.to, registered > end {
                throw DomainError.invalid("registeredOn", """
                    Ngày đăng ký mới (\(registered.vietnamese)) sau khi giai đoạn đầu tiên đã kết thúc (\(end.vietnamese)). \
                    Hãy sửa cả lịch sử (Lịch sử thôn, hộ, nhóm) thay vì chỉ ngày đăng ký.
                    """)
            }
            periods[0].from = registered
        }
        return periods
    }
}

/// A period owns its columns: `columns` lists what `init(row:)` reads and `values` writes, in order.
extension Membership: FetchableRecord {
    static let columns = """
        from_day, to_day, village_id, household_id, clan_id, unit_id, category, target_group,
        is_association_officer, is_association_member, archived
        """

    public init(row: Row) { self.init(row: row, from: 0) }

    /// The period from the row's `i`-th column on (after a learner id, say).
    init(row: Row, from i: Int) {
        self.init(from: Day(row[i] as String) ?? Day(ordinal: 0), to: (row[i + 1] as String?).flatMap(Day.init),
                  villageId: row[i + 2], householdId: row[i + 3], clanId: row[i + 4], unitId: row[i + 5], category: row[i + 6],
                  targetGroup: row[i + 7], isAssociationOfficer: row[i + 8], isAssociationMember: row[i + 9], archived: row[i + 10])
    }

    var values: [(any DatabaseValueConvertible)?] {
        [from.text, to?.text, villageId, householdId, clanId, unitId, category, targetGroup, isAssociationOfficer, isAssociationMember, archived]
    }
}
