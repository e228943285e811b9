import Testing
@testable import LearningCentreCore

@Suite struct MappedCodeTests {
    /// The program's own executable segment is found and let go of, and the program runs on: its
    /// code comes back from the file as it runs (here, the test program's own).
    @Test func theExecutableSegmentIsLetGoAndTheCodeRunsOn() {
        let advised = MappedCode.releaseStartupPages()
        #expect(advised > 1_000_000, "\(advised) bytes advised")   // the test program's code is megabytes
        #expect((1...1000).map { String($0) }.joined().count == 2893)
        #expect(MappedCode.releaseStartupPages() == advised)   // again: the same segment, nothing else
    }
}
