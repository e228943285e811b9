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
    public func yearActivity(year: Int) throws -> [ActivityLine] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT COALESCE(s.category, c.purpose), COUNT(DISTINCT c.session_id), SUM(\(Store.countedSQL)), SUM(\(Store.creditedHoursSQL))
                FROM check_ins c LEFT JOIN sessions s ON s.id = c.session_id
                WHERE c.checked_in_at >= ? AND c.checked_in_at < ? GROUP BY 1 ORDER BY 1
                """), arguments: [LocalDay.startOfYear(year), LocalDay.startOfYear(year + 1)]).map {
                ActivityLine(category: $0[0], sessions: $0[1], attendances: $0[2], hours: $0[3])
            }
        }
    }

    /// The commune's name as the centre records it ("xã Minh Họa"), for reports.
    public func communeName() throws -> String? { try settings().communeName }
}
