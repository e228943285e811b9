import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// Submitting a report keeps numbered frozen copies; closing a year freezes its figures and
/// refuses every write dated in it, from every door, until a manager reopens it with a reason.
@Suite struct ClosedYearTests {
    let centre: TestCentre
    let manager: TestCentre.Login
    let year = LocalDay.year(of: Store.nowMillis())
    var last: Int { year - 1 }
    var ids: [String: String] = [:]

    init() throws {
        centre = try TestCentre()
        manager = try centre.login()
        let last = year - 1
        func create(_ path: String, _ body: [String: Any]) throws -> String { try centre.create(path, body, login: manager) }
        ids["village"] = try centre.village("Thôn Nà Mò", login: manager)
        ids["h1"] = try create("/api/households", ["name": "Lò Văn Sơn", "villageId": ids["village"]!])
        ids["son"] = try create("/api/learners", ["fullName": "Lò Văn Sơn", "gender": "male", "birthYear": 1970, "villageId": ids["village"]!,
                                                  "householdId": ids["h1"]!, "category": "worker", "registeredOn": "\(last)-02-01"])
        ids["class"] = try create("/api/sessions", ["title": "Chăn nuôi lợn", "category": "agriculture",
                                                    "startsAt": "\(last)-05-04T08:00:00+07:00", "endsAt": "\(last)-05-04T10:00:00+07:00"])
        #expect(centre.send("PUT", "/api/sessions/\(ids["class"]!)/attendance", json: ["learnerIds": [ids["son"]!]], login: manager).status == 200)
    }

    func close(_ year: Int) -> HTTPResponse { centre.send("POST", "/api/years/\(year)/close", login: manager) }

    @Test func aClosedYearServesItsFrozenReportAndRefusesWritesFromEveryDoor() throws {
        #expect(close(year).errorCode == "year_not_over")
        let closed = close(last)
        #expect(closed.status == 200, "\(closed.bodyText)")
        #expect(closed.json["status"] == "closed")
        let sha = try #require(closed.json["reportSha256"]?.stringValue)
        #expect(close(last).errorCode == "year_already_closed")
        let indicators = centre.send("GET", "/api/reports/indicators?year=\(last)", login: manager).bodyText
        // The commune renamed later (the report's header would change if it were written again)
        // and a learner renamed: not one byte of the closed year's report changes.
        #expect(centre.send("PATCH", "/api/settings", json: ["communeName": "xã Đổi Tên Mới"], login: manager).status == 200)
        #expect(centre.send("GET", "/api/reports/annual?year=\(year)", login: manager).bodyText.contains("ĐỔI TÊN MỚI"))
        #expect(centre.send("PATCH", "/api/learners/\(ids["son"]!)", json: ["fullName": "Lò Văn Sơn Hà"], login: manager).status == 200)
        let report = centre.send("GET", "/api/reports/annual?year=\(last)", login: manager)
        var hash = SHA256()
        report.body.withUnsafeBufferPointer { hash.update($0) }
        #expect(hash.hex() == sha)
        #expect(!report.bodyText.contains("ĐỔI TÊN MỚI"))
        #expect(centre.send("GET", "/api/reports/indicators?year=\(last)", login: manager).bodyText == indicators)

        // Every door that would write into last year.
        let attempts: [(String, String, [String: Any])] = [
            ("PUT", "/api/learners/\(ids["son"]!)/assessments/\(last)", ["indicators": [["code": "2.4", "points": 8]]]),
            ("PUT", "/api/households/\(ids["h1"]!)/facts/\(last)", ["childrenAtSchool": true]),
            ("PUT", "/api/learners/\(ids["son"]!)/plan/\(last)", ["goals": "Học chăn nuôi", "categories": ["agriculture"], "targetHours": 10]),
            ("PUT", "/api/learners/\(ids["son"]!)/digital-skills/\(last)", ["level": "basic"]),
            ("PUT", "/api/sessions/\(ids["class"]!)/attendance", ["learnerIds": []]),
            ("PATCH", "/api/sessions/\(ids["class"]!)", ["title": "Chăn nuôi gà"]),
            ("POST", "/api/sessions/\(ids["class"]!)/close", [:]),
            ("POST", "/api/sessions", ["title": "Buổi bổ sung", "category": "law", "startsAt": "\(last)-12-30T08:00:00+07:00",
                                       "endsAt": "\(last)-12-30T09:00:00+07:00"]),
            ("PATCH", "/api/learners/\(ids["son"]!)", ["category": "elderly", "effectiveFrom": "\(last)-06-01"]),
            ("PATCH", "/api/learners/\(ids["son"]!)", ["category": "elderly", "correction": true]),
            ("POST", "/api/learners/\(ids["son"]!)/archive", ["effectiveFrom": "\(last)-11-01"]),
            ("PUT", "/api/learners/\(ids["son"]!)/memberships", ["items": [["from": "\(last)-02-01", "villageId": ids["village"]!, "category": "official"]]]),
            ("PATCH", "/api/households/\(ids["h1"]!)", ["closedOn": "\(last)-09-01"]),
            ("PUT", "/api/ruleset-years/\(last)", ["id": "cdht-2024", "version": 1]),
            ("POST", "/api/learners", ["fullName": "Người Nhập Muộn", "gender": "female", "birthYear": 1990, "villageId": ids["village"]!,
                                       "registeredOn": "\(last)-03-01"]),
        ]
        for (method, path, body) in attempts {
            let r = centre.send(method, path, json: body, login: manager)
            #expect(r.status == 409, "\(method) \(path): \(r.status) \(r.bodyText)")
            #expect(r.errorCode == "year_closed", "\(method) \(path): \(r.bodyText)")
            #expect(r.json["error"]?["year"] == .number(Double(last)))
            #expect(r.json["error"]?["message"]?.stringValue?.contains("Mở lại năm") == true)
        }
        // The kiosk, with a clock gone back into the closed year, refuses too (the same words).
        let lastSummer = LocalDay.startOfMonth(last, 7) + 9 * 3_600_000
        #expect(throws: DomainError.self) { try centre.store.checkIn(.id(ids["son"]!), .purpose(.reading), now: lastSummer, rules: CentreRules()) }
        // A move from this year is fine: last year's period is untouched.
        #expect(centre.send("PATCH", "/api/learners/\(ids["son"]!)", json: ["category": "elderly"], login: manager).status == 200)

        // Reopening needs a reason, is audited, and writes go through again.
        #expect(centre.send("POST", "/api/years/\(last)/reopen", json: [:], login: manager).errorField == "reason")
        let staff = try centre.login("canbo")
        #expect(centre.send("POST", "/api/years/\(last)/reopen", json: ["reason": "x"], login: staff).status == 403)
        let reopened = centre.send("POST", "/api/years/\(last)/reopen", json: ["reason": "Nhập bổ sung đánh giá tháng 12"], login: manager)
        #expect(reopened.json["status"] == "open")
        #expect(centre.send("PUT", attempts[0].1, json: attempts[0].2, login: manager).status == 200)
        let years = centre.send("GET", "/api/years", login: manager).json["items"]?.arrayValue ?? []
        #expect(years.first { $0["year"] == .number(Double(last)) }?["status"] == "open")
        #expect(centre.send("POST", "/api/years/\(last)/reopen", json: ["reason": "again"], login: manager).errorCode == "year_not_closed")
    }

    @Test func submissionsAreNumberedFrozenCopiesAndRecordsGoOn() throws {
        let first = centre.send("POST", "/api/years/\(year)/submit", login: manager)
        #expect(first.status == 201, "\(first.bodyText)")
        #expect(first.json["number"] == 1)
        let copy = centre.send("GET", "/api/reports/annual?year=\(year)&submission=1", login: manager)
        var hash = SHA256()
        copy.body.withUnsafeBufferPointer { hash.update($0) }
        #expect(hash.hex() == first.json["reportSha256"]?.stringValue)
        // Records go on; a revised copy takes the next number; the first stays byte for byte.
        #expect(centre.send("PATCH", "/api/learners/\(ids["son"]!)", json: ["fullName": "Lò Văn Sơn Mới"], login: manager).status == 200)
        let second = centre.send("POST", "/api/years/\(year)/submit", login: manager)
        #expect(second.json["number"] == 2)
        #expect(centre.send("GET", "/api/reports/annual?year=\(year)&submission=1", login: manager).body == copy.body)
        #expect(centre.send("GET", "/api/reports/annual?year=\(year)&submission=1&format=xlsx", login: manager).status == 200)
        #expect(centre.send("GET", "/api/reports/annual?year=\(year)&submission=9", login: manager).status == 404)
        let sent = centre.send("POST", "/api/years/\(year)/submissions/1/sent", json: ["how": "paper", "to": "UBND xã"], login: manager)
        #expect(sent.json["sent"]?["how"] == "paper")
        #expect(centre.send("POST", "/api/years/\(year)/submissions/1/sent", json: ["how": "pigeon"], login: manager).status == 422)
        let status = centre.send("GET", "/api/years", login: manager).json["items"]?.arrayValue?.first { $0["year"] == .number(Double(year)) }
        #expect(status?["submissions"]?.arrayValue?.count == 2)
        #expect(status?["status"] == "open")
        #expect(centre.send("POST", "/api/years/\(year + 1)/submit", login: manager).errorCode == "year_not_begun")
    }
}
