import Foundation
import LearningCentreCore

extension Fields {
    /// Parses a request body: 415 when it is not JSON, 400 when it does not parse or is not an
    /// object, 422 naming the first field not in `allowed`.
    public init(_ request: HTTPRequest, allowed: Set<String>) throws {
        guard request.mediaType == "application/json" else {
            throw HTTPError(415, "unsupported_media_type",
                            "Dữ liệu phải gửi dạng JSON (Content-Type: application/json).", field: nil)
        }
        let value: JSONValue
        do { value = try JSONValue.parse(request.body) } catch {
            throw HTTPError(400, "malformed_json", "Dữ liệu gửi lên không phải JSON hợp lệ. Hãy kiểm tra lại dấu ngoặc và dấu phẩy.")
        }
        guard case .object(let object) = value else {
            throw HTTPError(400, "malformed_json", "Dữ liệu gửi lên phải là một đối tượng JSON ({...}).")
        }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw HTTPError(422, "unknown_field", "Trường \"\(unknown)\" không được hỗ trợ ở đây. Hãy bỏ trường này.", field: unknown)
        }
        self.init(object)
    }
}
