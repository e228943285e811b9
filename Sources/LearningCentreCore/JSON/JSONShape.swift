import Foundation

/// One declaration of an answer's shape: its fields in order, each with its schema and how it
/// is written. The bytes of an answer (through `JSONWriter`, the fast path measured for learner
/// pages and kiosk answers) and its schema in the OpenAPI document come from the same list, so
/// they cannot drift apart; `ContractCheck` in the tests holds every answer against the document.
public protocol JSONShape: JSONWritable {
    /// The component schema's name in the OpenAPI document.
    static var schemaName: String { get }
    static var fields: [ShapeField<Self>] { get }
}

extension JSONShape {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        for field in Self.fields { field.write(self, &w) }
        w.endObject()
    }

    /// The component schema: every field, and which ones every answer carries.
    public static var schema: JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in fields { properties[field.key] = field.schema }
        return .object(["type": "object", "properties": .object(properties),
                        "required": .array(fields.filter(\.required).map { .string($0.key) })])
    }

    /// The answer as a value (for an audit line's before and after): written, then read back.
    public var jsonValue: JSONValue {
        var w = JSONWriter()
        write(to: &w)
        return (try? JSONValue.parse(w.bytes)) ?? .null
    }

    /// A reference to the component schema.
    public static var reference: JSONValue { ValueSchema.reference(schemaName) }
}

/// A field of a `JSONShape`: its key, its schema, whether every answer has it, and how it is written.
public struct ShapeField<Owner>: Sendable {
    public let key: String
    public let schema: JSONValue
    /// Written in every answer (null when empty, if its schema allows); else left out when empty.
    public let required: Bool
    let write: @Sendable (Owner, inout JSONWriter) -> Void

    public init(_ key: String, schema: JSONValue, required: Bool = true, write: @escaping @Sendable (Owner, inout JSONWriter) -> Void) {
        self.key = key
        self.schema = schema
        self.required = required
        self.write = write
    }
}

/// The schemas of the simple values, shared by the shapes and the request schemas.
public enum ValueSchema {
    public static let string: JSONValue = .object(["type": "string"])
    public static let integer: JSONValue = .object(["type": "integer"])
    public static let number: JSONValue = .object(["type": "number"])
    public static let boolean: JSONValue = .object(["type": "boolean"])
    public static let date: JSONValue = .object(["type": "string", "format": "date"])
    public static let dateTime: JSONValue = .object(["type": "string", "format": "date-time"])

    /// A component schema of the OpenAPI document, by name.
    public static func reference(_ name: String) -> JSONValue { .object(["$ref": .string("#/components/schemas/\(name)")]) }

    /// The same schema, allowing null.
    public static func nullable(_ schema: JSONValue) -> JSONValue {
        if case .object(var o) = schema, o["$ref"] == nil {
            o["nullable"] = true
            return .object(o)
        }
        return .object(["allOf": .array([schema]), "nullable": true])
    }

    /// One of a closed set's codes.
    public static func oneOf<Codes: ClosedSet>(_ set: Codes.Type) -> JSONValue { oneOf(Codes.codes) }

    /// One of these codes.
    public static func oneOf(_ codes: [String]) -> JSONValue {
        .object(["type": "string", "enum": .array(codes.map { .string($0) })])
    }
}

extension ShapeField {
    public static func string(_ key: String, _ value: @escaping @Sendable (Owner) -> String, schema: JSONValue = ValueSchema.string) -> Self {
        Self(key, schema: schema) { owner, w in w.key(key); w.string(value(owner)) }
    }
    /// Null when empty.
    public static func nullableString(_ key: String, _ value: @escaping @Sendable (Owner) -> String?, schema: JSONValue = ValueSchema.string) -> Self {
        Self(key, schema: ValueSchema.nullable(schema)) { owner, w in w.key(key); w.string(value(owner)) }
    }
    /// A closed set's code (its schema lists the codes).
    public static func code<Codes: ClosedSet>(_ key: String, _ value: @escaping @Sendable (Owner) -> Codes) -> Self {
        string(key, { value($0).rawValue }, schema: ValueSchema.oneOf(Codes.self))
    }
    public static func nullableCode<Codes: ClosedSet>(_ key: String, _ value: @escaping @Sendable (Owner) -> Codes?) -> Self {
        nullableString(key, { value($0)?.rawValue }, schema: ValueSchema.oneOf(Codes.self))
    }
    public static func int(_ key: String, _ value: @escaping @Sendable (Owner) -> Int, schema: JSONValue = ValueSchema.integer) -> Self {
        Self(key, schema: schema) { owner, w in w.key(key); w.int(value(owner)) }
    }
    public static func nullableInt(_ key: String, _ value: @escaping @Sendable (Owner) -> Int?) -> Self {
        nullable(key, ValueSchema.integer, value) { w, n in w.int(n) }
    }
    public static func number(_ key: String, _ value: @escaping @Sendable (Owner) -> Double) -> Self {
        Self(key, schema: ValueSchema.number) { owner, w in w.key(key); w.number(value(owner)) }
    }
    public static func nullableNumber(_ key: String, _ value: @escaping @Sendable (Owner) -> Double?) -> Self {
        nullable(key, ValueSchema.number, value) { w, n in w.number(n) }
    }

    /// A value written by `write`, or null.
    private static func nullable<Value: Sendable>(_ key: String, _ schema: JSONValue, _ value: @escaping @Sendable (Owner) -> Value?,
                                                  write: @escaping @Sendable (inout JSONWriter, Value) -> Void) -> Self {
        Self(key, schema: ValueSchema.nullable(schema)) { owner, w in
            w.key(key)
            if let v = value(owner) { write(&w, v) } else { w.null() }
        }
    }
    public static func bool(_ key: String, _ value: @escaping @Sendable (Owner) -> Bool) -> Self {
        Self(key, schema: ValueSchema.boolean) { owner, w in w.key(key); w.bool(value(owner)) }
    }
    /// A moment kept in milliseconds, written in the centre's zone (RFC 3339).
    public static func moment(_ key: String, _ value: @escaping @Sendable (Owner) -> Int64) -> Self {
        Self(key, schema: ValueSchema.dateTime) { owner, w in w.key(key); w.string(Timestamps.iso(millis: value(owner))) }
    }
    public static func nullableMoment(_ key: String, _ value: @escaping @Sendable (Owner) -> Int64?) -> Self {
        Self(key, schema: ValueSchema.nullable(ValueSchema.dateTime)) { owner, w in
            w.key(key); w.string(value(owner).map { Timestamps.iso(millis: $0) })
        }
    }
    /// Another shape, inside this one.
    public static func object<Inner: JSONShape & Sendable>(_ key: String, _ value: @escaping @Sendable (Owner) -> Inner) -> Self {
        Self(key, schema: Inner.reference) { owner, w in w.key(key); value(owner).write(to: &w) }
    }
    /// Hours by a name (a category, a month), each rounded to hundredths as everywhere.
    public static func hours(_ key: String, _ value: @escaping @Sendable (Owner) -> [String: Double]) -> Self {
        Self(key, schema: .object(["type": "object", "additionalProperties": ValueSchema.number])) { owner, w in
            w.key(key); JSONValue.object(value(owner).mapValues { .number(Store.roundHours($0)) }).write(to: &w)
        }
    }
    /// A list of strings, each as `item` says.
    public static func strings(_ key: String, _ value: @escaping @Sendable (Owner) -> [String], item: JSONValue = ValueSchema.string) -> Self {
        Self(key, schema: .object(["type": "array", "items": item])) { owner, w in
            w.key(key); JSONValue.array(value(owner).map { .string($0) }).write(to: &w)
        }
    }
    /// A list of strings, or null.
    public static func nullableStrings(_ key: String, _ value: @escaping @Sendable (Owner) -> [String]?) -> Self {
        nullable(key, .object(["type": "array", "items": ValueSchema.string]), value) { w, items in JSONValue.array(items.map { .string($0) }).write(to: &w) }
    }
    /// A list of whole numbers.
    public static func integers(_ key: String, _ value: @escaping @Sendable (Owner) -> [Int]) -> Self {
        Self(key, schema: .object(["type": "array", "items": ValueSchema.integer])) { owner, w in
            w.key(key); w.beginArray(); for n in value(owner) { w.int(n) }; w.endArray()
        }
    }
    /// Another shape, or null.
    public static func nullableObject<Inner: JSONShape & Sendable>(_ key: String, _ value: @escaping @Sendable (Owner) -> Inner?) -> Self {
        Self(key, schema: ValueSchema.nullable(Inner.reference)) { owner, w in
            w.key(key)
            if let inner = value(owner) { inner.write(to: &w) } else { w.null() }
        }
    }
    /// A list of another shape.
    public static func list<Item: JSONShape & Sendable>(_ key: String, _ value: @escaping @Sendable (Owner) -> [Item]) -> Self {
        Self(key, schema: .object(["type": "array", "items": Item.reference])) { owner, w in w.key(key); w.array(value(owner)) }
    }
    /// A list of another shape, left out of the answer when nil.
    public static func optionalList<Item: JSONShape & Sendable>(_ key: String, _ value: @escaping @Sendable (Owner) -> [Item]?) -> Self {
        Self(key, schema: .object(["type": "array", "items": Item.reference]), required: false) { owner, w in
            if let items = value(owner) { w.key(key); w.array(items) }
        }
    }
}

extension ShapeField {
    /// The same field, read from a shape that holds its owner (a wrapper written with the owner's fields).
    public func lifted<Outer>(_ owner: @escaping @Sendable (Outer) -> Owner) -> ShapeField<Outer> {
        let write = self.write
        return ShapeField<Outer>(key, schema: schema, required: required) { outer, w in write(owner(outer), &w) }
    }

    /// The same field, described in the document.
    public func described(_ text: String) -> Self {
        guard case .object(var schema) = schema else { return self }
        schema["description"] = .string(text)
        return Self(key, schema: .object(schema), required: required, write: write)
    }
}
