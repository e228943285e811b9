import Foundation

/// A calendar day at the centre ("2026-12-01"), as memberships, registrations and closings
/// are dated. Compared and stepped as days since 1970; its moments are in the centre's zone.
public struct Day: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int64

    public init(ordinal: Int64) { self.ordinal = ordinal }

    public init(year: Int, month: Int, day: Int) {
        // H. Hinnant's days_from_civil.
        let y = Int64(year) - (month <= 2 ? 1 : 0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * Int64((month + 9) % 12) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        ordinal = era * 146_097 + dayOfEra - 719_468
    }

    /// "YYYY-MM-DD" naming a real day; nil otherwise.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range { guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }; value = value * 10 + Int(b[i] - 0x30) }
            return value
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), y >= 1900, (1...12).contains(m), d >= 1 else { return nil }
        let candidate = Day(year: y, month: m, day: d)
        guard candidate.parts.day == d else { return nil }  // 2026-02-30 is not a day
        self = candidate
    }

    /// The centre's day of a moment.
    public init(millis: Int64) {
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let local = seconds + Int64(Timestamps.offsetSeconds(at: seconds))
        self.init(ordinal: local >= 0 ? local / 86400 : (local - 86399) / 86400)
    }

    public static func today(now: Int64 = Store.nowMillis()) -> Day { Day(millis: now) }
    public static func firstOfYear(_ year: Int) -> Day { Day(year: year, month: 1, day: 1) }
    public static func lastOfYear(_ year: Int) -> Day { Day(year: year, month: 12, day: 31) }

    public var parts: (year: Int, month: Int, day: Int) {
        // H. Hinnant's civil_from_days.
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0), month, day)
    }

    public var year: Int { parts.year }
    /// Written out by hand: `String(format:)` was 2% of a registration's time, inside the write lane.
    public var text: String {
        let p = parts
        return Day.digits(p.year, 4) + "-" + Day.digits(p.month, 2) + "-" + Day.digits(p.day, 2)
    }
    public var description: String { text }
    /// "01/12/2026", as Vietnamese people write a date.
    public var vietnamese: String { let p = parts; return Day.digits(p.day, 2) + "/" + Day.digits(p.month, 2) + "/" + Day.digits(p.year, 4) }

    /// A number with zeros in front up to `width` digits.
    static func digits(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.utf8.count >= width ? text : String(repeating: "0", count: width - text.utf8.count) + text
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + Int64(days)) }

    /// Local midnight at the centre, in milliseconds.
    public var startMillis: Int64 { let p = parts; return LocalDay.startOfDay(p.year, p.month, p.day) }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }
}
