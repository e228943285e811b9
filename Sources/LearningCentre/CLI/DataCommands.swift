import ArgumentParser
import Foundation
import LearningCentreCore
import GRDB

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup",
        abstract: "Sao lưu nhất quán cơ sở dữ liệu trong khi máy chủ vẫn chạy.")
    @Option(help: "Tệp sao lưu sẽ tạo.") var out: String?
    @Flag(help: "Sao lưu hằng đêm vào DATA/backups: giữ \(BackupRotation.dailyKept) bản hằng ngày và \(BackupRotation.weeklyKept) bản hằng tuần.")
    var rotate = false
    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        guard (out == nil) != (!rotate) else { throw ValidationError("Hãy cho --out TỆP, hoặc --rotate (sao lưu hằng đêm vào DATA/backups).") }
    }

    func run() throws {
        try dataOptions.requireDatabase()
        let store = try Store(dataDirectory: dataOptions.data, quickCheck: false)
        guard let out else {
            let (made, removed) = try BackupRotation(dataDirectory: dataOptions.data).run(store)
            for file in made { printLine("Đã sao lưu vào \(file).") }
            for file in removed { printLine("Đã xóa bản sao lưu cũ \(file).") }
            return
        }
        if FileManager.default.fileExists(atPath: out) { throw CLIFailure("tệp \(out) đã có. Hãy chọn tên khác để không ghi đè.") }
        try store.backup(to: out)
        printLine("Đã sao lưu vào \(out).")
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Kiểm tra toàn vẹn cơ sở dữ liệu (thoát 0 khi tốt).")
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        try dataOptions.requireDatabase()
        let path = dataOptions.databasePath
        let problems: [String]
        do {
            problems = try Store(dataDirectory: dataOptions.data, quickCheck: false).fullCheck()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
            problems = [error.message ?? "SQLITE_CORRUPT"]
        } catch let error as StoreError {
            problems = ["\(error)"]
        }
        guard problems.isEmpty else {
            throw CLIFailure("cơ sở dữ liệu \(path) có lỗi:\n  " + problems.prefix(20).joined(separator: "\n  ")
                             + "\nHãy khôi phục bản sao lưu gần nhất bằng `learning-centre restore`.")
        }
        printLine("Cơ sở dữ liệu \(path) toàn vẹn.")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore",
        abstract: "Kiểm tra tệp sao lưu rồi thay cơ sở dữ liệu bằng nó (máy chủ phải dừng).")
    @Argument(help: "Tệp sao lưu.") var file: String
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        try Restore.verifyBackup(file)
        guard let lock = try DataLock(dataDirectory: dataOptions.data) else {
            throw CLIFailure("máy chủ đang chạy với \(dataOptions.data). Hãy dừng nó trước (systemctl stop learning-centre), rồi chạy lại lệnh này.")
        }
        let kept = try Restore.replace(dataDirectory: dataOptions.data, with: file)
        try Store(dataDirectory: dataOptions.data).beginCheckInEpoch()
        withExtendedLifetime(lock) {}
        printLine("Đã khôi phục từ \(file)." + (kept.map { " Cơ sở dữ liệu cũ được giữ ở \($0)." } ?? ""))
    }
}

enum Restore {
    /// Refuses a file that is not a sound learning-centre database of this version or older.
    static func verifyBackup(_ file: String) throws {
        guard FileManager.default.fileExists(atPath: file) else { throw StoreError.restoreRefused(path: file, reason: "không có tệp này.") }
        var config = Configuration()
        config.readonly = true
        do {
            let queue = try DatabaseQueue(path: file, configuration: config)
            try queue.read { db in
                guard try Int32.fetchOne(db, sql: "PRAGMA application_id") == Store.applicationID else {
                    throw StoreError.restoreRefused(path: file, reason: "không phải bản sao lưu của learning-centre.")
                }
                let result = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                guard result == ["ok"] else {
                    throw StoreError.restoreRefused(path: file, reason: "tệp bị hỏng (\(result.prefix(2).joined(separator: "; "))). Hãy dùng bản sao lưu khác.")
                }
                if try Schema.migrator.hasBeenSuperseded(db) {
                    throw StoreError.restoreRefused(path: file, reason: "bản sao lưu từ phiên bản mới hơn. Hãy cài phiên bản mới hơn.")
                }
            }
            try queue.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.restoreRefused(path: file, reason: StoreError.describe(error))
        }
    }

    /// Copies the backup in beside the database, syncs it, then swaps it in; the old files are
    /// kept with a suffix. Returns the kept name.
    static func replace(dataDirectory: String, with file: String) throws -> String? {
        let fm = FileManager.default
        let target = (dataDirectory as NSString).appendingPathComponent(Store.fileName)
        let partial = target + ".restoring"
        try? fm.removeItem(atPath: partial)
        do {
            try fm.copyItem(atPath: file, toPath: partial)
            try FileSync.sync(path: partial)
        } catch {
            try? fm.removeItem(atPath: partial)
            throw StoreError.restoreRefused(path: file, reason: "không chép được vào \(dataDirectory): \(StoreError.describe(error))")
        }
        var kept: String? = nil
        if fm.fileExists(atPath: target) {
            // "20261201-224300", the centre's local time.
            let stamp = Timestamps.iso(millis: Store.nowMillis()).prefix(19).filter { $0 != "-" && $0 != ":" }.replacingOccurrences(of: "T", with: "-")
            let suffix = ".before-restore-" + stamp
            for extra in ["", "-wal", "-shm"] where fm.fileExists(atPath: target + extra) {
                try FileSync.rename(target + extra, to: target + suffix + extra)
            }
            kept = target + suffix
        }
        try FileSync.rename(partial, to: target)
        return kept
    }
}

/// `learning-centre status`: the box at a glance, for whoever is asked to look at it.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status",
        abstract: "Tình trạng máy: phiên bản, thời gian chạy, dung lượng, sao lưu và lần xuất gần nhất, đồng hồ, ổ đĩa.")
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        try dataOptions.requireDatabase()
        let status = try Store(dataDirectory: dataOptions.data, quickCheck: false).systemStatus()
        for line in status.lines { printLine(line) }
    }
}
