import Foundation

/// A failure of the core that a person can act on: a stable code, a Vietnamese message, the
/// field at fault where one is. The core never names HTTP; the API renders each kind with its
/// status (one table, `HTTPError.init(_: DomainError)`), the command line prints the message.
public struct DomainError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Values that break a rule (422).
        case invalid
        /// No such record (404).
        case notFound
        /// The records' state forbids it now: a closed year, a year not over yet (409).
        case conflict
        /// What was sent cannot be read at all: not JSON, a broken cursor (400).
        case malformed
        /// The box cannot do it now (disk full, busy, no criteria set): try again later (503).
        case unavailable
        /// Something that should not fail did (a spreadsheet not written) (500).
        case failed
    }

    public var kind: Kind
    public var code: String
    public var message: String
    public var field: String?
    /// Extra members of the error object ("year" of a closed year).
    public var details: [String: JSONValue]

    public init(_ kind: Kind, _ code: String, _ message: String, field: String? = nil, details: [String: JSONValue] = [:]) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
        self.details = details
    }

    public var description: String { message }

    public static func invalid(_ field: String, _ message: String) -> DomainError {
        DomainError(.invalid, "invalid_value", message, field: field)
    }

    public static func notFound(_ what: String) -> DomainError {
        DomainError(.notFound, "not_found", "Không tìm thấy \(what). Có thể đường dẫn sai hoặc mục này không tồn tại.")
    }
}
