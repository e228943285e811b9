import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct LearnerImportTests {
    let store: Store

    init() throws {
        store = try makeStore()
        _ = try store.saveGroup(.village, id: nil, body: Fields(["name": "Thôn Đồi Thông"]), actor: nil)
    }

    func run(_ csv: String, skipBad: Bool = false) throws -> LearnerImport.Report {
        try LearnerImport(store: store).run(csv: Array(csv.utf8), skipBad: skipBad, actor: nil)
    }

    @Test func importsVietnameseHeadersWithBOM() throws {
        let report = try run("\u{FEFF}Họ và tên,Giới tính,Năm sinh,Thôn,Điện thoại\nNguyễn Thị Lan,Nữ,1958,thon doi thong,0912 345 678\nLê Văn Hùng,Nam,1960,Thôn Đồi Thông,\n")
        #expect(report.committed)
        #expect(report.created == 2)
        #expect(try store.searchLearners(LearnerQuery()).items.count == 2)
    }

    @Test func allOrNothingNamesEveryBadLine() throws {
        let report = try run("fullName,gender,birthYear,village\nNguyễn Thị Lan,female,1958,Thôn Đồi Thông\n,female,1950,Thôn Đồi Thông\nLê Anh,male,3000,Thôn Đồi Thông\nTrần Bình,male,1970,Thôn Không Có\n")
        #expect(!report.committed)
        #expect(report.rejected.map(\.line) == [3, 4, 5])
        #expect(report.rejected.map(\.field) == ["fullName", "birthYear", "village"])
        #expect(try store.searchLearners(LearnerQuery()).items.isEmpty)
    }

    @Test func skipBadKeepsTheGoodLines() throws {
        let report = try run("fullName,gender,birthYear,village\nNguyễn Thị Lan,female,1958,Thôn Đồi Thông\nLê Anh,male,3000,Thôn Đồi Thông\n", skipBad: true)
        #expect(report.committed)
        #expect(report.created == 1)
        #expect(report.rejected.count == 1)
    }

    @Test func reportsDuplicatesInsteadOfCreatingThem() throws {
        _ = try run("fullName,gender,birthYear,village\nNguyễn Thị Lan,female,1958,Thôn Đồi Thông\n")
        let report = try run("fullName,gender,birthYear,village\nNGUYEN THI LAN,female,1958,Thôn Đồi Thông\nLê Anh,male,1970,Thôn Đồi Thông\nle anh,male,1970,Thôn Đồi Thông\n")
        #expect(report.created == 1)
        #expect(report.duplicates.map(\.line) == [2, 4])
    }

    /// Lines are written in name order (fewer pages per transaction), with ids and card codes
    /// drawn beforehand: the file's order still decides which of two same people is the duplicate.
    @Test func writesInNameOrderButKeepsTheFilesOrderForDuplicates() throws {
        let report = try run("fullName,gender,birthYear,village\nTrần Văn Bình,male,1970,Thôn Đồi Thông\nLê Anh,male,1970,Thôn Đồi Thông\nÂu Cơ,female,1980,Thôn Đồi Thông\nTRAN VAN BINH,male,1970,Thôn Đồi Thông\n")
        #expect(report.created == 3)
        let learners = try store.searchLearners(LearnerQuery()).items
        let first = try #require(learners.first { $0.fullName == "Trần Văn Bình" })
        #expect(report.duplicates.map(\.line) == [5])
        // Written by given name (Anh, Bình, Cơ), not in the file's order, with ids given out ascending.
        let names = Dictionary(uniqueKeysWithValues: learners.map { ($0.id, $0.fullName) })
        #expect(report.createdIds.map { names[$0] } == ["Lê Anh", "Trần Văn Bình", "Âu Cơ"])
        #expect(report.createdIds == report.createdIds.sorted())
        #expect(report.duplicates.first?.candidateIds == [first.id])
        #expect(Set(learners.map(\.id)).count == 3)
        #expect(Set(learners.map(\.cardCode)).count == 3)
        #expect(learners.allSatisfy { $0.cardCode.wholeMatch(of: /LC[2-9A-HJ-NP-Z]{8}/) != nil })
    }

    @Test func refusesUnknownColumnsAndOtherEncodings() {
        #expect(throws: DomainError.self) { try run("fullName,gender,birthYear,village,shoeSize\n") }
        #expect(throws: DomainError.self) { try LearnerImport(store: store).run(csv: [0x4C, 0xE0, 0xFF, 0x0A], skipBad: false, actor: nil) }
    }
}
