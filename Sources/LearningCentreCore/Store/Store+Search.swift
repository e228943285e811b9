import Foundation
import GRDB

extension Store {
    /// Finds learners by any words of their name, in any order, without diacritics or case:
    /// "lan nguyen thi" finds "Nguyễn Thị Lan". Each word of the query must begin a word of the
    /// name. Ranked: the given name equal to a query word first, then the given name starting
    /// with one, then the rest; within a rank, the Vietnamese order. Without words, lists in
    /// the Vietnamese order.
    public func searchLearners(_ query: LearnerQuery) throws -> Page<Learner> {
        let words = NameFolding.words(query.text)
        let wanted = query.offset + query.limit + 1
        let rows: [Learner] = try read { db in
            // Officers and members are few: their list filters by name in SQL, without the index.
            if words.isEmpty || query.association { return try Store.listLearners(db, query, words: words) }
            try searchIndex.catchUp(db)
            let seqs = searchIndex.search(words, villageId: query.villageId, householdId: query.householdId,
                                          archived: query.archived, count: wanted)
            let statement = try db.cachedStatement(sql: "SELECT \(Learner.columns) FROM learners l WHERE l.seq = ?")
            return try seqs.dropFirst(query.offset).compactMap { try LearnerRows.fetchOne(statement, arguments: [$0]) }
        }
        return Page(overfetched: rows, limit: query.limit, offset: query.offset)
    }

    /// Every learner matching the filters, in the Vietnamese order (the index on sort_key serves it).
    static func listLearners(_ db: Database, _ query: LearnerQuery, words: [String] = []) throws -> [Learner] {
        var conditions = ["l.archived = ?"]
        var arguments: StatementArguments = [query.archived]
        if query.association { conditions.append("(l.is_association_officer = 1 OR l.is_association_member = 1)") }
        for word in words { conditions.append("l.folded_name LIKE ?"); arguments += ["%" + word + "%"] }  // folded words: letters and digits only
        if let village = query.villageId { conditions.append("l.village_id = ?"); arguments += [village] }
        if let household = query.householdId { conditions.append("l.household_id = ?"); arguments += [household] }
        arguments += [query.limit + 1, query.offset]
        let sql = """
            SELECT \(Learner.columns) FROM learners l
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY l.sort_key, l.seq LIMIT ? OFFSET ?
            """
        return try LearnerRows.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }
}

/// Opaque list cursors: the position of the next page.
public enum Cursor {
    public static func encode(offset: Int) -> String {
        Data("o:\(offset)".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    public static func decode(_ text: String?) throws -> Int {
        guard let text, !text.isEmpty else { return 0 }
        var padded = text
        while padded.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded), let string = String(data: data, encoding: .utf8),
              string.hasPrefix("o:"), let offset = Int(string.dropFirst(2)), offset >= 0 else {
            throw DomainError(.malformed, "bad_cursor", "Tham số \"next\" không hợp lệ. Hãy bắt đầu lại từ trang đầu.", field: "next")
        }
        return offset
    }
}
