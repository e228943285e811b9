import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The first-run checklist: a new manager sees what to do first, in order, until each is done.
@Suite struct SetupTests {
    @Test func theChecklistFollowsWhatExists() throws {
        let centre = try TestCentre()
        let login = try centre.login()
        func steps() -> [String: Bool] {
            let setup = centre.send("GET", "/api/setup", login: login).json
            return Dictionary(uniqueKeysWithValues: (setup["steps"]?.arrayValue ?? []).compactMap { step in
                step["code"]?.stringValue.map { ($0, step["done"] == .bool(true)) }
            })
        }
        #expect(centre.send("GET", "/api/setup", login: login).json["steps"]?.arrayValue?.compactMap { $0["code"]?.stringValue }
                == ["villages", "households", "units", "learners", "sessions", "cards"])
        #expect(steps().values.allSatisfy { !$0 })
        #expect(centre.send("GET", "/api/setup").status == 401)
        let village = try centre.village("Thôn Một", login: login)
        let learner = try #require(centre.send("POST", "/api/learners", json: ["fullName": "Nguyễn Thị Lan", "gender": "female", "birthYear": 1958,
                                                                              "villageId": village], login: login).json["id"]?.stringValue)
        #expect(steps() == ["villages": true, "households": false, "units": false, "learners": true, "sessions": false, "cards": false])
        #expect(centre.send("GET", "/api/cards?ids=\(learner)", login: login).status == 200)
        #expect(steps()["cards"] == true)
        #expect(centre.send("GET", "/api/setup", login: login).json["done"] == .bool(false))
    }
}
