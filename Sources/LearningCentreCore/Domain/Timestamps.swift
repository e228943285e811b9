import Foundation

/// ISO 8601 with an explicit offset ("2026-11-29T20:05:52+07:00"), in the centre's time zone.
public enum Timestamps {
    /// The centre's UTC offset at a moment (see `CentreZone`), never the process's `TZ`.
    static func offsetSeconds(at seconds: Int64) -> Int { CentreZone.offsetSeconds(at: seconds) }

    public static func iso(millis: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(25)
        writeISO(millis, fraction: false, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// ISO 8601 with milliseconds ("2026-03-02T08:30:00.250+07:00"): exports keep the exact instant.
    public static func isoMillis(_ millis: Int64) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(29)
        writeISO(millis, fraction: true, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the ISO 8601 form of `millis` to `out` (an export writes millions of them).
    static func writeISO(_ millis: Int64, fraction: Bool, into out: inout [UInt8]) {
        let utc = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let offset = offsetSeconds(at: utc)
        let local = utc + Int64(offset)
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let secondOfDay = Int(local - days * 86400)
        let (year, month, day) = Day(ordinal: days).parts
        let zone = abs(offset)
        // Formatted in place, two digits at a time: a full export writes millions of these.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 29) { text in
            func two(_ value: Int, at index: Int) {
                text[index] = UInt8(truncatingIfNeeded: 48 + value / 10 % 10)
                text[index + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
            }
            two(year / 100, at: 0); two(year, at: 2); text[4] = 45; two(month, at: 5); text[7] = 45; two(day, at: 8)
            text[10] = 84; two(secondOfDay / 3600, at: 11); text[13] = 58; two(secondOfDay / 60 % 60, at: 14); text[16] = 58
            two(secondOfDay % 60, at: 17)
            var end = 19
            if fraction {
                let fraction = Int(millis - utc * 1000)
                text[19] = 46; text[20] = UInt8(truncatingIfNeeded: 48 + fraction / 100); two(fraction, at: 21)
                end = 23
            }
            text[end] = offset < 0 ? 45 : 43; two(zone / 3600, at: end + 1); text[end + 3] = 58; two(zone % 3600 / 60, at: end + 4)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[0..<(end + 6)]))
        }
    }

    /// The form this program writes ("2026-03-02T08:30:00[.250](+07:00|Z)"), read without a
    /// formatter: an export's millions of timestamps must not each build one.
    static func parseExact(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), (1...31).contains(day),
              hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var millis = 0
        if index < b.count, b[index] == 0x2E {
            var digits = 0
            index += 1
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 {
                if digits < 3 { millis = millis * 10 + Int(b[index] - 0x30); digits += 1 }
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<3 { millis *= 10 }
        }
        var offset = 0
        if index == b.count - 1, b[index] == 0x5A {
        } else if index == b.count - 6, b[index] == 0x2B || b[index] == 0x2D, b[index + 3] == 0x3A,
                  let hours = number(index + 1, 2), let minutes = number(index + 4, 2) {
            offset = (hours * 3600 + minutes * 60) * (b[index] == 0x2D ? -1 : 1)
        } else { return nil }
        let days = Day(year: year, month: month, day: day).ordinal
        let seconds = days * 86400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return seconds * 1000 + Int64(millis)
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
        if let millis = parseExact(text) { return millis }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        if let date = plain.date(from: text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }

    /// The year it is now at the centre.
    public static func currentYear() -> Int { LocalDay.year(of: Store.nowMillis()) }

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
