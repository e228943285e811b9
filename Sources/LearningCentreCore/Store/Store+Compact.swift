import Foundation
import GRDB

extension Store {
    /// After an upgrade that rewrote most of the file (v16 copies every check-in into rows of
    /// about 40% of their size), most of its pages are free: the file is rebuilt without them
    /// (`VACUUM`), so that it and every backup of it shrink (the backup copies free pages too).
    /// Skipped when the disk cannot hold the rebuilt copy twice (in the log, then in the file):
    /// the free pages are then reused by the check-ins to come, and nothing is lost either way.
    static func compactAfterUpgrade(_ pool: DatabasePool, path: String) throws {
        let (pages, free, pageSize) = try pool.read { db in
            (try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0, try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0,
             try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
        }
        guard free * 4 > pages else { return }
        let live = (pages - free) * pageSize
        // SQLite rebuilds into a temporary file (in /var/tmp), then writes it back through the log.
        for folder in [(path as NSString).deletingLastPathComponent, "/var/tmp"] {
            guard let free = FileSync.freeBytes(in: folder), free > live + live / 4 else { return }
        }
        ServiceNotifier.notify("STATUS=Đang thu gọn cơ sở dữ liệu sau khi nâng cấp, xin chờ…")
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM")
            _ = try db.checkpoint(.truncate)
        }
    }
}
