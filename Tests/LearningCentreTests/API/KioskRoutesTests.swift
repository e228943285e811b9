import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct KioskRoutesTests {
    let centre: TestCentre
    let login: TestCentre.Login
    let villageId: String
    let lanId: String

    init() throws {
        centre = try TestCentre()
        login = try centre.login()
        villageId = try centre.village("Thôn Đồi Thông", login: login)
        lanId = centre.send("POST", "/api/learners", json: ["fullName": "Nguyễn Thị Lan", "gender": "female", "birthYear": 1958,
                                                            "villageId": villageId, "phone": "0912345678", "notes": "riêng tư"],
                            login: login).json["id"]!.stringValue!
    }

    /// Reads are answered where they arrive, but one that may score a whole year goes to a worker,
    /// as every write does, so a kiosk never waits behind it.
    @Test(arguments: [("GET", "/api/kiosk/today", false), ("GET", "/api/kiosk/card", false), ("GET", "/kiosk/", false),
                      ("GET", "/api/health", false), ("GET", "/api/nothing", false), ("HEAD", "/api/kiosk/today", false),
                      ("GET", "/api/learners", false), ("GET", "/api/reports/dashboard", true), ("GET", "/api/scores", true),
                      ("GET", "/api/titles", true), ("GET", "/api/reports/indicators/T1", true),
                      ("POST", "/api/kiosk/check-ins", true), ("POST", "/api/auth/login", true)])
    func readsThatScoreAYearRunOnAWorker(_ method: String, _ path: String, onWorker: Bool) {
        #expect(centre.app.plan(method: method, path: path).onWorker == onWorker, "\(method) \(path)")
    }

    @Test func kioskRoutesAnswerOnlyKioskAddresses() {
        #expect(centre.send("GET", "/api/kiosk/search?q=lan", address: "192.168.1.20").status == 403)
        #expect(centre.send("GET", "/api/kiosk/today", address: "10.0.0.5").errorCode == "not_a_kiosk")
        #expect(centre.send("GET", "/api/kiosk/search?q=lan", address: "::1").status == 200)
    }

    @Test func screenHoursAreSetByAManagerAndReadByTheKiosk() {
        #expect(centre.send("GET", "/api/kiosk/screen").json == .object(["opensAt": "06:00", "closesAt": "21:30", "timeZone": "Asia/Ho_Chi_Minh", "sound": true]))
        #expect(centre.send("GET", "/api/kiosk/screen", address: "192.168.1.20").status == 403)
        #expect(centre.send("PATCH", "/api/settings", json: ["kioskOpensAt": "25:00"], login: login).errorField == "kioskOpensAt")
        #expect(centre.send("PATCH", "/api/settings", json: ["kioskClosesAt": "9h"], login: login).errorField == "kioskClosesAt")
        let saved = centre.send("PATCH", "/api/settings", json: ["kioskOpensAt": "7:05", "kioskClosesAt": "20:00"], login: login)
        #expect(saved.json["kioskOpensAt"] == "07:05")
        #expect(centre.send("GET", "/api/kiosk/screen").json == .object(["opensAt": "07:05", "closesAt": "20:00", "timeZone": "Asia/Ho_Chi_Minh", "sound": true]))
        // The chime after a check-in can be turned off.
        #expect(centre.send("PATCH", "/api/settings", json: ["kioskSound": false], login: login).json["kioskSound"] == false)
        #expect(centre.send("GET", "/api/kiosk/screen").json["sound"] == false)
        #expect(centre.send("PATCH", "/api/settings", json: ["kioskSound": "loud"], login: login).errorField == "kioskSound")
        #expect(centre.send("PATCH", "/api/settings", json: ["kioskSound": true], login: login).json["kioskSound"] == true)
        // null goes back to the default
        #expect(centre.send("PATCH", "/api/settings", json: ["kioskOpensAt": NSNull()], login: login).json["kioskOpensAt"] == "06:00")
        #expect(centre.send("GET", "/api/kiosk/screen").json["closesAt"] == "20:00")
    }

    @Test func searchRevealsOnlyNameYearAndVillage() throws {
        let items = try #require(centre.send("GET", "/api/kiosk/search?q=lan").json["items"]?.arrayValue)
        #expect(items.count == 1)
        #expect(Set(items[0].objectValue!.keys) == ["id", "displayName", "birthYear", "village"])
        #expect(items[0]["village"] == .string("Thôn Đồi Thông"))
        #expect(!centre.send("GET", "/api/kiosk/search?q=lan").bodyText.contains("0912345678"))
    }

    @Test(arguments: ["l", String(repeating: "lan ", count: 50), "", "<script>"])
    func oddSearchesAreHarmless(_ q: String) {
        let r = centre.send("GET", "/api/kiosk/search?q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        #expect(r.status == 200)
        #expect((r.json["items"]?.arrayValue?.count ?? 99) <= 10)
    }

    @Test func checkInAnswers201ThenTheSameRecordWith200() throws {
        let body = ["learnerId": lanId, "purpose": "reading"]
        let first = centre.send("POST", "/api/kiosk/check-ins", json: body)
        #expect(first.status == 201)
        #expect(first.json["learner"]?["displayName"] == .string("Nguyễn Thị Lan"))
        #expect(first.json["learner"]?["hoursThisYear"] == .number(0))
        let again = centre.send("POST", "/api/kiosk/check-ins", json: body)
        #expect(again.status == 200)
        #expect(again.json["checkIn"]?["id"] == first.json["checkIn"]?["id"])
        let out = centre.send("POST", "/api/kiosk/check-outs", json: ["learnerId": lanId])
        #expect(out.status == 200)
        #expect(out.json["checkIn"]?["checkedOutAt"] != .null)
    }

    @Test(arguments: [
        (["learnerId": "x", "cardCode": "y", "purpose": "reading"], 422),
        (["purpose": "reading"], 422),
        (["cardCode": "LCNOPE2345", "purpose": "reading"], 404),
        (["learnerId": "nobody", "purpose": "dancing"], 422),
    ] as [([String: String], Int)])
    func refusesBadCheckIns(_ body: [String: String], _ status: Int) {
        #expect(centre.send("POST", "/api/kiosk/check-ins", json: body).status == status)
    }

    @Test func selfRegistrationWaitsForStaff() throws {
        let missingConsent = centre.send("POST", "/api/kiosk/registrations",
                                         json: ["fullName": "Lo Van Minh", "birthYear": 1950, "villageId": villageId, "consent": false])
        #expect(missingConsent.errorField == "consent")
        let sent = centre.send("POST", "/api/kiosk/registrations",
                               json: ["fullName": "Nguyen Thi Lan", "birthYear": 1958, "villageId": villageId, "consent": true])
        #expect(sent.status == 202)
        let pending = try #require(centre.send("GET", "/api/registrations", login: login).json["items"]?.arrayValue)
        #expect(pending.count == 1)
        #expect(pending[0]["candidates"]?.arrayValue?.first?["id"] == .string(lanId))
        let id = try #require(pending[0]["id"]?.stringValue)
        let merged = centre.send("POST", "/api/registrations/\(id)/merge", json: ["learnerId": lanId], login: login)
        #expect(merged.json["status"] == .string("merged"))
        #expect(centre.send("POST", "/api/registrations/\(id)/reject", json: [:], login: login).status == 409)

        let other = centre.send("POST", "/api/kiosk/registrations",
                                json: ["fullName": "Lo Van Minh", "birthYear": 1950, "villageId": villageId, "consent": true])
        let otherId = try #require(other.json["id"]?.stringValue)
        #expect(centre.send("POST", "/api/registrations/\(otherId)/approve", json: [:], login: login).errorField == "gender")
        let approved = centre.send("POST", "/api/registrations/\(otherId)/approve", json: ["gender": "male", "fullName": "Lò Văn Minh"], login: login)
        #expect(approved.json["status"] == .string("approved"))
        let learnerId = try #require(approved.json["learnerId"]?.stringValue)
        let learner = centre.send("GET", "/api/learners/\(learnerId)", login: login).json
        #expect(learner["fullName"] == .string("Lò Văn Minh"))
        #expect(learner["consentAt"] != .null)
    }

    /// The kiosk's form says every mistake at once in words a learner knows; gender chosen at
    /// the kiosk reaches the approval; the same person sent twice is marked for staff.
    @Test func selfRegistrationErrorsInWordsAndTwins() throws {
        let empty = centre.send("POST", "/api/kiosk/registrations", json: [:])
        #expect(empty.status == 422)
        let messages = empty.json["error"]?["errors"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
        #expect(messages.count == 4)
        #expect(messages.first == "Xin gõ họ và tên.")
        #expect(!messages.contains { $0.contains("\"") })
        let body: [String: Any] = ["fullName": "Ha Van Tu", "birthYear": 1949, "gender": "male", "villageId": villageId, "consent": true]
        let first = try #require(centre.send("POST", "/api/kiosk/registrations", json: body).json["id"]?.stringValue)
        let second = try #require(centre.send("POST", "/api/kiosk/registrations", json: body).json["id"]?.stringValue)
        let pending = try #require(centre.send("GET", "/api/registrations", login: login).json["items"]?.arrayValue)
        #expect(pending.map { $0["samePending"] } == [.array([.string(second)]), .array([.string(first)])])
        #expect(pending[0]["gender"] == .string("male"))
        let approved = centre.send("POST", "/api/registrations/\(first)/approve", json: [:], login: login)
        #expect(approved.json["status"] == .string("approved"))
        let learnerId = try #require(approved.json["learnerId"]?.stringValue)
        #expect(centre.send("GET", "/api/learners/\(learnerId)", login: login).json["gender"] == .string("male"))
        #expect(centre.send("GET", "/api/registrations", login: login).json["items"]?.arrayValue?.first?["samePending"] == .array([]))
    }

    @Test func cardsCarryAQRCodeAndEscapeNames() throws {
        let marked = centre.send("POST", "/api/learners", json: ["fullName": "Lan <script>x</script> & Co", "gender": "female",
                                                                 "birthYear": 1960, "villageId": villageId], login: login)
        let id = try #require(marked.json["id"]?.stringValue)
        let card = centre.send("GET", "/api/learners/\(id)/card.svg", login: login)
        #expect(card.status == 200)
        #expect(card.header("Content-Type")?.hasPrefix("image/svg+xml") == true)
        #expect(card.bodyText.contains("&lt;script&gt;"))
        #expect(!card.bodyText.contains("<script>"))
        #expect(card.bodyText.contains("<path"))
        #expect(card.bodyText.contains(marked.json["cardCode"]!.stringValue!))
        let sheet = centre.send("GET", "/api/cards?village=\(villageId)", login: login)
        #expect(sheet.bodyText.components(separatedBy: "class=\"card\"").count - 1 == 2)
        let reissued = centre.send("POST", "/api/learners/\(id)/card/reissue", login: login)
        #expect(reissued.json["cardCode"] != marked.json["cardCode"])
    }

    /// A scan answers who, and whether they are in (so the kiosk offers "Ra về" first); nothing private.
    @Test func aScannedCardSaysWhetherTheLearnerIsIn() throws {
        let card = try #require(centre.send("GET", "/api/learners/\(lanId)", login: login).json["cardCode"]?.stringValue)
        let before = centre.send("GET", "/api/kiosk/card?code=\(card)").json
        #expect(before["inside"] == .null)
        #expect(before["phone"] == nil)
        #expect(centre.send("POST", "/api/kiosk/check-ins", json: ["cardCode": card, "purpose": "club"]).status == 201)
        let inside = centre.send("GET", "/api/kiosk/card?code=\(card.lowercased())").json["inside"]
        #expect(inside?["label"] == "Sinh hoạt câu lạc bộ")
        #expect(inside?["since"]?.stringValue?.hasSuffix("+07:00") == true)
        #expect(centre.send("POST", "/api/kiosk/check-outs", json: ["cardCode": card]).status == 200)
        #expect(centre.send("GET", "/api/kiosk/card?code=\(card)").json["inside"] == .null)
    }

    /// "Nhờ cán bộ giúp": from the kiosk only, one waiting call per minute, on staff's Today list
    /// with the name when known, gone once someone went to help.
    @Test func aCallForHelpReachesStaffOnce() throws {
        #expect(centre.send("POST", "/api/kiosk/help", json: ["screen": "find"], address: "192.168.1.20").status == 403)
        let first = centre.send("POST", "/api/kiosk/help", json: ["learnerId": lanId, "screen": "choose"])
        #expect(first.status == 201)
        #expect(first.json["message"]?.stringValue?.contains("cán bộ") == true)
        let again = centre.send("POST", "/api/kiosk/help", json: ["screen": "choose"])
        #expect(again.json["id"] == first.json["id"])
        let list = centre.send("GET", "/api/help-requests", login: login).json["items"]?.arrayValue ?? []
        #expect(list.count == 1)
        #expect(list.first?["fullName"] == "Nguyễn Thị Lan")
        let id = try #require(first.json["id"]?.stringValue)
        #expect(centre.send("POST", "/api/help-requests/\(id)/answer", login: login).status == 204)
        #expect(centre.send("GET", "/api/help-requests", login: login).json["items"]?.arrayValue?.isEmpty == true)
        #expect(centre.send("POST", "/api/help-requests/999999/answer", login: login).status == 404)
    }
}
