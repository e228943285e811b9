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
                FROM check_ins c LEFT JOIN sessions s ON s.id = c.session_id
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

extension HoursLedger: JSONWritable {
    public func write(to w: inout JSONWriter) {
        let round = Store.roundHours
        w.beginObject()
        w.key("byCategory"); JSONValue.object(byCategory.mapValues { .number(round($0)) }).write(to: &w)
        w.key("byMonth"); JSONValue.object(byMonth.mapValues { .number(round($0)) }).write(to: &w)
        w.key("itHours"); w.number(round(byCategory["it"] ?? 0))
        w.key("total"); w.number(round(total))
        w.key("year"); w.int(year)
        w.endObject()
    }
}

extension AttendanceLine: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("checkIn"); checkIn.write(to: &w)
        w.key("creditedHours"); w.number(checkIn.creditedHours)
        w.key("fullName"); w.string(fullName)
        w.key("learnerId"); w.string(learnerId)
        w.key("overrideReason"); w.string(overrideReason)
        w.endObject()
    }
}
