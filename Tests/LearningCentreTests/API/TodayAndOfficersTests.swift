import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The manager's "today" (who is in, what to review), everyone's hours for a year, and target T7.
@Suite struct TodayAndOfficersTests {
    let centre: TestCentre
    let manager: TestCentre.Login
    let staff: TestCentre.Login
    let village: String
    let hour: Int64 = 3_600_000

    init() throws {
        centre = try TestCentre()
        manager = try centre.login()
        staff = try centre.login("canbo")
        village = try centre.village("Thôn Hai", login: manager)
    }

    func learner(_ name: String, officer: Bool = false) throws -> String {
        try #require(centre.send("POST", "/api/learners", json: ["fullName": name, "gender": "female", "birthYear": 1970, "villageId": village,
                                                                 "isAssociationOfficer": officer], login: staff).json["id"]?.stringValue)
    }

    /// A session of `hours` in `category` early this year, with `people` on its sheet.
    func heldSession(_ category: String, hours: Double, people: [String]) throws {
        let window = classEarlyThisYear(hours: hours)
        let id = try #require(centre.send("POST", "/api/sessions", json: [
            "title": "Buổi \(category)", "category": category, "startsAt": Timestamps.iso(millis: window.start),
            "endsAt": Timestamps.iso(millis: window.end)], login: staff).json["id"]?.stringValue)
        #expect(centre.send("PUT", "/api/sessions/\(id)/attendance", json: ["learnerIds": people], login: staff).status == 200)
    }

    @Test func todayShowsWhoIsInAndTheVisitsToReview() throws {
        let lan = try learner("Nguyễn Thị Lan"), mai = try learner("Trần Thị Mai")
        #expect(centre.send("POST", "/api/kiosk/check-ins", json: ["learnerId": lan, "purpose": "reading"]).status == 201)
        // Mai came yesterday morning and never checked out: closed by itself after four hours.
        let yesterday9 = LocalDay.start(containing: Store.nowMillis()) - 15 * hour
        _ = try centre.store.checkIn(.id(mai), .purpose(.selfStudy), now: yesterday9, rules: CentreRules())
        try centre.store.autoCloseAll(now: yesterday9 + 6 * hour, rules: CentreRules())

        let today = centre.send("GET", "/api/today", login: staff).json
        #expect(today["present"]?.arrayValue?.map { $0["fullName"] } == ["Nguyễn Thị Lan"])
        let review = try #require(today["toReview"]?.arrayValue)
        #expect(review.map { $0["fullName"] } == ["Trần Thị Mai"])
        let first = try #require(review.first)
        #expect(first["checkIn"]?["creditedHours"] == 4)
        let checkIn = try #require(first["checkIn"]?["id"]?.stringValue)

        // Setting when she really left needs a reason; then her hours follow and the line is done.
        let left = Timestamps.iso(millis: yesterday9 + 90 * 60_000)
        let noReason = centre.send("POST", "/api/check-ins/\(checkIn)/review", json: ["checkedOutAt": left], login: staff)
        #expect(noReason.status == 422)
        #expect(noReason.errorField == "reason")
        let reviewed = centre.send("POST", "/api/check-ins/\(checkIn)/review", json: ["checkedOutAt": left, "reason": "Sổ trực ghi 10:30"],
                                   login: staff)
        #expect(reviewed.status == 200)
        #expect(reviewed.json["creditedHours"]?.numberValue == 1.5)
        #expect(centre.send("GET", "/api/today", login: staff).json["toReview"]?.arrayValue?.isEmpty == true)
        #expect(centre.send("POST", "/api/check-ins/nope/review", json: [:], login: staff).status == 404)
        #expect(try centre.store.auditTrail(entity: "learner", id: mai).contains { $0.action == "checkInReview" })
    }

    @Test func everyonesHoursForTheYearMatchEachLedger() throws {
        let lan = try learner("Nguyễn Thị Lan"), mai = try learner("Trần Thị Mai")
        _ = try learner("Hà Văn Tư")  // no hours
        try heldSession("it", hours: 2, people: [lan, mai])
        try heldSession("law", hours: 1.5, people: [mai])
        let year = LocalDay.year(of: Store.nowMillis())
        let all = try #require(centre.send("GET", "/api/hours?year=\(year)", login: staff).json["items"]?.arrayValue)
        #expect(all.map { $0["fullName"] } == ["Nguyễn Thị Lan", "Trần Thị Mai"], "Vietnamese order; no hours, no line")
        for item in all {
            let ledger = centre.send("GET", "/api/learners/\(item["learnerId"]!.stringValue!)/hours?year=\(year)", login: staff).json
            #expect(item["total"] == ledger["total"])
            #expect(item["itHours"] == ledger["itHours"])
            #expect(item["byCategory"] == ledger["byCategory"])
        }
        let paged = centre.send("GET", "/api/hours?year=\(year)&limit=1", login: staff).json
        #expect(paged["items"]?.arrayValue?.count == 1)
        let next = try #require(paged["next"]?.stringValue)
        #expect(centre.send("GET", "/api/hours?year=\(year)&limit=1&next=\(next)", login: staff).json["items"]?.arrayValue?.first?["fullName"] == "Trần Thị Mai")
        #expect(centre.send("GET", "/api/hours?year=99", login: staff).status == 400)
    }

    @Test func officersCountForT7WhenTheyTakePartAndAreTrainedInIT() throws {
        let trained = try learner("Lê Thị Hoa", officer: true)       // 5 IT hours: counts
        let assessed = try learner("Phạm Văn Bình", officer: true)   // basic skills, but no activity: does not count
        let legal = try learner("Đỗ Thị Cúc", officer: true)         // takes part, only law: does not count
        _ = try learner("Vũ Văn Dũng")                                // not an officer
        try heldSession("it", hours: 5, people: [trained])
        try heldSession("law", hours: 3, people: [legal])
        let year = LocalDay.year(of: Store.nowMillis())
        #expect(centre.send("PUT", "/api/learners/\(assessed)/digital-skills/\(year)", json: ["level": "basic"], login: staff).status == 200)

        let t7 = centre.send("GET", "/api/officers?year=\(year)", login: staff).json
        #expect(t7["officers"] == 3)
        #expect(t7["participating"] == 2)
        #expect(t7["trainedInIT"] == 2)
        #expect(t7["counted"] == 1)
        #expect(t7["percent"]?.numberValue == 33.3)
        let byName = Dictionary(uniqueKeysWithValues: (t7["items"]?.arrayValue ?? []).map { ($0["fullName"]!.stringValue!, $0) })
        #expect(byName["Lê Thị Hoa"]?["itHours"] == 5)
        #expect(byName["Phạm Văn Bình"]?["digitalSkills"] == "basic")
        #expect(byName["Phạm Văn Bình"]?["participates"] == false)
        #expect(byName["Đỗ Thị Cúc"]?["trainedInIT"] == false)
        #expect(t7["rule"]?.stringValue?.contains("4") == true)
    }
}
