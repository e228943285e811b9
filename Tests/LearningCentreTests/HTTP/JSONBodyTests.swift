import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct JSONBodyTests {
    func request(_ body: String, type: String? = "application/json") -> HTTPRequest {
        HTTPRequest(method: "POST", path: "/x", headers: type.map { ["Content-Type": $0] } ?? [:], body: Array(body.utf8))
    }

    @Test(arguments: [
        ("{\"a\":1", "application/json", 400, "malformed_json", nil as String?),
        ("[1,2]", "application/json", 400, "malformed_json", nil),
        ("{\"a\":1}", "text/plain", 415, "unsupported_media_type", nil),
        ("{\"a\":1,\"zz\":2}", "application/json; charset=utf-8", 422, "unknown_field", "zz"),
    ])
    func refuses(_ body: String, _ type: String, _ status: Int, _ code: String, _ field: String?) {
        let error = #expect(throws: HTTPError.self) { try Fields(request(body, type: type), allowed: ["a"]) }
        #expect(error?.status == status)
        #expect(error?.code == code)
        #expect(error?.field == field)
        #expect(error?.message.isEmpty == false)
    }

    @Test func namesTheFieldOfAWrongType() throws {
        let body = try Fields(request("{\"birthYear\":\"1950\"}"), allowed: ["birthYear"])
        let error = #expect(throws: DomainError.self) { try body.int("birthYear") }
        #expect(error?.field == "birthYear")
        #expect(error.map { HTTPError($0).status } == 422)
    }

    @Test func rendersTheContractShape() throws {
        let response = HTTPError.invalid("fullName", "Sai").response
        #expect(response.status == 422)
        let json = try JSONValue.parse(response.body)
        #expect(json["error"]?["code"] == .string("invalid_value"))
        #expect(json["error"]?["field"] == .string("fullName"))
        #expect(json["error"]?["message"] == .string("Sai"))
    }
}
