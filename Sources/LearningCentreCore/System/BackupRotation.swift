import Foundation
import GRDB

/// The nightly backup into the data folder's `backups/`: one file a day kept for a week, one a
/// week kept for a month. Files are named by the local date, so the newest sort last; the file
/// just made is never removed, even when a wrong clock names it in the past.
public struct BackupRotation: Sendable {
    public static let dailyKept = 7
    public static let weeklyKept = 4
    let folder: String

    public init(dataDirectory: String) {
        folder = (dataDirectory as NSString).appendingPathComponent("backups")
    }

    /// Makes today's backup (replacing one made earlier today) and checks it in full (the night's
    /// `integrity_check`: a start after a clean stop skips its quick check), a weekly copy when the
    /// newest is a week old, then removes what is beyond the rotation. Returns the files made and
    /// removed. A damaged copy is set aside and nothing is removed: the older copies are the way back.
    public func run(_ store: Store, now: Int64 = Store.nowMillis()) throws -> (made: [String], removed: [String]) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // What a run killed half-way left (a power cut during the copy): never a backup.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.contains(".partial") {
            try? FileManager.default.removeItem(atPath: path(name))
        }
        let day = String(Timestamps.iso(millis: now).prefix(10))
        let daily = path("daily-\(day).sqlite")
        try store.backup(to: daily)  // replaces an earlier copy of today only once the new one is whole
        let problems = try BackupRotation.problems(in: daily)
        if !problems.isEmpty {
            let kept = path("damaged-\(day).sqlite")
            try? FileManager.default.removeItem(atPath: kept)
            try FileSync.rename(daily, to: kept)
            throw StoreError.nightlyCheckFailed(path: store.path, detail: problems.prefix(2).joined(separator: "; "), kept: kept)
        }
        var made = [daily]
        let weeklies = files(prefix: "weekly-")
        let newestWeek = weeklies.last.flatMap { Timestamps.parse(String($0.dropFirst(7).prefix(10)) + "T00:00:00Z") }
        if newestWeek.map({ now - $0 >= 7 * 86_400_000 - 12 * 3_600_000 || now < $0 }) ?? true {
            let weekly = path("weekly-\(day).sqlite")
            let partial = weekly + ".partial"
            try? FileManager.default.removeItem(atPath: partial)
            try FileManager.default.copyItem(atPath: daily, toPath: partial)
            try FileSync.sync(path: partial)
            try FileSync.rename(partial, to: weekly)
            made.append(weekly)
        }
        var removed: [String] = []
        for (prefix, kept) in [("daily-", BackupRotation.dailyKept), ("weekly-", BackupRotation.weeklyKept)] {
            for name in files(prefix: prefix).dropLast(kept) where !made.contains(path(name)) {
                try FileManager.default.removeItem(atPath: path(name))
                removed.append(path(name))
            }
        }
        return (made, removed)
    }

    /// SQLite's full check of a copy (every page and index read), read-only: [] when sound.
    static func problems(in file: String) throws -> [String] {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: file, configuration: config)
        defer { try? queue.close() }
        do {
            return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" } }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
            return [error.message ?? "SQLITE_CORRUPT"]  // so damaged that the check itself stops
        }
    }

    private func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// This kind's backups, oldest first.
    func files(prefix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".sqlite") }.sorted()
    }
}
