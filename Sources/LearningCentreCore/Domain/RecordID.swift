import Foundation
import Synchronization

/// A new record id: a UUID in lower case, as every table keys its rows and the API shows them.
///
/// Time-ordered (version 7, RFC 9562: 48 bits of Unix milliseconds, then 72 random bits, ascending within this process), so
/// the rows of one moment sit side by side in every index keyed by id (the learner's own, their
/// memberships', their audit lines', a check-in's): a batch of registrations dirties one page of
/// each such index instead of one page per learner (random version-4 ids: 15 pages of log a
/// registration). A wrong clock only places ids elsewhere; the random bits keep them unique and
/// unguessable.
///
/// Not Foundation's `UUID()`: on Linux it opens `/dev/urandom` on every call (one file open and
/// close per registration, seen with strace on the write lane); the system generator asks the
/// kernel through `getrandom`, without a file.
public enum RecordID {
    /// The last id this process made, as two words: the next one is always greater (RFC 9562's
    /// counter method: within one millisecond, or when the clock steps back, the last plus one).
    private static let last = Mutex<(UInt64, UInt64)>((0, 0))

    public static func new() -> String {
        var (high, low) = words(millis: Store.nowMillis())
        last.withLock { last in
            if (high, low) <= last { (high, low) = (last.0, last.1 + 1) }
            last = (high, low)
        }
        return text(high, low)
    }

    /// An id of a given moment, not ordered against the others (for tests).
    static func new(millis: Int64) -> String {
        let (high, low) = words(millis: millis)
        return text(high, low)
    }

    private static func words(millis: Int64) -> (UInt64, UInt64) {
        var generator = SystemRandomNumberGenerator()
        let random = (generator.next() as UInt64, generator.next() as UInt64)
        let high = UInt64(UInt64(bitPattern: millis) & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | (random.0 & 0x0FFF)
        // RFC 9562 variant; the random bits start below the top of their 62 so that adding one never reaches the variant.
        let low = (random.1 & 0x0FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return (high, low)
    }

    private static func text(_ high: UInt64, _ low: UInt64) -> String {
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, word) in [high, low].enumerated() {
            for nibble in 0..<16 {
                let position = index * 16 + nibble
                if position == 8 || position == 12 || position == 16 || position == 20 { text.append(UInt8(ascii: "-")) }
                text.append(hexDigits[Int((word >> UInt64(60 - 4 * nibble)) & 0xF)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
