import Foundation

/// A new record id: a UUID in lower case, as every table keys its rows and the API shows them.
///
/// Time-ordered (version 7, RFC 9562: 48 bits of Unix milliseconds, then 74 random bits), so
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
    public static func new(millis: Int64 = Store.nowMillis()) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (generator.next() as UInt64, generator.next() as UInt64)
        let high = UInt64(UInt64(bitPattern: millis) & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | (random.0 & 0x0FFF)
        let low = (random.1 & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000  // RFC 9562 variant
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
