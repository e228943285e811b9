import Foundation
import GRDB
import Synchronization
import Logging

/// The centre's database: one SQLite file in WAL mode with every commit synced (FULL), foreign
/// keys on, and a busy timeout so that a backup or an export in another process makes writers
/// wait instead of fail. The only owner of the GRDB pool.
public final class Store: Sendable {
    /// "LCT1": marks the file as ours, so that we never migrate someone else's database.
    public static let applicationID: Int32 = 0x4C43_5431
    public static let fileName = "centre.sqlite"

    public let path: String
    public let pool: DatabasePool
    /// Name search, kept in memory and caught up from the database on each search.
    let searchIndex = LearnerIndex()
    let groupCommit: GroupCommit
    /// Recently checked session tokens (see `sessionUser`).
    let sessionCache = Mutex<[String: CachedSession]>([:])
    /// The last years scored, each with the change counter it was computed at.
    let yearCache = Mutex<[Int: YearResults]>([:])
    let yearComputation = Mutex<Void>(())
    /// How often a year was scored in full, and how often only the learners whose check-ins changed.
    let yearScorings = Mutex<(full: Int, refreshed: Int)>((0, 0))
    /// Parsed rulesets by "id@version": a file is read once, not at every score.
    let rulesetCache = Mutex<[String: Ruleset]>([:])
    /// Operations on the pool in flight, and whether `close` has begun: it then refuses new ones
    /// and waits for these, so that no background reader ever meets a closed connection.
    private let activity = Mutex<(running: Int, closing: Bool)>((0, false))
    /// The last stop was clean and the file is as it left it: `quick_check` was not needed (`CleanStop`).
    public let startedAfterCleanStop: Bool

    /// Opens (creating when missing), checks and migrates the database in `dataDirectory`.
    /// Refuses a damaged file, a file of another program, or one from a newer version. The check
    /// (`quick_check`, every page read) is skipped after a clean stop that left the file as it is.
    public init(dataDirectory: String, quickCheck: Bool = true) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        path = (dataDirectory as NSString).appendingPathComponent(Store.fileName)
        startedAfterCleanStop = quickCheck && CleanStop.take(path)
        do {
            pool = try DatabasePool(path: path, configuration: Store.configuration())
        } catch {
            throw StoreError.cannotOpen(path: path, reason: StoreError.describe(error))
        }
        groupCommit = GroupCommit(pool: pool)
        do {
            try pool.writeWithoutTransaction { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                if appID != Store.applicationID && !(appID == 0 && tables == 0) {
                    throw StoreError.foreignFile(path: path)
                }
                if quickCheck && !startedAfterCleanStop {
                    let result = try String.fetchAll(db, sql: "PRAGMA quick_check")
                    if result != ["ok"] { throw StoreError.damaged(path: path, detail: result.prefix(3).joined(separator: "; ")) }
                }
                if try Schema.migrator.hasBeenSuperseded(db) { throw StoreError.newerVersion(path: path) }
            }
            // The zone first: migrations date existing records by the centre's days.
            CentreZone.use(try pool.read { db in
                try db.tableExists("centre") ? String.fetchOne(db, sql: "SELECT value FROM centre WHERE key = 'timeZone'") : nil
            })
            // An upgrade of a database in use (a new one has nothing to convert).
            let upgrading = try pool.read { db in try !Schema.migrator.appliedMigrations(db).isEmpty && !Schema.migrator.hasCompletedMigrations(db) }
            if upgrading {
                try Store.requireFreeSpaceForMigration(path: path)
                // A large file takes longer than the start's 30 s (v16 rewrites every check-in: 27 s for
                // 2,000,000 on a 2-core machine, about a minute on a small box): systemd is told to
                // wait up to ten minutes more.
                ServiceNotifier.notify("EXTEND_TIMEOUT_USEC=600000000\nSTATUS=Đang nâng cấp cơ sở dữ liệu, xin chờ…")
            }
            try Schema.migrator.migrate(pool)
            if upgrading { try Store.compactAfterUpgrade(pool, path: path) }
            try groupCommit.takeOverCheckpoints()
        } catch let error as StoreError {
            throw error
        } catch {
            if let db = error as? DatabaseError, db.resultCode == .SQLITE_CORRUPT || db.resultCode == .SQLITE_NOTADB {
                throw StoreError.damaged(path: path, detail: db.message ?? "\(db.resultCode)")
            }
            throw StoreError.cannotOpen(path: path, reason: StoreError.describe(error))
        }
    }

    /// A migration may grow the file and its write-ahead log by a share of its size (v16 copies
    /// the check-ins, most of the file, into rows of about 40% of their size, through the log):
    /// refuse to start one on a nearly full disk rather than fail half-way (the migration would
    /// roll back, but the box would not start either way).
    static func requireFreeSpaceForMigration(path: String) throws {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        let needed = max(32 << 20, size / 2)
        guard let free = FileSync.freeBytes(in: (path as NSString).deletingLastPathComponent) else { return }
        if free < needed {
            throw StoreError.cannotOpen(path: path, reason: """
                ổ đĩa chỉ còn \(free >> 20) MB trống, cần ít nhất \(needed >> 20) MB để nâng cấp cơ sở dữ liệu. \
                Hãy giải phóng dung lượng (xóa bản sao lưu cũ chẳng hạn) rồi khởi động lại.
                """)
        }
    }

    static func configuration(readonly: Bool = false) -> Configuration {
        var config = Configuration()
        config.readonly = readonly
        config.foreignKeysEnabled = true
        // When another process holds the file (an import, a backup), try again every millisecond
        // for ten seconds: SQLite's own timeout sleeps up to 100 ms between tries and keeps
        // missing the short gaps an import leaves between its transactions.
        config.busyMode = .callback { tries in
            usleep(1_000)
            return tries < 10_000
        }
        config.maximumReaderCount = 3
        config.label = "centre"
        config.prepareDatabase { db in
            // Every acknowledged commit survives a power cut (WAL + FULL).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Keep memory small on the mini-PC: 1 MiB page cache per connection.
            try db.execute(sql: "PRAGMA cache_size = -1024")
        }
        return config
    }

    /// Copies what the log holds into the database file now, without waiting for anyone (PASSIVE),
    /// for a long writer beside the daemon: otherwise the daemon's next commit past SQLite's
    /// threshold (a kiosk check-in) would copy the writer's pages and sync the file itself. When
    /// the daemon is copying at that moment (SQLITE_BUSY), there is nothing to do.
    public func copyLogIntoFile() throws {
        do {
            try guarded { try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) } }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {}
    }

    /// `PRAGMA integrity_check` plus foreign keys: the problems found, or [] when sound.
    public func fullCheck() throws -> [String] {
        try read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            problems += fk.prefix(20).map { "khóa ngoại hỏng ở bảng \($0[0] as String? ?? "?") dòng \($0[1] as Int64? ?? 0)" }
            return problems
        }
    }

    /// A consistent copy while others keep writing: SQLite's backup API copies one read snapshot.
    /// Written beside the target, synced, then renamed, so a half-written copy never has its name.
    public func backup(to target: String) throws {
        try guarded { try copy(to: target) }
    }

    private func copy(to target: String) throws {
        let temporary = target + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let destination = try DatabaseQueue(path: temporary)
            try pool.backup(to: destination)
            // One file on its own (the copy would keep the database's WAL mode, and any reader of
            // it, the nightly check or `restore`'s, would leave a log and an index beside it).
            try destination.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try destination.close()
            try FileSync.sync(path: temporary)
            try FileSync.rename(temporary, to: target)
            // For `status`; the copy is made whether or not this note can be written.
            _ = try? write { db in
                try db.execute(sql: """
                    INSERT INTO centre(key, value) VALUES ('lastBackupAt', ?), ('lastBackupPath', ?)
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value
                    """, arguments: [String(Store.nowMillis()), target])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw StoreError.backupFailed(target: target, reason: StoreError.describe(error))
        }
    }

    /// Loads the search index (the daemon does this just after it is ready, so that starting
    /// stays fast; a search that comes first loads it itself).
    public func warmSearchIndex() {
        try? read { db in try searchIndex.catchUp(db) }
        // The pages read to build it are not needed again soon: an idle daemon holds its index,
        // not every connection's cache of the learners' table, nor the heap they were built on.
        pool.releaseMemory()
        Malloc.trim()
    }

    /// Current time in milliseconds since 1970: how every timestamp is stored.
    public static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// Runs `body` unless the store is closing, counted as in flight meanwhile.
    func guarded<T>(_ body: () throws -> T) throws -> T {
        try activity.withLock { state in
            if state.closing { throw StoreError.closing }
            state.running += 1
        }
        defer { activity.withLock { $0.running -= 1 } }
        return try body()
    }

    /// A store let go without `close` (a command of the command line) still ends its write lane,
    /// the checkpoint its last write started included, before its connections close.
    deinit { groupCommit.stop() }

    /// Stops taking work, waits (at most `seconds`) for what is in flight, then folds the
    /// write-ahead log into the database and closes it, so that the folder holds one file at rest.
    /// Returns false when something still ran at the deadline: the database is then left for the
    /// process's exit to close (every acknowledged commit is already on disk).
    public func close(waitingUpTo seconds: Double) throws -> Bool {
        activity.withLock { $0.closing = true }
        let deadline = Date().addingTimeInterval(seconds)
        while activity.withLock({ $0.running }) > 0 {
            if Date() >= deadline { return false }
            usleep(5_000)
        }
        groupCommit.stop()
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        try pool.close()
        CleanStop.record(path)
        return true
    }
}
