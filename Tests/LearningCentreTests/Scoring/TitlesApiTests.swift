import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// A small commune built through the API, with titles and targets worked out by hand; then one
/// attendance record changes, and exactly the scores and titles it should change do.
@Suite struct TitlesApiTests {
    let centre: TestCentre
    let manager: TestCentre.Login
    let year = LocalDay.year(of: Store.nowMillis())
    var ids: [String: String] = [:]

    init() throws {
        centre = try TestCentre()
        manager = try centre.login()
        let village = try centre.village("Thôn Khe Mơ", login: manager)
        let clan = try #require(centre.send("POST", "/api/clans", json: ["name": "Họ Vi"], login: manager).json["id"]?.stringValue)
        let unit = try #require(centre.send("POST", "/api/units", json: ["name": "Trạm Y tế", "kind": "healthStation"], login: manager).json["id"]?.stringValue)
        func household(_ name: String) throws -> String {
            try #require(centre.send("POST", "/api/households", json: ["name": name, "villageId": village], login: manager).json["id"]?.stringValue)
        }
        let h1 = try household("Vi Văn An"), h2 = try household("Vi Thị Dung")
        ids = ["village": village, "clan": clan, "unit": unit, "h1": h1, "h2": h2]
        let people: [(String, String, Int, [String: Any])] = [
            ("A", "Vi Văn An", 1980, ["householdId": h1, "clanId": clan, "category": "worker"]),
            ("B", "Lục Thị Bình", 1982, ["householdId": h1, "clanId": clan, "category": "worker"]),
            ("C", "Vi Văn Cường", 2015, ["householdId": h1, "clanId": clan, "category": "student"]),
            ("D", "Vi Thị Dung", 1975, ["householdId": h2, "clanId": clan, "category": "worker"]),
            ("E", "Hoàng Văn Em", 1985, ["unitId": unit, "category": "official"]),
            ("F", "Nông Thị Phượng", 1990, ["unitId": unit, "category": "official"]),
        ]
        for (key, name, born, extra) in people {
            let body = (["fullName": name, "gender": "other", "birthYear": born, "villageId": village] as [String: Any]).merging(extra) { _, b in b }
            ids[key] = try #require(centre.send("POST", "/api/learners", json: body, login: manager).json["id"]?.stringValue)
        }
        // A ten-hour class (1.3: 5 points) attended by A, B and D.
        let window = classEarlyThisYear(hours: 10)
        ids["class"] = try #require(centre.send("POST", "/api/sessions", json: [
            "title": "Ngày hội đọc sách", "category": "culture", "startsAt": Timestamps.iso(millis: window.start),
            "endsAt": Timestamps.iso(millis: window.end)], login: manager).json["id"]?.stringValue)
        #expect(centre.send("PUT", "/api/sessions/\(ids["class"]!)/attendance", json: ["learnerIds": [ids["A"]!, ids["B"]!, ids["D"]!]],
                            login: manager).status == 200)
        // Assessments: A 10 on all but 1.3 and 1.4; B 5 on the same; D 8 everywhere; E 9, F 7 everywhere.
        let all = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"]
        let recordBased: Set = ["1.3", "1.4"]
        for (key, points, codes) in [("A", 10, all.filter { !recordBased.contains($0) }), ("B", 5, all.filter { !recordBased.contains($0) }),
                                     ("D", 8, all), ("E", 9, all), ("F", 7, all)] {
            let items = codes.map { ["code": $0, "points": points, "note": "chi hội đánh giá"] as [String: Any] }
            #expect(centre.send("PUT", "/api/learners/\(ids[key]!)/assessments/\(year)", json: ["indicators": items], login: manager).status == 200)
        }
        for (path, fact) in [("households/\(h1)", "childrenAtSchool"), ("households/\(h2)", "childrenAtSchool"),
                             ("clans/\(clan)", "studyFund"), ("villages/\(village)", "promotionBranch")] {
            #expect(centre.send("PUT", "/api/\(path)/facts/\(year)", json: [fact: true], login: manager).status == 200)
        }
    }

    func totals() -> [String: Double] {
        let items = centre.send("GET", "/api/scores?year=\(year)&limit=50", login: manager).json["items"]?.arrayValue ?? []
        let byId = Dictionary(uniqueKeysWithValues: items.map { ($0["learnerId"]!.stringValue!, $0["total"]!.numberValue!) })
        return Dictionary(uniqueKeysWithValues: ["A", "B", "C", "D", "E", "F"].map { ($0, byId[ids[$0]!] ?? -1) })
    }

    func titles(_ kind: String) -> [String: Bool] {
        let items = centre.send("GET", "/api/titles?year=\(year)&kind=\(kind)", login: manager).json["items"]?.arrayValue ?? []
        return Dictionary(uniqueKeysWithValues: items.map { ($0["id"]!.stringValue!, $0["recognized"] == true) })
    }

    func targets() -> [String: String] {
        let items = centre.send("GET", "/api/reports/indicators?year=\(year)", login: manager).json["items"]?.arrayValue ?? []
        return Dictionary(uniqueKeysWithValues: items.map { item in
            (item["code"]!.stringValue!, "\(Int(item["numerator"]!.numberValue!))/\(Int(item["denominator"]!.numberValue!))")
        })
    }

    @Test func titlesAndTargetsMatchTheHandComputedCommune() throws {
        // A: 8 × 10 + 1.3 (10 h) 5 + 1.4 (B learns) 5 = 90. B: 8 × 5 + 5 + 5 = 50.
        // C, a child with no record of his own: 1.4 (both parents learn) 10. D: 8 × 10 = 80.
        #expect(totals() == ["A": 90, "B": 50, "C": 10, "D": 80, "E": 90, "F": 70])
        // H1: A and B have records, 1 of 2 adults is a citizen (50%), children at school: recognised. H2: D alone, a citizen.
        #expect(titles("family") == [ids["h1"]!: true, ids["h2"]!: true])
        #expect(titles("clan") == [ids["clan"]!: true])
        #expect(titles("community") == [ids["village"]!: true])
        #expect(titles("unit") == [ids["unit"]!: false], "1 of 2 members is a citizen: 50% < 90%")
        #expect(targets() == ["T1": "2/2", "T2": "1/1", "T3": "1/1", "T4": "0/1", "T5": "2/3", "T6": "0/0", "T7": "0/0", "T8": "0/3", "T9": "0/3", "T10": "0/0"])
        let family = centre.send("GET", "/api/titles?year=\(year)&kind=family", login: manager).json["items"]?.arrayValue?
            .first { $0["id"]?.stringValue == ids["h1"] }
        #expect(family?["reasons"]?.arrayValue?.compactMap { $0["text"]?.stringValue }.contains("1/2 người lớn là công dân học tập (cần từ 50%)") == true)
        let behind = centre.send("GET", "/api/reports/indicators/T5?year=\(year)", login: manager).json["indicator"]?["items"]?.arrayValue ?? []
        #expect(Set(behind.filter { $0["counted"] == true }.compactMap { $0["id"]?.stringValue }) == [ids["A"]!, ids["D"]!])
    }

    @Test func oneAttendanceRecordChangesExactlyTheScoresItShould() throws {
        let before = totals()
        // B is taken off the class's sheet.
        #expect(centre.send("PUT", "/api/sessions/\(ids["class"]!)/attendance", json: ["learnerIds": [ids["A"]!, ids["D"]!]],
                            login: manager).status == 200)
        var expected = before
        expected["A"] = 85  // 1.4: no one else in the household learns any more
        expected["B"] = 45  // 1.3: the ten hours are gone
        expected["C"] = 5   // 1.4: one parent learns, not two
        #expect(totals() == expected)
        // H1 loses its title (B has no record now), the village falls to 1 of 2 households (50% < 60%);
        // the clan keeps 1 of 2 (50% ≥ 50%).
        #expect(titles("family") == [ids["h1"]!: false, ids["h2"]!: true])
        #expect(titles("community") == [ids["village"]!: false])
        #expect(titles("clan") == [ids["clan"]!: true])
        let t1 = centre.send("GET", "/api/reports/indicators?year=\(year)&village=\(ids["village"]!)", login: manager).json["items"]?.arrayValue?.first
        #expect(t1?["numerator"] == 1)
        #expect(t1?["percent"] == 50)
    }

    @Test func evidenceAndAssessmentsAreShownAndChecked() throws {
        let score = centre.send("GET", "/api/learners/\(ids["A"]!)/score?year=\(year)", login: manager).json
        let indicators = try #require(score["indicators"]?.arrayValue)
        #expect(indicators[2]["evidence"]?.arrayValue?.first?["text"] == "Ngày hội đọc sách")
        #expect(indicators[3]["evidence"]?.arrayValue?.first?["text"]?.stringValue?.contains("Lục Thị Bình") == true)
        #expect(indicators[0]["evidence"]?.arrayValue?.last?["text"]?.stringValue?.contains("chi hội đánh giá") == true)
        let staff = try centre.login("canbo")
        #expect(centre.send("PUT", "/api/learners/\(ids["A"]!)/assessments/\(year)", json: ["indicators": [["code": "2.3", "points": 5]]],
                            login: staff).status == 403)
        let tooMany = centre.send("PUT", "/api/learners/\(ids["A"]!)/assessments/\(year)", json: ["indicators": [["code": "2.3", "points": 11]]],
                                  login: manager)
        #expect(tooMany.errorField == "indicators[0].points")
        let unknown = centre.send("PUT", "/api/learners/\(ids["A"]!)/assessments/\(year)", json: ["indicators": [["code": "9.9", "points": 1]]],
                                  login: manager)
        #expect(unknown.errorField == "indicators[0].code")
        let wrongFact = centre.send("PUT", "/api/clans/\(ids["clan"]!)/facts/\(year)", json: ["childrenAtSchool": true], login: manager)
        #expect(wrongFact.status == 422)
    }
}
