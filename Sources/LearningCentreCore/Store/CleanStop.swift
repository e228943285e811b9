import CSodium
import Foundation
import Glibc

/// What a clean stop leaves beside the database (`centre.sqlite.clean`): the file's size,
/// modification time, inode and a digest of its first page, taken after the last checkpoint,
/// once SQLite has closed it. A start that finds the file exactly so, with no log left beside
/// it, skips `PRAGMA quick_check`, which reads every page (3.2 s at 2,000,000 check-ins on the
/// mini-PC); any other start (a power cut, a file copied in or touched while stopped) checks.
/// The nightly backup checks the whole database in full (`BackupRotation`).
enum CleanStop {
    static func markerPath(_ database: String) -> String { database + ".clean" }

    /// Records the stop: written beside, synced, renamed, so a torn marker never reads as one.
    static func record(_ database: String) {
        guard let print = fingerprint(database) else { return }
        let marker = markerPath(database), partial = marker + ".partial"
        do {
            try Data(print.utf8).write(to: URL(fileURLWithPath: partial))
            try FileSync.sync(path: partial)
            try FileSync.rename(partial, to: marker)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)  // no marker: the next start checks
        }
    }

    /// Whether the last stop was clean and the file is as it left it. The marker is used up:
    /// removed whatever it says, before the database is opened.
    static func take(_ database: String) -> Bool {
        let marker = markerPath(database)
        guard let recorded = try? String(contentsOfFile: marker, encoding: .utf8) else { return false }
        unlink(marker)
        FileSync.syncFolder(of: marker)
        let log = database + "-wal"
        var info = stat()
        if stat(log, &info) == 0 && info.st_size > 0 { return false }
        return fingerprint(database) == recorded
    }

    /// "size mtime inode sha256-of-the-first-4-KiB", or nil when the file cannot be read.
    static func fingerprint(_ database: String) -> String? {
        var info = stat()
        guard stat(database, &info) == 0 else { return nil }
        let fd = open(database, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var page = [UInt8](repeating: 0, count: 4096)
        let count = pread(fd, &page, page.count, 0)
        guard count > 0 else { return nil }
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        crypto_hash_sha256(&digest, page, UInt64(count))
        return "v1 \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) \(info.st_ino) \(Hex.encode(digest))\n"
    }
}
