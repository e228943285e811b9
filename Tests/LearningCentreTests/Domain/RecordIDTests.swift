import Foundation
@testable import LearningCentreCore
import Testing

@Suite struct RecordIDTests {
    @Test func anIdIsAVersionSevenUUIDInLowerCase() throws {
        for _ in 0..<1_000 {
            let id = RecordID.new()
            let parsed = try #require(UUID(uuidString: id), "\(id) is not a UUID")
            #expect(id == parsed.uuidString.lowercased())
            let bytes = parsed.uuid
            #expect(bytes.6 >> 4 == 7, "version nibble of \(id)")
            #expect(bytes.8 >> 6 == 0b10, "variant bits of \(id)")
        }
    }

    /// Ids sort by the moment they were made (so an index keyed by them grows at one end), and
    /// the moment reads back from the first twelve digits.
    @Test func idsSortByTheirMoment() {
        let millis: [Int64] = [1_700_000_000_000, 1_700_000_000_001, 1_796_000_000_000, 1_796_000_060_000]
        let ids = millis.map { RecordID.new(millis: $0) }
        #expect(ids == ids.sorted())
        let digits = ids[2].replacingOccurrences(of: "-", with: "").prefix(12)
        #expect(Int64(digits, radix: 16) == 1_796_000_000_000)
    }

    /// Many in one millisecond still ascend, one after the other (an import's rows, in order).
    @Test func idsDoNotRepeatAndAscend() {
        let ids = (0..<10_000).map { _ in RecordID.new() }
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
    }
}
