import Foundation

/// ISO 8601 with an explicit offset ("2026-11-29T20:05:52+07:00"), in the box's time zone.
public enum Timestamps {
    public static func iso(millis: Int64, timeZone: TimeZone = .current) -> String {
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = timeZone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) % 3600 / 60
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d",
                      c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, sign, hours, minutes)
    }

    public static func currentYear() -> Int { Calendar(identifier: .gregorian).component(.year, from: Date()) }

    /// Checks "YYYY-MM-DD" names a real day; returns its year.
    public static func dateYear(_ text: String) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        var c = DateComponents(); c.year = y; c.month = m; c.day = d
        let calendar = Calendar(identifier: .gregorian)
        guard c.isValidDate(in: calendar) else { return nil }
        return y
    }
}
