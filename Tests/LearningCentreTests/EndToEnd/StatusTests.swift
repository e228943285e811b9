import Foundation
import Testing
@testable import LearningCentre

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
}
