import Foundation
import GRDB
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct AttendanceTests {
    let centre: TestCentre
    let manager: TestCentre.Login
    let staff: TestCentre.Login
    let villageId: String
    let people: [String]
    let sessionId: String

    init() throws {
        let centre = try TestCentre()
        let manager = try centre.login()
        let villageId = try centre.village("Thôn Một", login: manager)
        var people: [String] = []
        for (i, name) in ["Nguyễn Thị Lan", "Lê Văn Hùng", "Trần Thị Mai"].enumerated() {
            let created = centre.send("POST", "/api/learners", json: ["fullName": name, "gender": "other", "birthYear": 1950 + i,
                                                                      "villageId": villageId], login: manager)
            people.append(try #require(created.json["id"]?.stringValue))
        }
        self.centre = centre
        self.manager = manager
        self.staff = try centre.login("canbo")
        self.villageId = villageId
        self.people = people
        let window = classRunningNow(length: 6_000_000)  // 100 minutes: 1.66 hours credited
        let session = centre.send("POST", "/api/sessions", json: [
            "title": "Tin học", "category": "it",
            "startsAt": Timestamps.iso(millis: window.start), "endsAt": Timestamps.iso(millis: window.end)], login: manager)
        sessionId = try #require(session.json["id"]?.stringValue)
    }

    func sheet() -> [JSONValue] { centre.send("GET", "/api/sessions/\(sessionId)/attendance", login: staff).json["items"]?.arrayValue ?? [] }

    @Test func theSheetJoinsKioskAndStaffAndKeepsRemovals() throws {
        #expect(centre.send("POST", "/api/kiosk/check-ins", json: ["learnerId": people[0], "sessionId": sessionId]).status == 201)
        #expect(sheet().map { $0["learnerId"] } == [.string(people[0])])
        let put = centre.send("PUT", "/api/sessions/\(sessionId)/attendance",
                              json: ["learnerIds": [people[1], people[2]], "reason": "điểm danh giấy"], login: staff)
        #expect(put.status == 200)
        #expect(Set(sheet().compactMap { $0["learnerId"]?.stringValue }) == [people[1], people[2]])
        // Taken off, not deleted: the record is still there, crediting nothing.
        let kept = try centre.store.read { db in try Row.fetchOne(db, sql: "SELECT removed_at FROM check_ins WHERE learner_id = ?", arguments: [people[0]]) }
        #expect(kept?[0] as Int64? != nil)
        #expect(try centre.store.hours(learnerId: people[0], year: LocalDay.year(of: Store.nowMillis())).total == 0)
        let trail = try centre.store.auditTrail(entity: "session", id: sessionId)
        #expect(trail.filter { $0.action == "attendanceAdd" }.count == 2)
        #expect(trail.filter { $0.action == "attendanceRemove" }.count == 1)
        #expect(trail.allSatisfy { $0.username == "canbo" || $0.action == "create" })
    }

    /// The printed sheet tells namesakes apart (birth year, village) and counts people and hours.
    @Test func thePrintedSheetHasBirthYearsVillagesAndTotals() throws {
        _ = centre.send("PUT", "/api/sessions/\(sessionId)/attendance", json: ["learnerIds": [people[0], people[1]]], login: staff)
        let page = centre.send("GET", "/api/sessions/\(sessionId)/sheet", login: staff).bodyText
        #expect(page.contains("<td>Nguyễn Thị Lan</td><td>1950</td><td>Thôn Một</td>"))
        #expect(page.contains("<td>Lê Văn Hùng</td><td>1951</td><td>Thôn Một</td>"))
        #expect(page.contains("Đã điểm danh trên máy: <strong>2 người</strong>"))
        let total = (sheet().compactMap { $0["creditedHours"]?.numberValue }).reduce(0, +)
        #expect(page.contains("<td class=\"h\">\(A4Page.number(total))</td><td></td></tr></tfoot>"))
    }

    @Test func overridesNeedAReasonAndNothingIsHalfSaved() throws {
        _ = centre.send("PUT", "/api/sessions/\(sessionId)/attendance", json: ["learnerIds": [people[0]]], login: staff)
        let noReason = centre.send("PUT", "/api/sessions/\(sessionId)/attendance",
                                   json: ["learnerIds": [people[0], people[1]], "overrides": [["learnerId": people[0], "creditedHours": 1]]], login: staff)
        #expect(noReason.status == 422)
        #expect(noReason.errorField == "overrides[0].reason")
        let negative = centre.send("PUT", "/api/sessions/\(sessionId)/attendance",
                                   json: ["learnerIds": [people[0]], "overrides": [["learnerId": people[0], "creditedHours": -1, "reason": "x"]]], login: staff)
        #expect(negative.errorField == "overrides[0].creditedHours")
        _ = centre.send("POST", "/api/learners/\(people[2])/archive", login: manager)
        let archived = centre.send("PUT", "/api/sessions/\(sessionId)/attendance", json: ["learnerIds": [people[0], people[1], people[2]]], login: staff)
        #expect(archived.status == 422)
        #expect(archived.errorField == "learnerIds")
        #expect(sheet().count == 1)  // people[1] was not added by the refused request
        let ok = centre.send("PUT", "/api/sessions/\(sessionId)/attendance",
                             json: ["learnerIds": [people[0]], "overrides": [["learnerId": people[0], "creditedHours": 0.5, "reason": "về sớm"]]], login: staff)
        #expect(ok.json["items"]?.arrayValue?.first?["creditedHours"] == .number(0.5))
        #expect(try centre.store.hours(learnerId: people[0], year: LocalDay.year(of: Store.nowMillis())).byCategory["it"] == 0.5)
    }

    @Test func closingCreditsAndOnlyAManagerReopens() throws {
        #expect(centre.send("POST", "/api/kiosk/check-ins", json: ["learnerId": people[0], "sessionId": sessionId]).status == 201)
        let closed = centre.send("POST", "/api/sessions/\(sessionId)/close", login: staff)
        #expect(closed.json["status"] == .string("closed"))
        #expect(sheet().first?["checkIn"]?["checkedOutAt"] != .null)
        #expect(centre.send("POST", "/api/kiosk/check-ins", json: ["learnerId": people[1], "sessionId": sessionId]).errorCode == "session_closed")
        #expect(centre.send("PUT", "/api/sessions/\(sessionId)/attendance", json: ["learnerIds": [people[1]]], login: staff).status == 409)
        #expect(centre.send("POST", "/api/sessions/\(sessionId)/reopen", json: ["reason": "quên điểm danh"], login: staff).status == 403)
        #expect(centre.send("POST", "/api/sessions/\(sessionId)/reopen", json: [:], login: manager).errorField == "reason")
        #expect(centre.send("POST", "/api/sessions/\(sessionId)/reopen", json: ["reason": "quên điểm danh"], login: manager).json["status"] == .string("open"))
    }

    @Test func hoursByCategoryAndMonth() throws {
        _ = centre.send("POST", "/api/kiosk/check-ins", json: ["learnerId": people[0], "sessionId": sessionId])
        let ledger = centre.send("GET", "/api/learners/\(people[0])/hours", login: staff).json
        #expect(ledger["total"] == .number(1.66))
        #expect(ledger["itHours"] == .number(1.66))
        #expect(ledger["byMonth"]?.objectValue?.count == 1)
        #expect(centre.send("GET", "/api/learners/\(people[0])/hours?year=abc", login: staff).status == 400)
        #expect(centre.send("GET", "/api/learners/nobody/hours", login: staff).status == 404)
    }
}

/// After random sequences of check-ins, check-outs, attendance edits, closes and cancels, every
/// total equals the sum of the attendance records computed here independently.
@Suite struct HoursPropertyTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func totalsAreTheSumOfTheRecords(seed: UInt64) throws {
        let store = try makeStore()
        let rules = CentreRules()
        var random = SplitMix(seed: seed)
        let village = try store.saveGroup(.village, id: nil, body: Fields(["name": "Thôn"]), actor: nil)["id"]!.stringValue!
        let learners = try (0..<6).map { i -> String in
            var draft = LearnerDraft()
            draft.fullName = "Người \(i) Thử"; draft.gender = .other; draft.birthYear = 1960; draft.villageId = village
            return try store.createLearner(draft, confirmDistinct: true, actor: nil).id
        }
        let day = LocalDay.startOfYear(2026) + 60 * 86_400_000
        let sessions = try (0..<3).map { i -> String in
            let start = day + Int64(8 + 3 * i) * 3_600_000
            return try store.saveSession(id: nil, SessionDraft(Fields([
                "title": .string("Buổi \(i)"), "category": .string(["it", "law", "health"][i]),
                "startsAt": .string(Timestamps.iso(millis: start)), "endsAt": .string(Timestamps.iso(millis: start + 2 * 3_600_000))]),
                creating: true), actor: nil).0.id
        }
        var now = day + 7 * 3_600_000 + 40 * 60_000
        for _ in 0..<120 {
            now += Int64(random.next(15)) * 60_000
            let learner = learners[random.next(learners.count)]
            let session = sessions[random.next(sessions.count)]
            switch random.next(7) {
            case 0, 1: _ = try? store.checkIn(.id(learner), .session(session), now: now, rules: rules)
            case 2: _ = try? store.checkIn(.id(learner), .purpose(VisitPurpose.allCases[random.next(3)]), now: now, rules: rules)
            case 3: _ = try? store.checkOut(.id(learner), now: now, rules: rules)
            case 4:
                let chosen = learners.filter { _ in random.next(2) == 0 }
                let overrides = chosen.filter { _ in random.next(3) == 0 }.map { HoursOverride(learnerId: $0, creditedHours: Double(random.next(8)) / 4, reason: "thử") }
                _ = try? store.setAttendance(sessionId: session, learnerIds: chosen, overrides: overrides, reason: nil, actor: nil)
            case 5: _ = try? store.closeSession(id: session, actor: nil)
            default: try store.autoCloseAll(now: now, rules: rules)
            }
        }
        if random.next(2) == 0 {
            try store.write { db in try db.execute(sql: "UPDATE sessions SET state = 'cancelled' WHERE id = ?", arguments: [sessions[0]]) }
        }
        for learner in learners {
            let expected = try store.read { db -> Double in
                try Row.fetchAll(db, sql: """
                    SELECT c.session_id, c.visit_hours, c.removed_at, c.hours_override, s.state, s.credited_hours
                    FROM check_ins c LEFT JOIN sessions s ON s.id = c.session_id WHERE c.learner_id = ?
                    """, arguments: [learner]).reduce(0) { sum, row in
                    if (row[2] as Int64?) != nil { return sum }
                    if (row[0] as String?) == nil { return sum + (row[1] as Double) }
                    if (row[4] as String) == "cancelled" { return sum }
                    return sum + ((row[3] as Double?) ?? (row[5] as Double))
                }
            }
            let ledger = try store.hours(learnerId: learner, year: 2026)
            #expect(abs(ledger.total - expected) < 1e-9)
            #expect(abs(ledger.byCategory.values.reduce(0, +) - ledger.total) < 1e-9)
            #expect(abs(ledger.byMonth.values.reduce(0, +) - ledger.total) < 1e-9)
            let kiosk = try store.read { db in try Store.hoursThisYear(db, learnerId: learner, now: day) }
            #expect(abs(kiosk - ledger.total) < 1e-9)
            let open = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM check_ins WHERE learner_id = ? AND checked_out_at IS NULL", arguments: [learner])! }
            #expect(open <= 1)
        }
    }
}
