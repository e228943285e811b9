import CSodium
import Foundation
import Glibc

/// SHA-256 through libsodium, fed piece by piece.
package struct SHA256 {
    private var state = crypto_hash_sha256_state()

    package init() {
        precondition(sodium_init() >= 0, "libsodium could not be initialised")
        crypto_hash_sha256_init(&state)
    }

    package mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        crypto_hash_sha256_update(&state, bytes.baseAddress, UInt64(bytes.count))
    }

    package mutating func hex() -> String {
        var digest = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        crypto_hash_sha256_final(&state, &digest)
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// The digest of a whole file, read in 256 KiB pieces.
    static func file(_ path: String) throws -> (hex: String, bytes: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.posix("không mở được \(path)") }
        defer { close(fd) }
        var hash = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        var total = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 { if errno == EINTR { continue }; throw SystemError.posix("không đọc được \(path)") }
            if count == 0 { break }
            buffer.withUnsafeBufferPointer { hash.update(UnsafeBufferPointer(rebasing: $0[0..<count])) }
            total += count
        }
        return (hash.hex(), total)
    }
}

/// A file written in large pieces, with its SHA-256 computed on the way, synced when finished.
/// The only owner of its descriptor; every failed write (a full disk) becomes an error naming the file.
///
/// Hashing and writing run on a queue of their own, beside the caller formatting the next rows:
/// a full export hashes hundreds of megabytes (3.4 s of 25 on one core). `@unchecked Sendable`:
/// `hash` and `failure` are touched only on `queue`, `buffer` only by the caller.
final class BundleFile: @unchecked Sendable {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var hash = SHA256()
    private var failure: Error?
    private let queue = DispatchQueue(label: "bundle-file")
    /// Pieces handed to the queue and not yet written: the caller waits beyond this many.
    private let inFlight = DispatchSemaphore(value: 8)
    private(set) var bytes = 0

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw SystemError.posix("không tạo được \(path)") }
        buffer.reserveCapacity(1 << 17)
    }

    /// Each piece on the queue holds the file: the last one written lets it go.
    deinit { close(fd) }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    func append(byte: UInt8) { buffer.append(byte) }

    func append(bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    /// One text field of a CSV file (see `CSVCell`).
    func appendField(_ text: UnsafeBufferPointer<UInt8>) { CSVCell.append(text, to: &buffer) }

    /// An integer's decimal digits, without making a string.
    func appendInteger(_ value: Int64) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            repeat {
                scratch[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(scratch[index]) }
        }
    }

    func appendTimestamp(_ millis: Int64) { Timestamps.writeISO(millis, fraction: true, into: &buffer) }

    func flushIfFull() { if buffer.count >= 1 << 16 { flush() } }

    /// Hands what was appended to the queue (a write that fails stops the later ones; `finish` says why).
    func flush() {
        guard !buffer.isEmpty else { return }
        let piece = buffer
        buffer = []
        buffer.reserveCapacity(1 << 17)
        bytes += piece.count
        inFlight.wait()
        queue.async { [self] in
            defer { inFlight.signal() }
            guard failure == nil else { return }
            piece.withUnsafeBufferPointer { all in
                hash.update(all)
                do { try FileSync.writeAll(fd, UnsafeRawBufferPointer(all), what: path) } catch { failure = error }
            }
        }
    }

    /// Flushes, waits for every piece to be written, syncs to the disk and returns the file's SHA-256.
    func finish() throws -> String {
        flush()
        let digest = try queue.sync { () throws -> String in
            if let failure { throw failure }
            return hash.hex()
        }
        guard fsync(fd) == 0 else { throw SystemError.posix("không ghi được \(path) xuống đĩa") }
        return digest
    }
}

/// CSV as a spreadsheet expects it: UTF-8 with a byte-order mark (so Excel shows Vietnamese),
/// CR LF, text quoted when needed, numbers bare. Text that a spreadsheet would run as a formula
/// (starting with = + - @, a tab or CR) gets a leading apostrophe; so does text that starts with
/// one, so that `unescape` gives back exactly what was written.
enum CSVCell {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let formulaStarts: Set<UInt8> = Set("=+-@\t\r'".utf8)
    /// Bytes that make a field need quotes (";" too: Excel under a Vietnamese locale splits on it),
    /// as a table: every byte of every field is looked up.
    static let needQuotes: [Bool] = (0..<256).map { ",\";\n\r".utf8.contains(UInt8($0)) }

    /// Appends one text field (UTF-8) to `out`, escaped.
    static func append(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        let needsQuotes = bytes.contains { needQuotes[Int($0)] }
        if needsQuotes { out.append(quote) }
        if let first = bytes.first, formulaStarts.contains(first) { out.append(UInt8(ascii: "'")) }
        if needsQuotes {
            for byte in bytes { out.append(byte); if byte == quote { out.append(quote) } }
            out.append(quote)
        } else {
            out.append(contentsOf: bytes)
        }
    }

    static func unescape(_ text: String) -> String {
        text.hasPrefix("'") ? String(text.dropFirst()) : text
    }
}

extension FileSync {
    /// Writes a whole file and syncs it.
    package static func writeSynced(_ bytes: [UInt8], to path: String) throws {
        let file = try BundleFile(path: path)
        file.append(bytes: bytes)
        _ = try file.finish()
    }
}
