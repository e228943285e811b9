import Foundation

/// The centre's own settings for check-ins (command-line options of `serve`).
public struct CentreRules: Sendable {
    /// A session opens for check-in this long before it starts.
    public var openLeadMinutes = 30
    /// A visit (reading, club, self-study) closes by itself after this long, and credits no more.
    public var maxVisitHours = 4.0
    /// Visits are credited in steps of this many minutes.
    public var visitRoundingMinutes = 15
    /// Everything still open closes at this local time (minutes after midnight), 21:00 by default.
    public var closingMinute = 21 * 60

    public init() {}

    /// The visit's credited hours: its length rounded to the step, at most `maxVisitHours`.
    public func visitHours(from start: Int64, to end: Int64) -> Double {
        let minutes = Double(max(0, end - start)) / 60_000
        let step = Double(visitRoundingMinutes)
        let rounded = (minutes / step).rounded() * step / 60
        return min(rounded, maxVisitHours)
    }

    /// The closing time of the local day that contains `millis`.
    public func closingTime(ofDayContaining millis: Int64) -> Int64 {
        LocalDay.start(containing: millis) + Int64(closingMinute) * 60_000
    }

    /// When an open check-in closes by itself: a class check-in at the class's end, a visit after
    /// the longest visit, and anything at the closing time of its day (the next day's, when it
    /// began after closing).
    public func autoCloseLimit(start: Int64, sessionEnd: Int64?) -> Int64 {
        var limit = closingTime(ofDayContaining: start)
        if limit <= start { limit = closingTime(ofDayContaining: start + 86_400_000) }
        if let sessionEnd { return min(limit, max(sessionEnd, start)) }
        return min(limit, start + Int64(maxVisitHours * 3_600_000))
    }

    /// Parses "21:00".
    public static func minute(of text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }
}

/// Local calendar days in the centre's zone (`CentreZone`), in milliseconds.
public enum LocalDay {
    public static func start(containing millis: Int64) -> Int64 {
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let offset = Int64(Timestamps.offsetSeconds(at: seconds))
        let local = seconds + offset
        let dayStart = (local >= 0 ? local / 86400 : (local - 86399) / 86400) * 86400
        return (dayStart - offset) * 1000
    }

    public static func sameDay(_ a: Int64, _ b: Int64) -> Bool { start(containing: a) == start(containing: b) }

    /// The local year of a moment.
    public static func year(of millis: Int64) -> Int {
        Int(Timestamps.iso(millis: millis).prefix(4)) ?? 1970
    }

    /// The first millisecond of a local year (1 January, local midnight).
    public static func startOfYear(_ year: Int) -> Int64 { startOfMonth(year, 1) }

    /// Local midnight of the first day of `month` (1–12) of `year`.
    public static func startOfMonth(_ year: Int, _ month: Int) -> Int64 { startOfDay(year, month, 1) }

    /// Local midnight of a day at the centre.
    public static func startOfDay(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let utcMidnight = Day(year: year, month: month, day: day).ordinal * 86_400
        // The local midnight is the UTC midnight less the offset in force then.
        let offset = Int64(Timestamps.offsetSeconds(at: utcMidnight))
        return (utcMidnight - offset) * 1000
    }
}
