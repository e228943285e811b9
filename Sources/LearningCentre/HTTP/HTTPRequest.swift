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

    /// The media type of the body without parameters, lowercased ("application/json").
    public var mediaType: String? {
        guard let value = header("content-type") else { return nil }
        let type = value.prefix { $0 != ";" }
        return String(type.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()).lowercased()
    }

    public var cookies: [String: String] {
        guard let raw = header("cookie") else { return [:] }
        var result: [String: String] = [:]
        for part in raw.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let name = pair[0].trimmingCharacters(in: .whitespaces)
            if result[name] == nil { result[name] = pair[1].trimmingCharacters(in: .whitespaces) }
        }
        return result
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
