import Foundation
import GRDB
import Synchronization

/// Group commit: writes that arrive while another commit is syncing wait for it, then go to
/// disk together in one transaction and one fsync. Each write still runs in its own SAVEPOINT,
/// so a failing write rolls back alone and never half-applies; each caller returns only after
/// the commit holding its write is durable (WAL + synchronous=FULL).
///
/// Leader/follower: the first writer to find no leader runs the batch for everyone queued; the
/// others sleep on their own semaphore until the leader hands them their result.
final class GroupCommit: Sendable {
    final class Job: @unchecked Sendable {
        /// Dropped by the leader before it wakes the caller: the caller's closure never outlives its call.
        var body: ((Database) throws -> Void)?
        let done = DispatchSemaphore(value: 0)
        var error: Error?
        init(_ body: @escaping (Database) throws -> Void) { self.body = body }
    }

    private struct Queue {
        var jobs: [Job] = []
        var leading = false
    }

    private let queue = Mutex(Queue())
    private let pool: DatabasePool
    /// At most this many writes share one commit, so that one commit never grows without bound.
    private let batchLimit = 64

    init(pool: DatabasePool) { self.pool = pool }

    func run<T>(_ body: (Database) throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            var result: T?
            let job = Job { db in result = try body(db) }
            let lead = queue.withLock { q -> Bool in
                q.jobs.append(job)
                if q.leading { return false }
                q.leading = true
                return true
            }
            if lead { drain() }
            job.done.wait()
            if let error = job.error { throw error }
            return result!
        }
    }

    /// Commits batches until the queue is empty, then steps down.
    private func drain() {
        while true {
            let batch = queue.withLock { q -> [Job] in
                let taken = Array(q.jobs.prefix(batchLimit))
                q.jobs.removeFirst(taken.count)
                if taken.isEmpty { q.leading = false }
                return taken
            }
            if batch.isEmpty { return }
            commit(batch)
            for job in batch {
                job.body = nil
                job.done.signal()
            }
        }
    }

    private func commit(_ batch: [Job]) {
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
