import Foundation
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

    /// Folding code point by code point (with the table) gives what folding the whole text
    /// through Foundation's decomposition gave: every code point below U+3000 between two
    /// letters, and texts drawn at random from Vietnamese letters, marks, other scripts and
    /// separators.
    @Test func foldsAsTheWholeTextDecomposed() {
        /// The fold as it was written before the table: the whole text decomposed, then lower-cased.
        func whole(_ text: String) -> [String] {
            func ascii(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
                switch scalar {
                case "a"..."z", "0"..."9": return scalar
                case "đ", "ð": return "d"
                case "ø": return "o"
                case "æ": return "a"
                default: return nil
                }
            }
            var result: [String] = [], current = ""
            for scalar in text.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
                if let letter = ascii(scalar) {
                    current.unicodeScalars.append(letter)
                } else if scalar.properties.generalCategory != .nonspacingMark, !current.isEmpty {
                    result.append(current)
                    current = ""
                }
            }
            if !current.isEmpty { result.append(current) }
            return result
        }
        var differing: [String] = []
        for value in UInt32(0)..<0x3000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "A\(Character(scalar))b"
            if NameFolding.words(text) != whole(text) { differing.append(String(value, radix: 16)) }
        }
        #expect(differing.isEmpty, "U+\(differing.prefix(20).joined(separator: ", U+"))")
        let pool = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬĐÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ019 -.,'".unicodeScalars)
            + ["\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}", "\u{302}", "\u{31B}", "\u{306}", "ß", "İ", "\u{212A}", "Σ", "한", "中", "\u{1D165}", "\u{0F71}", "ǅ", "ﬁ"]
        for text in drawnTexts(pool, seed: 19, lengths: 1..<17) {
            #expect(NameFolding.words(text) == whole(text), "\(codes(text))")
        }
    }

    /// The names that skip Foundation's normalization (ASCII and composed letters) come out as
    /// they would through it: texts drawn from those letters, spaces of every kind, and marks
    /// (which send the name through Foundation).
    @Test func normalizesAsFoundationDoes() {
        func foundation(_ text: String) -> String {
            text.precomposedStringWithCanonicalMapping.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        let pool = Array("aăâbđeêoôơuưyAĂĐÊÔƠƯÝẠẶỆỘỢỰỸàáãảạằắẵẳặÀÁ019-.'ßæøÆØǅ".unicodeScalars)
            + [" ", "  ", "\t", "\n", "\r\n", "\u{A0}", "\u{85}", "\u{2003}", "\u{300}", "\u{301}", "\u{323}", "\u{302}", "\u{212B}", "中"].flatMap(\.unicodeScalars)
        for text in drawnTexts(pool, seed: 20, lengths: 0..<14) {
            #expect(NameFolding.normalize(text).unicodeScalars.elementsEqual(foundation(text).unicodeScalars), "\(codes(text))")
        }
        #expect(NameFolding.normalize("  Trần\u{A0}\u{A0}Hữu\tPhước\r\n") == "Trần Hữu Phước")
        // The shortcut is taken for composed Vietnamese letters, not for marks or letters NFC changes.
        #expect("ĐệƯỡàÝ".unicodeScalars.allSatisfy(NameFolding.Folding.keptByNFC))
        #expect(!["\u{301}", "\u{323}", "\u{212B}", "中"].contains { NameFolding.Folding.keptByNFC($0) })
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

/// 5,000 texts drawn from `pool`, the same on every run, of a length in `lengths`.
private func drawnTexts(_ pool: [Unicode.Scalar], seed: UInt64, lengths: Range<Int>) -> [String] {
    var random = SplitMix(seed: seed)
    return (0..<5_000).map { _ in
        var text = String.UnicodeScalarView()
        for _ in 0..<random.pick(lengths) { text.append(pool[random.next(pool.count)]) }
        return String(text)
    }
}

/// A text's code points in hexadecimal, for a failure's message.
private func codes(_ text: String) -> String {
    text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
}
