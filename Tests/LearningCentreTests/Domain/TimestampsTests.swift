import Foundation
import Testing
@testable import LearningCentre

@Suite struct TimestampsTests {
    /// The fast formatter agrees with Foundation's for dates across eras, leap days and both signs.
    @Test(arguments: [0, 951_782_400, 1_709_164_800, 1_796_000_000, 4_102_444_799, -86_400, 1_000_000_000_123] as [Int64])
    func agreesWithFoundation(_ seconds: Int64) {
        let millis = seconds > 100_000_000_000 ? seconds : seconds * 1000
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = .current
        var expected = formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
        if expected.hasSuffix("Z") { expected = String(expected.dropLast()) + "+00:00" }
        #expect(Timestamps.iso(millis: millis) == expected)
    }

    @Test(arguments: [("1958-03-21", 1958), ("2024-02-29", 2024)])
    func readsDates(_ text: String, _ year: Int) { #expect(Timestamps.dateYear(text) == year) }

    @Test(arguments: ["2023-02-29", "1958-13-01", "58-03-21", "1958/03/21", ""])
    func refusesBadDates(_ text: String) { #expect(Timestamps.dateYear(text) == nil) }
}
