import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The province association's daemon on PostgreSQL (`association serve --database`), through
/// its HTTP API: the same pages, to the unit, as the SQLite association's on the same bundles;
/// its logins and sessions in PostgreSQL; pushed bundles through its inbox.
@Suite struct PostgresServeTests {
    let server: PostgresServer
    let work = temporaryDirectory("lc-pg-serve")
    init() throws { server = try PostgresServer.shared.get() }

    /// The daemon's app in this process over `url`, with a manager `quanly` and a staff `canbo`.
    final class Province: @unchecked Sendable {
        let app: AssociationApp

        init(url: String, work: String) throws {
            let association = try PostgresAssociation(url: url, rulesets: repositoryRoot + "/rulesets", workFolder: work)
            // Taken already when a second daemon opens the same database.
            _ = try? association.addUser(username: "quanly", role: .manager, password: TestCentre.managerPassword)
            _ = try? association.addUser(username: "canbo", role: .staff, password: TestCentre.staffPassword)
            var config = AppConfig()
            config.wwwDirectory = wwwDirectory
            config.association = true
            app = AssociationApp(association: association, pool: try PostgresPool(url: url, size: 2), dataDirectory: work, config: config)
        }

        func send(_ method: String, _ path: String, json: [String: Any]? = nil, body: [UInt8]? = nil, login: TestCentre.Login? = nil) -> HTTPResponse {
            TestCentre.send(to: app, router: app.router, daemon: "postgres", method, path, json: json, body: body, login: login, address: "10.0.0.9")
        }

        func login(_ username: String = "quanly") throws -> TestCentre.Login {
            let password = username == "quanly" ? TestCentre.managerPassword : TestCentre.staffPassword
            let response = send("POST", "/api/auth/login", json: ["username": username, "password": password])
            guard response.status == 200, let cookie = response.header("Set-Cookie")?.split(separator: ";").first,
                  let csrf = response.json["csrfToken"]?.stringValue else { throw TestFailure("login: \(response.status) \(response.bodyText)") }
            return TestCentre.Login(cookie: String(cookie), csrf: csrf)
        }
    }

    /// Two centres of one commune after a few nights, in both stores.
    func twoCentres() throws -> (url: String, sqlite: TestCentre, province: Province) {
        let a = try demoCentre(learners: 70, seed: 2022), b = try demoCentre(learners: 50, seed: 8)
        var random = SplitMix(seed: 21)
        var bundles: [String] = []
        for _ in 0..<3 {
            for centre in [a, b] {
                try AssociationImportTests().aDay(at: centre, &random)
                bundles.append(try centre.exportForTest().tarballPath)
            }
        }
        let url = try server.makeDatabase()
        let postgres = try PostgresAssociation(url: url, rulesets: repositoryRoot + "/rulesets", workFolder: work)
        for (index, centre) in [a, b].enumerated() {
            try postgres.registerCentre(id: try centre.centreId(), name: "Trung tâm \(index + 1)", publicKey: try centre.centreKey().publicKeyBase64)
        }
        for outcome in try postgres.receiveBundles(bundles) { #expect(outcome.kind == .applied, "\(outcome.message)") }
        try postgres.scoreChangedCommunes()
        let sqlite = try makeAssociation(registering: [a, b])
        for outcome in try sqlite.importBundles(bundles) { #expect(outcome.kind == .applied, "\(outcome.message)") }
        return (url, try TestCentre(store: sqlite, association: true), try Province(url: url, work: work))
    }

    @Test func theProvincesPagesAgreeToTheUnitWithTheSQLiteAssociation() throws {
        let (_, sqlite, province) = try twoCentres()
        let (mine, theirs) = (try sqlite.login(), try province.login())
        let year = Timestamps.currentYear()
        let dashboard = province.send("GET", "/api/reports/dashboard?year=\(year)", login: theirs)
        #expect(dashboard.status == 200, "\(dashboard.bodyText)")
        let village = try #require(dashboard.json["byVillage"]?.arrayValue?.first?["villageId"]?.stringValue)
        #expect((dashboard.json["learners"]?.numberValue ?? 0) > 0 && (dashboard.json["learningCitizens"]?.numberValue ?? 0) > 0,
                "the figures compared are not empty: \(dashboard.bodyText.prefix(300))")
        for path in ["/api/reports/dashboard?year=\(year)", "/api/titles?year=\(year)", "/api/reports/indicators?year=\(year)",
                     "/api/reports/dashboard?year=\(year)&village=\(village)", "/api/titles?year=\(year)&village=\(village)",
                     "/api/titles?year=\(year)&kind=unit", "/api/reports/indicators?year=\(year)&village=\(village)",
                     "/api/reports/dashboard?year=\(year - 1)"] {
            let fromSQLite = sqlite.send("GET", path, login: mine), fromPostgres = province.send("GET", path, login: theirs)
            #expect(fromSQLite.status == 200 && fromPostgres.status == 200, "\(path): \(fromSQLite.status) \(fromPostgres.status) \(fromPostgres.bodyText.prefix(200))")
            #expect(fromSQLite.json == fromPostgres.json, "\(path) differs:\nSQLite     \(fromSQLite.bodyText.prefix(600))\nPostgreSQL \(fromPostgres.bodyText.prefix(600))")
        }
        // One commune: its own pages are the whole's; a commune or village not known is said by name.
        let communes = province.send("GET", "/api/association/communes?year=\(year)", login: theirs)
        let commune = try #require(communes.json["items"]?.arrayValue?.first?["key"]?.stringValue)
        #expect(communes.json["items"]?.arrayValue?.count == 1 && communes.json["items"]?.arrayValue?.first?["centres"]?.numberValue == 2, "\(communes.bodyText)")
        let own = province.send("GET", "/api/reports/dashboard?year=\(year)&commune=\(commune.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", login: theirs)
        #expect(own.json == dashboard.json)
        // The list behind each target, of one commune (and one village of it): the commune association's, to the unit.
        let key = commune.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        var listedItems = 0
        for code in (1...10).map({ "T\($0)" }) {
            for place in ["", "&village=\(village)"] {
                let fromSQLite = sqlite.send("GET", "/api/reports/indicators/\(code)?year=\(year)\(place)", login: mine)
                let fromPostgres = province.send("GET", "/api/reports/indicators/\(code)?year=\(year)&commune=\(key)\(place)", login: theirs)
                listedItems += fromPostgres.json["indicator"]?["items"]?.arrayValue?.count ?? 0
                #expect(fromPostgres.status == 200 && fromSQLite.json == fromPostgres.json,
                        "\(code)\(place):\nSQLite     \(fromSQLite.bodyText.prefix(400))\nPostgreSQL \(fromPostgres.bodyText.prefix(400))")
            }
        }
        #expect(listedItems > 0, "the lists compared are not all empty")
        #expect(province.send("GET", "/api/reports/indicators/T1?year=\(year)", login: theirs).json["error"]?["field"]?.stringValue == "commune")
        #expect(province.send("GET", "/api/reports/indicators/T11?year=\(year)&commune=\(key)", login: theirs).status == 404)
        for (query, field) in [("commune=khong-co", "commune"), ("village=khong-co", "village")] {
            let wrong = province.send("GET", "/api/reports/indicators?year=\(year)&\(query)", login: theirs)
            #expect(wrong.status == 400 && wrong.json["error"]?["field"]?.stringValue == field, "\(wrong.bodyText)")
            let wrongList = province.send("GET", "/api/reports/indicators/T1?year=\(year)&commune=\(query == "commune=khong-co" ? "khong-co" : key)&\(query)", login: theirs)
            #expect(wrongList.status == 400 && wrongList.json["error"]?["field"]?.stringValue == field, "\(wrongList.bodyText)")
        }
        // The province's yearly report: its targets as the dashboard's, each commune's line.
        let report = province.send("GET", "/api/reports/annual?year=\(year)", login: theirs)
        #expect(report.status == 200 && report.bodyText.contains("Kết quả theo xã") && report.bodyText.contains("T1. "), "\(report.bodyText.prefix(300))")
        let t1 = try #require(dashboard.json["targets"]?.arrayValue?.first)
        #expect(report.bodyText.contains("\(Int(t1["numerator"]?.numberValue ?? -1))/\(Int(t1["denominator"]?.numberValue ?? -1))"))
        #expect(province.send("GET", "/api/reports/annual?format=xlsx", login: theirs).status == 400)
        // The centres' list: the same figures and years of each centre.
        func centres(_ answer: HTTPResponse) -> [JSONValue] {
            (answer.json["items"]?.arrayValue ?? []).map { item in
                .object(["id": item["id"] ?? .null, "lastSequence": item["lastSequence"] ?? .null, "totals": item["totals"] ?? .null,
                         "years": item["years"] ?? .null, "targets": item["targets"] ?? .null])
            }
        }
        let listed = centres(province.send("GET", "/api/association/centres?year=\(year)", login: theirs))
        #expect(listed.count == 2 && listed == centres(sqlite.send("GET", "/api/association/centres?year=\(year)", login: mine)))
        // Each centre's T1–T10: its learners are its own, so T5–T10 of the centres add up to the commune's.
        for code in ["T5", "T6", "T7", "T8", "T9", "T10"] {
            func count(_ targets: JSONValue?) -> Double { targets?.arrayValue?.first { $0["code"]?.stringValue == code }?["denominator"]?.numberValue ?? -1 }
            #expect(listed.map { count($0["targets"]) }.reduce(0, +) == count(dashboard.json["targets"]), "\(code)")
        }
    }

    /// A visit of last December recorded late (in January) reaches last year's figures: a
    /// night's bundle scores again the years its records touch, and only those.
    @Test func aLateVisitOfLastYearIsScoredIntoLastYear() throws {
        let centre = try demoCentre(learners: 40, seed: 12)
        let url = try server.makeDatabase()
        let postgres = try PostgresAssociation(url: url, rulesets: repositoryRoot + "/rulesets", workFolder: work)
        try postgres.registerCentre(id: try centre.centreId(), name: "Trung tâm", publicKey: try centre.centreKey().publicKeyBase64)
        let sqlite = try makeAssociation(registering: [centre])
        func deliver(_ bundle: String) throws {
            for outcome in try postgres.receiveBundles([bundle]) + sqlite.importBundles([bundle]) { #expect(outcome.kind == .applied, "\(outcome.message)") }
            try postgres.scoreChangedCommunes()
        }
        try deliver(try centre.exportForTest(full: true).tarballPath)
        let reports = PostgresReports(pool: try PostgresPool(url: url, size: 1))
        let lastYear = Timestamps.currentYear() - 1
        let before = JSONWriter.encode(try reports.dashboard(year: lastYear, scope: .init()))
        let learner = try centre.read { db in try String.fetchOne(db, sql: "SELECT id FROM learners WHERE archived = 0 ORDER BY seq LIMIT 1") }!
        let at = Timestamps.parse("\(lastYear)-12-15T09:00:00+07:00")!
        try centre.write { db in
            try db.execute(sql: """
                INSERT INTO check_ins(id, learner_id, purpose, checked_in_at, checked_out_at, visit_hours) VALUES (?, ?, 'reading', ?, ?, 2)
                """, arguments: [RecordID.new(), learner, at, at + 2 * 3_600_000])
        }
        try deliver(try centre.exportForTest().tarballPath)
        #expect(try PostgresConnection(url).query("SELECT dirty_all, dirty_years FROM communes").first! == ["f", "{}"])
        for year in [lastYear, lastYear + 1] {
            let fromPostgres = JSONWriter.encode(try reports.dashboard(year: year, scope: .init()))
            let fromSQLite = JSONWriter.encode(Dashboard(results: try sqlite.yearResults(year: year), villageId: nil))
            #expect(fromPostgres == fromSQLite, "\(year):\n\(String(decoding: fromPostgres, as: UTF8.self).prefix(500))\n\(String(decoding: fromSQLite, as: UTF8.self).prefix(500))")
        }
        #expect(JSONWriter.encode(try reports.dashboard(year: lastYear, scope: .init())) != before, "last year's figures took the late visit")
    }

    @Test func bundlesArePushedThroughTheInboxAndLoginsLiveInPostgres() throws {
        let centre = try demoCentre(learners: 30, seed: 4)
        let first = try centre.exportForTest(full: true).tarballPath
        var random = SplitMix(seed: 5)
        try AssociationImportTests().aDay(at: centre, &random)
        let second = try centre.exportForTest().tarballPath
        let url = try server.makeDatabase()
        let province = try Province(url: url, work: work)
        let health = province.send("GET", "/api/health")
        #expect(health.status == 200 && health.json["store"]?.stringValue == "postgresql" && health.json["role"]?.stringValue == "association")
        // Logins: a wrong password, no session, a staff member who may read but not register.
        #expect(province.send("POST", "/api/auth/login", json: ["username": "quanly", "password": "sai-mat-khau"]).status == 401)
        #expect(province.send("GET", "/api/reports/dashboard").status == 401)
        let staff = try province.login("canbo")
        #expect(province.send("GET", "/api/reports/indicators", login: staff).status == 200)
        let registration = ["id": try centre.centreId(), "name": "Trung tâm xã", "publicKey": try centre.centreKey().publicKeyBase64]
        #expect(province.send("POST", "/api/association/centres", json: registration, login: staff).status == 403)
        let manager = try province.login()
        #expect(province.send("POST", "/api/association/centres", json: registration, login: manager).status == 201)
        // The second bundle first: it waits; the first fills the gap and both apply.
        let early = province.send("POST", "/api/association/bundles", body: Array(try Data(contentsOf: URL(fileURLWithPath: second))))
        #expect(early.status == 202 && early.json["status"]?.stringValue == "waiting", "\(early.bodyText)")
        let gap = province.send("POST", "/api/association/bundles", body: Array(try Data(contentsOf: URL(fileURLWithPath: first))))
        #expect(gap.status == 200 && gap.json["status"]?.stringValue == "applied", "\(gap.bodyText)")
        let again = province.send("POST", "/api/association/bundles", body: Array(try Data(contentsOf: URL(fileURLWithPath: first))))
        #expect(again.status == 200 && again.json["status"]?.stringValue == "duplicate", "\(again.bodyText)")
        #expect(province.send("POST", "/api/association/bundles", body: Array("không phải một gói".utf8)).status == 422)
        let listed = province.send("GET", "/api/association/centres", login: manager)
        #expect(listed.json["items"]?.arrayValue?.first?["lastSequence"]?.numberValue == 2 && listed.json["waitingInInbox"]?.numberValue == 0, "\(listed.bodyText)")
        let learners = try centre.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM learners WHERE archived = 0") }!
        #expect(province.send("GET", "/api/reports/dashboard", login: manager).json["learners"]?.numberValue == Double(learners))
        // A logout ends the session; a new password (the command line) ends the others.
        #expect(province.send("POST", "/api/auth/logout", login: manager).status == 204)
        #expect(province.send("GET", "/api/auth/me", login: manager).status == 401)
        try PostgresAssociation(url: url).setPassword(username: "canbo", password: "mat-khau-moi-1")
        #expect(province.send("GET", "/api/auth/me", login: staff).status == 401)
    }

    /// The province's report names the province, its association and chair, and its recipients
    /// as a manager set them (kept in PostgreSQL: a second daemon sees them); dotted places until then.
    @Test func theProvincesReportPrintsItsSettings() throws {
        let url = try server.makeDatabase()
        let province = try Province(url: url, work: work)
        let manager = try province.login(), staff = try province.login("canbo")
        let year = Calendar.current.component(.year, from: Date())
        let fresh = province.send("GET", "/api/settings", login: staff)
        #expect(fresh.status == 200 && fresh.json["provinceName"] == .null && fresh.json["reportRecipients"] == .null, "\(fresh.bodyText)")
        #expect(fresh.json["printedAssociation"]?.stringValue == "Hội Khuyến học tỉnh ..........")
        #expect(province.send("GET", "/api/reports/annual?year=\(year)", login: staff).bodyText.contains("HỘI KHUYẾN HỌC TỈNH .........."))

        let set = province.send("PATCH", "/api/settings", json: [
            "provinceName": "tỉnh Quảng Trị", "associationChair": "  Lê Thị Hồng  ",
            "reportRecipients": ["Trung ương Hội Khuyến học Việt Nam", "UBND tỉnh Quảng Trị", "Lưu: VP Hội"],
        ], login: manager)
        #expect(set.status == 200, "\(set.bodyText)")
        #expect(set.json["printedAssociation"]?.stringValue == "Hội Khuyến học tỉnh Quảng Trị" && set.json["associationName"] == .null)
        #expect(set.json["associationChair"]?.stringValue == "Lê Thị Hồng")
        let report = try Province(url: url, work: work).send("GET", "/api/reports/annual?year=\(year)", login: staff).bodyText
        for printed in ["HỘI KHUYẾN HỌC TỈNH QUẢNG TRỊ", "tỉnh Quảng Trị, ngày", "Lê Thị Hồng", "UBND tỉnh Quảng Trị;"] {
            #expect(report.contains(printed), "\(printed) in \(report.prefix(600))")
        }
        #expect(!report.contains(".........."))

        // Wrong values are named by their field and change nothing; a centre's setting is not the province's.
        for (body, field) in [(["associationChair": "!!!"], "associationChair"), (["reportRecipients": "UBND"], "reportRecipients"),
                              (["provinceName": String(repeating: "tỉnh ", count: 60)], "provinceName")] as [([String: Any], String)] {
            let refused = province.send("PATCH", "/api/settings", json: body, login: manager)
            #expect(refused.status == 422 && refused.json["error"]?["field"]?.stringValue == field, "\(body): \(refused.bodyText)")
        }
        let centres = province.send("PATCH", "/api/settings", json: ["pushUrl": "http://x"], login: manager)
        #expect(centres.status == 422 && centres.json["error"]?["field"]?.stringValue == "pushUrl", "\(centres.bodyText)")
        #expect(province.send("GET", "/api/settings", login: staff).json["associationChair"]?.stringValue == "Lê Thị Hồng")
        // null gives a setting back to its default; the others stay.
        let reset = province.send("PATCH", "/api/settings", json: ["reportRecipients": NSNull()], login: manager)
        #expect(reset.json["reportRecipients"] == .null && reset.json["provinceName"]?.stringValue == "tỉnh Quảng Trị")
        #expect(reset.json["printedRecipients"]?.arrayValue?.compactMap(\.stringValue)
                == ["Trung ương Hội Khuyến học Việt Nam", "Ủy ban nhân dân tỉnh Quảng Trị", "Lưu: VP Hội"])
    }

    /// Every route but the open ones refuses a stranger; a staff member may not use a manager's.
    @Test func strangersAndStaffAreRefusedWhereTheyMayNot() throws {
        let province = try Province(url: try server.makeDatabase(), work: work)
        let staff = try province.login("canbo")
        let open = Set(province.app.router.routes.filter { $0.access == .anyone }.map { "\($0.method) \($0.pattern)" })
        #expect(open == ["GET /api/health", "GET /api/labels", "GET /api/openapi.json", "POST /api/auth/login", "POST /api/association/bundles"])
        for route in province.app.router.routes where route.access == .staff || route.access == .manager {
            let path = route.pattern.replacingOccurrences(of: "{id}", with: "x")
            #expect(province.send(route.method, path).status == 401, "\(route.method) \(route.pattern) without a session")
            if route.access == .manager {
                #expect(province.send(route.method, path, json: [:], login: staff).status == 403, "\(route.method) \(route.pattern) as staff")
            }
        }
    }

    @Test func theDaemonServesFromPostgresWhenGivenADatabase() throws {
        let url = try server.makeDatabase()
        let added = try runCommand(["user", "add", "quanly", "--role", "manager", "--password-stdin", "--database", url, "--data", work],
                                   stdin: "mat-khau-dai\n")
        #expect(added.status == 0, "\(added.stderr)")
        let daemon = try Daemon(arguments: ["--database", url, "--rulesets", repositoryRoot + "/rulesets"], command: ["association", "serve"])
        let health = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/health")
        let store = try JSONValue.parse(health.body)["store"]?.stringValue
        #expect(health.status == 200 && store == "postgresql")
        let login = try daemon.login()
        let dashboard = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/reports/dashboard", headers: ["Cookie": login.cookie])
        #expect(dashboard.status == 200, "\(String(decoding: dashboard.body, as: UTF8.self))")
        #expect(daemon.stop().status == 0)
    }
}
