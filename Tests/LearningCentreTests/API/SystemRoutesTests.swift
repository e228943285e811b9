import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct SystemRoutesTests {
    let centre: TestCentre
    init() throws { centre = try TestCentre() }

    @Test func health() {
        let r = centre.send("GET", "/api/health")
        #expect(r.status == 200)
        #expect(r.json["status"] == .string("ok"))
        #expect(r.json["database"] == .string("ok"))
        #expect(r.json["version"] == .string(LearningCentreVersion.current))
    }

    @Test func unknownRoutesAndMethods() {
        #expect(centre.send("GET", "/api/nothing").status == 404)
        let r = centre.send("DELETE", "/api/health")
        #expect(r.status == 405)
        #expect(r.header("Allow") == "GET")
    }

    /// Every route the router serves is in /api/openapi.json, and every route of the contract
    /// (spec/API.md) that this build implements is served.
    @Test func openAPIDescribesEveryRoute() throws {
        let document = centre.send("GET", "/api/openapi.json").json
        #expect(document["openapi"] == .string("3.0.3"))
        let paths = try #require(document["paths"]?.objectValue)
        for route in centre.app.router.routes {
            let operation = paths[route.pattern]?[route.method.lowercased()]
            #expect(operation != nil, "\(route.method) \(route.pattern) is missing from openapi.json")
            if let response = route.doc.response, !["SVG", "HTML", "binary"].contains(response) {
                #expect(document["components"]?["schemas"]?[response] != nil, "schema \(response) is missing")
            }
        }
        let contract: [(String, String)] = [
            ("GET", "/api/health"), ("GET", "/api/openapi.json"), ("POST", "/api/auth/login"), ("POST", "/api/auth/logout"),
            ("GET", "/api/auth/me"), ("GET", "/api/learners"), ("POST", "/api/learners"), ("GET", "/api/learners/{id}"),
            ("PATCH", "/api/learners/{id}"), ("POST", "/api/learners/{id}/archive"), ("POST", "/api/learners/import"),
            ("GET", "/api/learners/{id}/card.svg"), ("GET", "/api/kiosk/search"), ("GET", "/api/kiosk/today"),
            ("POST", "/api/kiosk/check-ins"), ("POST", "/api/kiosk/check-outs"), ("POST", "/api/kiosk/registrations"),
            ("GET", "/api/sessions"), ("POST", "/api/sessions"), ("GET", "/api/sessions/{id}"), ("PATCH", "/api/sessions/{id}"),
            ("GET", "/api/sessions/{id}/attendance"), ("PUT", "/api/sessions/{id}/attendance"), ("POST", "/api/sessions/{id}/close"),
            ("GET", "/api/learners/{id}/hours"), ("GET", "/api/exports"), ("POST", "/api/exports"), ("GET", "/api/exports/{id}"),
        ] + ["villages", "households", "clans", "units"].flatMap { kind in
            [("GET", "/api/\(kind)"), ("POST", "/api/\(kind)"), ("GET", "/api/\(kind)/{id}"), ("PATCH", "/api/\(kind)/{id}")]
        }
        for (method, path) in contract {
            #expect(paths[path]?[method.lowercased()] != nil, "contract route \(method) \(path) is not served")
        }
    }
}

@Suite struct ClockRoutesTests {
    @Test func warnsWhenTheClockIsBehindTheRecords() throws {
        let centre = try TestCentre()
        let login = try centre.login()
        #expect(centre.send("GET", "/api/system/clock", login: login).json["warning"] == .null)
        // A record written when the clock was right, a day ahead of the clock now.
        try centre.store.write { db in
            try db.execute(sql: "INSERT INTO audit(at, username, entity, entity_id, action, changes) VALUES (?, 'x', 'learner', 'x', 'update', '{}')",
                           arguments: [Store.nowMillis() + 86_400_000])
        }
        let warning = centre.send("GET", "/api/system/clock", login: login).json["warning"]
        #expect(warning?["kind"] == .string("behindRecords"))
        #expect(warning?["message"]?.stringValue?.contains("chỉnh lại ngày giờ") == true)
        // In plain words: the time and a Vietnamese date, no ISO timestamps.
        let tomorrow = Store.nowMillis() + 86_400_000
        #expect(warning?["message"]?.stringValue?.contains("ngày \(Timestamps.localDate(tomorrow))") == true)
        #expect(warning?["message"]?.stringValue?.contains("+07:00") == false)
    }

    /// Adding someone to a running class's sheet records the class's planned end: a time people
    /// chose, not the clock's, so no "wrong clock" banner (issue 15).
    @Test func aStaffAdditionToARunningClassRaisesNoClockAlarm() throws {
        let centre = try TestCentre()
        let login = try centre.login()
        let village = try centre.village("Thôn Cốc", login: login)
        let lan = try centre.create("/api/learners", ["fullName": "Hoàng Thị Lan", "gender": "female", "birthYear": 1960, "villageId": village],
                                    login: login)
        let window = classRunningNow(length: 3 * 3_600_000)
        let session = try centre.create("/api/sessions", ["title": "Học nghề đan lát", "category": "other",
                                                          "startsAt": Timestamps.iso(millis: window.start),
                                                          "endsAt": Timestamps.iso(millis: window.end)], login: login)
        #expect(centre.send("PUT", "/api/sessions/\(session)/attendance", json: ["learnerIds": [lan]], login: login).status == 200)
        #expect(centre.send("GET", "/api/system/clock", login: login).json["warning"] == .null)
        #expect(centre.send("GET", "/api/system/status", login: login).json["clockWarning"] == .null)
    }

    @Test func housekeepingRecordsAClockBehindItsLastRun() throws {
        let store = try makeStore()
        try store.noteClock(Store.nowMillis() + 3_600_000)
        Housekeeping(store: store, rules: CentreRules(), logger: .init(label: "test")).checkClockAtStart()
        #expect(try store.latestClockEvent()?.kind == "behindRecords")
    }

    /// The words of every code come from one place, in each set's own order, as documented.
    @Test func labelsComeFromOneSourceInTheirOrder() throws {
        let centre = try TestCentre()
        let answer = centre.send("GET", "/api/labels")
        #expect(answer.status == 200)
        let text = answer.bodyText
        #expect(text.contains("\"activityKind\":{\"briefing\":\"Học tập, quán triệt kế hoạch\",\"training\""), "\(text)")
        #expect(answer.json["purpose"]?["selfStudy"] == "Tự học" && answer.json["sessionCategory"]?["it"] == "Tin học, kỹ năng số")
        #expect(AnnualReport.categoryNames["reading"] == VisitPurpose.reading.label)
        let schema = centre.send("GET", "/api/openapi.json").json["components"]?["schemas"]?["Labels"]
        #expect(schema?["required"]?.arrayValue?.count == ClosedSets.all.count)
    }
}
