import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct TimestampsTests {
    /// The fast formatter agrees with Foundation's in the centre's zone (whatever the process's
    /// TZ) for dates across eras, leap days and both signs.
    @Test(arguments: [0, 951_782_400, 1_709_164_800, 1_796_000_000, 4_102_444_799, -86_400, 1_000_000_000_123] as [Int64])
    func agreesWithFoundation(_ seconds: Int64) {
        let millis = seconds > 100_000_000_000 ? seconds : seconds * 1000
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: CentreZone.identifier)
        var expected = formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
        if expected.hasSuffix("Z") { expected = String(expected.dropLast()) + "+00:00" }
        #expect(Timestamps.iso(millis: millis) == expected)
    }

    @Test(arguments: [("1958-03-21", 1958), ("2024-02-29", 2024)])
    func readsDates(_ text: String, _ year: Int) { #expect(Timestamps.dateYear(text) == year) }

    @Test(arguments: ["2023-02-29", "1958-13-01", "58-03-21", "1958/03/21", ""])
    func refusesBadDates(_ text: String) { #expect(Timestamps.dateYear(text) == nil) }
}

@Suite struct LocalDayTests {
    @Test(arguments: [1970, 1999, 2000, 2024, 2026, 2100])
    func startOfYearIsLocalMidnightOnTheFirstOfJanuary(_ year: Int) {
        let start = LocalDay.startOfYear(year)
        #expect(Timestamps.iso(millis: start).hasPrefix("\(year)-01-01T00:00:00"))
        #expect(Timestamps.iso(millis: start - 1).hasPrefix("\(year - 1)-12-31T23:59:59"))
        #expect(LocalDay.year(of: start) == year)
    }

    @Test func daysStartAtLocalMidnight() {
        let noon = LocalDay.startOfYear(2026) + 40 * 86_400_000 + 12 * 3_600_000
        #expect(Timestamps.iso(millis: LocalDay.start(containing: noon)).contains("T00:00:00"))
        #expect(LocalDay.sameDay(noon, LocalDay.start(containing: noon)))
    }

    @Test(arguments: [(2026, 1), (2026, 2), (2026, 3), (2024, 2), (2024, 3), (2027, 12), (1999, 7)])
    func monthsStartAtLocalMidnight(_ year: Int, _ month: Int) {
        let start = LocalDay.startOfMonth(year, month)
        #expect(Timestamps.iso(millis: start).hasPrefix(String(format: "%04d-%02d-01T00:00:00", year, month)))
        #expect(Timestamps.iso(millis: start - 1).hasPrefix(String(format: "%04d-%02d", month == 1 ? year - 1 : year, month == 1 ? 12 : month - 1)))
    }
}
