/// Writes JSON straight into bytes. Foundation's JSONEncoder goes through a generic container
/// tree and was the largest cost of a search answer; the types every answer carries (learners,
/// pages, JSON values) write themselves here instead.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// For each open object or array: whether it has an element yet.
    private var hasElement: [Bool] = []
    /// A key was just written: the next value is its value, not a new element.
    private var afterKey = false

    public init() { bytes.reserveCapacity(1024) }

    private mutating func startValue() {
        if afterKey { afterKey = false; return }
        guard let last = hasElement.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) }
        hasElement[hasElement.count - 1] = true
    }

    public mutating func beginObject() { startValue(); bytes.append(UInt8(ascii: "{")); hasElement.append(false) }
    public mutating func endObject() { hasElement.removeLast(); bytes.append(UInt8(ascii: "}")) }
    public mutating func beginArray() { startValue(); bytes.append(UInt8(ascii: "[")); hasElement.append(false) }
    public mutating func endArray() { hasElement.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// A key inside an object; the value written next belongs to it.
    public mutating func key(_ key: String) {
        startValue()
        quoted(key)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    public mutating func string(_ value: String) { startValue(); quoted(value) }
    public mutating func string(_ value: String?) { if let value { string(value) } else { null() } }
    public mutating func int(_ value: Int) { startValue(); bytes.append(contentsOf: String(value).utf8) }
    public mutating func bool(_ value: Bool) { startValue(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    public mutating func null() { startValue(); bytes.append(contentsOf: "null".utf8) }
    public mutating func array(_ items: [some JSONWritable]) {
        beginArray()
        for item in items { item.write(to: &self) }
        endArray()
    }
    public mutating func number(_ value: Double) {
        startValue()
        if value == value.rounded(), abs(value) < 1e15 { bytes.append(contentsOf: String(Int64(value)).utf8) }
        else if value.isFinite { bytes.append(contentsOf: String(value).utf8) }
        else { bytes.append(contentsOf: "null".utf8) }
    }

    private mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(92); bytes.append(34)
            case UInt8(ascii: "\\"): bytes.append(92); bytes.append(92)
            case 0x0A: bytes.append(92); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(92); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(92); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A value that writes its own JSON (see `JSONWriter`).
public protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}

extension JSONValue: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let b): writer.bool(b)
        case .number(let n): writer.number(n)
        case .string(let s): writer.string(s)
        case .array(let items):
            writer.beginArray()
            for item in items { item.write(to: &writer) }
            writer.endArray()
        case .object(let members):
            writer.beginObject()
            for key in members.keys.sorted() {
                writer.key(key)
                members[key]!.write(to: &writer)
            }
            writer.endObject()
        }
    }
}

extension Learner: JSONShape {
    public static let schemaName = "Learner"
    public static let fields: [ShapeField<Learner>] = [
        .bool("archived", \.archived),
        .nullableString("birthDate", \.birthDate, schema: ValueSchema.date),
        .int("birthYear", \.birthYear, schema: .object(["type": "integer", "minimum": 1900])),
        .string("cardCode", \.cardCode),
        .code("category", \.category),
        .nullableString("clanId", \.clanId),
        .nullableString("consentAt", \.consentAt, schema: ValueSchema.dateTime),
        .string("createdAt", \.createdAt, schema: ValueSchema.dateTime),
        .string("fullName", \.fullName, schema: .object(["type": "string", "minLength": 1, "maxLength": 100])),
        .code("gender", \.gender),
        .nullableString("householdId", \.householdId),
        .string("id", \.id),
        .bool("isAssociationMember", \.isAssociationMember),
        .bool("isAssociationOfficer", \.isAssociationOfficer),
        .nullableString("notes", \.notes),
        .nullableString("phone", \.phone),
        .nullableString("registeredOn", \.registeredOn, schema: ValueSchema.date),
        .nullableCode("targetGroup", \.targetGroup),
        .nullableString("unitId", \.unitId),
        .string("updatedAt", \.updatedAt, schema: ValueSchema.dateTime),
        .string("villageId", \.villageId),
    ]
}

extension Page: JSONWritable where Item: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("items")
        w.beginArray()
        for item in items { item.write(to: &w) }
        w.endArray()
        w.key("next"); w.string(next)
        w.endObject()
    }
}

extension JSONWriter {
    /// A value's JSON as bytes.
    public static func encode(_ value: some JSONWritable) -> [UInt8] {
        var writer = JSONWriter()
        value.write(to: &writer)
        return writer.bytes
    }
}

