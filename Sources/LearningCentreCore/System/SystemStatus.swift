import Foundation
import Glibc
import GRDB

/// A wrong clock, said so that staff can act.
public struct ClockWarning: Sendable {
    public var kind: String
    public var expectedAfter: Int64
    public var message: String

    /// "08:30 ngày 01/12/2026": a moment as people say it.
    static func words(_ millis: Int64) -> String { "\(Timestamps.localTime(millis)) ngày \(Timestamps.localDate(millis))" }
}

/// What an officer (or `learning-centre status`) needs to know about the box at a glance.
public struct SystemStatus: Sendable {
    /// Below this much free space the pages warn, well before SQLite's writes fail.
    public static let lowDiskBytes: Int64 = 500 * 1_048_576

    public var version = LearningCentreVersion.current
    public var daemonStartedAt: Int64?
    public var databaseBytes: Int64 = 0
    public var lastBackupAt: Int64?
    public var lastBackupPath: String?
    public var lastExport: ExportRecord?
    public var clockWarning: ClockWarning?
    public var freeBytes: Int64 = 0
    public var totalBytes: Int64 = 0
    /// Self-registrations from the kiosk waiting for staff.
    public var pendingRegistrations = 0
    /// The most writes one commit has held since the daemon started (the group commit at work).
    public var largestCommitBatch = 0

    public var diskWarning: String? {
        guard freeBytes < SystemStatus.lowDiskBytes else { return nil }
        return "Ổ đĩa của máy sắp đầy: chỉ còn \(SystemStatus.megabytes(freeBytes)). Hãy báo người phụ trách giải phóng dung lượng (xóa các tệp sao lưu cũ, chép gói xuất sang USB) trước khi máy không ghi được nữa."
    }

    static func megabytes(_ bytes: Int64) -> String { "\(bytes / 1_048_576) MB" }

    /// The lines `learning-centre status` prints.
    public var lines: [String] {
        func time(_ millis: Int64?) -> String { millis.map(Timestamps.iso) ?? "chưa có" }
        var lines = ["Phiên bản: \(version)"]
        if let started = daemonStartedAt {
            let minutes = max(0, (Store.nowMillis() - started) / 60_000)
            lines.append("Máy chủ: đang chạy từ \(Timestamps.iso(millis: started)) (\(minutes / 1440) ngày \(minutes / 60 % 24) giờ \(minutes % 60) phút)")
        } else {
            lines.append("Máy chủ: không chạy")
        }
        lines.append("Cơ sở dữ liệu: \(SystemStatus.megabytes(databaseBytes))")
        lines.append("Sao lưu gần nhất: \(time(lastBackupAt))" + (lastBackupPath.map { " (\($0))" } ?? ""))
        if let export = lastExport {
            lines.append("Gói xuất gần nhất: số \(export.sequence), \(export.status.label.lowercased()), \(time(export.finishedAt ?? export.startedAt))"
                         + (export.error.map { ": \($0)" } ?? "") + (export.pushStatus.map { "; \($0.label.lowercased())" } ?? ""))
        } else {
            lines.append("Gói xuất gần nhất: chưa có")
        }
        lines.append("Ổ đĩa: còn trống \(SystemStatus.megabytes(freeBytes)) / \(SystemStatus.megabytes(totalBytes))")
        if let clockWarning { lines.append("CẢNH BÁO: \(clockWarning.message)") }
        if let diskWarning { lines.append("CẢNH BÁO: \(diskWarning)") }
        return lines
    }
}

extension Store {
    /// The clock is behind the records, or was seen to jump back in the last day.
    public func clockWarning(now: Int64) throws -> ClockWarning? {
        let newest = try newestKnownTime()
        if now < newest - Housekeeping.tolerance {
            return ClockWarning(kind: "behindRecords", expectedAfter: newest,
                                message: "Đồng hồ của máy đang chỉ \(ClockWarning.words(now)), sớm hơn lần ghi gần nhất (\(ClockWarning.words(newest))). Giờ điểm danh có thể sai: hãy chỉnh lại ngày giờ của máy.")
        }
        if let event = try latestClockEvent(), now - event.seenAt < 24 * 3_600_000 {
            return ClockWarning(kind: event.kind, expectedAfter: event.expectedAfter,
                                message: "Lúc \(ClockWarning.words(event.seenAt)), đồng hồ của máy đã lùi về trước (lẽ ra phải sau \(ClockWarning.words(event.expectedAfter))). Hãy kiểm tra giờ điểm danh quanh lúc đó.")
        }
        return nil
    }

    public func systemStatus(now: Int64 = Store.nowMillis()) throws -> SystemStatus {
        var status = SystemStatus()
        status.daemonStartedAt = DataLock.daemonStartedAt(dataDirectory: dataDirectory)
        for suffix in ["", "-wal"] {
            status.databaseBytes += (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? Int64 ?? 0) ?? 0
        }
        let values = try read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM centre WHERE key IN ('lastBackupAt', 'lastBackupPath')")
                .map { ($0[0] as String, $0[1] as String) }, uniquingKeysWith: { a, _ in a })
        }
        status.lastBackupAt = values["lastBackupAt"].flatMap { Int64($0) }
        status.lastBackupPath = values["lastBackupPath"]
        status.lastExport = try exports(limit: 1).first
        status.largestCommitBatch = groupCommit.largestBatch.withLock { $0 }
        status.clockWarning = try clockWarning(now: now)
        status.pendingRegistrations = try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM registrations INDEXED BY registrations_status WHERE status = 'pending'") ?? 0
        }
        var disk = statvfs()
        if statvfs(dataDirectory, &disk) == 0 {
            status.freeBytes = Int64(disk.f_bavail) * Int64(disk.f_frsize)
            status.totalBytes = Int64(disk.f_blocks) * Int64(disk.f_frsize)
        }
        return status
    }
}

extension SystemStatus: JSONShape {
    public static let schemaName = "SystemStatus"
    public static let fields: [ShapeField<SystemStatus>] = [
        .nullableString("clockWarning", \.clockWarning?.message),
        .nullableMoment("daemonStartedAt", \.daemonStartedAt),
        .int("databaseBytes", { Int($0.databaseBytes) }),
        .nullableString("diskWarning", \.diskWarning),
        .int("freeBytes", { Int($0.freeBytes) }),
        .int("largestCommitBatch", \.largestCommitBatch),
        .nullableMoment("lastBackupAt", \.lastBackupAt),
        .nullableObject("lastExport", \.lastExport),
        .int("pendingRegistrations", \.pendingRegistrations),
        .int("totalBytes", { Int($0.totalBytes) }),
        .string("version", \.version),
    ]
}
