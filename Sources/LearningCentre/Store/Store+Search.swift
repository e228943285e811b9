import Foundation
import GRDB

extension Store {
    /// Finds learners by any words of their name, in any order, without diacritics or case:
    /// "lan nguyen thi" finds "Nguyễn Thị Lan". Each word of the query must begin a word of the
    /// name. Ranked: the given name equal to a query word first, then the given name starting
    /// with one, then the rest; within a rank, the Vietnamese order.
    public func searchLearners(_ query: LearnerQuery) throws -> Page<Learner> {
        let words = NameFolding.words(query.text)
        var conditions = ["l.archived = ?"]
        var arguments: StatementArguments = [query.archived]
        var from = "learners l"
        var order = "l.sort_key, l.seq"
        if !words.isEmpty {
            from = "learner_search s JOIN learners l ON l.seq = s.rowid"
            conditions.append("learner_search MATCH ?")
            arguments += [words.map { "\"\($0)\"*" }.joined(separator: " AND ")]
            let exact = words.map { _ in "l.given_folded = ?" }.joined(separator: " OR ")
            let prefix = words.map { _ in "l.given_folded LIKE ?" }.joined(separator: " OR ")
            order = "CASE WHEN \(exact) THEN 0 WHEN \(prefix) THEN 1 ELSE 2 END, l.sort_key, l.seq"
        }
        if let village = query.villageId { conditions.append("l.village_id = ?"); arguments += [village] }
        if let household = query.householdId { conditions.append("l.household_id = ?"); arguments += [household] }
        if !words.isEmpty {
            arguments += StatementArguments(words)
            arguments += StatementArguments(words.map { $0 + "%" })
        }
        arguments += [query.limit + 1, query.offset]
        let sql = """
            SELECT \(Store.learnerColumns) FROM \(from)
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(order) LIMIT ? OFFSET ?
            """
        var items = try pool.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Store.learner) }
        var next: String? = nil
        if items.count > query.limit {
            items.removeLast()
            next = Cursor.encode(offset: query.offset + query.limit)
        }
        return Page(items: items, next: next)
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
            throw HTTPError(400, "bad_cursor", "Tham số \"next\" không hợp lệ. Hãy bắt đầu lại từ trang đầu.", field: "next")
        }
        return offset
    }
}
