import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// Ruleset files: a bad one is refused with its field named; a manager loads a new version and
/// chooses it for a year, and the scores follow without a new build.
@Suite struct RulesetTests {
    static let shipped = FileManager.default.contents(atPath: repositoryRoot + "/rulesets/cdht-2024.json")!

    /// The shipped file with one change at a path of keys and indices ("titles/learningClan/…");
    /// `nil` removes an array element or object member.
    static func changed(_ path: String, to value: JSONValue?) -> [UInt8] {
        func set(_ node: JSONValue, _ rest: ArraySlice<Substring>) -> JSONValue? {
            guard let key = rest.first else { return value }
            switch node {
            case .object(var members):
                members[String(key)] = set(members[String(key)] ?? .null, rest.dropFirst())
                return .object(members)
            case .array(var items):
                let index = Int(key)!
                if let new = set(items[index], rest.dropFirst()) { items[index] = new } else { items.remove(at: index) }
                return .array(items)
            default: return node
            }
        }
        let root = try! JSONValue.parse([UInt8](shipped))
        return JSONWriter.encode(set(root, path.split(separator: "/")[...])!)
    }

    @Test(arguments: [
        ("passMark", JSONValue.number(250), "passMark"),
        ("id", .string("CDHT 2024"), "id"),
        ("indicators/0/sources/0/kind", .string("dancing"), "indicators[0].sources[0].kind"),
        ("indicators/0/sources/0/tiers/1/points", .number(11), "indicators[0].sources[0].tiers[1].points"),
        ("indicators/1/code", .string("1.1"), "indicators[1].code"),
        ("indicators/4/sources/1/levels/expert", .number(10), "indicators[4].sources[1].levels.expert"),
        ("targets/8", nil, "targets"),
        ("titles/learningClan/requiresFacts/0", .string("childrenAtSchool"), "titles.learningClan.requiresFacts[0]"),
        ("titles/learningFamily/learningCitizenShareOfAdults", .number(1.5), "titles.learningFamily.learningCitizenShareOfAdults"),
        ("targetGroups/farmer/overrides/9.9", .array([]), "targetGroups.farmer.overrides.9.9"),
        ("indicators", .array([]), "indicators"),
    ] as [(String, JSONValue?, String)])
    func badRulesetsAreRefusedNamingTheField(_ path: String, _ value: JSONValue?, _ field: String) {
        do {
            _ = try Ruleset.read(Self.changed(path, to: value))
            Issue.record("accepted a bad ruleset (\(field))")
        } catch let error as DomainError {
            #expect(HTTPError(error).status == 422)
            #expect(error.field == field, "\(error.message)")
            #expect(!error.message.isEmpty)
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func aBadFileInTheFolderIsSkippedAndNamedNotFatal() throws {
        let folder = temporaryDirectory("lc-rulesets")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder + "/a-good.json", contents: Self.shipped)
        _ = FileManager.default.createFile(atPath: folder + "/b-bad.json", contents: Data(Self.changed("passMark", to: "cao")))
        _ = FileManager.default.createFile(atPath: folder + "/ruleset.schema.json", contents: Data("{}".utf8))
        let store = try makeStore()
        let loaded = try store.installRulesets(from: folder)
        #expect(loaded.installed == ["cdht-2024@1"])
        #expect(loaded.problems.count == 1)
        #expect(loaded.problems.first?.contains("b-bad.json") == true)
        #expect(loaded.problems.first?.contains("passMark") == true)
        #expect(try store.installRulesets(from: folder).installed.isEmpty, "already loaded")
    }

    @Test func notJSONIsA400() {
        let error = #expect(throws: DomainError.self) { try Ruleset.read(Array("{\"id\": ".utf8)) }
        #expect(error.map { HTTPError($0).status } == 400)
        #expect(error?.code == "bad_json")
    }

    @Test func aManagerLoadsANewVersionAndChoosesItForAYear() throws {
        let centre = try TestCentre()
        let manager = try centre.login(), staff = try centre.login("canbo")
        let village = try centre.village("Thôn Một", login: manager)
        let learner = try #require(centre.send("POST", "/api/learners", json: ["fullName": "Vi Thị Nhung", "gender": "female", "birthYear": 1980,
                                                                               "villageId": village], login: staff).json["id"]?.stringValue)
        // 50 points from assessments: not enough under the shipped pass mark of 80.
        let five = (["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"]).map { ["code": $0, "points": 5] }
        #expect(centre.send("PUT", "/api/learners/\(learner)/assessments/2026", json: ["indicators": five], login: manager).status == 200)
        #expect(centre.send("GET", "/api/learners/\(learner)/score?year=2026", login: staff).json["recognized"] == false)

        var lenient = try JSONValue.parse([UInt8](Self.shipped))
        if case .object(var members) = lenient { members["version"] = 2; members["passMark"] = 50; lenient = .object(members) }
        let body = JSONWriter.encode(lenient)
        let send = { (login: TestCentre.Login, bytes: [UInt8]) in
            centre.send("POST", "/api/rulesets", body: bytes, contentType: "application/json", login: login)
        }
        #expect(send(staff, body).status == 403)
        #expect(send(manager, body).status == 201)
        #expect(send(manager, body).status == 200, "the same file again changes nothing")
        #expect(send(manager, Self.changed("version", to: 2)).errorCode == "ruleset_version_exists")
        let bad = send(manager, Self.changed("passMark", to: "tám mươi"))
        #expect(bad.status == 422)
        #expect(bad.errorField == "passMark")

        // Years keep their ruleset until a manager chooses another.
        #expect(centre.send("GET", "/api/learners/\(learner)/score?year=2026", login: staff).json["ruleset"] == "cdht-2024")
        #expect(centre.send("PUT", "/api/ruleset-years/2026", json: ["id": "cdht-2024", "version": 2], login: manager).status == 200)
        let score = centre.send("GET", "/api/learners/\(learner)/score?year=2026", login: staff).json
        #expect(score["rulesetVersion"] == 2)
        #expect(score["recognized"] == true)
        #expect(centre.send("GET", "/api/rulesets", login: staff).json["items"]?.arrayValue?.count == 2)
        #expect(centre.send("PUT", "/api/ruleset-years/2026", json: ["id": "cdht-2024", "version": 9], login: manager).status == 404)
    }
}
