import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct JSONParserTests {
    @Test(arguments: [
        (#"{"a":1,"b":[true,false,null],"c":"x\"y\\z\u00e9\ud83d\ude00","d":-1.5e2}"#, true),
        (#"  {"a" : {"b": []}}  "#, true),
        (#"{"a":1,}"#, false), (#"{"a":1"#, false), (#"{'a':1}"#, false), (#"{"a":01}"#, false),
        (#"{"a":1}x"#, false), (#"{"a":"\x"}"#, false), (#"{"a":"\ud800"}"#, false), (#"{"a":1,"a":2}"#, false),
        ("{\"a\":\"line\nbreak\"}", false), (#"[1,2"#, false), (#"NaN"#, false), (#""#, false),
    ])
    func parses(_ text: String, _ valid: Bool) {
        #expect(((try? JSONParser.parse(Array(text.utf8))) != nil) == valid, "\(text)")
    }

    @Test func readsValues() throws {
        let value = try JSONParser.parse(Array(#"{"name":"Nguy\u1ec5n","n":42,"ok":true,"list":[1,"2"]}"#.utf8))
        #expect(value["name"] == .string("Nguyễn"))
        #expect(value["n"] == .number(42))
        #expect(value["ok"] == .bool(true))
        #expect(value["list"] == .array([.number(1), .string("2")]))
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(deep.utf8)) }
    }

    @Test func writesWhatItReads() throws {
        let text = #"{"a":[1,2.5,"x\"\n"],"b":null,"c":{"d":false}}"#
        var writer = JSONWriter()
        try JSONParser.parse(Array(text.utf8)).write(to: &writer)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == text)
    }
}
