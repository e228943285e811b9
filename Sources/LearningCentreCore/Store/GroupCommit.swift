import Foundation
import GRDB
import Synchronization

/// Group commit, the one write lane: writes that arrive while another commit is syncing wait
/// for it, then go to disk together in one transaction and one fsync. Each write still runs in
/// its own SAVEPOINT, so a failing write rolls back alone and never half-applies; each caller
/// returns only after the commit holding its write is durable (WAL + synchronous=FULL).
///
/// No thread of its own: the first writer to find the lane free commits a batch (every write
/// waiting, up to `batchLimit`, urgent ones such as check-ins first), then hands the lane to the
/// oldest write still waiting and returns. So no caller commits for others longer than one batch.
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

    init(pool: DatabasePool) { self.pool = pool }

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
        let next = queue.withLock { q -> Job? in
            if let first = q.jobs.first { return first }
            q.busy = false
            return nil
        }
        for job in batch {
            job.body = nil
            job.finished = true
            job.wake.signal()
        }
        next?.wake.signal()
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
