import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Group commit, the one write lane: writes that arrive while another commit is syncing wait
/// for it, then go to disk together in one transaction and one fsync. Each write still runs in
/// its own SAVEPOINT, so a failing write rolls back alone and never half-applies; each caller
/// returns only after the commit holding its write is durable (WAL + synchronous=FULL).
///
/// No thread of its own: the first writer to find the lane free commits a batch (every write
/// waiting, up to `batchLimit`, urgent ones such as check-ins first), then hands the lane to the
/// oldest write still waiting and returns. So no caller commits for others longer than one batch.
///
/// The lane also copies the write-ahead log into the database file (a checkpoint), after a batch
/// whose callers are already answered, once the log holds `checkpointPages` pages: SQLite's own
/// automatic checkpoint runs inside the COMMIT, so every caller of that batch waited for it, and
/// its threshold of 1,000 pages made each one a 10–30 ms stall (the check-in tail, issue 18).
/// A checkpoint on a connection of its own, beside the commits, was tried (issue 16) and made
/// it worse: its sync of the file and the commits' sync of the log wait for each other.
final class GroupCommit: Sendable {
    final class Job: @unchecked Sendable {
        /// Dropped before the caller is woken: the caller's closure never outlives its call.
        var body: ((Database) throws -> Void)?
        let urgent: Bool
        let wake = DispatchSemaphore(value: 0)
        var error: Error?
        /// Set before `wake`: the write is on disk (or failed); else the caller is to commit the next batch.
        var finished = false
        init(urgent: Bool, _ body: @escaping (Database) throws -> Void) {
            self.urgent = urgent
            self.body = body
        }
    }

    private struct Queue {
        var jobs: [Job] = []
        var busy = false
    }

    private let queue = Mutex(Queue())
    private let pool: DatabasePool
    /// At most this many writes share one commit, so that one commit never grows without bound.
    private let batchLimit = 256
    /// The most writes one commit has held since the store opened (for the benchmark).
    let largestBatch = Mutex(0)

    /// Pages in the write-ahead log after the last commit, as SQLite reports them (`sqlite3_wal_hook`).
    final class LogPages: Sendable { let count = Atomic<Int>(0) }
    private let logPages = LogPages()
    /// A smaller log makes each checkpoint short (fewer pages to copy and sync) at the price of
    /// more of them. Check-ins at 500/s, 32 connections, 20,000 learners, one 30,000-request run
    /// each: p99 26.6 ms with SQLite's checkpoint (1,000 pages, inside the COMMIT), 14.6 ms here
    /// at 300 pages, 12.1 ms at 150 (p50 2.3 → 2.5 ms); see BENCHMARKS.md for the five-run figure.
    static let checkpointPages = 150

    init(pool: DatabasePool) { self.pool = pool }

    /// From now on the lane checkpoints (after the migrations, which keep SQLite's own).
    func takeOverCheckpoints() throws {
        let context = Unmanaged.passUnretained(logPages).toOpaque()
        // On the writer only, for as long as the pool lives (it keeps its writer): replaces
        // SQLite's automatic checkpoint, which the same hook slot carries.
        try pool.writeWithoutTransaction { db in
            _ = sqlite3_wal_hook(db.sqliteConnection, { context, _, _, pages in
                Unmanaged<LogPages>.fromOpaque(context!).takeUnretainedValue().count.store(Int(pages), ordering: .relaxed)
                return SQLITE_OK
            }, context)
            // Each write of a batch runs in a savepoint, whose undo copies (the statement
            // journal) SQLite spills past 64 KiB into a temporary file it creates and deletes
            // again, once a batch: 29,000 writes to such files in six seconds of registrations
            // (strace). In memory, the journal is emptied as each savepoint ends. After the
            // migrations, whose index builds may sort more than memory should hold.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
    }

    func run<T>(urgent: Bool = false, _ body: (Database) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            var result: T?
            let job = Job(urgent: urgent) { db in result = try body(db) }
            let free = queue.withLock { q -> Bool in
                q.jobs.append(job)
                if q.busy { return false }
                q.busy = true
                return true
            }
            if free { commitNextBatch() }
            while true {
                job.wake.wait()
                if job.finished { break }
                commitNextBatch()  // handed the lane: this batch holds this write too
            }
            if let error = job.error { throw error }
            return result!
        }
    }

    /// Commits the writes waiting (urgent first), wakes their callers, and hands the lane on.
    private func commitNextBatch() {
        let batch = queue.withLock { q -> [Job] in
            var taken = q.jobs.filter(\.urgent).prefix(batchLimit)
            taken += q.jobs.lazy.filter { !$0.urgent }.prefix(batchLimit - taken.count)
            let ids = Set(taken.map(ObjectIdentifier.init))
            q.jobs.removeAll { ids.contains(ObjectIdentifier($0)) }
            return Array(taken)
        }
        if !batch.isEmpty {
            commit(batch)
            largestBatch.withLock { $0 = max($0, batch.count) }
        }
        for job in batch {
            job.body = nil
            job.finished = true
            job.wake.signal()
        }
        if logPages.count.load(ordering: .relaxed) >= GroupCommit.checkpointPages { checkpoint() }
        let next = queue.withLock { q -> Job? in
            if let first = q.jobs.first { return first }
            q.busy = false
            return nil
        }
        next?.wake.signal()
    }

    /// Copies the log into the file without waiting for readers (PASSIVE): what an open read
    /// still needs stays in the log for the next turn. The next commit then starts the log
    /// again from its beginning when everything was copied.
    private func checkpoint() {
        logPages.count.store(0, ordering: .relaxed)
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch {
            // Busy (a backup or an import copying at that moment) or a failing disk: the log
            // is copied at a later turn, and the commits report a failing disk themselves.
        }
    }

    private func commit(_ batch: [Job]) {
        // A write alone in its batch needs no savepoint: its transaction rolls back whole if it
        // fails. A savepoint there would cost a long write (a bundle, an import) dearly: SQLite
        // keeps the savepoint's undo pages in an in-memory journal (temp_store = MEMORY) and walks
        // it from its start at the end of every statement, so a bundle slowed with every page it
        // touched (an association's tenth bundle of 1,000 learners took 6× its first).
        if batch.count == 1, let job = batch.first {
            do {
                try pool.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        try job.body?(db)
                        return .commit
                    }
                }
            } catch {
                job.error = error
            }
            return
        }
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    for job in batch {
                        do {
                            try db.inSavepoint {
                                try job.body?(db)
                                return .commit
                            }
                        } catch {
                            job.error = error
                        }
                    }
                    return .commit
                }
            }
        } catch {
            // The commit itself failed (disk full, I/O error): nothing of this batch is stored.
            for job in batch { job.error = error }
        }
    }
}
