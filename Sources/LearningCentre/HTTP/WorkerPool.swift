import Foundation
import LearningCentreCore
import Synchronization

/// Up to `threads` threads for work that blocks (a commit waiting for fsync, a password hash),
/// so that libmicrohttpd's few polling threads never wait on the disk. A thread is started
/// when a job finds none free, and kept: an idle daemon holds the few its quiet hours used,
/// not all of them (each held stack and heap cache was 15 KB of private memory).
final class WorkerPool: Sendable {
    private struct State {
        var queue: [@Sendable () -> Void] = []
        var stopping = false
        var started = 0
        /// Threads waiting for a job (or about to).
        var free = 0
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let left = DispatchSemaphore(value: 0)
    private let limit: Int
    private let name: String

    init(threads: Int, name: String) {
        limit = max(1, threads)
        self.name = name
    }

    private func startThread(_ index: Int) {
        let label = "\(name)-\(index)"
        let thread = Thread { [self] in
            ThreadName.set(label)
            while true {
                available.wait()
                let (job, stopping) = state.withLock { s in
                    s.free -= 1
                    return (s.queue.isEmpty ? nil : s.queue.removeFirst(), s.stopping)
                }
                if let job { job() } else if stopping { break }
                state.withLock { $0.free += 1 }
            }
            left.signal()
        }
        thread.name = label
        thread.start()
    }

    /// Lets every thread finish the jobs queued, then end; returns when all have.
    func stop() {
        let started = state.withLock { s -> Int? in
            defer { s.stopping = true }
            return s.stopping ? nil : s.started
        }
        guard let started else { return }
        for _ in 0..<started { available.signal() }
        for _ in 0..<started { left.wait() }
    }

    /// Once stopped, a job runs at once on the caller's thread: it is never left undone.
    func submit(_ job: @escaping @Sendable () -> Void) {
        let (queued, newThread) = state.withLock { s -> (Bool, Int?) in
            if s.stopping { return (false, nil) }
            s.queue.append(job)
            // More jobs waiting than threads free to take them: one more thread, up to the limit.
            guard s.queue.count > s.free, s.started < limit else { return (true, nil) }
            s.started += 1
            s.free += 1
            return (true, s.started - 1)
        }
        guard queued else { return job() }
        if let newThread { startThread(newThread) }
        available.signal()
    }
}
