import Foundation

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

    /// Makes today's backup (replacing one made earlier today), a weekly copy when the newest is a
    /// week old, then removes what is beyond the rotation. Returns the files made and removed.
    public func run(_ store: Store, now: Int64 = Store.nowMillis()) throws -> (made: [String], removed: [String]) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // What a run killed half-way left (a power cut during the copy): never a backup.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.contains(".partial") {
            try? FileManager.default.removeItem(atPath: path(name))
        }
        let day = String(Timestamps.iso(millis: now).prefix(10))
        let daily = path("daily-\(day).sqlite")
        try store.backup(to: daily)  // replaces an earlier copy of today only once the new one is whole
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

    private func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// This kind's backups, oldest first.
    func files(prefix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".sqlite") }.sorted()
    }
}
