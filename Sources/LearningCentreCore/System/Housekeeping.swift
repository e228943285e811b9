import Foundation
import Synchronization
import Logging

/// What the daemon does by itself once a minute: closes check-ins whose time has passed, and
/// watches the clock (the box may boot with a flat RTC battery and no internet).
public final class Housekeeping: Sendable {
    let store: Store
    let rules: CentreRules
    let logger: Logger
    /// A clock this far behind the records or behind itself counts as wrong.
    static let tolerance: Int64 = 2 * 60_000

    public init(store: Store, rules: CentreRules, logger: Logger) {
        self.store = store
        self.rules = rules
        self.logger = logger
    }

    /// Checks the clock against the records at start, then sweeps every `interval` seconds.
    public func start(interval: TimeInterval = 60) -> BackgroundLoop {
        checkClockAtStart()
        // The wall clock and the monotonic one at the last turn: a wall clock behind the sum jumped back.
        let last = Mutex((wall: Store.nowMillis(), mono: DispatchTime.now().uptimeNanoseconds))
        return BackgroundLoop(name: "housekeeping", interval: interval, firstTurnNow: false) { [self] in
            let wall = Store.nowMillis()
            let mono = DispatchTime.now().uptimeNanoseconds
            let expected = last.withLock { previous in
                defer { previous = (wall, mono) }
                return previous.wall + Int64((mono - previous.mono) / 1_000_000)
            }
            if wall < expected - Housekeeping.tolerance {
                report(ClockEvent(kind: "jumpedBackwards", seenAt: wall, expectedAfter: expected))
            }
            sweep(now: wall)
        }
    }

    func checkClockAtStart() {
        let now = Store.nowMillis()
        if let newest = try? store.newestKnownTime(), now < newest - Housekeeping.tolerance {
            report(ClockEvent(kind: "behindRecords", seenAt: now, expectedAfter: newest))
        }
        sweep(now: now)
    }

    func sweep(now: Int64) {
        do {
            try store.autoCloseAll(now: now, rules: rules)
            try store.noteClock(max(now, (try? store.newestKnownTime()) ?? now))
        } catch {
            logger.error("dọn dẹp định kỳ không thành công: \(StoreError.describe(error))")
        }
    }

    func report(_ event: ClockEvent) {
        logger.warning("đồng hồ của máy có vẻ sai (\(event.kind)): \(Timestamps.iso(millis: event.seenAt)) trong khi dữ liệu đã có đến \(Timestamps.iso(millis: event.expectedAfter))")
        try? store.recordClockEvent(event)
    }
}
