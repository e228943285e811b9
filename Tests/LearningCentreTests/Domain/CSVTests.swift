import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct CSVTests {
    @Test func parsesQuotesLineBreaksAndBOM() {
        let text = "\u{FEFF}fullName,notes\r\n\"Nguyễn, Lan\",\"a \"\"quoted\"\"\nline\"\r\nLê Anh,\r\n"
        let records = CSV.parse(text)
        #expect(records.count == 3)
        #expect(records[1].fields == ["Nguyễn, Lan", "a \"quoted\"\nline"])
        #expect(records[2].line == 4)
        #expect(records[2].fields == ["Lê Anh", ""])
    }

    @Test func acceptsSemicolons() {
        let records = CSV.parse("Họ và tên;Năm sinh\nLê Anh;1970\n")
        #expect(records[1].fields == ["Lê Anh", "1970"])
    }

    @Test func skipsBlankLines() {
        #expect(CSV.parse("a,b\n\n1,2\n").count == 2)
    }

    @Test func aLoneCarriageReturnEndsARecord() {
        let records = CSV.parse("a,b\r1,2\r3,4")
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    /// The one reader reads a file in pieces as it reads memory: a record across the pieces' seam
    /// (the file is larger than a piece) comes out whole.
    @Test func aFileReadsAsMemoryDoes() throws {
        var text = "\u{FEFF}id,notes\r\n"
        for i in 0..<20_000 { text += "\(i),\"dòng \(i), có \"\"ngoặc\"\"\nvà xuống dòng\"\r\n" }
        let path = temporaryDirectory("lc-csv") + ".csv"
        try Array(text.utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
        let reader = try CSVReader(path: path)
        var fromFile: [[String]] = []
        while let fields = try reader.next() { fromFile.append(fields) }
        #expect(fromFile == CSV.parse(text).map(\.fields))
        #expect(fromFile.count == 20_001 && fromFile[12_345] == ["12344", "dòng 12344, có \"ngoặc\"\nvà xuống dòng"])
    }
}
