import Foundation
import GRDB

/// A learner's hours in a year, always summed from the records.
public struct HoursLedger: Sendable {
    public var year: Int
    public var total: Double
    /// Session categories (it, language, …) and visit purposes (reading, club, selfStudy).
    public var byCategory: [String: Double]
    /// "2026-01" → hours.
    public var byMonth: [String: Double]
}

extension Store {
    public func hours(learnerId: String, year: Int) throws -> HoursLedger {
        try read { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM learners WHERE id = ?", arguments: [learnerId]) == true else {
                throw DomainError.notFound("người học này")
            }
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT COALESCE(s.category, c.purpose), c.checked_in_at, \(Store.creditedHoursSQL)
                FROM check_ins c LEFT JOIN sessions s ON s.seq = c.session_seq
                WHERE c.learner_id = ? AND c.checked_in_at >= ? AND c.checked_in_at < ?
                """), arguments: [learnerId, LocalDay.startOfYear(year), LocalDay.startOfYear(year + 1)])
            var ledger = HoursLedger(year: year, total: 0, byCategory: [:], byMonth: [:])
            for row in rows {
                let hours: Double = row[2]
                guard hours > 0 else { continue }
                ledger.total += hours
                ledger.byCategory[row[0] as String, default: 0] += hours
                ledger.byMonth[String(Timestamps.iso(millis: row[1]).prefix(7)), default: 0] += hours
            }
            return ledger
        }
    }
}

extension Store {
    /// Hours as the API shows them: to the hundredth.
    package static func roundHours(_ v: Double) -> Double { (v * 100).rounded() / 100 }
}

extension HoursLedger: JSONShape {
    public static let schemaName = "Hours"
    public static let fields: [ShapeField<HoursLedger>] = [
        .hours("byCategory", \.byCategory),
        .hours("byMonth", \.byMonth),
        .number("itHours", { Store.roundHours($0.byCategory["it"] ?? 0) }),
        .number("total", { Store.roundHours($0.total) }),
        .int("year", \.year),
    ]
}

extension AttendanceLine: JSONShape {
    public static let schemaName = "AttendanceLine"
    public static let fields: [ShapeField<AttendanceLine>] = [
        .object("checkIn", \.checkIn),
        .number("creditedHours", \.checkIn.creditedHours),
        .string("fullName", \.fullName),
        .string("learnerId", \.learnerId),
        .nullableString("overrideReason", \.overrideReason),
    ]
}
