import Foundation
import Glibc
import Synchronization

/// ISO 8601 with an explicit offset ("2026-11-29T20:05:52+07:00"), in the box's time zone.
public enum Timestamps {
    /// The box's UTC offset (`TZ` honoured) by hour, asked of the C library once per hour seen:
    /// formatting runs for every timestamp of every answer.
    private static let offsets = Mutex<[Int64: Int]>([:])

    static func offsetSeconds(at seconds: Int64) -> Int {
        let hour = seconds >= 0 ? seconds / 3600 : (seconds - 3599) / 3600
        if let known = offsets.withLock({ $0[hour] }) { return known }
        var t = time_t(seconds)
        var parts = tm()
        localtime_r(&t, &parts)
        let offset = parts.tm_gmtoff
        offsets.withLock { cache in
            if cache.count > 4096 { cache.removeAll() }
            cache[hour] = offset
        }
        return offset
    }

    public static func iso(millis: Int64) -> String {
        let utc = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let offset = offsetSeconds(at: utc)
        let local = utc + Int64(offset)
        var days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secondOfDay = Int(local - days * 86400)
        // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        var out: [UInt8] = []
        out.reserveCapacity(25)
        func put(_ value: Int, _ width: Int) {
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            var v = value
            for i in stride(from: width - 1, through: 0, by: -1) { digits[i] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10 }
            out.append(contentsOf: digits)
        }
        put(year, 4); out.append(UInt8(ascii: "-")); put(month, 2); out.append(UInt8(ascii: "-")); put(day, 2)
        out.append(UInt8(ascii: "T")); put(secondOfDay / 3600, 2); out.append(UInt8(ascii: ":"))
        put(secondOfDay / 60 % 60, 2); out.append(UInt8(ascii: ":")); put(secondOfDay % 60, 2)
        out.append(offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        put(abs(offset) / 3600, 2); out.append(UInt8(ascii: ":")); put(abs(offset) % 3600 / 60, 2)
        return String(decoding: out, as: UTF8.self)
    }

    /// "08:30", local time.
    public static func localTime(_ millis: Int64) -> String { String(iso(millis: millis).dropFirst(11).prefix(5)) }

    /// "29/11/2026", the local date as Vietnamese people write it.
    public static func localDate(_ millis: Int64) -> String {
        let iso = iso(millis: millis)
        return "\(iso.dropFirst(8).prefix(2))/\(iso.dropFirst(5).prefix(2))/\(iso.prefix(4))"
    }

    /// Reads ISO 8601 with an offset or "Z", with or without fractional seconds.
    public static func parse(_ text: String) -> Int64? {
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
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
