import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// `learning-centre status` and `/api/system/status`: the box at a glance.
@Suite struct StatusTests {
    @Test func statusSaysWhatRunsWhatWasSavedAndWhatIsLeft() throws {
        let data = temporaryDirectory("lc-status")
        #expect(try runCommand(["demo", "--data", data, "--learners", "20"]).status == 0)
        let before = try runCommand(["status", "--data", data])
        #expect(before.status == 0)
        #expect(before.stdout.contains("Phiên bản: \(LearningCentreVersion.current)") && before.stdout.contains("Máy chủ: không chạy"))
        #expect(before.stdout.contains("Sao lưu gần nhất: chưa có") && before.stdout.contains("Gói xuất gần nhất: chưa có"))
        #expect(try runCommand(["backup", "--out", data + "/copy.sqlite", "--data", data]).status == 0)
        #expect(try runCommand(["export", "--data", data, "--rulesets", repositoryRoot + "/rulesets", "--usb-roots", data + "/none"]).status == 0)
        let daemon = try Daemon(data: data)
        let after = try runCommand(["status", "--data", data])
        #expect(after.stdout.contains("Máy chủ: đang chạy từ"), "\(after.stdout)")
        #expect(after.stdout.contains("copy.sqlite") && after.stdout.contains("Gói xuất gần nhất: số 1, sẵn sàng"), "\(after.stdout)")
        #expect(after.stdout.contains("Ổ đĩa: còn trống"))
        try daemon.addManager()
        let login = try daemon.login()
        let answer = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/system/status",
                                         headers: ["Cookie": login.cookie])
        #expect(answer.status == 200)
        let json = try JSONValue.parse(answer.body)
        #expect(json["version"]?.stringValue == LearningCentreVersion.current)
        #expect((json["freeBytes"].flatMap { if case .number(let n) = $0 { n } else { nil } } ?? 0) > 0)
        #expect(json["lastExport"]?["sequence"] != nil && json["daemonStartedAt"]?.stringValue != nil)
        _ = daemon.stop()
    }

    /// On the installed box the data folder is the service user's; root's commands must leave
    /// every file they make there to that user, or the daemon could not open them next time.
    @Test(.enabled(if: geteuid() == 0, "needs root to give files away"))
    func filesMadeByRootInTheServiceFolderGoToItsOwner() throws {
        let data = temporaryDirectory("lc-owner")
        #expect(try runCommand(["demo", "--data", data, "--learners", "5"]).status == 0)
        let nobody: uid_t = 65534
        #expect(chown(data, nobody, gid_t(nobody)) == 0)
        #expect(try runCommand(["backup", "--rotate", "--data", data]).status == 0)
        #expect(try runCommand(["export", "--data", data, "--rulesets", repositoryRoot + "/rulesets", "--usb-roots", data + "/none"]).status == 0)
        let made = try FileManager.default.subpathsOfDirectory(atPath: data)
        #expect(made.contains { $0.hasPrefix("backups/daily-") } && made.contains { $0.hasPrefix("outbox/") } && made.contains(Store.fileName))
        // Everything, the database made by root before the folder was given away included.
        for path in made {
            var info = stat()
            #expect(lstat(data + "/" + path, &info) == 0 && info.st_uid == nobody, "\(path) belongs to \(info.st_uid)")
        }
    }
}
