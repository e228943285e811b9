import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The findings of issue 14, each reproduced through the API on a small commune of last year
/// (CRITERIA §4): figures of a year that is past never move when today's records change.
@Suite struct YearFiguresTests {
    let centre: TestCentre
    let manager: TestCentre.Login
    let year = LocalDay.year(of: Store.nowMillis())
    var last: Int { year - 1 }
    var ids: [String: String] = [:]

    init() throws {
        centre = try TestCentre()
        manager = try centre.login()
        let last = year - 1
        let village = try centre.village("Thôn Bản Chang", login: manager)
        func create(_ path: String, _ body: [String: Any]) throws -> String { try centre.create(path, body, login: manager) }
        ids["village"] = village
        ids["h1"] = try create("/api/households", ["name": "Hà Văn Lâm", "villageId": village])
        ids["h2"] = try create("/api/households", ["name": "Hộ chưa ai đăng ký", "villageId": village])
        ids["h3"] = try create("/api/households", ["name": "Hộ mới của Lan", "villageId": village])
        ids["school"] = try create("/api/units", ["name": "Trường Tiểu học", "kind": "school"])
        ids["other"] = try create("/api/units", ["name": "Hợp tác xã", "kind": "other"])
        // Lan joined on 1 January last year (typed in from the paper register), a worker of household 1.
        ids["lan"] = try create("/api/learners", ["fullName": "Hà Thị Lan", "gender": "female", "birthYear": 1980, "villageId": village,
                                                  "householdId": ids["h1"]!, "category": "worker", "registeredOn": "\(last)-01-01"])
        // Three hours of agriculture on 2 March last year; a culture class later cancelled.
        ids["farming"] = try create("/api/sessions", ["title": "Trồng ngô vụ xuân", "category": "agriculture",
                                                      "startsAt": "\(last)-03-02T08:00:00+07:00", "endsAt": "\(last)-03-02T11:00:00+07:00"])
        ids["culture"] = try create("/api/sessions", ["title": "Hát then", "category": "culture",
                                                      "startsAt": "\(last)-04-01T19:00:00+07:00", "endsAt": "\(last)-04-01T21:00:00+07:00"])
        for session in ["farming", "culture"] {
            let r = centre.send("PUT", "/api/sessions/\(ids[session]!)/attendance", json: ["learnerIds": [ids["lan"]!]], login: manager)
            #expect(r.status == 200, "\(r.bodyText)")
        }
        #expect(centre.send("PATCH", "/api/sessions/\(ids["culture"]!)", json: ["status": "cancelled"], login: manager).status == 200)
        // Recognised last year: every indicator assessed at 10; her household's children at school.
        let all = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"].map { ["code": $0, "points": 10] as [String: Any] }
        #expect(centre.send("PUT", "/api/learners/\(ids["lan"]!)/assessments/\(last)", json: ["indicators": all], login: manager).status == 200)
        #expect(centre.send("PUT", "/api/households/\(ids["h1"]!)/facts/\(last)", json: ["childrenAtSchool": true], login: manager).status == 200)
    }

    func get(_ path: String) -> JSONValue { centre.send("GET", path, login: manager).json }
    func target(_ code: String, _ year: Int) -> (Int, Int) {
        let t = get("/api/reports/indicators?year=\(year)")["items"]?.arrayValue?.first { $0["code"]?.stringValue == code }
        return (Int(t?["numerator"]?.numberValue ?? -1), Int(t?["denominator"]?.numberValue ?? -1))
    }
    var lastYearFigures: [String: JSONValue] {
        ["indicators": get("/api/reports/indicators?year=\(last)"), "titles": get("/api/titles?year=\(last)"),
         "dashboard": get("/api/reports/dashboard?year=\(last)"), "score": get("/api/learners/\(ids["lan"]!)/score?year=\(last)")]
    }

    @Test func archivingInDecemberLeavesLastYearAsItWas() throws {
        let before = lastYearFigures
        #expect(target("T1", last) == (1, 1))  // household 1 recognised (the others were registered this year, empty)
        #expect(target("T5", last) == (1, 1))
        #expect(before["score"]?["recognized"] == true)
        let archived = centre.send("POST", "/api/learners/\(ids["lan"]!)/archive", login: manager)
        #expect(archived.json["archived"] == true)
        #expect(lastYearFigures == before)
        // Archived from today, she still counts this year (until yesterday she was a learner)…
        #expect(get("/api/reports/dashboard?year=\(year)")["learners"] == 1)
        // …but archived from 1 January she does not, while last year stays as it was.
        let fromJanuary = centre.send("POST", "/api/learners/\(ids["lan"]!)/archive", json: ["effectiveFrom": "\(year)-01-01"], login: manager)
        #expect(fromJanuary.status == 200, "\(fromJanuary.bodyText)")
        #expect(get("/api/reports/dashboard?year=\(year)")["learners"] == 0)
        #expect(lastYearFigures == before)
    }

    @Test func aMoveFromTodayLeavesLastYearAndACorrectionRewritesIt() throws {
        let before = lastYearFigures
        let moved = centre.send("PATCH", "/api/learners/\(ids["lan"]!)", json: ["householdId": ids["h3"]!], login: manager)
        #expect(moved.status == 200)
        #expect(moved.json["householdId"]?.stringValue == ids["h3"])
        #expect(lastYearFigures == before)
        let history = get("/api/learners/\(ids["lan"]!)/memberships")["items"]?.arrayValue ?? []
        #expect(history.count == 2)
        #expect(history.first?["from"]?.stringValue == "\(last)-01-01")
        #expect(history.first?["householdId"]?.stringValue == ids["h1"])
        #expect(history.last?["householdId"]?.stringValue == ids["h3"])
        #expect(history.last?["to"] == .null)
        // Typed wrong from the start: a correction rewrites the current period from its start…
        let corrected = centre.send("PATCH", "/api/learners/\(ids["lan"]!)", json: ["householdId": ids["h1"]!, "correction": true], login: manager)
        #expect(corrected.status == 200)
        // …which joins it back to the first one: one period, household 1, as if never moved.
        let after = get("/api/learners/\(ids["lan"]!)/memberships")["items"]?.arrayValue ?? []
        #expect(after.count == 1)
        #expect(lastYearFigures == before)
    }

    @Test func dashboardAndReportAgreeOnHoursAndCancelledClassesAreNotHeld() throws {
        _ = centre.send("POST", "/api/learners/\(ids["lan"]!)/archive", login: manager)
        let hours = get("/api/reports/dashboard?year=\(last)")["hoursByCategoryAndMonth"]
        #expect(hours?["agriculture"]?["\(last)-03"] == 3)
        #expect(hours?["culture"] == nil)
        let report = centre.send("GET", "/api/reports/annual?year=\(last)", login: manager).bodyText
        #expect(report.contains("<td>Nông nghiệp</td><td>1</td><td>1</td><td>3</td>"))
        #expect(!report.contains("Văn hóa"))
    }

    @Test func emptyGroupsCountAsNotRecognisedAndT4CountsTheNamedKinds() throws {
        // Households 2 and 3 and both units were registered this year, with nobody in them.
        #expect(target("T1", year) == (0, 3))
        let families = get("/api/titles?year=\(year)&kind=family")["items"]?.arrayValue ?? []
        let empty = try #require(families.first { $0["id"]?.stringValue == ids["h2"] })
        #expect(empty["hasMembers"] == false)
        #expect(empty["recognized"] == false)
        #expect(empty["reasons"]?.arrayValue?.first?["text"]?.stringValue?.contains("chưa có thành viên") == true)
        // The school has no registered staff: 0 of 1, not "100% Đạt"; the cooperative is no unit the plan names.
        #expect(target("T4", year) == (0, 1))
        #expect(target("T4", last) == (0, 0))  // no unit existed last year
        let report = centre.send("GET", "/api/reports/annual?year=\(year)", login: manager).bodyText
        #expect(report.contains("<td>0/1</td><td>0%</td>"))
    }

    @Test func zeroLengthVisitsEarnNothingAndQuarterHourVisitsCount() throws {
        let thisYear = get("/api/learners/\(ids["lan"]!)/score?year=\(year)")
        #expect(thisYear["indicators"]?.arrayValue?.first { $0["code"] == "1.1" }?["points"] == 0)
        for _ in 0..<4 {
            #expect(centre.send("POST", "/api/kiosk/check-ins", json: ["learnerId": ids["lan"]!, "purpose": "reading"]).status == 201)
            #expect(centre.send("POST", "/api/kiosk/check-outs", json: ["learnerId": ids["lan"]!]).status == 200)
        }
        let quick = get("/api/learners/\(ids["lan"]!)/score?year=\(year)")["indicators"]?.arrayValue?.first { $0["code"] == "1.1" }
        #expect(quick?["points"] == 0)
        // Four visits of twenty minutes earlier today do count: 5 points.
        let rules = CentreRules()
        let start = LocalDay.start(containing: Store.nowMillis())
        for k in 0..<4 {
            let at = start + Int64(k) * 3_600_000
            _ = try centre.store.checkIn(.id(ids["lan"]!), .purpose(.reading), now: at, rules: rules)
            _ = try centre.store.checkOut(.id(ids["lan"]!), now: at + 20 * 60_000, rules: rules)
        }
        let counted = get("/api/learners/\(ids["lan"]!)/score?year=\(year)")["indicators"]?.arrayValue?.first { $0["code"] == "1.1" }
        #expect(counted?["points"] == 5)
    }

    /// A move in the future, before registration, on no real day, both a move and a correction, a
    /// registration in the future.
    @Test(arguments: [
        (#"{"householdId": "H3", "effectiveFrom": "2999-01-01"}"#, "effectiveFrom"),
        (#"{"householdId": "H3", "effectiveFrom": "1999-01-01"}"#, "effectiveFrom"),
        (#"{"householdId": "H3", "effectiveFrom": "2026-02-30"}"#, "effectiveFrom"),
        (#"{"householdId": "H3", "effectiveFrom": "2026-01-01", "correction": true}"#, "correction"),
        (#"{"registeredOn": "2999-01-01"}"#, "registeredOn"),
    ])
    func badDatesAreRefusedNamingTheField(_ json: String, _ field: String) throws {
        var body = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        if body["householdId"] != nil { body["householdId"] = ids["h3"]! }
        let r = centre.send("PATCH", "/api/learners/\(ids["lan"]!)", json: body, login: manager)
        #expect(r.status == 422, "\(r.bodyText)")
        #expect(r.errorField == field)
    }

    @Test func aWholeHistoryIsCheckedThenReplaced() throws {
        let path = "/api/learners/\(ids["lan"]!)/memberships"
        func period(_ from: String, _ to: String?, _ household: String) -> [String: Any] {
            var p: [String: Any] = ["from": from, "villageId": ids["village"]!, "householdId": ids[household]!, "category": "worker"]
            if let to { p["to"] = to }
            return p
        }
        let bad: [([[String: Any]], String)] = [
            ([], "items"),
            ([period("\(last)-02-01", nil, "h1")], "items[0].from"),  // not from the day of registration
            ([period("\(last)-01-01", "\(last)-06-30", "h1"), period("\(last)-06-15", nil, "h3")], "items[1].from"),  // overlap
            ([period("\(last)-01-01", "\(last)-06-30", "h1"), period("\(last)-08-01", nil, "h3")], "items[1].from"),  // gap
            ([period("\(last)-01-01", "\(last)-06-30", "h1")], "items[0].to"),  // the last one has an end
        ]
        for (items, field) in bad {
            let r = centre.send("PUT", path, json: ["items": items], login: manager)
            #expect(r.status == 422, "\(items): \(r.bodyText)")
            #expect(r.errorField == field, "\(items): \(r.bodyText)")
        }
        let staff = try centre.login("canbo")
        #expect(centre.send("PUT", path, json: ["items": [period("\(last)-01-01", nil, "h3")]], login: staff).status == 403)
        // Household 3 from 1 July last year: last year she counts in household 3 (the last day rule).
        let good = centre.send("PUT", path, json: ["items": [period("\(last)-01-01", "\(last)-06-30", "h1"), period("\(last)-07-01", nil, "h3")]],
                               login: manager)
        #expect(good.status == 200, "\(good.bodyText)")
        #expect(good.json["items"]?.arrayValue?.count == 2)
        #expect(target("T1", last) == (0, 2))  // both households she belonged to last year; neither recognised now
        let audit = get("/api/learners/\(ids["lan"]!)/history")["items"]?.arrayValue ?? []
        #expect(audit.first?["action"] == "memberships")
    }

    @Test func anUnknownTimeZoneIsRefused() {
        let r = centre.send("PATCH", "/api/settings", json: ["timeZone": "Asia/Hanoi_City"], login: manager)
        #expect(r.status == 422)
        #expect(r.errorField == "timeZone")
        #expect(centre.send("GET", "/api/settings", login: manager).json["timeZone"] == "Asia/Ho_Chi_Minh")
    }
}
