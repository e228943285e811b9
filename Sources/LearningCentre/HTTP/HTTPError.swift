import Foundation
import LearningCentreCore

/// The one error type routes throw; rendered as the contract's
/// `{"error": {"code", "message", "field"?}}` with its status.
public struct HTTPError: Error, Sendable {
    public var status: Int
    public var code: String
    /// Vietnamese text a person can act on.
    public var message: String
    public var field: String?
    /// Extra members of the error object (duplicate candidates, bad import lines).
    public var details: [String: JSONValue] = [:]
    public var headers: [(String, String)] = []

    public init(_ status: Int, _ code: String, _ message: String, field: String? = nil,
                details: [String: JSONValue] = [:], headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = details
        self.headers = headers
    }

    /// The status of each kind of the core's errors: the one table between the two.
    public init(_ error: DomainError) {
        let status = switch error.kind {
        case .invalid: 422
        case .notFound: 404
        case .conflict: 409
        case .malformed: 400
        case .unavailable: 503
        case .failed: 500
        }
        self.init(status, error.code, error.message, field: error.field, details: error.details)
    }

    public var response: HTTPResponse {
        var object: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let field { object["field"] = .string(field) }
        for (key, value) in details { object[key] = value }
        var response = HTTPResponse.json(JSONValue.object(["error": .object(object)]), status: status)
        for (name, value) in headers { response.setHeader(name, value) }
        return response
    }

    // The common cases, worded once.
    public static func invalid(_ field: String, _ message: String) -> HTTPError {
        HTTPError(422, "invalid_value", message, field: field)
    }
    public static func notFound(_ what: String) -> HTTPError {
        HTTPError(404, "not_found", "Không tìm thấy \(what). Có thể đường dẫn sai hoặc mục này không tồn tại.")
    }
    public static let unauthenticated = HTTPError(401, "not_logged_in", "Bạn chưa đăng nhập hoặc phiên đã hết hạn. Hãy đăng nhập lại.")
    public static let forbiddenRole = HTTPError(403, "forbidden", "Tài khoản của bạn không có quyền làm việc này. Hãy nhờ người quản lý trung tâm.")
    public static let csrf = HTTPError(403, "csrf_token_missing",
        "Thiếu hoặc sai mã bảo vệ (X-CSRF-Token). Hãy tải lại trang và thử lại.")
    public static func internalError(requestID: String) -> HTTPError {
        HTTPError(500, "internal_error", "internal error (mã yêu cầu \(requestID))", details: ["requestId": .string(requestID)])
    }
}
