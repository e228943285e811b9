import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct AuthRoutesTests {
    let centre: TestCentre
    init() throws { centre = try TestCentre() }

    @Test func loginSetsAStrictCookieAndReturnsTheCSRFToken() throws {
        let r = centre.send("POST", "/api/auth/login", json: ["username": "quanly", "password": TestCentre.managerPassword])
        #expect(r.status == 200)
        let cookie = try #require(r.header("Set-Cookie"))
        #expect(cookie.hasPrefix("lc_session="))
        for part in ["HttpOnly", "SameSite=Strict", "Path=/"] { #expect(cookie.contains(part)) }
        #expect(r.json["user"]?["role"] == .string("manager"))
        #expect(r.json["csrfToken"]?.stringValue?.count ?? 0 >= 32)
    }

    @Test func meAndLogout() throws {
        let login = try centre.login()
        #expect(centre.send("GET", "/api/auth/me", login: login).json["user"]?["username"] == .string("quanly"))
        #expect(centre.send("POST", "/api/auth/logout", login: login, csrf: false).status == 403)
        #expect(centre.send("POST", "/api/auth/logout", login: login).status == 204)
        #expect(centre.send("GET", "/api/auth/me", login: login).status == 401)
    }

    @Test func wrongPasswordIs401() {
        let r = centre.send("POST", "/api/auth/login", json: ["username": "quanly", "password": "sai"])
        #expect(r.status == 401)
        #expect(r.errorCode == "wrong_credentials")
    }

    @Test func aFloodIsSlowedWith429() throws {
        for _ in 0..<5 {
            #expect(centre.send("POST", "/api/auth/login", json: ["username": "quanly", "password": "sai"], address: "10.1.1.1").status == 401)
        }
        let r = centre.send("POST", "/api/auth/login", json: ["username": "quanly", "password": TestCentre.managerPassword], address: "10.1.1.1")
        #expect(r.status == 429)
        #expect(Int(r.header("Retry-After") ?? "") == 30)
        #expect(r.json["error"]?["message"]?.stringValue?.contains("30 giây") == true)
        // The same manager from the box, and another name from another address, still get in.
        #expect(throws: Never.self) { try centre.login("quanly", address: "127.0.0.1") }
        #expect(throws: Never.self) { try centre.login("canbo", address: "10.2.2.2") }
    }

    @Test func staffRoutesNeedASessionAndTheCSRFHeader() throws {
        #expect(centre.send("GET", "/api/learners").status == 401)
        let login = try centre.login("canbo")
        #expect(centre.send("GET", "/api/learners", login: login).status == 200)
        let withoutCSRF = centre.send("POST", "/api/villages", json: ["name": "Thôn A"], login: login, csrf: false)
        #expect(withoutCSRF.status == 403)
        #expect(withoutCSRF.errorCode == "csrf_token_missing")
        #expect(centre.send("POST", "/api/villages", json: ["name": "Thôn A"], login: login, headers: ["X-CSRF-Token": "x"]).status == 201)
    }

    @Test func importIsForManagers() throws {
        let staff = try centre.login("canbo")
        #expect(centre.send("POST", "/api/learners/import", body: Array("fullName\n".utf8), contentType: "text/csv", login: staff).status == 403)
    }
}
