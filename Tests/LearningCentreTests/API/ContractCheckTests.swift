import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The checker every test's answers go through (`ContractCheck`) must itself see what is wrong,
/// and the document it reads must be whole.
@Suite struct ContractCheckTests {
    let validator = SchemaValidator(schemas: [
        "Thing": OpenAPI.object(["name": OpenAPI.string, "kind": OpenAPI.enumeration(["a", "b"]),
                                 "count": .object(["type": "integer", "minimum": 0]), "note": OpenAPI.nullableString,
                                 "day": OpenAPI.date, "tags": .object(["type": "array", "items": OpenAPI.string])],
                                required: ["name", "kind"], closed: true),
    ])

    func problems(_ json: String) throws -> [String] {
        validator.problems(try JSONValue.parse(Array(json.utf8)), OpenAPI.ref("Thing"), at: "$")
    }

    @Test func aMatchingAnswerHasNoProblems() throws {
        #expect(try problems(#"{"name": "Lan", "kind": "a", "count": 3, "note": null, "day": "2026-12-01", "tags": ["x"]}"#).isEmpty)
    }

    @Test(arguments: [
        (#"{"kind": "a"}"#, "required field \"name\""),
        (#"{"name": "Lan", "kind": "c"}"#, "is not one of"),
        (#"{"name": "Lan", "kind": "a", "count": 1.5}"#, "integer"),
        (#"{"name": "Lan", "kind": "a", "count": -1}"#, "below the minimum"),
        (#"{"name": null, "kind": "a"}"#, "null"),
        (#"{"name": "Lan", "kind": "a", "extra": 1}"#, "not in the schema"),
        (#"{"name": "Lan", "kind": "a", "day": "01/12/2026"}"#, "not a date"),
        (#"{"name": "Lan", "kind": "a", "tags": ["x", 2]}"#, "$.tags[1]"),
        (#"[1]"#, "an object is expected"),
    ])
    func findsWhatIsWrong(json: String, expected: String) throws {
        let found = try problems(json)
        #expect(found.contains { $0.contains(expected) }, "\(json): \(found)")
    }

    /// A shape's schema comes from its declaration only, never also from a hand-written one.
    @Test func eachShapeIsDeclaredOnce() {
        let names = OpenAPI.shapes.map { $0.schemaName }
        #expect(Set(names).count == names.count)
        for name in names { #expect(OpenAPI.handWrittenSchemas[name] == nil, "\(name) is a shape and also written by hand") }
    }

    /// Every `$ref` of the served document names a schema it has, and every route lists its success status.
    @Test func theDocumentIsWhole() throws {
        let centre = try TestCentre()
        let document = try JSONValue.parse(centre.send("GET", "/api/openapi.json").body)
        let schemas = document["components"]?["schemas"]?.objectValue ?? [:]
        var missing: [String] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let o):
                if let ref = o["$ref"]?.stringValue, schemas[String(ref.split(separator: "/").last ?? "")] == nil { missing.append(ref) }
                o.values.forEach(walk)
            case .array(let a): a.forEach(walk)
            default: break
            }
        }
        walk(document)
        #expect(missing.isEmpty, "\(missing)")
        for route in centre.app.router.routes {
            #expect(document["paths"]?[route.pattern]?[route.method.lowercased()]?["responses"]?[String(route.doc.status)] != nil,
                    "\(route.method) \(route.pattern)")
        }
    }
}
