import Foundation
import Synchronization

/// A thread that takes a turn every `interval` until it is stopped. `stop()` wakes it and waits
/// for the turn in progress to end, so that the daemon stops its threads in order, none cut off
/// in the middle of a write.
public final class BackgroundLoop: Sendable {
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)

    /// `firstTurnNow`: take the first turn at once, else after one interval.
    public init(name: String, interval: TimeInterval, firstTurnNow: Bool, _ turn: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            var due = firstTurnNow
            while !stopping.load(ordering: .acquiring) {
                if due { turn() }
                due = true
                _ = wake.wait(timeout: .now() + interval)
            }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Ends the loop after its current turn; returns once the thread has left it.
    public func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake.signal()
        finished.wait()
    }
}
