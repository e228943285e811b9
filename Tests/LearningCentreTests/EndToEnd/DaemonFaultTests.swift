import Foundation
import Glibc
import GRDB
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// Faults of issue 8 beyond the export's own (ExportFaultTests) and SIGKILL among writes
/// (DurabilityTests): a full disk and a read-only data folder under the running daemon, SIGKILL
/// during a backup and during a migration. Each ends with an integrity check and a comparison
/// against what was acknowledged.
@Suite(.serialized) struct DaemonFaultTests {
    static let isRoot = geteuid() == 0

    /// A tmpfs of `megabytes` on a new folder (the test's small disk).
    func smallDisk(_ megabytes: Int) throws -> String {
        let folder = temporaryDirectory("lc-disk")
        let mounted = try runCommand(["-t", "tmpfs", "-o", "size=\(megabytes)m,mode=0755", "tmpfs", folder], executable: "/bin/mount")
        guard mounted.status == 0 else { throw TestFailure("mount: \(mounted.stderr)") }
        return folder
    }

    func unmount(_ folder: String) { _ = try? runCommand(["-l", folder], executable: "/bin/umount") }

    func remount(_ folder: String, _ options: String) throws {
        let result = try runCommand(["-o", "remount,\(options)", folder], executable: "/bin/mount")
        guard result.status == 0 else { throw TestFailure("remount \(options): \(result.stderr)") }
    }

    /// A centre on `data` with a manager logged in and one village; returns the daemon, the headers and the village.
    func centre(on data: String) throws -> (Daemon, [String: String], String) {
        #expect(try runCommand(["demo", "--data", data, "--learners", "5"]).status == 0)
        let daemon = try Daemon(data: data)
        try daemon.addManager()
        let (cookie, csrf) = try daemon.login()
        let headers = ["Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"]
        let villages = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/villages", headers: headers)
        let village = try #require(try JSONValue.parse(villages.body)["items"]?.arrayValue?.first?["id"]?.stringValue)
        return (daemon, headers, village)
    }

    func register(_ daemon: Daemon, _ headers: [String: String], village: String, name: String, notes: String = "") throws -> RawHTTP.Answer {
        let body: [String: Any] = ["fullName": name, "gender": "female", "birthYear": 1960, "villageId": village, "notes": notes,
                                   "confirmDistinct": true]
        return try RawHTTP.request(port: daemon.port, method: "POST", path: "/api/learners", headers: headers,
                                   body: [UInt8](try JSONSerialization.data(withJSONObject: body)))
    }

    /// Every acknowledged learner is there after a restart, and the database is sound.
    func expectKept(_ ids: [String], data: String) throws {
        #expect(try runCommand(["check", "--data", data]).status == 0)
        let daemon = try Daemon(data: data)
        let (cookie, _) = try daemon.login()
        for id in ids {
            let answer = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/learners/\(id)", headers: ["Cookie": cookie])
            #expect(answer.status == 200, "acknowledged learner \(id) lost")
        }
        _ = daemon.stop()
    }

    @Test(.enabled(if: isRoot, "mounts a small tmpfs"))
    func aFullDiskRefusesWritesPlainlyKeepsWhatWasAcknowledgedAndRecovers() throws {
        let disk = try smallDisk(4)
        defer { unmount(disk) }
        let data = disk + "/data"
        let (daemon, headers, village) = try centre(on: data)
        var acknowledged: [String] = []
        var refusal: RawHTTP.Answer?
        let notes = String(repeating: "Ghi chú để đầy ổ đĩa. ", count: 20)
        for i in 0..<5000 {
            let answer = try register(daemon, headers, village: village, name: "Người Thử \(i)", notes: notes)
            if answer.status == 201, let id = try JSONValue.parse(answer.body)["id"]?.stringValue { acknowledged.append(id) } else { refusal = answer; break }
        }
        let refused = try #require(refusal, "the disk never filled")
        let error = try JSONValue.parse(refused.body)["error"]
        #expect(refused.status == 503 && ["disk_full", "storage_unavailable"].contains(error?["code"]?.stringValue ?? ""), "\(refused.status) \(refused.text)")
        #expect(error?["message"]?.stringValue?.contains("ổ đĩa") == true || error?["message"]?.stringValue?.contains("Ổ đĩa") == true)
        #expect(acknowledged.count > 20)
        // Reads go on while the disk is full.
        #expect(try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/learners?limit=5", headers: headers).status == 200)
        // Room again: writes resume without a restart.
        try remount(disk, "size=64m")
        let again = try register(daemon, headers, village: village, name: "Người Sau Khi Dọn")
        #expect(again.status == 201, "\(again.text)")
        if let id = try JSONValue.parse(again.body)["id"]?.stringValue { acknowledged.append(id) }
        #expect(daemon.stop().status == 0)
        try expectKept(acknowledged, data: data)
    }

    /// A folder made read-only while the daemon runs cannot be remounted (its files are open for
    /// writing); what happens on a box is a file system the kernel remounts read-only after an
    /// error, and the daemon restarting on it. It must say so and keep everything.
    @Test(.enabled(if: isRoot, "mounts a tmpfs and makes it read-only"))
    func aReadOnlyDataFolderIsExplainedAtStartAndNothingIsLost() throws {
        let disk = try smallDisk(64)
        defer { unmount(disk) }
        let data = disk + "/data"
        let (daemon, headers, village) = try centre(on: data)
        let first = try register(daemon, headers, village: village, name: "Trước Khi Khóa")
        #expect(first.status == 201)
        #expect(daemon.stop().status == 0)
        try remount(disk, "ro")
        let refused = try runCommand(["serve", "--data", data, "--www", wwwDirectory, "--port", "0"])
        #expect(refused.status == 1 && refused.stderr.contains("chỉ cho đọc"), "\(refused.status) \(refused.stderr)")
        let status = try runCommand(["status", "--data", data])
        #expect(status.status == 1 && !status.stderr.isEmpty)
        try remount(disk, "rw")
        let ids = [first].compactMap { try? JSONValue.parse($0.body)["id"]?.stringValue }
        #expect(ids.count == 1)
        try expectKept(ids, data: data)
    }

    @Test func aBackupKilledAtAnyPointLeavesNoCopyUnderItsNameAndTheNextOneCleansUp() throws {
        let data = temporaryDirectory("lc-backup-kill")
        #expect(try runCommand(["demo", "--data", data, "--learners", "3000"]).status == 0)
        let folder = data + "/backups"
        var killedMidway = 0
        for round in 0..<8 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binaryPath)
            process.arguments = ["backup", "--rotate", "--data", data]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(round * 40_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidway += 1 }
            // Whatever carries a backup's name is a sound database.
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasSuffix(".sqlite") {
                let copy = try DatabaseQueue(path: folder + "/" + name)
                #expect(try copy.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"], "\(name) after a kill")
                try copy.close()
            }
            #expect(try runCommand(["check", "--data", data]).status == 0)
        }
        #expect(killedMidway > 0, "no kill landed during a backup")
        // A copy cut short on another night, under that night's name.
        #expect(FileManager.default.createFile(atPath: folder + "/daily-2001-01-01.sqlite.partial", contents: Data("SQLite format 3".utf8)))
        #expect(try runCommand(["backup", "--rotate", "--data", data]).status == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(!left.contains { $0.contains(".partial") }, "half-written copies left: \(left)")
        #expect(left.contains { $0.hasPrefix("daily-") } && left.contains { $0.hasPrefix("weekly-") })
    }

    @Test func aMigrationKilledAtAnyPointIsEitherUndoneOrDoneNeverHalf() throws {
        // A database of an earlier version (v6) with many rows for v7 to rewrite.
        let original = temporaryDirectory("lc-migration-v6")
        do {
            let pool = try DatabasePool(path: original + "/" + Store.fileName)
            try Schema.migrator.migrate(pool, upTo: "v6-scoring")
            try pool.write { db in
                try db.execute(sql: "INSERT INTO villages(id, name, folded_name, created_at, updated_at) VALUES ('v1', 'Thôn Một', 'thon mot', 0, 0)")
                try db.execute(sql: """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
                    INSERT INTO households(id, name, folded_name, village_id, address, created_at, updated_at)
                    SELECT 'h' || i, 'Hộ ' || i, 'ho ' || i, 'v1', NULL, 0, 0 FROM n
                    """)
            }
            try pool.close()
        }
        // How long a whole migration takes, so that the kills land inside it.
        let timed = temporaryDirectory("lc-migration-timed")
        try FileManager.default.copyItem(atPath: original + "/" + Store.fileName, toPath: timed + "/" + Store.fileName)
        let started = Date()
        #expect(try runCommand(["check", "--data", timed]).status == 0)
        let whole = Date().timeIntervalSince(started)
        var killedMidway = 0
        // Kills spread over the timed length; the machine may be slower or faster than when it was
        // timed, so while none has landed the next tries come sooner and sooner.
        var delays = (1...6).map { whole * Double($0) / 7 }
        var round = 0
        while round < delays.count {
            let delay = delays[round]
            round += 1
            let data = temporaryDirectory("lc-migration-kill")
            try FileManager.default.copyItem(atPath: original + "/" + Store.fileName, toPath: data + "/" + Store.fileName)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binaryPath)
            process.arguments = ["check", "--data", data]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidway += 1 }
            if round == delays.count, killedMidway == 0, delays.count < 14 { delays.append(delays[0] / Double(1 << (delays.count - 5))) }
            // The next start finds either v6 or the whole new schema, and migrates the rest.
            #expect(try runCommand(["check", "--data", data]).status == 0)
            let pool = try DatabasePool(path: data + "/" + Store.fileName)
            let (rows, unmarked, complete) = try pool.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM households"),
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM households WHERE change_seq = 0"),
                 try Schema.migrator.hasCompletedMigrations(db))
            }
            try pool.close()
            #expect(rows == 200_000 && unmarked == 0 && complete, "round \(round): \(String(describing: rows)) rows, \(String(describing: unmarked)) unmarked")
        }
        #expect(killedMidway > 0, "no kill landed during a migration")
    }

    @Test func aDamagedDatabaseIsRefusedAndRestoredFromTheNightlyBackup() throws {
        let data = temporaryDirectory("lc-damaged")
        #expect(try runCommand(["demo", "--data", data, "--learners", "300"]).status == 0)
        #expect(try runCommand(["backup", "--rotate", "--data", data]).status == 0)
        let count = { (path: String) throws -> Int? in
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            return try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM learners") }
        }
        let before = try count(data + "/" + Store.fileName)
        let handle = try #require(FileHandle(forWritingAtPath: data + "/" + Store.fileName))
        try handle.seek(toOffset: 4096 * 3)
        handle.write(Data(repeating: 0xA5, count: 4096 * 6))
        try handle.close()
        let refused = try runCommand(["serve", "--data", data, "--www", wwwDirectory, "--port", "0"])
        #expect(refused.status == 1 && refused.stderr.contains("restore"), "\(refused.stderr)")
        let copy = try #require(try FileManager.default.contentsOfDirectory(atPath: data + "/backups").first { $0.hasPrefix("daily-") })
        let restored = try runCommand(["restore", data + "/backups/" + copy, "--data", data])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try runCommand(["check", "--data", data]).status == 0)
        #expect(try count(data + "/" + Store.fileName) == before)
        let daemon = try Daemon(data: data)
        #expect(try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/health").status == 200)
        #expect(daemon.stop().status == 0)
    }

    /// A clean stop leaves a marker with the file's size, time and first page; the next start finds
    /// the file as it was and skips the quick check (which reads every page). A power cut (no
    /// marker) or a file changed while stopped is checked, and a damaged one still refused.
    @Test func aStartAfterACleanStopSkipsTheQuickCheckButNeverADamagedFile() throws {
        let data = temporaryDirectory("lc-clean-stop")
        #expect(try runCommand(["demo", "--data", data, "--learners", "300"]).status == 0)
        let database = data + "/" + Store.fileName, marker = database + ".clean"
        let skipped = "bỏ qua kiểm tra nhanh"
        let daemon = try Daemon(data: data)
        #expect(!daemon.log.contains(skipped), "the demo's command wrote no marker: \(daemon.log)")
        #expect(daemon.stop().status == 0)
        #expect(FileManager.default.fileExists(atPath: marker))

        try daemon.start()
        #expect(daemon.log.contains(skipped), "\(daemon.log)")
        #expect(!FileManager.default.fileExists(atPath: marker), "a marker is used once, removed at start")
        #expect(try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/health").status == 200)
        daemon.kill9()
        #expect(!FileManager.default.fileExists(atPath: marker))
        try daemon.start()
        #expect(!daemon.log.contains(skipped), "after a power cut the file is checked: \(daemon.log)")
        #expect(daemon.stop().status == 0)

        // Damaged while stopped, the marker still there: refused.
        #expect(FileManager.default.fileExists(atPath: marker))
        let handle = try #require(FileHandle(forWritingAtPath: database))
        try handle.seek(toOffset: 4096 * 3)
        handle.write(Data(repeating: 0xA5, count: 4096 * 6))
        try handle.close()
        let refused = try runCommand(["serve", "--data", data, "--www", wwwDirectory, "--port", "0"])
        #expect(refused.status == 1 && refused.stderr.contains("restore"), "\(refused.stderr)")
    }

    /// The nightly backup checks its copy in full: a damaged database sets the copy aside, removes
    /// no older backup, and says how to restore.
    @Test func theNightlyBackupChecksInFullAndKeepsTheOlderCopiesWhenDamaged() throws {
        let data = temporaryDirectory("lc-nightly-check")
        #expect(try runCommand(["demo", "--data", data, "--learners", "300"]).status == 0)
        #expect(try runCommand(["backup", "--rotate", "--data", data]).status == 0)
        let backups = data + "/backups"
        let good = try FileManager.default.contentsOfDirectory(atPath: backups).filter { $0.hasPrefix("daily-") }
        #expect(good.count == 1)
        // Yesterday's copy, as the rotation names it.
        let older = backups + "/daily-2000-01-01.sqlite"
        try FileManager.default.copyItem(atPath: backups + "/" + good[0], toPath: older)
        // Pages near the end (indexes): the database still opens; only a full check reads them.
        let database = data + "/" + Store.fileName
        let size = try #require(try FileManager.default.attributesOfItem(atPath: database)[.size] as? Int)
        let handle = try #require(FileHandle(forWritingAtPath: database))
        try handle.seek(toOffset: UInt64(size - 4096 * 3 + 200))
        handle.write(Data(repeating: 0xA5, count: 2000))
        try handle.close()
        let night = try runCommand(["backup", "--rotate", "--data", data])
        #expect(night.status == 1 && night.stderr.contains("kiểm tra đầy đủ") && night.stderr.contains("restore"), "\(night.stderr)")
        let after = try FileManager.default.contentsOfDirectory(atPath: backups)
        #expect(after.contains("daily-2000-01-01.sqlite"), "an older copy kept: \(after)")
        #expect(after.contains { $0.hasPrefix("damaged-") }, "\(after)")
        #expect(!after.contains(good[0]), "today's copy is the damaged one, set aside: \(after)")
    }

    /// The box's clock jumps back three days (a flat RTC battery, a wrong NTP answer), then two
    /// days ahead, then right again, while learners check in: every check-in is kept, in the order
    /// it was acknowledged, and the manager pages are told the clock went back.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/cc"), "builds the clock shim with cc"))
    func aClockJumpingBackAndAheadLosesNothingKeepsTheOrderAndIsReported() throws {
        let work = temporaryDirectory("lc-clock")
        let shim = work + "/clock_shim.so"
        let built = try runCommand(["-shared", "-fPIC", "-O2", "-o", shim, repositoryRoot + "/Tests/clock-shim/clock_shim.c", "-ldl"],
                                   executable: "/usr/bin/cc")
        #expect(built.status == 0, "\(built.stderr)")
        let clock = work + "/offset"
        func setClock(_ seconds: Int) { _ = FileManager.default.createFile(atPath: clock, contents: Data("\(seconds)\n".utf8)) }
        setClock(0)
        let data = work + "/data"
        #expect(try runCommand(["demo", "--data", data, "--learners", "60"]).status == 0)
        let daemon = try Daemon(data: data, environment: ["LD_PRELOAD": shim, "LC_TEST_CLOCK_FILE": clock])
        try daemon.addManager()
        let (cookie, _) = try daemon.login()
        let list = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/learners?limit=30", headers: ["Cookie": cookie])
        let learners = try #require(try JSONValue.parse(list.body)["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue })
        var acknowledged: [String] = []
        func checkIn(_ learner: String) throws {
            let answer = try RawHTTP.request(port: daemon.port, method: "POST", path: "/api/kiosk/check-ins",
                                             headers: ["Content-Type": "application/json"],
                                             body: Array(#"{"learnerId":"\#(learner)","purpose":"reading"}"#.utf8))
            #expect([200, 201].contains(answer.status), "\(answer.status) \(answer.text)")
            if let id = try JSONValue.parse(answer.body)["checkIn"]?["id"]?.stringValue { acknowledged.append(id) }
        }
        for learner in learners[0..<10] { try checkIn(learner) }
        setClock(-3 * 86_400)
        for learner in learners[10..<20] { try checkIn(learner) }
        let status = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/system/status", headers: ["Cookie": cookie])
        #expect(try JSONValue.parse(status.body)["clockWarning"]?.stringValue?.contains("Đồng hồ") == true, "\(status.text)")
        setClock(2 * 86_400)
        for learner in learners[20..<30] { try checkIn(learner) }
        setClock(0)
        #expect(daemon.stop().status == 0)
        #expect(acknowledged.count == 30)
        #expect(try runCommand(["check", "--data", data]).status == 0)
        let queue = try DatabaseQueue(path: data + "/" + Store.fileName)
        defer { try? queue.close() }
        let stored = try queue.read { db in try String.fetchAll(db, sql: "SELECT id FROM check_ins ORDER BY seq") }
        #expect(stored.filter(Set(acknowledged).contains) == acknowledged, "a check-in lost or out of the order it was acknowledged")
    }
}
