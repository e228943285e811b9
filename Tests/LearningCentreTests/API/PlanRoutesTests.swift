import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct PlanRoutesTests {
    let centre: TestCentre
    let login: TestCentre.Login
    let learnerId: String

    init() throws {
        let centre = try TestCentre()
        let login = try centre.login("canbo")
        let village = try centre.village("Thôn Một", login: login)
        let created = centre.send("POST", "/api/learners", json: ["fullName": "Nguyễn Thị Lan", "gender": "female", "birthYear": 1958,
                                                                  "villageId": village], login: login)
        self.centre = centre
        self.login = login
        self.learnerId = try #require(created.json["id"]?.stringValue)
    }

    @Test func digitalSkillsRecordWhoAndWhen() throws {
        #expect(centre.send("GET", "/api/learners/\(learnerId)/digital-skills/2026", login: login).errorCode == "not_assessed")
        let set = centre.send("PUT", "/api/learners/\(learnerId)/digital-skills/2026", json: ["level": "basic", "note": "dùng Zalo được"], login: login)
        #expect(set.status == 200)
        #expect(set.json["assessedBy"] == .string("canbo"))
        #expect(centre.send("PUT", "/api/learners/\(learnerId)/digital-skills/2026", json: ["level": "proficient"], login: login).status == 200)
        #expect(centre.send("GET", "/api/learners/\(learnerId)/digital-skills/2026", login: login).json["level"] == .string("proficient"))
        #expect(centre.send("PUT", "/api/learners/\(learnerId)/digital-skills/2026", json: ["level": "expert"], login: login).errorField == "level")
        #expect(centre.send("PUT", "/api/learners/\(learnerId)/digital-skills/20x6", json: ["level": "basic"], login: login).status == 400)
        #expect(centre.send("PUT", "/api/learners/nobody/digital-skills/2026", json: ["level": "basic"], login: login).status == 404)
        let history = try centre.store.auditTrail(entity: "learner", id: learnerId).filter { $0.action == "digitalSkills" }
        #expect(history.count == 2)
    }

    @Test func learningPlans() {
        let plan = ["goals": "Biết dùng điện thoại để xem giá nông sản", "categories": ["it", "agriculture", "it"], "targetHours": 20] as [String: Any]
        let set = centre.send("PUT", "/api/learners/\(learnerId)/plan/2026", json: plan, login: login)
        #expect(set.status == 200)
        #expect(set.json["categories"] == .array(["it", "agriculture"]))
        #expect(centre.send("GET", "/api/learners/\(learnerId)/plan/2026", login: login).json["targetHours"] == .number(20))
        #expect(centre.send("GET", "/api/learners/\(learnerId)/plan/2025", login: login).errorCode == "no_plan")
        #expect(centre.send("PUT", "/api/learners/\(learnerId)/plan/2026", json: ["goals": "x", "categories": ["dance"], "targetHours": 1],
                            login: login).errorField == "categories[0]")
        #expect(centre.send("PUT", "/api/learners/\(learnerId)/plan/2026", json: ["goals": "x", "targetHours": -1], login: login).errorField == "targetHours")
        #expect(centre.send("PUT", "/api/learners/\(learnerId)/plan/2026", json: ["goals": " ", "targetHours": 1], login: login).errorField == "goals")
    }
}
