import Foundation
import Synchronization
import LearningCentreCore

/// An export started by a request and run on its own thread: the request waits a few seconds
/// for it, then answers with the record as it stands (writing) and the page asks again.
final class ExportJob: Sendable {
    enum State {
        case finished(Result<ExportRecord, Error>)
        case running(ExportRecord)
    }

    private let state = Mutex<(started: ExportRecord?, outcome: Result<ExportRecord, Error>?)>((nil, nil))
    /// Signalled when the record is stored and again when the export ends (`ended` then too).
    private let changed = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)

    var outcome: Result<ExportRecord, Error>? { state.withLock { $0.outcome } }

    func start(_ record: ExportRecord) {
        state.withLock { $0.started = record }
        changed.signal()
    }

    func finish(_ outcome: Result<ExportRecord, Error>) {
        state.withLock { $0.outcome = outcome }
        changed.signal()
        ended.signal()
    }

    /// The outcome when the export ends within `seconds`, else the record being written (an
    /// export that fails before it has a record, such as one waiting for another, is waited for).
    func wait(seconds: Double) -> State {
        if ended.wait(timeout: .now() + seconds) == .success { return .finished(outcome!) }
        while true {
            if let now = state.withLock({ $0.outcome.map(State.finished) ?? $0.started.map(State.running) }) { return now }
            changed.wait()
        }
    }
}
