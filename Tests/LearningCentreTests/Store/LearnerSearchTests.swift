import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct LearnerSearchTests {
    let store: Store
    let villageId: String

    static let names = ["Nguyễn Thị Lan", "Lan Văn Nguyễn", "Trần Văn Lâm", "Đặng Thị Đào", "Lê Lan Anh",
                        "Hoàng Văn Dũng", "Phạm Thị Hương", "Nông Thị Lan Hương", "Dương Minh Đức"]

    init() throws {
        store = try makeStore()
        let village = try store.saveGroup(.village, id: nil, body: Fields(["name": "Thôn Một"]), actor: nil)
        villageId = village["id"]!.stringValue!
        for (index, name) in LearnerSearchTests.names.enumerated() {
            var draft = LearnerDraft()
            draft.fullName = name; draft.gender = .other; draft.birthYear = 1950 + index; draft.villageId = villageId
            _ = try store.createLearner(draft, confirmDistinct: true, actor: nil)
        }
    }

    func search(_ text: String) throws -> [String] {
        var query = LearnerQuery()
        query.text = text
        return try store.searchLearners(query).items.map(\.fullName)
    }

    @Test(arguments: [
        ("lan nguyen thi", ["Nguyễn Thị Lan"]),
        ("NGUYEN THI LAN", ["Nguyễn Thị Lan"]),
        ("Nguyễn Thị Lan", ["Nguyễn Thị Lan"]),
        ("dao", ["Đặng Thị Đào"]),
        ("đ", ["Dương Minh Đức", "Đặng Thị Đào", "Hoàng Văn Dũng"]),
        ("huong", ["Phạm Thị Hương", "Nông Thị Lan Hương"]),
        ("xyz", []),
    ])
    func finds(_ query: String, _ expected: [String]) throws {
        #expect(Set(try search(query)) == Set(expected))
    }

    @Test func givenNameMatchesComeFirst() throws {
        let found = try search("lan")
        #expect(Set(found) == ["Nguyễn Thị Lan", "Lan Văn Nguyễn", "Lê Lan Anh", "Nông Thị Lan Hương"])
        #expect(found.first == "Nguyễn Thị Lan")
    }

    @Test func wordsMustBeginWords() throws {
        #expect(try search("an").isEmpty == false)   // "Anh"
        #expect(try search("uyen").isEmpty)          // inside "Nguyễn", not at a word start
    }

    @Test func pagesWithACursor() throws {
        var query = LearnerQuery()
        query.limit = 4
        let first = try store.searchLearners(query)
        #expect(first.items.count == 4)
        query.offset = try Cursor.decode(first.next)
        let second = try store.searchLearners(query)
        #expect(Set(first.items.map(\.id)).isDisjoint(with: second.items.map(\.id)))
    }

    @Test func aRankIsInTheVietnameseOrder() throws {
        // No given name is "thi": one rank, in the order of the sort key (the list's order).
        let found = try search("thi")
        let listed = try store.searchLearners(LearnerQuery()).items.map(\.fullName).filter { $0.contains("Thị") }
        #expect(found.count == 4)
        #expect(found == listed)
    }

    @Test func aRenamedLearnerIsFoundByTheNewNameOnly() throws {
        let lan = try store.searchLearners({ var q = LearnerQuery(); q.text = "nguyen thi lan"; return q }()).items[0]
        var draft = LearnerDraft()
        draft.gender = .other; draft.birthYear = 1950; draft.villageId = villageId
        // Enough renames that the index packs its buffer of names more than once.
        for round in 1...40 {
            draft.fullName = (["Vũ", "Thị", "Xuân"] + Array(repeating: "Hạnh", count: round % 3 + 1)).joined(separator: " ")
            _ = try store.updateLearner(id: lan.id, draft, confirmDistinct: true, actor: nil)
            #expect(try search("xuan hanh").count == 1)   // the index catches up with each rename
        }
        #expect(try search("nguyen thi lan").isEmpty)
        #expect(try search("xuan vu") == ["Vũ Thị Xuân Hạnh Hạnh"])
        #expect(Set(try search("lan")) == ["Lan Văn Nguyễn", "Lê Lan Anh", "Nông Thị Lan Hương"])
        #expect(Set(try search("huong")) == ["Phạm Thị Hương", "Nông Thị Lan Hương"])
    }

    @Test func archivedLearnersLeaveSearches() throws {
        let lan = try store.searchLearners({ var q = LearnerQuery(); q.text = "nguyen thi lan"; return q }()).items[0]
        _ = try store.setArchived(id: lan.id, true, actor: nil)
        #expect(try search("nguyen thi lan").isEmpty)
    }
}

@Suite struct LearnerIndexTests {
    @Test(arguments: [
        ("nguyen thi lan", "lan", true), ("nguyen thi lan", "ng", true), ("nguyen thi lan", "thi", true),
        ("nguyen thi lan", "uyen", false), ("nguyen thi lan", "an", false), ("nguyen thi lan", "lanh", false),
        ("lan", "lan", true), ("", "a", false),
    ])
    func findsWordStarts(_ folded: String, _ token: String, _ expected: Bool) {
        #expect(LearnerIndex.beginsAWord(ArraySlice(folded.utf8), Array(token.utf8)) == expected)
    }

    @Test func slotTextsKeepEveryTextThroughChangesAndPacking() {
        var texts = SlotTexts()
        func string(_ slot: Int) -> String { String(decoding: texts.bytes[texts.range(slot)], as: UTF8.self) }
        for i in 0..<50 { texts.append("ten \(i)") }
        for round in 0..<20 { for i in stride(from: 0, to: 50, by: 7) { texts.set(i, "doi \(round) \(i)") } }
        for i in 0..<50 { #expect(string(i) == (i % 7 == 0 ? "doi 19 \(i)" : "ten \(i)")) }
        // Packed: the bytes are not the sum of every text ever set.
        #expect(texts.bytes.count < 2 * (0..<50).map { string($0).utf8.count }.reduce(0, +) + 20)
        texts.set(3, "")
        #expect(string(3) == "")
    }
}
