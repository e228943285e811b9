import CPostgres
import Foundation

/// One connection to a PostgreSQL server through libpq, and its only owner: it is closed when
/// the value goes. Queries take their parameters as text (`$1`, `$2`…; nil is NULL) and answer
/// rows of text; `copy` streams rows into a table with `COPY … FROM STDIN`.
package final class PostgresConnection {
    private let connection: OpaquePointer
    /// Where it points, for messages: host (or socket folder) and database, never the password.
    package let target: PostgresTarget

    package init(_ url: String) throws {
        target = try PostgresTarget(url)
        guard let connection = PQconnectdb(url) else {
            throw SystemError("không đủ bộ nhớ để mở kết nối tới PostgreSQL (\(target)).")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = PostgresTarget.redact(String(cString: PQerrorMessage(connection)))
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            PQfinish(connection)
            throw SystemError("không kết nối được cơ sở dữ liệu PostgreSQL \(target) (\(reason)). "
                + "Hãy kiểm tra máy chủ PostgreSQL đang chạy, tên máy, cổng, tên cơ sở dữ liệu, người dùng và mật khẩu trong --database.")
        }
        self.connection = connection
        // Notices (a table that already exists…) are not the operator's business.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(connection) }

    /// Runs one statement; answers its rows (empty for a command).
    @discardableResult
    package func query(_ sql: String, _ parameters: [String?] = []) throws -> PostgresRows {
        let result = withParameters(parameters) { values in
            PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        return try PostgresRows(checking: result, connection: self, sql: sql)
    }

    /// Several statements without parameters, in order (a migration step).
    package func execute(_ sql: String) throws {
        _ = try PostgresRows(checking: PQexec(connection, sql), connection: self, sql: sql)
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    package func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// `COPY table (columns) FROM STDIN` in PostgreSQL's text format: `rows` hands each row's
    /// fields to `send` (nil is NULL); answers how many rows went.
    package func copy(into table: String, columns: [String], rows: (_ send: ([String?]) throws -> Void) throws -> Void) throws -> Int {
        let sql = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"
        let start = PQexec(connection, sql)
        guard let start, PQresultStatus(start) == PGRES_COPY_IN else {
            _ = try PostgresRows(checking: start, connection: self, sql: sql)
            throw failure(sql)
        }
        PQclear(start)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        var count = 0
        func flush() throws {
            guard !buffer.isEmpty else { return }
            let sent = buffer.withUnsafeBufferPointer { bytes in
                bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { PQputCopyData(connection, $0, Int32(bytes.count)) }
            }
            guard sent == 1 else { throw failure(sql) }
            buffer.removeAll(keepingCapacity: true)
        }
        do {
            try rows { fields in
                for (index, field) in fields.enumerated() {
                    if index > 0 { buffer.append(0x09) }
                    if let field { Self.appendEscaped(field, to: &buffer) } else { buffer.append(contentsOf: [0x5C, 0x4E]) }
                }
                buffer.append(0x0A)
                count += 1
                if buffer.count >= 1 << 16 { try flush() }
            }
            try flush()
        } catch {
            PQputCopyEnd(connection, "gửi dữ liệu bị dừng")
            while let result = PQgetResult(connection) { PQclear(result) }
            throw error
        }
        guard PQputCopyEnd(connection, nil) == 1 else { throw failure(sql) }
        var firstError: Error?
        while let result = PQgetResult(connection) {
            if firstError == nil { do { _ = try PostgresRows(checking: result, connection: self, sql: sql) } catch { firstError = error } } else { PQclear(result) }
        }
        if let firstError { throw firstError }
        return count
    }

    /// COPY's text format: backslash, tab, newline and carriage return written as escapes.
    private static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case 0x5C: buffer.append(contentsOf: [0x5C, 0x5C])
            case 0x09: buffer.append(contentsOf: [0x5C, 0x74])
            case 0x0A: buffer.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: buffer.append(contentsOf: [0x5C, 0x72])
            default: buffer.append(byte)
            }
        }
    }

    fileprivate func failure(_ sql: String, state: String? = nil) -> PostgresError {
        let message = String(cString: PQerrorMessage(connection)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return PostgresError(target: target, state: state, message: message, lost: PQstatus(connection) != CONNECTION_OK)
    }

    private func withParameters<T>(_ parameters: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        var copies: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0) } }
        defer { for pointer in copies { free(pointer) } }
        return copies.withUnsafeMutableBufferPointer { buffer in body(buffer.map { $0.map { UnsafePointer($0) } }) }
    }
}

/// The rows a statement answered, as text (nil for NULL).
package struct PostgresRows: Sequence {
    package let rows: [[String?]]
    package let affected: Int

    fileprivate init(checking result: OpaquePointer?, connection: PostgresConnection, sql: String) throws {
        guard let result else { throw connection.failure(sql) }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            throw connection.failure(sql, state: state)
        }
        let count = Int(PQntuples(result)), width = Int(PQnfields(result))
        rows = (0..<count).map { row in
            (0..<width).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1 ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
        }
        affected = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    package func makeIterator() -> IndexingIterator<[[String?]]> { rows.makeIterator() }
    package var first: [String?]? { rows.first }
}

/// A statement PostgreSQL refused, or a connection lost: what the server said, where.
package struct PostgresError: Error, CustomStringConvertible, Sendable {
    let target: PostgresTarget
    /// SQLSTATE (`40001` a serialization failure, `23505` a duplicate key…).
    package let state: String?
    let message: String
    /// The connection is gone (the server stopped or restarted).
    package let lost: Bool

    package var description: String {
        lost ? "mất kết nối tới cơ sở dữ liệu PostgreSQL \(target) (máy chủ dừng hoặc khởi động lại?): \(message) Không có gì được ghi dở; hãy chạy lại khi máy chủ chạy."
             : "cơ sở dữ liệu PostgreSQL \(target) từ chối: \(message)"
    }
}

/// The host (or socket folder), port and database of a connection string, for messages; the
/// string itself, which may hold a password, is never printed.
package struct PostgresTarget: CustomStringConvertible, Sendable {
    package let host: String
    package let port: String?
    package let database: String

    init(_ url: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            let reason = error.map { String(cString: $0) } ?? "không đọc được"
            if let error { PQfreemem(error) }
            throw SystemError("địa chỉ cơ sở dữ liệu --database không hợp lệ: \(Self.redact(reason).trimmingCharacters(in: .whitespacesAndNewlines)). "
                + "Ví dụ đúng: postgresql://hoi@localhost/khuyenhoc hoặc \"host=/run/postgresql dbname=khuyenhoc\".")
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let environment = ProcessInfo.processInfo.environment
        host = values["host"] ?? values["hostaddr"] ?? environment["PGHOST"] ?? "localhost"
        port = values["port"] ?? environment["PGPORT"]
        database = values["dbname"] ?? environment["PGDATABASE"] ?? values["user"] ?? environment["PGUSER"] ?? "(mặc định)"
    }

    package var description: String { "\"\(database)\" trên máy \(host)\(port.map { ", cổng \($0)" } ?? "")" }

    /// A message from libpq with anything that looks like a password masked.
    static func redact(_ text: String) -> String {
        var text = text
        for pattern in [#"(://[^:/@\s]*:)[^@\s]*@"#, #"(password\s*=\s*)\S+"#] {
            text = text.replacingOccurrences(of: pattern, with: "$1***", options: .regularExpression)
        }
        return text
    }
}
