import Foundation
import GRDB

/// A year's activities summed for the report and the page: how many of each kind, how many
/// different people took part, the money raised and awarded.
public struct ActivitySummary: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var kind: ActivityKind
        public var count: Int
        public var people: Int
        public var amount: Int64
    }
    public var lines: [Line]

    public func line(_ kind: ActivityKind) -> Line { lines.first { $0.kind == kind } ?? Line(kind: kind, count: 0, people: 0, amount: 0) }
    public var isEmpty: Bool { lines.allSatisfy { $0.count == 0 } }
}

/// An activity reads its own columns, by name (`SELECT *` from `activities`).
extension Activity: FetchableRecord {
    public init(row: Row) {
        self.init(id: row["id"], kind: row["kind"], date: Day(row["day"] as String) ?? Day(ordinal: 0), title: row["title"],
                  participantIds: (row["participant_ids"] as String).split(separator: " ").map(String.init),
                  amount: row["amount"], villageId: row["village_id"], unitId: row["unit_id"], notes: row["notes"],
                  createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}

extension Store {
    /// A year's activities (or every year's), newest first; `kind` keeps one kind.
    public func activities(year: Int?, kind: ActivityKind?, limit: Int, offset: Int) throws -> Page<Activity> {
        var conditions: [String] = [], arguments: StatementArguments = []
        if let year { conditions.append("day BETWEEN ? AND ?"); arguments += [Day.firstOfYear(year).text, Day.lastOfYear(year).text] }
        if let kind { conditions.append("kind = ?"); arguments += [kind] }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try read { db in
            try Activity.fetchAll(db, sql: "SELECT * FROM activities \(filter) ORDER BY day DESC, created_at DESC, id LIMIT ? OFFSET ?",
                             arguments: arguments + [limit + 1, offset])
        }
        return Page(overfetched: rows, limit: limit, offset: offset)
    }

    public func activity(id: String) throws -> Activity? {
        try read { db in try Store.activity(db, id: id) }
    }

    /// The participants' names, in the activity's order (one no longer known is left out).
    public func participants(of activity: Activity) throws -> [(id: String, fullName: String, birthYear: Int)] {
        try read { db in
            let rows = try Store.participantRows(db, activity.participantIds)
            return activity.participantIds.compactMap { id in rows[id].map { (id, $0["full_name"], $0["birth_year"]) } }
        }
    }

    static func activity(_ db: Database, id: String) throws -> Activity? {
        try Activity.fetchOne(db, sql: "SELECT * FROM activities WHERE id = ?", arguments: [id])
    }

    /// Records (id nil) or changes an activity in one audited write. Refused in a closed year (the
    /// old date's and the new one's), with a village or unit that does not exist, or with
    /// participants who are unknown or archived (one already listed may stay after archiving).
    public func saveActivity(id: String?, _ draft: ActivityDraft, actor: AuthenticatedUser?) throws -> Activity {
        try write { db in
            let old = try id.map { id -> Activity in
                guard let found = try Store.activity(db, id: id) else { throw DomainError.notFound("hoạt động này") }
                return found
            }
            let now = Store.nowMillis()
            var activity = old ?? Activity(id: RecordID.new(), kind: .other, date: Day(ordinal: 0), title: "", participantIds: [],
                                           amount: nil, villageId: nil, unitId: nil, notes: nil, createdAt: now, updatedAt: now)
            if let kind = draft.kind { activity.kind = kind }
            if let date = draft.date { activity.date = date }
            if let title = draft.title { activity.title = title }
            if let amount = draft.amount { activity.amount = amount }
            if let villageId = draft.villageId { activity.villageId = villageId }
            if let unitId = draft.unitId { activity.unitId = unitId }
            if let notes = draft.notes { activity.notes = notes }
            activity.updatedAt = now
            if let old { try Store.requireOpen(db, year: old.date.year) }
            try Store.requireOpen(db, year: activity.date.year)
            var errors = FieldErrors()
            for (field, table, label, value) in [("villageId", "villages", "thôn", activity.villageId), ("unitId", "units", "đơn vị", activity.unitId)] {
                if let value, try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE id = ?", arguments: [value]) != true {
                    errors.add(field, "Không có \(label) với mã \"\(value.prefix(40))\". Hãy chọn trong danh sách.")
                }
            }
            if let ids = draft.participantIds {
                try errors.check { try Store.checkParticipants(db, ids, already: Set(old?.participantIds ?? [])) }
                activity.participantIds = ids
            }
            try errors.finish()
            try Store.putActivity(db, activity)
            try Store.audit(db, actor: actor, entity: "activity", id: activity.id, action: old == nil ? "create" : "update",
                            changes: Store.diff(old?.jsonValue.objectValue ?? [:], activity.jsonValue.objectValue ?? [:], ignoring: ["updatedAt", "createdAt"]))
            return activity
        }
    }

    /// Writes an activity (new or changed) with its index of participants.
    static func putActivity(_ db: Database, _ activity: Activity) throws {
        try db.execute(sql: """
            INSERT INTO activities(id, kind, day, title, participant_ids, amount, village_id, unit_id, notes, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, day = excluded.day, title = excluded.title,
                participant_ids = excluded.participant_ids, amount = excluded.amount, village_id = excluded.village_id,
                unit_id = excluded.unit_id, notes = excluded.notes, updated_at = excluded.updated_at
            """, arguments: [activity.id, activity.kind, activity.date.text, activity.title, activity.participantIds.joined(separator: " "),
                             activity.amount, activity.villageId, activity.unitId, activity.notes, activity.createdAt, activity.updatedAt])
        try indexParticipants(db, activityId: activity.id, kind: activity.kind, day: activity.date.text, learnerIds: activity.participantIds)
    }

    /// The learners behind these ids (id, name, birth year, archived), read 500 at a time.
    private static func participantRows(_ db: Database, _ ids: [String]) throws -> [String: Row] {
        var rows: [String: Row] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for row in try Row.fetchAll(db, sql: """
                SELECT id, full_name, birth_year, archived FROM learners WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments(chunk)) {
                rows[row["id"]] = row
            }
        }
        return rows
    }

    /// Every id must be a learner; a learner archived may stay where already listed, not be added.
    private static func checkParticipants(_ db: Database, _ ids: [String], already: Set<String>) throws {
        let rows = try participantRows(db, ids)
        if let gone = ids.first(where: { rows[$0].map { $0["archived"] as Bool } == true && !already.contains($0) }) {
            throw DomainError.invalid("participantIds", "\(rows[gone]!["full_name"] as String) đã thôi tham gia (lưu trữ), không thêm vào hoạt động được. Hãy bỏ người này ra.")
        }
        if let (index, unknown) = ids.enumerated().first(where: { rows[$0.element] == nil }) {
            throw DomainError.invalid("participantIds[\(index)]", "Không có người học với mã \"\(unknown.prefix(40))\". Hãy chọn trong danh sách.")
        }
    }

    /// Rewrites an activity's index of participants (for T10), at the centre and at the association.
    static func indexParticipants(_ db: Database, activityId: String, kind: ActivityKind, day: String, learnerIds: [String]) throws {
        try db.execute(sql: "DELETE FROM activity_participants WHERE activity_id = ?", arguments: [activityId])
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO activity_participants(activity_id, learner_id, kind, day) VALUES (?, ?, ?, ?)")
        for learner in learnerIds { try insert.execute(arguments: [activityId, learner, kind, day]) }
    }

    /// The year's activities by kind, for the report's sections and the page.
    static func activitySummary(_ db: Database, year: Int) throws -> ActivitySummary {
        let range: StatementArguments = [Day.firstOfYear(year).text, Day.lastOfYear(year).text]
        let counts = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
            SELECT kind, COUNT(*), COALESCE(SUM(amount), 0) FROM activities WHERE day BETWEEN ? AND ? GROUP BY kind
            """, arguments: range).map { ($0[0] as String, ($0[1] as Int, $0[2] as Int64)) })
        let people = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
            SELECT kind, COUNT(DISTINCT learner_id) FROM activity_participants WHERE day BETWEEN ? AND ? GROUP BY kind
            """, arguments: range).map { ($0[0] as String, $0[1] as Int) })
        return ActivitySummary(lines: ActivityKind.allCases.map { kind in
            let code = kind.rawValue
            return ActivitySummary.Line(kind: kind, count: counts[code]?.0 ?? 0, people: people[code] ?? 0, amount: counts[code]?.1 ?? 0)
        })
    }

    public func activitySummary(year: Int) throws -> ActivitySummary {
        try read { db in try Store.activitySummary(db, year: year) }
    }
}
