import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// What a bundle holds, through the manager's doors (the API) and the command line.
@Suite struct ExportBundleTests {
    let centre: TestCentre
    let login: TestCentre.Login
    let villageId: String

    init() throws {
        centre = try TestCentre()
        login = try centre.login()
        villageId = try centre.village("Thôn Đồi Thông", login: login)
    }

    func register(_ name: String, phone: String? = nil, notes: String? = nil) throws -> String {
        var body: [String: Any] = ["fullName": name, "gender": "female", "birthYear": 1958, "villageId": villageId, "confirmDistinct": true]
        if let phone { body["phone"] = phone }
        if let notes { body["notes"] = notes }
        let created = centre.send("POST", "/api/learners", json: body, login: login)
        guard created.status == 201, let id = created.json["id"]?.stringValue else { throw TestFailure("learner: \(created.bodyText)") }
        return id
    }

    /// A bundle that takes longer than the request waits is answered 202 while it is written, and
    /// its record is asked for until it is ready (the manager's page does the same). Here the
    /// request waits no time at all, so the answer is 202 unless the export was quicker still.
    @Test func aLongExportAnswersWhileItIsWritten() throws {
        let centre = try TestCentre(configure: { $0.jobAnswerSeconds = 0 })
        let login = try centre.login()
        let village = try centre.village("Thôn Đồi Thông", login: login)
        for name in ["Nguyễn Thị Lan", "Lê Văn Hùng", "Trần Thị Mai"] {
            _ = try centre.create("/api/learners", ["fullName": name, "gender": "female", "birthYear": 1960, "villageId": village,
                                                    "confirmDistinct": true], login: login)
        }
        let answer = centre.send("POST", "/api/exports", json: ["full": true], login: login)
        #expect(answer.status == 202 || answer.status == 201, "\(answer.bodyText)")
        #expect(answer.json["status"]?.stringValue == (answer.status == 202 ? "writing" : "ready"))
        let id = try #require(answer.json["id"]?.stringValue)
        var record = answer.json
        for _ in 0..<1200 where record["status"]?.stringValue == "writing" {
            usleep(25_000)
            record = centre.send("GET", "/api/exports/\(id)", login: login).json
        }
        #expect(record["status"]?.stringValue == "ready", "\(record)")
        #expect(record["rows"]?.numberValue ?? 0 >= 3)
        #expect(centre.send("GET", "/api/exports/\(id)/bundle.tar.gz", login: login).status == 200)
    }

    /// The request's side of it, without timing: an export that has its record but has not ended
    /// is answered as running; once it ends, with its outcome; one that fails before it has a
    /// record is waited for to its end.
    @Test func anExportJobAnswersWithWhatIsKnown() throws {
        let record = try centre.store.exportForTest()
        let running = ExportJob()
        running.start(record)
        guard case .running(let seen) = running.wait(seconds: 0) else { Issue.record("not running"); return }
        #expect(seen.id == record.id)
        running.finish(.success(record))
        guard case .finished(.success(let done)) = running.wait(seconds: 0) else { Issue.record("not finished"); return }
        #expect(done.id == record.id)

        let refused = ExportJob()
        let failing = Thread { refused.finish(.failure(SystemError("một lần xuất dữ liệu khác đang chạy."))) }
        failing.start()
        guard case .finished(.failure) = refused.wait(seconds: 0) else { Issue.record("a failure before the record is not waited for"); return }
    }

    @Test func aBundleIsSignedCheckedAndSpreadsheetSafe() throws {
        let lan = try register("Nguyễn Thị Lan", phone: "0912345678")
        _ = try register("Lê Văn Hùng")
        let answer = centre.send("POST", "/api/exports", json: [:], login: login)
        #expect(answer.status == 201, "\(answer.bodyText)")
        let id = try #require(answer.json["id"]?.stringValue)
        #expect(answer.json["status"]?.stringValue == "ready")
        #expect(answer.json["kind"]?.stringValue == "full", "the first bundle carries everything")
        let record = try #require(try centre.store.export(id: id))
        #expect(record.name == (try centre.store.centreId()) + "-000001", "named with the centre id and the sequence number")
        #expect(FileManager.default.fileExists(atPath: record.tarballPath))

        let raw = try #require(FileManager.default.contents(atPath: (record.folder as NSString).appendingPathComponent("learners.csv")))
        #expect(Array(raw.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 with a byte-order mark, for Excel")
        let learners = try bundleRows(record, "learners.csv")
        #expect(!learners[0].contains("phone") && !learners[0].contains("notes"), "phone numbers and notes stay at the centre by default")
        #expect(learners[0].contains("birth_year") && learners.count == 3)
        let row = try #require(learners.first { $0[0] == lan })
        #expect(row[learners[0].firstIndex(of: "birth_year")!] == "1958", "numbers as numbers")
        #expect(row[learners[0].firstIndex(of: "created_at")!].range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$"#, options: .regularExpression) != nil)

        // A manager chooses to send phones and notes: a note that looks like a formula is written as text.
        #expect(centre.send("PATCH", "/api/settings", json: ["learnerColumns": ["phone", "notes"]], login: login).status == 200)
        #expect(centre.send("PATCH", "/api/learners/\(lan)", json: ["notes": "=HYPERLINK(\"http://x\")"], login: login).status == 200)
        let second = try centre.store.exportForTest()
        let changed = try bundleRows(second, "learners.csv")
        #expect(changed.count == 2, "only the learner that changed")
        let notes = changed[1][changed[0].firstIndex(of: "notes")!]
        #expect(notes == "'=HYPERLINK(\"http://x\")", "a spreadsheet shows it, never runs it")
        #expect(changed[1][changed[0].firstIndex(of: "phone")!] == "0912345678")
        let text = String(decoding: FileManager.default.contents(atPath: (second.folder as NSString).appendingPathComponent("learners.csv"))!, as: UTF8.self)
        #expect(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "quoted as RFC 4180 says")

        // The command line checks it, and refuses it once touched.
        let verified = try runCommand(["verify-export", second.tarballPath])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(try runCommand(["verify-export", second.folder, "--key", try centre.store.centreKey().publicKeyBase64]).status == 0)
        let otherKey = try makeStore().centreKey().publicKeyBase64
        let wrongKey = try runCommand(["verify-export", second.folder, "--key", otherKey])
        #expect(wrongKey.status == 1 && wrongKey.stderr.contains("manifest.json"))
        let csv = (second.folder as NSString).appendingPathComponent("learners.csv")
        try (text.replacingOccurrences(of: "1958", with: "1959")).write(toFile: csv, atomically: true, encoding: .utf8)
        let tampered = try runCommand(["verify-export", second.folder])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("learners.csv"), "names the file: \(tampered.stderr)")
    }

    @Test func eachBundleCarriesWhatChangedAndFullCarriesEverything() throws {
        let first = try register("Nguyễn Thị Lan")
        let one = try centre.store.exportForTest()
        #expect(try bundleRows(one, "learners.csv").count == 2)
        let empty = try centre.store.exportForTest()
        #expect(empty.kind == .incremental && empty.sequence == 2 && empty.rows == 0, "nothing changed, nothing sent")
        _ = try register("Lê Văn Hùng")
        #expect(centre.send("POST", "/api/learners/\(first)/archive", json: [:], login: login).status == 200)
        let three = try centre.store.exportForTest()
        let rows = try bundleRows(three, "learners.csv")
        #expect(rows.count == 3, "an insert and an archival")
        #expect(rows.contains { $0[0] == first && $0[rows[0].firstIndex(of: "archived")!] == "1" })
        let scores = try bundleRows(three, "scores.csv")
        #expect(scores.count == 2 && scores[1][0] != first, "the scores that may have moved, of learners still active: \(scores)")
        #expect(!FileManager.default.fileExists(atPath: (three.folder as NSString).appendingPathComponent("titles.csv")), "titles come with full bundles")
        #expect(try bundleRows(empty, "scores.csv").count == 1)
        let full = try centre.store.exportForTest(full: true)
        #expect(full.kind == .full && full.sequence == 4)
        #expect(try bundleRows(full, "learners.csv").count == 3)
        #expect(try bundleRows(full, "villages.csv").count == 2)
        #expect(try bundleRows(full, "scores.csv").count == 2 && (try bundleRows(full, "titles.csv").count) > 1)

        let manifest = try JSONDecoder().decode(BundleManifest.self, from: FileManager.default.contents(atPath: (three.folder as NSString).appendingPathComponent("manifest.json"))!)
        #expect(manifest.previousSequence == 2 && manifest.watermark.from == empty.toWatermark)
        #expect(manifest.rowCounts["learners"] == 2)
        #expect(manifest.files.contains { $0.name == "data.xlsx" } && manifest.files.contains { $0.name == "scores.csv" })

        let list = centre.send("GET", "/api/exports", login: login)
        #expect(list.json["items"]?.arrayValue?.count == 4)
        let detail = centre.send("GET", "/api/exports/\(full.id)", login: login)
        #expect(detail.json["files"]?.arrayValue?.contains { $0["name"]?.stringValue == "check_ins.csv" } == true)
        let download = centre.send("GET", "/api/exports/\(full.id)/bundle.tar.gz", login: login)
        #expect(download.status == 200 && download.body.prefix(2) == [0x1F, 0x8B])
        let staff = try centre.login("canbo")
        #expect(centre.send("GET", "/api/exports", login: staff).status == 403, "exports are the manager's")
    }

    @Test func oldBundlesLeaveTheOutboxOnlyOnceDeliveredOrSuperseded() throws {
        _ = try register("Nguyễn Thị Lan")
        let records = try (0..<10).map { _ in try centre.store.exportForTest() }
        // Bundles 1–3 were copied to USB long ago; 4–10 were never delivered.
        try centre.store.write { db in
            try db.execute(sql: "UPDATE exports SET finished_at = 0")
            try db.execute(sql: "UPDATE exports SET usb_copied_at = 1 WHERE sequence <= 3")
        }
        #expect(try centre.store.pruneOutbox() == 3)
        let status = { (sequence: Int) in try centre.store.exports().first { $0.sequence == sequence }!.status }
        #expect(try status(3) == .pruned && status(4) == .ready)
        #expect(!FileManager.default.fileExists(atPath: records[0].tarballPath) && FileManager.default.fileExists(atPath: records[3].tarballPath))
        // A full bundle carries everything: the undelivered ones before it may go (the newest seven stay).
        _ = try centre.store.exportForTest(full: true)
        try centre.store.write { db in try db.execute(sql: "UPDATE exports SET finished_at = 0") }
        #expect(try centre.store.pruneOutbox() == 1)
        #expect(try status(4) == .pruned && status(5) == .ready)
        #expect(try centre.store.exportForTest().sequence == 12, "numbers go on after pruning")
    }

    @Test func settingsRefuseWhatCannotWork() throws {
        #expect(centre.send("PATCH", "/api/settings", json: ["pushUrl": "ftp://x"], login: login).errorField == "pushUrl")
        #expect(centre.send("PATCH", "/api/settings", json: ["retentionDays": 1], login: login).errorField == "retentionDays")
        #expect(centre.send("PATCH", "/api/settings", json: ["learnerColumns": ["card_code"]], login: login).errorField == "learnerColumns")
        let saved = centre.send("PATCH", "/api/settings", json: ["communeName": "xã Tân Lập", "communeCode": "02326", "pushUrl": "http://10.0.0.5:8090"], login: login)
        #expect(saved.status == 200)
        #expect(saved.json["communeName"]?.stringValue == "xã Tân Lập")
        #expect(try centre.store.communeName() == "xã Tân Lập", "the yearly report names the commune")
    }
}
