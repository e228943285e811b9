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
}
