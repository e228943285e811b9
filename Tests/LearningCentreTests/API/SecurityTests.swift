import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The security review of issue 8, through the same doors as an attacker: every route's access
/// rule, and secrets that must never leave the box.
@Suite struct SecurityTests {
    /// Every route the build serves, with its path parameters filled in.
    static func sample(_ route: Route) -> String {
        route.pattern.split(separator: "/").map { $0.hasPrefix("{") ? "x" : String($0) }.joined(separator: "/").replacingOccurrences(of: "api", with: "/api", options: .anchored)
    }

    @Test func everyStaffRouteRefusesWithoutASessionAndWithoutTheCSRFHeader() throws {
        let centre = try TestCentre()
        let staff = try centre.login("canbo")
        var checked = 0
        for route in centre.app.router.routes where route.access == .staff || route.access == .manager {
            let path = Self.sample(route)
            let anonymous = centre.send(route.method, path, json: [:])
            #expect(anonymous.status == 401, "\(route.method) \(route.pattern) without a session: \(anonymous.status)")
            if route.method != "GET" {
                let noCSRF = centre.send(route.method, path, json: [:], login: staff, csrf: false)
                #expect(noCSRF.status == 403 && noCSRF.errorCode == "csrf_token_missing", "\(route.method) \(route.pattern) without CSRF: \(noCSRF.status)")
            }
            if route.access == .manager {
                let asStaff = centre.send(route.method, path, json: [:], login: staff)
                #expect(asStaff.status == 403, "\(route.method) \(route.pattern) as staff: \(asStaff.status)")
            }
            checked += 1
        }
        #expect(checked > 60)
    }

    @Test func kioskRoutesAnswerOnlyTheKioskAndTheOpenRoutesAreThoseWeMeant() throws {
        let centre = try TestCentre()
        for route in centre.app.router.routes where route.access == .kiosk {
            let r = centre.send(route.method, Self.sample(route), json: [:], address: "192.168.1.50")
            #expect(r.status == 403 && r.errorCode == "not_a_kiosk", "\(route.method) \(route.pattern) from the LAN: \(r.status)")
        }
        let open = Set(centre.app.router.routes.filter { $0.access == .anyone }.map { "\($0.method) \($0.pattern)" })
        // The words of the codes are no secret (the same as in the documentation).
        #expect(open == ["GET /api/health", "POST /api/auth/login", "GET /api/openapi.json", "GET /api/labels"], "\(open.sorted())")
    }

    @Test func passwordsNeverAppearInLogsOrExports() throws {
        let password = "Mat-Khau-Rat-Bi-Mat-9731"
        let daemon = try Daemon()
        #expect(try runCommand(["demo", "--data", daemon.data, "--learners", "10"]).status == 0)
        try daemon.addManager("quanly", password: password)
        _ = try RawHTTP.request(port: daemon.port, method: "POST", path: "/api/auth/login",
                                headers: ["Content-Type": "application/json"], body: Array(#"{"username":"quanly","password":"\#(password)x"}"#.utf8))
        let login = try daemon.login("quanly", password: password)
        #expect(!login.cookie.isEmpty)
        #expect(try runCommand(["user", "passwd", "quanly", "--password-stdin", "--data", daemon.data], stdin: password + "-moi\n").status == 0)
        let out = daemon.data + "/outbox-test"
        #expect(try runCommand(["export", "--data", daemon.data, "--out", out, "--rulesets", repositoryRoot + "/rulesets",
                                "--usb-roots", daemon.data + "/none"]).status == 0)
        _ = daemon.stop()
        let log = daemon.log
        #expect(log.contains("POST /api/auth/login 401") && log.contains("POST /api/auth/login 200"), "the log has the logins")
        #expect(!log.contains(password) && !log.contains("$argon2"), "a password or its hash in the daemon's log")
        let files = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0.hasSuffix(".csv") || $0.hasSuffix(".json") }
        #expect(files.count > 5)
        for file in files {
            let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            #expect(!text.contains(password) && !text.contains("$argon2") && !text.contains("quanly"), "\(file) carries a login")
        }
    }

    @Test func markupAndFormulasInNamesAreInertInEveryPrintedPageAndSpreadsheet() throws {
        let centre = try TestCentre()
        let login = try centre.login()
        let village = try centre.village("=HYPERLINK(\"http://x\") <b>Thôn</b>", login: login)
        let learner = centre.send("POST", "/api/learners", json: ["fullName": "Lò <img src=x onerror=alert(1)> Minh", "gender": "male",
                                                                   "birthYear": 1970, "villageId": village], login: login).json["id"]!.stringValue!
        let (start, end) = classRunningNow(length: 3_600_000)
        let session = centre.send("POST", "/api/sessions", json: ["title": "<script>alert(1)</script>", "category": "it", "place": "@SUM(A1)",
                                                                   "startsAt": Timestamps.iso(millis: start), "endsAt": Timestamps.iso(millis: end)],
                                  login: login).json["id"]!.stringValue!
        #expect(centre.send("POST", "/api/kiosk/check-ins", json: ["learnerId": learner, "sessionId": session]).status == 201)
        for path in ["/api/sessions/\(session)/sheet", "/api/cards?village=\(village)", "/api/learners/\(learner)/card.svg",
                     "/api/reports/annual?format=html", "/api/reports/recognition"] {
            let page = centre.send("GET", path, login: login)
            #expect(page.status == 200, "\(path)")
            for raw in ["<img src=x", "<script>alert", "<b>Thôn"] {
                #expect(!page.bodyText.contains(raw), "\(path) carries \(raw) as markup")
            }
        }
        // The spreadsheet: names are text cells, never formulas.
        let workbook = centre.send("GET", "/api/reports/annual?format=xlsx", login: login)
        #expect(workbook.status == 200)
        let file = temporaryDirectory("lc-xlsx") + "/annual.xlsx"
        try Data(workbook.body).write(to: URL(fileURLWithPath: file))
        let sheets = try runCommand(["-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            print("".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/") and n.endswith(".xml")))
            """, file], executable: "/usr/bin/python3")
        #expect(sheets.status == 0, "\(sheets.stderr)")
        #expect(sheets.stdout.contains("HYPERLINK"), "the village's name is in the workbook")
        #expect(!sheets.stdout.contains("<f>") && !sheets.stdout.contains("<b>Thôn"), "a formula or raw markup in the workbook")
    }
}
