import Foundation
import Synchronization
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// Every answer a test receives through `TestCentre.send` is held against the OpenAPI document
/// the daemon serves (`GET /api/openapi.json`, built from the same route table): a status the
/// route does not document, a field of the wrong type, a null where none is allowed, a value
/// outside its `enum` or a property a closed schema does not name is recorded as a failure of the
/// test that received it. So the whole suite checks the contract on real data, not only the
/// generated cases of `make test-fuzz`.
enum ContractCheck {
    /// The document of a centre's, of an association's and of a province association's daemon
    /// (their route tables differ), by `daemon`.
    static let documents: Mutex<[String: JSONValue]> = Mutex([:])

    static func check(_ response: HTTPResponse, method: String, path: String, router: Router, daemon: String) {
        guard path == "/api" || path.hasPrefix("/api/"), method != "HEAD",
              response.header("Content-Type")?.hasPrefix("application/json") == true else { return }
        let document = documents.withLock { cache in
            if let known = cache[daemon] { return known }
            let built = OpenAPI.document(for: router.routes, version: "test")
            cache[daemon] = built
            return built
        }
        guard let body = try? JSONValue.parse(response.body) else {
            Issue.record(Comment(rawValue: "\(method) \(path) → \(response.status): the body is not JSON"))
            return
        }
        let schema: JSONValue
        if response.status >= 400 {
            schema = OpenAPI.ref("Error")
        } else {
            guard case .found(let route, _) = router.match(method: method, path: path) else { return }
            let responses = document["paths"]?[route.pattern]?[method.lowercased()]?["responses"]
            guard let documented = responses?[String(response.status)] else {
                Issue.record(Comment(rawValue: "\(method) \(route.pattern) answered \(response.status), which its document does not list"))
                return
            }
            guard let found = documented["content"]?["application/json"]?["schema"] else {
                Issue.record(Comment(rawValue: "\(method) \(route.pattern) answered JSON where its document declares no JSON answer"))
                return
            }
            schema = found
        }
        let validator = SchemaValidator(schemas: document["components"]?["schemas"]?.objectValue ?? [:])
        let problems = validator.problems(body, schema, at: "$")
        if !problems.isEmpty {
            Issue.record(Comment(rawValue: "\(method) \(path) → \(response.status) does not match its schema:\n  "
                                 + problems.prefix(8).joined(separator: "\n  ")))
        }
    }
}

/// The part of JSON Schema (OpenAPI 3.0 flavour) the document uses: `$ref`, `allOf`, `nullable`,
/// `type`, `enum`, `properties`/`required`/`additionalProperties`, `items`, bounds, `pattern`, and
/// the `date` and `date-time` formats.
struct SchemaValidator {
    let schemas: [String: JSONValue]

    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String) -> [String] {
        if let ref = schema["$ref"]?.stringValue {
            let name = String(ref.split(separator: "/").last ?? "")
            guard let target = schemas[name] else { return ["\(path): unknown schema \(ref)"] }
            return problems(value, target, at: path)
        }
        if case .null = value {
            return schema["nullable"]?.boolValue == true || schema["type"] == nil && schema["allOf"] == nil
                ? [] : ["\(path): null where the schema allows none"]
        }
        if let all = schema["allOf"]?.arrayValue {
            return all.flatMap { problems(value, $0, at: path) }
        }
        if let values = schema["enum"]?.arrayValue, !values.contains(value) {
            return ["\(path): \(describe(value)) is not one of \(values.compactMap(\.stringValue))"]
        }
        switch schema["type"]?.stringValue {
        case "object":
            guard let object = value.objectValue else { return ["\(path): \(describe(value)) where an object is expected"] }
            return objectProblems(object, schema, at: path)
        case "array":
            guard let items = value.arrayValue else { return ["\(path): \(describe(value)) where an array is expected"] }
            var found: [String] = []
            if let max = schema["maxItems"]?.numberValue, Double(items.count) > max { found.append("\(path): \(items.count) items, at most \(Int(max))") }
            if let itemSchema = schema["items"] {
                for (i, item) in items.enumerated() { found += problems(item, itemSchema, at: "\(path)[\(i)]") }
            }
            return found
        case "string":
            guard let text = value.stringValue else { return ["\(path): \(describe(value)) where a string is expected"] }
            return stringProblems(text, schema, at: path)
        case "integer":
            guard let n = value.numberValue, n.rounded() == n else { return ["\(path): \(describe(value)) where an integer is expected"] }
            return boundProblems(n, schema, at: path)
        case "number":
            guard let n = value.numberValue else { return ["\(path): \(describe(value)) where a number is expected"] }
            return boundProblems(n, schema, at: path)
        case "boolean":
            return value.boolValue == nil ? ["\(path): \(describe(value)) where true or false is expected"] : []
        default:
            return []
        }
    }

    private func objectProblems(_ object: [String: JSONValue], _ schema: JSONValue, at path: String) -> [String] {
        let properties = schema["properties"]?.objectValue ?? [:]
        var found = (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
            .filter { object[$0] == nil }.map { "\(path): the required field \"\($0)\" is missing" }
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            if let property = properties[key] {
                found += problems(value, property, at: "\(path).\(key)")
            } else if schema["additionalProperties"] == .bool(false) {
                found.append("\(path): the field \"\(key)\" is not in the schema")
            } else if let extra = schema["additionalProperties"], extra.objectValue != nil {
                found += problems(value, extra, at: "\(path).\(key)")
            }
        }
        return found
    }

    private func stringProblems(_ text: String, _ schema: JSONValue, at path: String) -> [String] {
        var found: [String] = []
        let length = text.count
        if let min = schema["minLength"]?.numberValue, Double(length) < min { found.append("\(path): shorter than \(Int(min))") }
        if let max = schema["maxLength"]?.numberValue, Double(length) > max { found.append("\(path): longer than \(Int(max))") }
        if let pattern = schema["pattern"]?.stringValue, text.range(of: pattern, options: .regularExpression) == nil {
            found.append("\(path): \"\(text)\" does not match \(pattern)")
        }
        switch schema["format"]?.stringValue {
        case "date" where text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil:
            found.append("\(path): \"\(text)\" is not a date (YYYY-MM-DD)")
        case "date-time" where text.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#, options: .regularExpression) == nil:
            found.append("\(path): \"\(text)\" is not a date-time (RFC 3339)")
        default: break
        }
        return found
    }

    private func boundProblems(_ n: Double, _ schema: JSONValue, at path: String) -> [String] {
        var found: [String] = []
        if let min = schema["minimum"]?.numberValue, n < min { found.append("\(path): \(n) below the minimum \(min)") }
        if let max = schema["maximum"]?.numberValue, n > max { found.append("\(path): \(n) above the maximum \(max)") }
        return found
    }

    private func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return String(b)
        case .number(let n): return String(n)
        case .string(let s): return "\"\(s.prefix(40))\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
