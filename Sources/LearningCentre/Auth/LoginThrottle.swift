import Foundation
import Synchronization

/// Counts failed logins per user name and per client address over a sliding window; after
/// `limit` failures for either, logins from that name or address wait until the oldest failure
/// leaves the window.
public final class LoginThrottle: Sendable {
    public let limit: Int
    public let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])

    public init(limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    private static func keys(username: String, address: String) -> [String] {
        ["u:" + NameFolding.fold(username), "a:" + address]
    }

    /// Seconds to wait before another attempt is allowed, or nil when allowed now.
    public func waitTime(username: String, address: String, now: Date = Date()) -> TimeInterval? {
        failures.withLock { table in
            var longest: TimeInterval? = nil
            for key in LoginThrottle.keys(username: username, address: address) {
                let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
                table[key] = recent.isEmpty ? nil : recent
                if recent.count >= limit {
                    let wait = window - now.timeIntervalSince(recent[recent.count - limit])
                    longest = max(longest ?? 0, wait)
                }
            }
            return longest
        }
    }

    public func recordFailure(username: String, address: String, now: Date = Date()) {
        failures.withLock { table in
            if table.count > 100_000 { table.removeAll() }  // a flood of made-up names must not grow memory forever
            for key in LoginThrottle.keys(username: username, address: address) { table[key, default: []].append(now) }
        }
    }

    public func recordSuccess(username: String) {
        _ = failures.withLock { $0.removeValue(forKey: "u:" + NameFolding.fold(username)) }
    }
}
