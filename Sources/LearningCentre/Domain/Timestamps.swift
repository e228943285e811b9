import Foundation
import Glibc

/// ISO 8601 with an explicit offset ("2026-11-29T20:05:52+07:00"), in the box's time zone.
public enum Timestamps {
    /// Uses the C library's local time (the box's zone, `TZ` honoured): this runs for every
    /// timestamp of every answer, so it avoids Foundation's formatters.
    public static func iso(millis: Int64) -> String {
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var parts = tm()
        localtime_r(&seconds, &parts)
        let offset = parts.tm_gmtoff
        var out = ""
        out.reserveCapacity(25)
        func pad(_ value: Int, _ width: Int) {
            let digits = String(value)
            if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
            out += digits
        }
        pad(Int(parts.tm_year) + 1900, 4); out += "-"; pad(Int(parts.tm_mon) + 1, 2); out += "-"; pad(Int(parts.tm_mday), 2)
        out += "T"; pad(Int(parts.tm_hour), 2); out += ":"; pad(Int(parts.tm_min), 2); out += ":"; pad(Int(parts.tm_sec), 2)
        out += offset < 0 ? "-" : "+"
        pad(abs(offset) / 3600, 2); out += ":"; pad(abs(offset) % 3600 / 60, 2)
        return out
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
