import Foundation
import Glibc

/// Reads a bundle's CSV file record by record, in 256 KiB pieces (a full bundle's check-ins do
/// not fit in memory as one string). RFC 4180 quoting, a leading byte-order mark, CR LF or LF.
final class CSVReader {
    private let fd: Int32
    private let path: String
    private var buffer = [UInt8](repeating: 0, count: 1 << 18)
    private var position = 0
    private var filled = 0
    private var atStart = true

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.posix("không mở được \(path)") }
    }

    deinit { close(fd) }

    private func nextByte() throws -> UInt8? {
        if position == filled {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 { throw SystemError.posix("không đọc được \(path)") }
            if count == 0 { return nil }
            filled = count
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// The next record's fields, or nil at the end of the file.
    func next() throws -> [String]? {
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var sawAnything = false
        if atStart {
            atStart = false
            // Skip the byte-order mark EF BB BF.
            var first: [UInt8] = []
            for _ in 0..<3 { if let byte = try nextByte() { first.append(byte) } }
            if first != [0xEF, 0xBB, 0xBF] { position -= first.count }
        }
        while let byte = try nextByte() {
            sawAnything = true
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if let following = try nextByte() {
                        if following == UInt8(ascii: "\"") { field.append(byte) } else { inQuotes = false; position -= 1 }
                    } else { inQuotes = false }
                } else { field.append(byte) }
            } else if byte == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
            } else if byte == UInt8(ascii: ",") {
                fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
            } else if byte == UInt8(ascii: "\n") {
                break
            } else if byte != UInt8(ascii: "\r") {
                field.append(byte)
            }
        }
        guard sawAnything else { return nil }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}
