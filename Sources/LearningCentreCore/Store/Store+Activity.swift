import Foundation
import GRDB

/// The year's activities by category: classes held, attendances, hours (visits by purpose too).
public struct ActivityLine: Sendable {
    public var category: String
    public var sessions: Int
    public var attendances: Int
    public var hours: Double
}

extension Store {
    /// The year's activity by category: classes held (never a cancelled one, CRITERIA §4), and
    /// the attendances and hours of the learners who count in the year, the same figures the
    /// dashboard sums.
    static func activity(_ db: Database, year: Int, attendances: [String: Int], facts: [LearnerFacts]) throws -> [ActivityLine] {
        let held = Dictionary(try Row.fetchAll(db.cachedStatement(sql: """
            SELECT category, COUNT(*) FROM sessions s WHERE s.state <> 'cancelled' AND s.starts_at >= ? AND s.starts_at < ?
            AND EXISTS (SELECT 1 FROM check_in_rows c WHERE c.session_seq = s.seq AND c.removed_at IS NULL) GROUP BY 1
            """), arguments: [LocalDay.startOfYear(year), LocalDay.startOfYear(year + 1)]).map { ($0[0] as String, $0[1] as Int) },
            uniquingKeysWith: { a, _ in a })
        var hours: [String: Double] = [:]
        for f in facts { for (category, value) in f.hoursByCategory { hours[category, default: 0] += value } }
        let categories = Set(held.keys).union(attendances.filter { $0.value > 0 }.keys).union(hours.keys).sorted()
        return categories.map { ActivityLine(category: $0, sessions: held[$0] ?? 0, attendances: attendances[$0] ?? 0, hours: hours[$0] ?? 0) }
    }

    /// The commune's name as the centre records it ("xã Minh Họa"), for reports.
    public func communeName() throws -> String? { try settings().communeName }
}
