import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The nightly backup: a week of daily copies, a month of weekly ones, each a sound backup.
@Suite struct BackupRotationTests {
    @Test func keepsSevenDailyAndFourWeeklyBackups() throws {
        let data = temporaryDirectory("lc-rotate")
        let store = try Store(dataDirectory: data)
        _ = try DemoCommune(learnerCount: 10).fill(store)
        let rotation = BackupRotation(dataDirectory: data)
        let start = Timestamps.parse("2026-01-05T02:30:00+07:00")!
        for day in 0..<40 { _ = try rotation.run(store, now: start + Int64(day) * 86_400_000) }
        let daily = rotation.files(prefix: "daily-"), weekly = rotation.files(prefix: "weekly-")
        #expect(daily.count == 7 && weekly.count == 4, "\(daily) \(weekly)")
        #expect(daily.last == "daily-\(Timestamps.iso(millis: start + 39 * 86_400_000).prefix(10)).sqlite")
        for name in daily + weekly { try Restore.verifyBackup(data + "/backups/" + name) }
        // A clock gone back a year still leaves tonight's backup in place.
        let (made, removed) = try rotation.run(store, now: start - 365 * 86_400_000)
        #expect(made.allSatisfy { FileManager.default.fileExists(atPath: $0) } && removed.isEmpty)
        #expect(try store.systemStatus().lastBackupAt != nil)
    }

    @Test func theCommandWantsAFileOrTheRotation() throws {
        let data = temporaryDirectory("lc-rotate")
        #expect(try runCommand(["demo", "--data", data, "--learners", "5"]).status == 0)
        #expect(try runCommand(["backup", "--data", data]).status == 64)
        let rotated = try runCommand(["backup", "--rotate", "--data", data])
        #expect(rotated.status == 0 && rotated.stdout.contains("backups/daily-"), "\(rotated.stdout) \(rotated.stderr)")
    }
}
