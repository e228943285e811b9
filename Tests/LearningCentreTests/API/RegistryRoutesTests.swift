import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct RegistryRoutesTests {
    let centre: TestCentre
    let login: TestCentre.Login
    let villageId: String

    init() throws {
        centre = try TestCentre()
        login = try centre.login()
        villageId = try centre.village("Thôn Đồi Thông", login: login)
    }

    func lan(_ extra: [String: Any] = [:]) -> [String: Any] {
        ["fullName": "Nguyễn Thị Lan", "gender": "female", "birthYear": 1958, "villageId": villageId].merging(extra) { _, b in b }
    }

    func learnerCount() throws -> Int {
        try centre.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM learners") ?? 0 }
    }

    @Test func registersAndReadsALearner() throws {
        let created = centre.send("POST", "/api/learners", json: lan(["phone": "0912 345 678", "isAssociationOfficer": true]), login: login)
        #expect(created.status == 201)
        let id = try #require(created.json["id"]?.stringValue)
        #expect(created.json["cardCode"]?.stringValue?.hasPrefix("LC") == true)
        #expect(created.json["phone"] == .string("0912345678"))
        #expect(created.json["archived"] == .bool(false))
        #expect(created.json["createdAt"]?.stringValue?.contains("T") == true)
        let read = centre.send("GET", "/api/learners/\(id)", login: login)
        #expect(read.json == created.json)
    }

    @Test func spotsLikelyDuplicates() throws {
        #expect(centre.send("POST", "/api/learners", json: lan(["phone": "0912345678"]), login: login).status == 201)
        let sameName = centre.send("POST", "/api/learners", json: lan(["fullName": "NGUYEN THI LAN"]), login: login)
        #expect(sameName.status == 409)
        #expect(sameName.errorCode == "possible_duplicate")
        #expect(sameName.json["error"]?["candidates"]?.arrayValue?.count == 1)
        let samePhone = centre.send("POST", "/api/learners", json: lan(["fullName": "Lê Văn Hùng", "birthYear": 1960, "phone": "+84912345678"]), login: login)
        #expect(samePhone.status == 409)
        #expect(centre.send("POST", "/api/learners", json: lan(["confirmDistinct": true]), login: login).status == 201)
        #expect(try learnerCount() == 2)
    }

    @Test(arguments: [
        ("malformed", 400, "malformed_json", nil as String?),
        ("wrongType", 415, "unsupported_media_type", nil),
        ("unknownField", 422, "unknown_field", "shoeSize"),
        ("emptyName", 422, "invalid_value", "fullName"),
        ("longName", 422, "invalid_value", "fullName"),
        ("controlName", 422, "invalid_value", "fullName"),
        ("futureYear", 422, "invalid_value", "birthYear"),
        ("unknownVillage", 422, "invalid_value", "villageId"),
        ("readOnly", 422, "read_only_field", "cardCode"),
        ("badGender", 422, "invalid_value", "gender"),
        ("missingYear", 422, "invalid_value", "birthYear"),
        ("unknownHousehold", 422, "invalid_value", "householdId"),
        ("rightToLeft", 422, "invalid_value", "fullName"),
        ("zeroWidth", 422, "invalid_value", "fullName"),
        ("hugeName", 422, "invalid_value", "fullName"),
    ])
    func refusesBadInput(_ kind: String, _ status: Int, _ code: String, _ field: String?) throws {
        let r: HTTPResponse
        switch kind {
        case "malformed": r = centre.send("POST", "/api/learners", body: Array("{\"fullName\": ".utf8), contentType: "application/json", login: login)
        case "wrongType": r = centre.send("POST", "/api/learners", body: Array("fullName=Lan".utf8), contentType: "application/x-www-form-urlencoded", login: login)
        case "unknownField": r = centre.send("POST", "/api/learners", json: lan(["shoeSize": 38]), login: login)
        case "emptyName": r = centre.send("POST", "/api/learners", json: lan(["fullName": "   "]), login: login)
        case "longName": r = centre.send("POST", "/api/learners", json: lan(["fullName": String(repeating: "Lan ", count: 125)]), login: login)
        case "controlName": r = centre.send("POST", "/api/learners", json: lan(["fullName": "Lan\u{0001}Anh"]), login: login)
        case "futureYear": r = centre.send("POST", "/api/learners", json: lan(["birthYear": Timestamps.currentYear() + 1]), login: login)
        case "unknownVillage": r = centre.send("POST", "/api/learners", json: lan(["villageId": "no-such-village"]), login: login)
        case "readOnly": r = centre.send("POST", "/api/learners", json: lan(["cardCode": "LC123"]), login: login)
        case "badGender": r = centre.send("POST", "/api/learners", json: lan(["gender": "x"]), login: login)
        case "missingYear": r = centre.send("POST", "/api/learners", json: lan().filter { $0.key != "birthYear" }, login: login)
        case "rightToLeft": r = centre.send("POST", "/api/learners", json: lan(["fullName": "Lan \u{202E}hnA"]), login: login)
        case "zeroWidth": r = centre.send("POST", "/api/learners", json: lan(["fullName": "Nguyễn\u{200B} Thị Lan"]), login: login)
        case "hugeName": r = centre.send("POST", "/api/learners", json: lan(["fullName": String(repeating: "a", count: 120_000)]), login: login)
        default: r = centre.send("POST", "/api/learners", json: lan(["householdId": "nope"]), login: login)
        }
        #expect(r.status == status, "\(kind): \(r.bodyText)")
        #expect(r.errorCode == code)
        #expect(r.errorField == field)
        #expect(r.json["error"]?["message"]?.stringValue?.isEmpty == false)
        #expect(try learnerCount() == 0)
    }

    /// A form shows every mistake at once, each in words next to its field (issue 15).
    @Test func namesEveryBadFieldAtOnceInWords() throws {
        let empty = centre.send("POST", "/api/learners", json: [:], login: login)
        #expect(empty.status == 422)
        #expect(empty.errorField == "fullName")
        let errors = try #require(empty.json["error"]?["errors"]?.arrayValue)
        #expect(errors.compactMap { $0["field"]?.stringValue } == ["fullName", "gender", "birthYear", "villageId"])
        #expect(errors.compactMap { $0["message"]?.stringValue } == ["Thiếu họ và tên.", "Thiếu giới tính.", "Thiếu năm sinh.", "Thiếu thôn."])
        let mixed = centre.send("POST", "/api/learners", json: lan(["fullName": "  ", "birthYear": 3000, "phone": "12"]), login: login)
        let fields = mixed.json["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue }
        #expect(fields == ["fullName", "birthYear", "phone"])
        #expect(mixed.json["error"]?["message"]?.stringValue?.hasPrefix("Họ và tên không được để trống.") == true)
        #expect(!mixed.bodyText.contains("\"fullName\" không"))
        let session = centre.send("POST", "/api/sessions", json: ["category": "it"], login: login)
        #expect(session.json["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["title", "startsAt", "endsAt"])
        #expect(try learnerCount() == 0)
    }

    @Test func storesDecomposedNamesAsNFC() throws {
        let r = centre.send("POST", "/api/learners", json: lan(["fullName": "Nguye\u{0302}\u{0303}n Thi\u{0323} Lan"]), login: login)
        #expect(r.status == 201)
        #expect(r.json["fullName"]?.stringValue?.unicodeScalars.count == "Nguyễn Thị Lan".precomposedStringWithCanonicalMapping.unicodeScalars.count)
    }

    @Test func patchesArchivesAndAudits() throws {
        let id = try #require(centre.send("POST", "/api/learners", json: lan(), login: login).json["id"]?.stringValue)
        let patched = centre.send("PATCH", "/api/learners/\(id)", json: ["notes": "Thích đọc sách", "category": "elderly"], login: login)
        #expect(patched.status == 200)
        #expect(patched.json["notes"] == .string("Thích đọc sách"))
        #expect(patched.json["fullName"] == .string("Nguyễn Thị Lan"))
        #expect(centre.send("PATCH", "/api/learners/\(id)", json: ["birthYear": 3000], login: login).status == 422)
        #expect(centre.send("POST", "/api/learners/\(id)/archive", login: login).json["archived"] == .bool(true))
        #expect(centre.send("GET", "/api/learners?q=lan", login: login).json["items"]?.arrayValue?.isEmpty == true)
        let history = centre.send("GET", "/api/learners/\(id)/history", login: login).json["items"]?.arrayValue ?? []
        #expect(history.map { $0["action"]?.stringValue } == ["archive", "update", "create"])
        #expect(history[1]["username"] == .string("quanly"))
        #expect(history[1]["changes"]?["category"] == .array([.string("other"), .string("elderly")]))
    }

    @Test func listsWithLimitAndNext() throws {
        for i in 0..<7 {
            #expect(centre.send("POST", "/api/learners", json: lan(["fullName": "Trần Văn An \(i)", "birthYear": 1950 + i]), login: login).status == 201)
        }
        let first = centre.send("GET", "/api/learners?limit=5", login: login).json
        #expect(first["items"]?.arrayValue?.count == 5)
        let next = try #require(first["next"]?.stringValue)
        let second = centre.send("GET", "/api/learners?limit=5&next=\(next)", login: login).json
        #expect(second["items"]?.arrayValue?.count == 2)
        #expect(second["next"] == .null)
    }

    @Test func groupsHaveTheirOwnRules() throws {
        #expect(centre.send("POST", "/api/villages", json: ["name": "thon doi thong"], login: login).status == 409)
        let household = centre.send("POST", "/api/households", json: ["name": "Hộ ông Nông Văn Dũng", "villageId": villageId], login: login)
        #expect(household.status == 201)
        #expect(centre.send("POST", "/api/households", json: ["name": "Hộ X", "villageId": "nope"], login: login).errorField == "villageId")
        #expect(centre.send("POST", "/api/units", json: ["name": "Trường", "kind": "castle"], login: login).errorField == "kind")
        let unit = centre.send("POST", "/api/units", json: ["name": "Trạm Y tế", "kind": "healthStation"], login: login)
        #expect(unit.json["kind"] == .string("healthStation"))
        let clanId = try #require(centre.send("POST", "/api/clans", json: ["name": "Họ Nông"], login: login).json["id"]?.stringValue)
        let renamed = centre.send("PATCH", "/api/clans/\(clanId)", json: ["name": "Dòng họ Nông"], login: login)
        #expect(renamed.json["name"] == .string("Dòng họ Nông"))
        #expect(centre.send("GET", "/api/clans/nope", login: login).status == 404)
        let hid = try #require(household.json["id"]?.stringValue)
        let inHousehold = centre.send("POST", "/api/learners", json: lan(["householdId": hid]), login: login)
        #expect(inHousehold.status == 201)
        #expect(centre.send("GET", "/api/learners?household=\(hid)", login: login).json["items"]?.arrayValue?.count == 1)
    }
}
