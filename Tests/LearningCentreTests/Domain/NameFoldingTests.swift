import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct NameFoldingTests {
    @Test(arguments: [
        ("Nguyễn Thị Lan", "nguyen thi lan"),
        ("NGUYỄN THỊ LAN", "nguyen thi lan"),
        ("Đặng Văn Đức", "dang van duc"),
        ("  Trần   Hữu  Phước ", "tran huu phuoc"),
        ("Lương Thị Ánh-Tuyết", "luong thi anh tuyet"),
        ("Nguye\u{0302}\u{0303}n Thi\u{0323} Lan", "nguyen thi lan"),  // decomposed input
        ("Hồ Ư Ơ", "ho u o"),
    ])
    func folds(_ input: String, _ expected: String) {
        #expect(NameFolding.fold(input) == expected)
    }

    @Test func normalizesToNFC() {
        let decomposed = "Nguye\u{0302}\u{0303}n"
        let stored = NameFolding.normalize(decomposed)
        #expect(stored.unicodeScalars.count == 6)
        #expect(stored == "Nguyễn")
    }

    @Test func sortsTheVietnameseWay() {
        let names = ["Trần Văn Bình", "Nguyễn Thị Lan", "Lê Anh", "Phạm Thị Lan"]
        let sorted = names.sorted { FoldedName($0).sortKey < FoldedName($1).sortKey }
        #expect(sorted == ["Lê Anh", "Trần Văn Bình", "Nguyễn Thị Lan", "Phạm Thị Lan"])
    }

    @Test(arguments: [
        ("Nguyễn Thị Lan", true), ("", false), ("   ", false), ("Lan\u{0007}", false), ("Lan\nAnh", false), ("---", false),
    ])
    func checksNames(_ input: String, _ valid: Bool) {
        #expect(((try? TextRules.name("fullName", input)) != nil) == valid)
    }

    @Test func refusesLongNames() throws {
        let error = #expect(throws: DomainError.self) { try TextRules.name("fullName", String(repeating: "a", count: 500)) }
        #expect(error.map { HTTPError($0).status } == 422)
        #expect(error?.field == "fullName")
    }

    /// Lengths count code points, as the API's schema (`maxLength`) does: 30 letters each
    /// stacked with combining marks are 150 code points, not 30 characters; a composed
    /// Vietnamese name of 100 letters is 100.
    @Test func lengthCountsCodePointsAfterNFC() throws {
        let stacked = String(repeating: "o\u{0332}\u{032C}\u{0347}\u{032A}", count: 30)
        #expect(stacked.count == 30 && stacked.unicodeScalars.count == 150)
        #expect(throws: DomainError.self) { try TextRules.name("name", stacked, max: 149) }
        #expect(try TextRules.name("name", stacked, max: 150).unicodeScalars.count == 150)
        let decomposed = String(repeating: "e\u{0302}\u{0301}", count: 100)  // "ế" written in three code points
        #expect(try TextRules.name("fullName", decomposed) == String(repeating: "ế", count: 100))
        #expect(throws: DomainError.self) { try TextRules.text("note", String(repeating: "o\u{0332}", count: 1001)) }
    }

    @Test(arguments: [("0912 345 678", "0912345678"), ("+84912345678", "0912345678"), ("091.234.5678", "0912345678")])
    func normalizesPhones(_ input: String, _ expected: String) throws {
        #expect(try TextRules.phone("phone", input) == expected)
    }

    @Test func refusesBadPhones() {
        #expect(throws: DomainError.self) { try TextRules.phone("phone", "12ab") }
        #expect(throws: DomainError.self) { try TextRules.phone("phone", "123") }
    }
}
