import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite(.serialized) struct CommandLineTests {
    @Test func wrongUsageExits64() throws {
        #expect(try runCommand(["serve", "--port", "abc"]).status == 64)
        #expect(try runCommand(["user", "add", "lan", "--role", "manager"]).status == 64)
        #expect(try runCommand(["user", "add", "lan", "--role", "king", "--password-stdin"]).status == 64)
        #expect(try runCommand(["no-such-command"]).status == 64)
    }

    @Test func userAddReadsThePasswordFromStandardInput() throws {
        let data = temporaryDirectory()
        let ok = try runCommand(["user", "add", "quanly", "--role", "manager", "--password-stdin", "--data", data], stdin: "mat-khau-dai\n")
        #expect(ok.status == 0)
        let again = try runCommand(["user", "add", "quanly", "--role", "staff", "--password-stdin", "--data", data], stdin: "mat-khau-dai\n")
        #expect(again.status == 1)
        #expect(again.stderr.contains("quanly"))
        let short = try runCommand(["user", "add", "lan", "--role", "staff", "--password-stdin", "--data", data], stdin: "123\n")
        #expect(short.status == 1)
    }

    @Test func demoFillsAnEmptyDatabaseOnce() throws {
        let data = temporaryDirectory()
        let first = try runCommand(["demo", "--data", data])
        #expect(first.status == 0)
        #expect(first.stdout.contains("300 người học"))
        #expect(try runCommand(["demo", "--data", data]).status == 1)
        #expect(try runCommand(["check", "--data", data]).status == 0)
        // Personal data: readable by the service's user only.
        let mode = try FileManager.default.attributesOfItem(atPath: data + "/centre.sqlite")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func importReportsBadLinesAndWritesNothing() throws {
        let data = temporaryDirectory()
        #expect(try runCommand(["demo", "--data", data, "--learners", "5"]).status == 0)
        let file = data + "/people.csv"
        try "Họ và tên,Giới tính,Năm sinh,Thôn\nNguyễn Văn Mới,Nam,1980,Thôn Đồi Thông\nLê Thị Sai,Nữ,abc,Thôn Đồi Thông\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try runCommand(["import", "learners", file, "--data", data])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("dòng 3"))
        let skipped = try runCommand(["import", "learners", file, "--skip-bad", "--data", data])
        #expect(skipped.status == 0)
        #expect(skipped.stdout.contains("Đã thêm 1"))
    }

    @Test func backupWhileServingThenRestore() throws {
        let daemon = try Daemon()
        #expect(try runCommand(["demo", "--data", daemon.data, "--learners", "120"]).status == 0)
        let backup = temporaryDirectory() + "/backup.sqlite"
        let made = try runCommand(["backup", "--out", backup, "--data", daemon.data])
        #expect(made.status == 0, "\(made.stderr)")
        let refused = try runCommand(["restore", backup, "--data", daemon.data])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("dừng"))
        _ = daemon.stop()
        let restoredData = temporaryDirectory()
        let restored = try runCommand(["restore", backup, "--data", restoredData])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try runCommand(["check", "--data", restoredData]).status == 0)
        let notABackup = restoredData + "/junk.sqlite"
        try "hello".write(toFile: notABackup, atomically: true, encoding: .utf8)
        #expect(try runCommand(["restore", notABackup, "--data", restoredData]).status == 1)
    }

    @Test func aDamagedDatabaseKeepsTheDaemonFromStarting() throws {
        let data = temporaryDirectory()
        #expect(try runCommand(["demo", "--data", data, "--learners", "300"]).status == 0)
        let handle = FileHandle(forWritingAtPath: data + "/centre.sqlite")!
        try handle.seek(toOffset: 4096 * 3)
        handle.write(Data(repeating: 0xA5, count: 4096 * 6))
        try handle.close()
        let serve = try runCommand(["serve", "--data", data, "--www", wwwDirectory, "--port", "0"])
        #expect(serve.status == 1)
        #expect(serve.stderr.contains("restore"))
        #expect(try runCommand(["check", "--data", data]).status == 1)
    }
}
