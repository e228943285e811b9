import Foundation

/// A JSON object read from a request body, with typed accessors whose errors name the field.
public struct JSONBody: Sendable {
    public let fields: [String: JSONValue]

    public init(_ fields: [String: JSONValue]) { self.fields = fields }

    /// Parses the request body: 415 when it is not JSON, 400 when it does not parse or is not an
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
        self.fields = object
    }

    public func has(_ key: String) -> Bool { fields[key] != nil }
    public var isEmpty: Bool { fields.isEmpty }

    /// nil when absent or null.
    public func string(_ key: String) throws -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw HTTPError.invalid(key, "\(FieldNames.sentence(key)) phải là chữ.")
        }
    }

    public func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else { throw HTTPError.invalid(key, "Thiếu \(FieldNames.of(key)).") }
        return s
    }

    public func int(_ key: String) throws -> Int? {
        switch fields[key] {
        case nil, .null?: return nil
        case .number(let n)? where n == n.rounded() && abs(n) < 1e12: return Int(n)
        default: throw HTTPError.invalid(key, "\(FieldNames.sentence(key)) phải là số nguyên.")
        }
    }

    public func double(_ key: String) throws -> Double? {
        switch fields[key] {
        case nil, .null?: return nil
        case .number(let n)? where n.isFinite: return n
        default: throw HTTPError.invalid(key, "\(FieldNames.sentence(key)) phải là số.")
        }
    }

    public func bool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        default: throw HTTPError.invalid(key, "Trường \"\(key)\" phải là true hoặc false.")
        }
    }

    public func oneOf(_ key: String, _ allowed: [String]) throws -> String? {
        guard let s = try string(key) else { return nil }
        guard allowed.contains(s) else {
            throw HTTPError.invalid(key, "Giá trị \"\(s.prefix(40))\" của \(FieldNames.of(key)) không hợp lệ. Chọn một trong: \(allowed.joined(separator: ", ")).")
        }
        return s
    }
}
