import Foundation
import LearningCentreCore

/// One HTTP request as the application sees it: decoded path, query, headers and the whole body.
/// Built by `HTTPServer` from libmicrohttpd's callbacks, or directly by tests.
public struct HTTPRequest: Sendable {
    public var method: String
    /// The path as sent, still percent-encoded (the server does not unescape it).
    public var rawPath: String
    public var query: [String: String]
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: [UInt8]
    /// A body its route streams to disk (`BodyPolicy.file`): a hidden file the handler moves
    /// where it belongs; one left where it is is removed after the answer.
    public var bodyFile: String?
    /// The client's IP address as text ("127.0.0.1", "::1"), or "" when unknown.
    public var clientAddress: String
    public var requestID: String

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
                body: [UInt8] = [], clientAddress: String = "127.0.0.1", requestID: String = RequestID.next()) {
        self.method = method
        self.rawPath = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
        self.clientAddress = clientAddress
        self.requestID = requestID
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    // Read on every request: byte by byte, not by Foundation's character sets (the cookie's
    // trimming and the media type's were 5% of a registration's time).

    /// The media type of the body without parameters, lowercased ("application/json").
    public var mediaType: String? {
        guard let value = headers["content-type"] else { return nil }
        return HTTPRequest.trimmed(value.utf8.prefix { $0 != UInt8(ascii: ";") }).lowercased()
    }

    /// A cookie's value by name (the first one sent under that name).
    public func cookie(_ name: String) -> String? {
        guard let raw = headers["cookie"] else { return nil }
        for part in raw.utf8.split(separator: UInt8(ascii: ";")) {
            guard let equals = part.firstIndex(of: UInt8(ascii: "=")) else { continue }
            if HTTPRequest.trimmed(part[..<equals]) == name { return HTTPRequest.trimmed(part[part.index(after: equals)...]) }
        }
        return nil
    }

    /// Without the spaces and tabs at either end.
    static func trimmed(_ bytes: Substring.UTF8View) -> String {
        func blank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return "" }
        return String(Substring(bytes[first...last]))
    }
}

/// Short, unique-enough identifiers that tie a 500 answer to its log line.
public enum RequestID {
    private static let counter = AtomicCounter()
    public static func next() -> String {
        let n = counter.increment()
        return Hex.encode(UInt64(UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970))), width: 8)
            + Hex.encode(UInt64(UInt16(truncatingIfNeeded: n)), width: 4)
    }
}
