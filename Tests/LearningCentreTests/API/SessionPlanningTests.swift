import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// Planning sessions through the API: the rules on times and hours, weekly series, cancelling,
/// the same place twice, and nothing half-saved.
@Suite struct SessionPlanningTests {
    let centre: TestCentre
    let manager: TestCentre.Login
    let staff: TestCentre.Login
    let hour: Int64 = 3_600_000
    let day: Int64 = 86_400_000
    /// 08:00 local, tomorrow.
    let tomorrow8: Int64

    init() throws {
        centre = try TestCentre()
        manager = try centre.login()
        staff = try centre.login("canbo")
        tomorrow8 = LocalDay.start(containing: Store.nowMillis()) + day + 8 * hour
    }

    func iso(_ millis: Int64) -> String { Timestamps.iso(millis: millis) }

    func plan(_ title: String = "Tin học", at start: Int64, hours: Double = 2, place: String? = nil,
              extra: [String: Any] = [:]) -> HTTPResponse {
        var body: [String: Any] = ["title": title, "category": "it", "startsAt": iso(start), "endsAt": iso(start + Int64(hours * 3_600_000))]
        if let place { body["place"] = place }
        return centre.send("POST", "/api/sessions", json: body.merging(extra) { _, b in b }, login: staff)
    }

    /// A JSON object written as text (test arguments must be Sendable).
    func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test(arguments: [
        (#"{"endsAt": "-1h"}"#, "endsAt"),
        (#"{"endsAt": "+13h"}"#, "endsAt"),
        (#"{"creditedHours": -1}"#, "creditedHours"),
        (#"{"creditedHours": 3}"#, "creditedHours"),
        (#"{"category": "dancing"}"#, "category"),
        (#"{"capacity": 0}"#, "capacity"),
        (#"{"status": "cancelled"}"#, "status"),
        (#"{"startsAt": "2026-13-01T08:00:00+07:00"}"#, "startsAt"),
        (#"{"title": "   "}"#, "title"),
        (#"{"creditedHours": 25, "reason": "cả tuần thực hành"}"#, "creditedHours"),
        (#"{"instructorId": "khong-co"}"#, "instructorId"),
    ])
    func refusesBadSessionsNamingTheField(_ change: String, _ field: String) throws {
        var body: [String: Any] = ["title": "Tin học", "category": "it", "startsAt": iso(tomorrow8), "endsAt": iso(tomorrow8 + 2 * hour)]
        for (key, value) in object(change) {
            switch value as? String {
            case "-1h": body[key] = iso(tomorrow8 - hour)
            case "+13h": body[key] = iso(tomorrow8 + 13 * hour)
            default: body[key] = value
            }
        }
        let answer = centre.send("POST", "/api/sessions", json: body, login: staff)
        #expect(answer.status == 422)
        #expect(answer.errorField == field)
        #expect(answer.json["error"]?["message"]?.stringValue?.isEmpty == false)
        let listed = centre.send("GET", "/api/sessions?from=\(iso(tomorrow8).prefix(10))", login: staff)
        #expect(listed.json["items"]?.arrayValue?.isEmpty == true, "nothing half-saved")
    }

    @Test func moreHoursThanTheSessionLastsNeedAReasonAndALearnerCanTeach() throws {
        let village = try centre.village("Thôn Một", login: manager)
        let teacher = try #require(centre.send("POST", "/api/learners", json: ["fullName": "Đinh Thị Xuân", "gender": "female", "birthYear": 1985,
                                                                               "villageId": village], login: staff).json["id"]?.stringValue)
        let made = plan(at: tomorrow8, extra: ["creditedHours": 3, "reason": "Có bài thực hành ở nhà", "instructorId": teacher])
        #expect(made.status == 201)
        #expect(made.json["creditedHours"] == 3)
        #expect(made.json["instructor"] == "Đinh Thị Xuân", "the learner's name, unless another is given")
        #expect(made.json["instructorId"]?.stringValue == teacher)
        let id = try #require(made.json["id"]?.stringValue)
        let trail = try centre.store.auditTrail(entity: "session", id: id)
        #expect(trail.first?.changes["reason"]?[1] == "Có bài thực hành ở nhà")
        let guest = centre.send("PATCH", "/api/sessions/\(id)", json: ["instructorId": NSNull(), "instructor": "Kỹ sư Lâm (khách mời)"], login: staff)
        #expect(guest.status == 200, "\(guest.bodyText)")
        #expect(guest.json["instructorId"] == .null)
        #expect(guest.json["instructor"] == "Kỹ sư Lâm (khách mời)")
    }

    @Test func theSamePlaceTwiceIsAWarningNotARefusal() throws {
        #expect(plan(at: tomorrow8, place: "Phòng máy").json["warnings"]?.arrayValue?.isEmpty == true)
        let second = plan("Luật đất đai", at: tomorrow8 + hour, place: "phòng MAY")
        #expect(second.status == 201)
        let warnings = try #require(second.json["warnings"]?.arrayValue)
        try #require(warnings.count == 1)
        #expect(warnings[0]["code"] == "place_overlap")
        #expect(warnings[0]["message"]?.stringValue?.contains("Tin học") == true)
        #expect(plan("Y tế", at: tomorrow8 + hour, place: "Hội trường").json["warnings"]?.arrayValue?.isEmpty == true)
        #expect(plan("Sau giờ", at: tomorrow8 + 3 * hour, place: "Phòng máy").json["warnings"]?.arrayValue?.isEmpty == true)
    }

    @Test func aWeeklySeriesIsMadeInOneStepAndEditedAsAWholeOrOneByOne() throws {
        let start = tomorrow8 - 14 * day  // two sessions already held, three to come
        let made = centre.send("POST", "/api/session-series", json: [
            "title": "Tin học cho người cao tuổi", "category": "it", "place": "Phòng máy", "capacity": 20,
            "startsAt": iso(start), "endsAt": iso(start + 2 * hour), "count": 5], login: staff)
        #expect(made.status == 201)
        let seriesId = try #require(made.json["seriesId"]?.stringValue)
        let items = try #require(made.json["items"]?.arrayValue)
        try #require(items.count == 5)
        #expect(items.map { $0["seriesId"]?.stringValue } == Array(repeating: seriesId, count: 5))
        #expect(items.map { $0["startsAt"]?.stringValue } == (0..<5).map { iso(start + Int64($0) * 7 * day) })
        let first = try #require(items[0]["id"]?.stringValue), fourth = try #require(items[3]["id"]?.stringValue)
        #expect(centre.send("POST", "/api/sessions/\(first)/close", login: staff).status == 200)

        // One by one: the fourth moves to another room.
        #expect(centre.send("PATCH", "/api/sessions/\(fourth)", json: ["place": "Hội trường"], login: staff).status == 200)
        // As a whole: a new title and evening hours for every session still to come.
        let changed = centre.send("PATCH", "/api/session-series/\(seriesId)", json: [
            "title": "Tin học: điện thoại thông minh", "startTime": "18:00", "endTime": "20:00"], login: staff)
        #expect(changed.status == 200)
        #expect(changed.json["changed"] == 3)
        let after = try #require(centre.send("GET", "/api/session-series/\(seriesId)", login: staff).json["items"]?.arrayValue)
        try #require(after.count == 5)
        #expect(after[0]["title"] == "Tin học cho người cao tuổi", "a held session keeps its record")
        #expect(after[2...].allSatisfy { $0["title"] == "Tin học: điện thoại thông minh" })
        #expect(after[2...].allSatisfy { $0["startsAt"]?.stringValue?.contains("T18:00:00") == true })
        #expect(after[2...].allSatisfy { $0["creditedHours"] == 2 })
        #expect(after[3]["place"] == "Hội trường", "the one-by-one change stays")

        // Cancelling the rest of the series at once.
        let cancelled = centre.send("PATCH", "/api/session-series/\(seriesId)", json: ["status": "cancelled", "reason": "Nghỉ Tết"], login: staff)
        #expect(cancelled.json["items"]?.arrayValue?.suffix(3).allSatisfy { $0["status"] == "cancelled" } == true)
    }

    @Test(arguments: [#"{"count": 1}"#, #"{"count": 53}"#, #"{"count": "4"}"#, "{}"])
    func refusesSeriesOfTheWrongLength(_ count: String) {
        let body: [String: Any] = ["title": "Tin học", "category": "it", "startsAt": iso(tomorrow8), "endsAt": iso(tomorrow8 + hour)]
        let answer = centre.send("POST", "/api/session-series", json: body.merging(object(count)) { _, b in b }, login: staff)
        #expect(answer.status == 422)
        #expect(answer.errorField == "count")
    }

    @Test func aCancelledSessionKeepsItsCheckInsAndCreditsNothing() throws {
        let village = try centre.village("Thôn Một", login: manager)
        let learner = try #require(centre.send("POST", "/api/learners", json: ["fullName": "Hà Văn Tư", "gender": "male", "birthYear": 1960,
                                                                               "villageId": village], login: staff).json["id"]?.stringValue)
        let now = Store.nowMillis()
        let session = try #require(plan(at: classRunningNow(length: 7_200_000).start).json["id"]?.stringValue)
        #expect(centre.send("POST", "/api/kiosk/check-ins", json: ["learnerId": learner, "sessionId": session]).status == 201)
        let cancel = centre.send("PATCH", "/api/sessions/\(session)", json: ["status": "cancelled", "reason": "Mất điện"], login: staff)
        #expect(cancel.status == 200)
        #expect(cancel.json["status"] == "cancelled")
        let lines = try centre.store.attendance(sessionId: session)
        #expect(lines.count == 1, "kept")
        let line = try #require(lines.first)
        #expect(line.checkIn.creditedHours == 0)
        #expect(line.checkIn.checkedOutAt != nil, "nobody stays checked in to a cancelled class")
        #expect(try centre.store.hours(learnerId: learner, year: LocalDay.year(of: now)).total == 0)
        #expect(centre.send("PATCH", "/api/sessions/\(session)", json: ["status": "planned"], login: staff).status == 409)
        let back = centre.send("PATCH", "/api/sessions/\(session)", json: ["status": "planned", "reason": "Có điện lại"], login: manager)
        #expect(back.json["status"] == "open")
        #expect(try centre.store.hours(learnerId: learner, year: LocalDay.year(of: now)).total == 2)
        let trail = try centre.store.auditTrail(entity: "session", id: session)
        #expect(trail.contains { $0.action == "update" && $0.changes["reason"]?[1] == "Mất điện" })
    }
}
