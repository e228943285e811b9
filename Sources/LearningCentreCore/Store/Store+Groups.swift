import Foundation
import GRDB

extension Store {
    static func groupObject(_ kind: GroupKind, _ row: Row) -> [String: JSONValue] {
        var object: [String: JSONValue] = ["id": .string(row["id"]), "name": .string(row["name"])]
        for field in kind.fields {
            if let value = row[field.column] as String? { object[field.json] = .string(value) }
        }
        return object
    }

    static func fetchGroup(_ db: Database, _ kind: GroupKind, id: String) throws -> [String: JSONValue]? {
        try Row.fetchOne(db, sql: "SELECT * FROM \(kind.plural) WHERE id = ?", arguments: [id]).map { groupObject(kind, $0) }
    }

    public func group(_ kind: GroupKind, id: String) throws -> [String: JSONValue]? {
        try read { db in try Store.fetchGroup(db, kind, id: id) }
    }

    /// Lists a kind by name; `text` keeps those whose folded name contains it; `villageId` filters households.
    public func listGroups(_ kind: GroupKind, text: String, villageId: String?, limit: Int, offset: Int) throws -> Page<JSONValue> {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        let folded = NameFolding.fold(text)
        if !folded.isEmpty { conditions.append("folded_name LIKE ? ESCAPE '\\'"); arguments += ["%" + folded + "%"] }
        if let villageId, kind.fields.contains(where: { $0.json == "villageId" }) {
            conditions.append("village_id = ?"); arguments += [villageId]
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit + 1, offset]
        let rows = try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM \(kind.plural) \(filter) ORDER BY folded_name, id LIMIT ? OFFSET ?",
                             arguments: arguments).map { JSONValue.object(Store.groupObject(kind, $0)) }
        }
        return Page(overfetched: rows, limit: limit, offset: offset)
    }

    /// Creates (id nil) or changes a village, household, clan or unit, with its audit line.
    public func saveGroup(_ kind: GroupKind, id: String?, body: Fields, actor: AuthenticatedUser?) throws -> [String: JSONValue] {
        let creating = id == nil
        var values: [String: DatabaseValueConvertible?] = [:]
        var errors = FieldErrors()
        if creating || body.has("name") {
            try errors.check { values["name"] = try TextRules.name("name", body.requiredString("name"), max: 150) }
        }
        for field in kind.fields where creating || body.has(field.json) {
            try errors.check {
                let value: String?
                switch field.type {
                case .text(let max): value = try TextRules.text(field.json, body.string(field.json), max: max)
                case .reference: value = try body.string(field.json)
                case .oneOf(let allowed): value = try body.oneOf(field.json, allowed)
                case .day:
                    let day = try LearnerDraft.day(body, field.json, what: "Ngày thôi hoạt động")
                    if let day, day > Day.today() {
                        throw DomainError.invalid(field.json, "Ngày \(day.vietnamese) còn ở tương lai: chỉ ghi ngày đã qua (muộn nhất là hôm nay).")
                    }
                    value = day?.text
                }
                if field.required && value == nil { throw DomainError.invalid(field.json, "Thiếu \(FieldNames.of(field.json)).") }
                values[field.column] = value
            }
        }
        try errors.finish()
        return try write { db in
            let old = try id.map { id -> [String: JSONValue] in
                guard let found = try Store.fetchGroup(db, kind, id: id) else { throw DomainError.notFound("\(kind.label) này") }
                return found
            }
            // Closing a group (or taking the closing back) changes the years from that day on.
            if values.keys.contains("closed_on") {
                for day in [old?["closedOn"]?.stringValue, values["closed_on"] as? String].compactMap({ $0.flatMap(Day.init) }) {
                    try Store.requireOpen(db, year: day.year)
                }
            }
            for field in kind.fields {
                if case .reference(let table, let label) = field.type, let ref = values[field.column] as? String,
                   try Bool.fetchOne(db, sql: "SELECT 1 FROM \(table) WHERE id = ?", arguments: [ref]) != true {
                    throw DomainError.invalid(field.json, "Không có \(label) với mã \"\(ref.prefix(40))\". Hãy chọn trong danh sách.")
                }
            }
            if let name = values["name"] as? String {
                values["folded_name"] = NameFolding.fold(name)
                if kind.uniqueName, let other = try String.fetchOne(db, sql: "SELECT id FROM \(kind.plural) WHERE folded_name = ?",
                                                                     arguments: [NameFolding.fold(name)]), other != id {
                    throw DomainError(.conflict, "duplicate_name", "Đã có \(kind.label) tên \"\(name)\". Hãy dùng tên khác hoặc sửa \(kind.label) đã có.", field: "name")
                }
            }
            if kind.entity == "household", let id, let village = values["village_id"] as? String,
               try Bool.fetchOne(db, sql: "SELECT 1 FROM learners WHERE household_id = ? AND village_id <> ?", arguments: [id, village]) == true {
                throw DomainError.invalid("villageId", "Hộ này có người học ở thôn khác. Hãy chuyển họ sang thôn mới trước.")
            }
            let now = Store.nowMillis()
            values["updated_at"] = now
            let targetID = id ?? RecordID.new()
            let columns = values.keys.sorted()
            if creating {
                values["created_at"] = now
                values["id"] = targetID
                let all = values.keys.sorted()
                try db.execute(sql: "INSERT INTO \(kind.plural)(\(all.joined(separator: ", "))) VALUES (\(all.map { _ in "?" }.joined(separator: ", ")))",
                               arguments: StatementArguments(all.map { values[$0]! }))
            } else {
                try db.execute(sql: "UPDATE \(kind.plural) SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?",
                               arguments: StatementArguments(columns.map { values[$0]! } + [targetID]))
            }
            let saved = try Store.fetchGroup(db, kind, id: targetID)!
            let changes = Store.diff(old ?? [:], saved, ignoring: ["id"])
            if !changes.isEmpty {
                try Store.audit(db, actor: actor, entity: kind.entity, id: targetID, action: creating ? "create" : "update", changes: changes)
            }
            return saved
        }
    }
}

extension Store {
    /// The groups of a kind that count in `year` (CRITERIA §4): not closed before it began, and
    /// registered by its end or named in some learner's period of it (a paper register typed in
    /// later); members or not (an empty one counts as not recognised, flagged for staff). In the
    /// order of their names.
    static func yearGroups(_ db: Database, _ kind: String, year: Int, facts: [LearnerFacts]) throws -> [TitleGroup] {
        let (table, village, extra, column) = switch kind {
        case "household": ("households", "village_id", "NULL", "household_id")
        case "village": ("villages", "id", "NULL", "village_id")
        case "unit": ("units", "NULL", "kind", "unit_id")
        default: ("clans", "NULL", "NULL", "clan_id")
        }
        var members: Set<String> = switch kind {
        case "household": Set(facts.compactMap(\.householdId))
        case "village": Set(facts.map(\.villageId))
        case "unit": Set(facts.compactMap(\.unitId))
        default: Set(facts.compactMap(\.clanId))
        }
        members.formUnion(try String.fetchAll(db, sql: """
            SELECT DISTINCT \(column) FROM memberships WHERE \(column) IS NOT NULL AND archived = 0 AND from_day <= ? AND (to_day IS NULL OR to_day >= ?)
            """, arguments: [Day.lastOfYear(year).text, Day.firstOfYear(year).text]))
        return try Row.fetchAll(db, sql: """
            SELECT id, name, \(village), \(extra), created_at < ? FROM \(table) WHERE closed_on IS NULL OR closed_on >= ? ORDER BY folded_name, id
            """, arguments: [LocalDay.startOfYear(year + 1), Day.firstOfYear(year).text]).compactMap { row in
            let id: String = row[0]
            guard row[4] as Bool || members.contains(id) else { return nil }
            return TitleGroup(kind: kind, id: id, name: row[1], villageId: row[2], unitKind: (row[3] as String?).flatMap(UnitKind.init(rawValue:)))
        }
    }
}
