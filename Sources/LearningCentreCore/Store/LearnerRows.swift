import GRDB
import GRDBSQLite

/// A learner owns its columns: `columns` lists, in order, what `LearnerRows` reads (from
/// `learners l`); a query may add its own after them.
extension Learner {
    static let columns = """
        l.id, l.full_name, l.gender, l.birth_year, l.birth_date, l.village_id, l.household_id, l.clan_id, l.unit_id,
        l.category, l.target_group, l.is_association_officer, l.phone, l.card_code, l.consent_at, l.notes, l.archived,
        l.created_at, l.updated_at, l.is_association_member, l.registered_on
        """
}

/// Reads learner rows straight from SQLite's column API: every search and list answer decodes
/// tens of rows, and GRDB's generic decoding (`FetchableRecord`, as the other records) was a tenth
/// of a search's cost. The only place outside GRDB that touches a raw statement.
enum LearnerRows {
    static func fetchAll(_ statement: Statement, arguments: StatementArguments) throws -> [Learner] {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        let raw = statement.sqliteStatement
        var learners: [Learner] = []
        while try cursor.next() != nil {
            learners.append(learner(raw))
        }
        return learners
    }

    static func fetchOne(_ statement: Statement, arguments: StatementArguments) throws -> Learner? {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        return try cursor.next() == nil ? nil : learner(statement.sqliteStatement)
    }

    private static func learner(_ s: SQLiteStatement) -> Learner {
        Learner(id: text(s, 0), fullName: text(s, 1), gender: code(s, 2), birthYear: Int(sqlite3_column_int64(s, 3)),
                birthDate: optionalText(s, 4), villageId: text(s, 5), householdId: optionalText(s, 6),
                clanId: optionalText(s, 7), unitId: optionalText(s, 8), category: code(s, 9), targetGroup: optionalText(s, 10).flatMap(TargetGroup.init(rawValue:)),
                isAssociationOfficer: sqlite3_column_int64(s, 11) != 0, isAssociationMember: sqlite3_column_int64(s, 19) != 0,
                registeredOn: optionalText(s, 20), phone: optionalText(s, 12), cardCode: text(s, 13),
                consentAt: isNull(s, 14) ? nil : Timestamps.iso(millis: sqlite3_column_int64(s, 14)), notes: optionalText(s, 15),
                archived: sqlite3_column_int64(s, 16) != 0, createdAt: Timestamps.iso(millis: sqlite3_column_int64(s, 17)),
                updatedAt: Timestamps.iso(millis: sqlite3_column_int64(s, 18)))
    }

    private static func isNull(_ s: SQLiteStatement, _ i: Int32) -> Bool { sqlite3_column_type(s, i) == SQLITE_NULL }

    private static func text(_ s: SQLiteStatement, _ i: Int32) -> String {
        guard let bytes = sqlite3_column_text(s, i) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(s, i))), as: UTF8.self)
    }

    /// A closed set's code (the table's CHECK constraint holds the column to the set).
    private static func code<Codes: ClosedSet>(_ s: SQLiteStatement, _ i: Int32) -> Codes {
        let code = text(s, i)
        guard let value = Codes(rawValue: code) else { preconditionFailure("\(Codes.self) has no code \"\(code)\"") }
        return value
    }

    private static func optionalText(_ s: SQLiteStatement, _ i: Int32) -> String? {
        isNull(s, i) ? nil : text(s, i)
    }
}
