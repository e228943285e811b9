import Foundation
import LearningCentreCore
import Synchronization

/// A fixed set of threads for work that blocks (a commit waiting for fsync, a password hash),
/// so that libmicrohttpd's few polling threads never wait on the disk.
final class WorkerPool: Sendable {
    private let jobs = Mutex<(queue: [@Sendable () -> Void], stopping: Bool)>(([], false))
    private let available = DispatchSemaphore(value: 0)
    private let left = DispatchSemaphore(value: 0)
    private let count: Int

    init(threads: Int, name: String) {
        count = max(1, threads)
        for index in 0..<count {
            let thread = Thread { [self] in
                while true {
                    available.wait()
                    let (job, stopping) = jobs.withLock { state in (state.queue.isEmpty ? nil : state.queue.removeFirst(), state.stopping) }
                    if let job { job() } else if stopping { break }
                }
                left.signal()
            }
            thread.name = "\(name)-\(index)"
            thread.start()
        }
    }

    /// Lets every thread finish the jobs queued, then end; returns when all have.
    func stop() {
        let first = jobs.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        for _ in 0..<count { available.signal() }
        for _ in 0..<count { left.wait() }
    }

    /// Once stopped, a job runs at once on the caller's thread: it is never left undone.
    func submit(_ job: @escaping @Sendable () -> Void) {
        let queued = jobs.withLock { state -> Bool in
            if state.stopping { return false }
            state.queue.append(job)
            return true
        }
        if queued { available.signal() } else { job() }
    }
}
