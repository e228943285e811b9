import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The real binary, whatever the process's TZ: the centre's zone decides every day and year;
/// and the association's command line takes bundles the way its HTTP inbox does.
@Suite(.serialized) struct CentreTimeEndToEndTests {
    struct Client {
        let daemon: Daemon
        let login: (cookie: String, csrf: String)

        func send(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> (status: Int, json: JSONValue) {
            var headers = ["Cookie": login.cookie, "X-CSRF-Token": login.csrf]
            var bytes: [UInt8] = []
            if let body {
                headers["Content-Type"] = "application/json"
                bytes = [UInt8](try JSONSerialization.data(withJSONObject: body))
            }
            let r = try RawHTTP.request(port: daemon.port, method: method, path: path, headers: headers, body: bytes)
            return (r.status, (try? JSONValue.parse(r.body)) ?? .null)
        }
    }

    /// A 06:30 class on 1 January (Vietnam time) is 23:30 on 31 December in UTC: under TZ=UTC it
    /// still belongs to the new year, and its learner keeps her hours there.
    @Test func aDaemonUnderUTCCountsTheCentresNewYear() throws {
        let daemon = try Daemon(environment: ["TZ": "UTC"])
        try daemon.addManager()
        let c = Client(daemon: daemon, login: try daemon.login())
        let year = LocalDay.year(of: Store.nowMillis())
        let village = try #require(try c.send("POST", "/api/villages", ["name": "Thôn Tết"]).json["id"]?.stringValue)
        let lan = try #require(try c.send("POST", "/api/learners", ["fullName": "Lò Thị Xuân", "gender": "female", "birthYear": 1960,
                                                                   "villageId": village, "registeredOn": "\(year)-01-01"]).json["id"]?.stringValue)
        let session = try c.send("POST", "/api/sessions", ["title": "Thể dục sáng mùng một", "category": "health",
                                                           "startsAt": "\(year)-01-01T06:30:00+07:00", "endsAt": "\(year)-01-01T08:30:00+07:00"])
        let sessionId = try #require(session.json["id"]?.stringValue)
        #expect(session.json["startsAt"] == .string("\(year)-01-01T06:30:00+07:00"))  // written in the centre's zone, not UTC
        #expect(try c.send("PUT", "/api/sessions/\(sessionId)/attendance", ["learnerIds": [lan]]).status == 200)
        let hours = try c.send("GET", "/api/learners/\(lan)/hours?year=\(year)").json
        #expect(hours["total"] == 2)
        #expect(hours["byMonth"]?["\(year)-01"] == 2)
        #expect(try c.send("GET", "/api/learners/\(lan)/hours?year=\(year - 1)").json["total"] == 0)
        #expect(try c.send("GET", "/api/auth/me").json["timeZone"] == "Asia/Ho_Chi_Minh")

        // A centre in another zone: the same instant is 31 December in Los Angeles.
        #expect(try c.send("PATCH", "/api/settings", ["timeZone": "Mars/Olympus"]).status == 422)
        let moved = try c.send("PATCH", "/api/settings", ["timeZone": "America/Los_Angeles"])
        #expect(moved.json["timeZone"] == "America/Los_Angeles")
        #expect(try c.send("GET", "/api/learners/\(lan)/hours?year=\(year - 1)").json["total"] == 2)
        #expect(try c.send("GET", "/api/sessions/\(sessionId)").json["startsAt"] == .string("\(year - 1)-12-31T15:30:00-08:00"))
        // The zone is kept: after a restart the daemon still speaks Los Angeles time.
        _ = daemon.stop()
        try daemon.start()
        let again = Client(daemon: daemon, login: try daemon.login())
        #expect(try again.send("GET", "/api/kiosk/screen").status == 200)
        #expect(try again.send("GET", "/api/learners/\(lan)/hours?year=\(year - 1)").json["total"] == 2)
    }

    /// `association import` of a bundle before its predecessor keeps it and applies it once the
    /// gap fills, as the HTTP inbox does; `association centres` lists a centre before any bundle;
    /// `export --full` without a criteria set refuses instead of writing a "full" bundle without scores.
    @Test func theAssociationsCommandLineKeepsAnEarlyBundle() throws {
        let centre = temporaryDirectory("lc-centre"), association = temporaryDirectory("lc-assoc")
        #expect(try runCommand(["demo", "--data", centre, "--learners", "20"]).status == 0)
        let noRules = try runCommand(["export", "--data", centre, "--full", "--rulesets", temporaryDirectory("empty")])
        #expect(noRules.status == 1)
        #expect(noRules.stderr.contains("bộ tiêu chí"))
        let key = try runCommand(["export", "--data", centre, "--print-public-key"])
        let words = key.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let id = try #require(words.first { UUID(uuidString: $0) != nil })
        let publicKey = try #require(words.first { Data(base64Encoded: $0)?.count == 32 })
        #expect(try runCommand(["association", "register-centre", "--data", association, "--id", id, "--key", publicKey, "--name", "TT Minh Họa"]).status == 0)
        let listed = try runCommand(["association", "centres", "--data", association])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("TT Minh Họa"))

        let rules = repositoryRoot + "/rulesets"
        #expect(try runCommand(["export", "--data", centre, "--rulesets", rules]).status == 0)
        #expect(try runCommand(["export", "--data", centre, "--rulesets", rules]).status == 0)
        let outbox = centre + "/outbox"
        let tarballs = try FileManager.default.contentsOfDirectory(atPath: outbox).filter { $0.hasSuffix(".tar.gz") }.sorted()
        #expect(tarballs.count == 2)
        let early = try runCommand(["association", "import", "--data", association, outbox + "/" + tarballs[1]])
        #expect(early.status == 1)
        #expect(early.stdout.contains("…"))
        #expect(FileManager.default.fileExists(atPath: association + "/inbox"))
        let gap = try runCommand(["association", "import", "--data", association, outbox + "/" + tarballs[0]])
        #expect(gap.status == 0, "\(gap.stdout) \(gap.stderr)")
        #expect(gap.stdout.components(separatedBy: "✓").count - 1 == 2, "\(gap.stdout)")
        let after = try runCommand(["association", "centres", "--data", association])
        #expect(after.stdout.contains("đã nhập đến gói số 2"), "\(after.stdout)")
    }

    /// Someone who comes early sees when today's next class opens (issue 15). The centre's zone
    /// is chosen so that it is about six in the morning there now, whatever the hour of the run.
    @Test func anEarlyArrivalSeesWhenTheNextClassOpens() throws {
        let daemon = try Daemon(environment: ["TZ": "UTC"])
        try daemon.addManager()
        let c = Client(daemon: daemon, login: try daemon.login())
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let offset = ((6 - utc.component(.hour, from: Date())) + 36) % 24 - 12
        let zones = ["Pacific/Pago_Pago", "Pacific/Pago_Pago", "Pacific/Honolulu", "Pacific/Gambier", "Pacific/Pitcairn", "America/Phoenix",
                     "America/Guatemala", "America/Bogota", "America/La_Paz", "America/Sao_Paulo", "Atlantic/South_Georgia",
                     "Atlantic/Cape_Verde", "UTC", "Africa/Lagos", "Africa/Johannesburg", "Europe/Moscow", "Asia/Dubai", "Asia/Tashkent",
                     "Asia/Dhaka", "Asia/Ho_Chi_Minh", "Asia/Shanghai", "Asia/Tokyo", "Australia/Brisbane", "Pacific/Noumea"]
        let zone = zones[offset + 12]  // a zone without summer time at each offset from -12 (-11) to +11
        #expect(try c.send("PATCH", "/api/settings", ["timeZone": zone]).status == 200)
        let starts = Date().addingTimeInterval(3 * 3600), ends = starts.addingTimeInterval(3600)
        let iso = ISO8601DateFormatter()
        let session = try c.send("POST", "/api/sessions", ["title": "Trồng rau sạch", "category": "agriculture",
                                                           "startsAt": iso.string(from: starts), "endsAt": iso.string(from: ends)])
        #expect(session.status == 201)
        let today = try c.send("GET", "/api/kiosk/today").json
        #expect(today["sessions"] == .array([]))
        let later = try #require(today["later"]?.arrayValue?.first)
        #expect(later["title"] == "Trồng rau sạch")
        let opens = try #require(later["opensAt"]?.stringValue.flatMap(Timestamps.parse))
        let startsAt = try #require(later["startsAt"]?.stringValue.flatMap(Timestamps.parse))
        #expect(startsAt - opens == 30 * 60_000)
    }
}
