import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Group commit, the one write lane: writes that arrive while another commit is syncing wait
/// for it, then go to disk together in one transaction and one fsync. Each write still runs in
/// its own SAVEPOINT, so a failing write rolls back alone and never half-applies; each caller
/// returns only after the commit holding its write is durable (WAL + synchronous=FULL).
///
/// The lane is one thread of its own, started by the first write and ended after two seconds
/// without one (or by `stop`): it commits a batch (every write waiting, up to `batchLimit`,
/// urgent ones such as check-ins first), wakes its callers and takes the next batch at once.
/// Before it, the first caller to find the lane free committed for the others and handed the
/// lane to the oldest caller left, so each batch under load began by waking a sleeping thread
/// (handing on and waking took 0.7 ms of each 3.7 ms batch of registrations; the thread of its
/// own alone gained within the noise, with the work moved out of the lane 35–44%: BENCHMARKS).
/// `stop` is for one caller at a time (the store's `close`, or its end).
///
/// The lane also copies the write-ahead log into the database file (a checkpoint), after a batch
/// whose callers are already answered, once the log holds `checkpointPages` pages (or, while
/// writes wait, `busyCheckpointPages`: fewer copies of the pages every write touches): SQLite's own
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
        init(urgent: Bool, _ body: @escaping (Database) throws -> Void) {
            self.urgent = urgent
            self.body = body
        }
    }

    private struct Queue {
        var jobs: [Job] = []
        /// The lane's thread exists (it may be waiting for work).
        var running = false
        /// The lane's thread waits on `work`: the next write signals it.
        var waiting = false
        var stopping = false
    }

    private let queue = Mutex(Queue())
    private let work = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)
    /// An idle lane's thread ends after this long; the next write starts another.
    private let idleSeconds: Double
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
    /// While writes wait for the lane, a checkpoint delays them all: it waits for a longer log,
    /// so that the pages every batch touches (the tables' last pages, the indexes' upper levels)
    /// are copied once for many batches. Registrations at 16 connections, alternated runs: the
    /// lane's time in checkpoints 1.5 → 0.8 s of 8, 2,200 → 2,400 a second (medians of four).
    static let busyCheckpointPages = 1_000

    init(pool: DatabasePool, idleSeconds: Double = 2) {
        self.pool = pool
        self.idleSeconds = idleSeconds
    }

    /// The lane's thread exists (for the tests).
    var laneRunning: Bool { queue.withLock { $0.running } }

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
            let lane = queue.withLock { q -> LaneState in
                q.jobs.append(job)
                if !q.running {
                    q.running = true
                    return .absent
                }
                if q.waiting {
                    q.waiting = false
                    return .waiting
                }
                return .busy
            }
            switch lane {
            case .absent: startLane()
            case .waiting: work.signal()
            case .busy: break
            }
            job.wake.wait()
            if let error = job.error { throw error }
            return result!
        }
    }

    /// Ends the lane's thread once the writes queued are committed; returns when it has ended.
    /// A write after this starts a new lane.
    func stop() {
        let (running, waiting) = queue.withLock { q -> (Bool, Bool) in
            guard q.running else { return (false, false) }
            q.stopping = true
            defer { q.waiting = false }
            return (true, q.waiting)
        }
        guard running else { return }
        if waiting { work.signal() }
        ended.wait()
    }

    private func startLane() {
        let thread = Thread { [weak self] in
            ThreadName.set("write-lane")
            // `stop` returns once this thread holds the lane no longer: the store's database
            // then closes where the store is let go (a command of the command line, about to
            // exit, folds the log into the file there), not later on this thread.
            let stopped = GroupCommit.runLane(self)
            stopped?.signal()
        }
        thread.name = "write-lane"
        thread.start()
    }

    /// The lane's loop; the semaphore to signal once stopped, after `lane` is let go.
    private static func runLane(_ lane: GroupCommit?) -> DispatchSemaphore? {
        guard let lane else { return nil }
        return lane.lane() == .stopped ? lane.ended : nil
    }

    private enum LaneState { case busy, waiting, absent }
    private enum LaneEnd { case idle, stopped }

    /// The lane's thread: batch after batch while writes wait; else waits for the next one, at
    /// most `idleSeconds`.
    private func lane() -> LaneEnd {
        while true {
            let next = queue.withLock { q -> [Job]? in
                let batch = takeBatch(&q)
                guard batch.isEmpty else { return batch }
                if q.stopping {
                    q.stopping = false
                    q.running = false
                    return nil
                }
                q.waiting = true
                return batch
            }
            guard let batch = next else { return .stopped }
            if batch.isEmpty {
                if work.wait(timeout: .now() + idleSeconds) == .timedOut {
                    let idle = queue.withLock { q -> Bool in
                        // Still waiting: nobody is about to signal, so the thread may end.
                        guard q.waiting else { return false }
                        q.waiting = false
                        q.running = false
                        return true
                    }
                    if idle { return .idle }
                    work.wait()  // a write (or `stop`) found the lane waiting: its signal comes
                }
                continue
            }
            commit(batch)
            largestBatch.withLock { $0 = max($0, batch.count) }
            // Writes that came during this commit (not a caller's next one, once woken).
            let waiting = queue.withLock { !$0.jobs.isEmpty }
            for job in batch {
                job.body = nil
                job.wake.signal()
            }
            if logPages.count.load(ordering: .relaxed) >= (waiting ? GroupCommit.busyCheckpointPages : GroupCommit.checkpointPages) {
                checkpoint()
            }
        }
    }

    /// Every write waiting, up to `batchLimit`, urgent ones first; taken off the queue.
    private func takeBatch(_ q: inout Queue) -> [Job] {
        var taken = q.jobs.filter(\.urgent).prefix(batchLimit)
        taken += q.jobs.lazy.filter { !$0.urgent }.prefix(batchLimit - taken.count)
        let ids = Set(taken.map(ObjectIdentifier.init))
        q.jobs.removeAll { ids.contains(ObjectIdentifier($0)) }
        return Array(taken)
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
