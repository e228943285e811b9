import Foundation
import Synchronization

/// Slows down password guessing without letting a stranger lock the manager out. Failures are
/// counted over a sliding window per name and address, and per address (any names); past the
/// limit, that pair or that address waits, longer after each further failure (30 s, 1 min,
/// 2 min … at most the window). A name is never locked as such: the right password from the
/// box or the office still gets in. Only when a name has failed from many addresses (a spread
/// guessing) does each address that already failed for it wait after one failure.
///
/// An attempt is counted when it begins (`attempt`), under one lock, so that many guesses at
/// once cannot slip past the limit; a success takes it back (`succeeded`).
public final class LoginThrottle: Sendable {
    public let limit: Int
    public let addressLimit: Int
    public let spreadLimit: Int
    public let window: TimeInterval
    public let firstDelay: TimeInterval
    private let attempts = Mutex<[String: [Date]]>([:])

    public init(limit: Int = 5, addressLimit: Int = 20, spreadLimit: Int = 50, window: TimeInterval = 15 * 60, firstDelay: TimeInterval = 30) {
        self.limit = limit
        self.addressLimit = addressLimit
        self.spreadLimit = spreadLimit
        self.window = window
        self.firstDelay = firstDelay
    }

    private static func keys(_ username: String, _ address: String) -> (pair: String, address: String, name: String) {
        let name = NameFolding.fold(username)
        return ("p:" + name + "|" + address, "a:" + address, "n:" + name)
    }

    /// Begins an attempt: nil when it may go ahead (it is counted now), or the seconds to wait.
    public func attempt(username: String, address: String, now: Date = Date()) -> TimeInterval? {
        let keys = LoginThrottle.keys(username, address)
        return attempts.withLock { table in
            func recent(_ key: String) -> [Date] {
                let kept = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
                table[key] = kept.isEmpty ? nil : kept
                return kept
            }
            let pair = recent(keys.pair), byAddress = recent(keys.address), byName = recent(keys.name)
            let pairLimit = byName.count >= spreadLimit ? 1 : limit
            let wait = max(delay(pair, limit: pairLimit, now: now) ?? 0, delay(byAddress, limit: addressLimit, now: now) ?? 0)
            if wait > 0 { return wait }
            if table.count > 100_000 { table.removeAll() }  // a flood of made-up names must not grow memory forever
            for key in [keys.pair, keys.address, keys.name] { table[key, default: []].append(now) }
            return nil
        }
    }

    /// The password was right: the attempt is taken back and the pair's failures forgotten.
    public func succeeded(username: String, address: String) {
        let keys = LoginThrottle.keys(username, address)
        attempts.withLock { table in
            table[keys.pair] = nil
            for key in [keys.address, keys.name] {
                table[key]?.removeLast()
                if table[key]?.isEmpty == true { table[key] = nil }
            }
        }
    }

    /// How long `failures` (oldest first) make the next attempt wait, past `limit` of them.
    private func delay(_ failures: [Date], limit: Int, now: Date) -> TimeInterval? {
        guard failures.count >= limit, let last = failures.last else { return nil }
        let growing = min(window, firstDelay * pow(2, Double(failures.count - limit)))
        let wait = growing - now.timeIntervalSince(last)
        return wait > 0 ? wait.rounded(.up) : nil
    }
}
