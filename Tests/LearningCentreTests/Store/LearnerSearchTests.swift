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
        #expect(LearnerIndex.beginsAWord(folded, token) == expected)
    }
}
