import Foundation
import Glibc

/// RFC 4180 CSV, read record by record: quoted fields with "" for a quote, a leading byte-order
/// mark, CR LF, LF or CR. From a file in 256 KiB pieces (a full bundle's check-ins do not fit in
/// memory as one string) or from bytes in memory (a CSV import). Each record knows the line it
/// starts on. The one CSV reader of the program.
final class CSVReader {
    private let fd: Int32?
    private let path: String
    private let separator: UInt8
    private var buffer: [UInt8]
    private var position = 0
    private var filled = 0
    private var atStart = true
    private var lineNumber = 1
    /// The line the last record returned starts on.
    private(set) var line = 1

    init(path: String, separator: UInt8 = UInt8(ascii: ",")) throws {
        self.path = path
        self.separator = separator
        buffer = [UInt8](repeating: 0, count: 1 << 18)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError.posix("không mở được \(path)") }
        self.fd = fd
    }

    init(bytes: [UInt8], separator: UInt8 = UInt8(ascii: ",")) {
        fd = nil
        path = "(bộ nhớ)"
        self.separator = separator
        buffer = bytes
        filled = bytes.count
    }

    deinit { if let fd { close(fd) } }

    private func nextByte() throws -> UInt8? {
        if position == filled {
            guard let fd else { return nil }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 { throw SystemError.posix("không đọc được \(path)") }
            if count == 0 { return nil }
            filled = count
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// The next record's fields, or nil at the end of the input.
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
        line = lineNumber
        while let byte = try nextByte() {
            sawAnything = true
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if let following = try nextByte() {
                        if following == UInt8(ascii: "\"") { field.append(byte) } else { inQuotes = false; position -= 1 }
                    } else { inQuotes = false }
                } else {
                    if byte == UInt8(ascii: "\n") { lineNumber += 1 }
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") && field.isEmpty {
                inQuotes = true
            } else if byte == separator {
                fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
            } else if byte == UInt8(ascii: "\n") {
                lineNumber += 1
                break
            } else if byte == UInt8(ascii: "\r") {
                // CR LF, or a lone CR (old spreadsheets): the record ends either way.
                if let following = try nextByte(), following != UInt8(ascii: "\n") { position -= 1 }
                lineNumber += 1
                break
            } else {
                field.append(byte)
            }
        }
        guard sawAnything else { return nil }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }
}

/// A whole CSV text at once (an import of learners): comma or semicolon (what Excel writes under
/// a Vietnamese locale), blank lines left out.
public enum CSV {
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String]
    }

    public static func parse(_ text: String) -> [Record] {
        let bytes = Array(text.utf8)
        let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        let separator = firstLine.contains(UInt8(ascii: ";")) && !firstLine.contains(UInt8(ascii: ",")) ? UInt8(ascii: ";") : UInt8(ascii: ",")
        let reader = CSVReader(bytes: bytes, separator: separator)
        var records: [Record] = []
        // Reading memory cannot fail.
        while let fields = try? reader.next() {
            if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            records.append(Record(line: reader.line, fields: fields))
        }
        return records
    }
}
