import Foundation
import Synchronization
import LearningCentreCore

/// A long job started by a request and run on a thread of its own (an export, an import): the
/// request waits a few seconds for it, then answers with what the job has shown so far (`start`:
/// the export's record being written, the import's number) and the page asks again.
final class LongJob<Running: Sendable, Value: Sendable>: Sendable {
    enum State {
        case finished(Result<Value, Error>)
        case running(Running)
    }

    private let state = Mutex<(started: Running?, outcome: Result<Value, Error>?)>((nil, nil))
    /// Signalled when the job has shown itself and again when it ends (`ended` then too).
    private let changed = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)

    var outcome: Result<Value, Error>? { state.withLock { $0.outcome } }

    /// What the job is, once it has started (the answer while it runs).
    func start(_ running: Running) {
        state.withLock { $0.started = running }
        changed.signal()
    }

    func finish(_ outcome: Result<Value, Error>) {
        state.withLock { $0.outcome = outcome }
        changed.signal()
        ended.signal()
    }

    /// The outcome when the job ends within `seconds`, else what it has shown (a job that fails
    /// before it shows anything, such as an export waiting for another, is waited for).
    func wait(seconds: Double) -> State {
        if ended.wait(timeout: .now() + seconds) == .success { return .finished(outcome!) }
        return now()!
    }

    /// The state now, or nil before the job has shown anything.
    func now() -> State? {
        if let now = state.withLock({ $0.outcome.map(State.finished) ?? $0.started.map(State.running) }) { return now }
        changed.wait()
        return now()
    }
}

typealias ExportJob = LongJob<ExportRecord, ExportRecord>

/// Imports of learner lists started over HTTP, by id, for the page to ask after. The last `kept`
/// ended ones are remembered (in memory: after a restart the list of learners tells what came in).
final class ImportJobs: Sendable {
    typealias Job = LongJob<String, LearnerImport.Report>
    private let jobs = Mutex<[(id: String, job: Job)]>([])
    private let kept = 20

    /// A new job and its id.
    func add() -> (id: String, job: Job) {
        let entry = (id: RecordID.new(), job: Job())
        jobs.withLock { jobs in
            jobs.append(entry)
            if jobs.count > kept, let old = jobs.firstIndex(where: { $0.job.outcome != nil }) { jobs.remove(at: old) }
        }
        return entry
    }

    func job(_ id: String) -> Job? { jobs.withLock { jobs in jobs.first { $0.id == id }?.job } }
}
