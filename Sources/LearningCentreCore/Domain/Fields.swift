import Foundation

/// A JSON object's fields (a request's body, a line of a CSV import) with typed accessors whose
/// errors name the field in words: the form the core's drafts are read from.
public struct Fields: Sendable {
    public let fields: [String: JSONValue]

    public init(_ fields: [String: JSONValue]) { self.fields = fields }

    public func has(_ key: String) -> Bool { fields[key] != nil }
    public var isEmpty: Bool { fields.isEmpty }

    /// nil when absent or null.
    public func string(_ key: String) throws -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        default: throw DomainError.invalid(key, "\(FieldNames.sentence(key)) phải là chữ.")
        }
    }

    public func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else { throw DomainError.invalid(key, "Thiếu \(FieldNames.of(key)).") }
        return s
    }

    public func int(_ key: String) throws -> Int? {
        switch fields[key] {
        case nil, .null?: return nil
        case .number(let n)? where n == n.rounded() && abs(n) < 1e12: return Int(n)
        default: throw DomainError.invalid(key, "\(FieldNames.sentence(key)) phải là số nguyên.")
        }
    }

    public func double(_ key: String) throws -> Double? {
        switch fields[key] {
        case nil, .null?: return nil
        case .number(let n)? where n.isFinite: return n
        default: throw DomainError.invalid(key, "\(FieldNames.sentence(key)) phải là số.")
        }
    }

    public func bool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        default: throw DomainError.invalid(key, "Trường \"\(key)\" phải là true hoặc false.")
        }
    }

    /// One of a closed set's codes, or nil when absent or null.
    public func code<Codes: ClosedSet>(_ key: String, _ set: Codes.Type) throws -> Codes? {
        try oneOf(key, Codes.codes).flatMap(Codes.init(rawValue:))
    }

    public func oneOf(_ key: String, _ allowed: [String]) throws -> String? {
        guard let s = try string(key) else { return nil }
        guard allowed.contains(s) else {
            throw DomainError.invalid(key, "Giá trị \"\(s.prefix(40))\" của \(FieldNames.of(key)) không hợp lệ. Chọn một trong: \(allowed.joined(separator: ", ")).")
        }
        return s
    }
}
