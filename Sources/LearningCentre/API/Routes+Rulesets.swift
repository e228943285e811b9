import Foundation
import LearningCentreCore

extension Handlers {
    func registerRulesetRoutes(_ router: inout Router) {
        router.add("GET", "/api/rulesets", .staff,
                   RouteDoc("Các bộ tiêu chí đã nạp và các năm dùng chúng", response: "RulesetList")) { [unowned self] ctx in
            .json(Page(items: try store.rulesets(), next: nil))
        }
        router.add("POST", "/api/rulesets", .manager,
                   RouteDoc("Nạp một bộ tiêu chí mới (tệp JSON); lỗi nêu đúng trường sai", request: "Ruleset",
                            response: "RulesetEntry", status: 201, alsoStatus: [200])) { [unowned self] ctx in
            guard ctx.request.header("Content-Type")?.lowercased().hasPrefix("application/json") == true else {
                throw HTTPError(415, "unsupported_media_type", "Hãy gửi tệp bộ tiêu chí dạng application/json.")
            }
            let ruleset = try Ruleset.read(ctx.request.body)
            let created = try store.loadRuleset(ruleset, body: ctx.request.body, actor: ctx.user)
            return .json(try store.rulesetEntry(ruleset), status: created ? 201 : 200)
        }
        router.add("GET", "/api/rulesets/{id}/{version}", .staff,
                   RouteDoc("Một bộ tiêu chí, đúng như tệp đã nạp", response: "Ruleset")) { [unowned self] ctx in
            guard let version = Int(ctx.param("version")) else { throw HTTPError.notFound("phiên bản này") }
            return .json(try store.ruleset(id: ctx.param("id"), version: version).source)
        }
        router.add("GET", "/api/ruleset-years/{year}", .staff,
                   RouteDoc("Bộ tiêu chí dùng cho một năm", response: "RulesetEntry")) { [unowned self] ctx in
            let ruleset = try store.ruleset(forYear: Handlers.year(ctx.param("year")))
            return .json(try store.rulesetEntry(ruleset))
        }
        router.add("PUT", "/api/ruleset-years/{year}", .manager,
                   RouteDoc("Chọn bộ tiêu chí cho một năm", request: "RulesetChoice", response: "RulesetEntry")) { [unowned self] ctx in
            let year = try Handlers.year(ctx.param("year"))
            let body = try ctx.body(allowed: ["id", "version"])
            guard let id = try body.string("id") else { throw HTTPError.invalid("id", "Thiếu mã bộ tiêu chí.") }
            guard let version = try body.int("version") else { throw HTTPError.invalid("version", "Thiếu phiên bản.") }
            return .json(try store.rulesetEntry(store.chooseRuleset(year: year, id: id, version: version, actor: ctx.user)))
        }
        for (path, kind) in [("households", "household"), ("clans", "clan"), ("villages", "village"), ("units", "unit")] {
            router.add("GET", "/api/\(path)/{id}/facts/{year}", .staff,
                       RouteDoc("Các điều kiện có/không của nhóm trong năm (cho danh hiệu)", response: "GroupFacts")) { [unowned self] ctx in
                .json(JSONValue.object(try store.groupFacts(kind: kind, id: ctx.param("id"), year: Handlers.year(ctx.param("year")))
                    .mapValues { .bool($0) }))
            }
            router.add("PUT", "/api/\(path)/{id}/facts/{year}", .staff,
                       RouteDoc("Ghi các điều kiện có/không (null để bỏ): childrenAtSchool (hộ), studyFund (dòng họ), promotionBranch (thôn)",
                                request: "GroupFacts", response: "GroupFacts")) { [unowned self] ctx in
                let body = try ctx.body(allowed: Set(Ruleset.facts.keys))
                var facts: [String: Bool?] = [:]
                for (key, value) in body.fields {
                    guard value == .null || value.boolValue != nil else { throw HTTPError.invalid(key, "Cần true, false hoặc null.") }
                    facts[key] = value.boolValue
                }
                return .json(JSONValue.object(try store.setGroupFacts(kind: kind, id: ctx.param("id"), year: Handlers.year(ctx.param("year")),
                                                                      facts: facts, actor: ctx.user).mapValues { .bool($0) }))
            }
        }
    }
}

extension RulesetEntry: JSONShape {
    public static let schemaName = "RulesetEntry"
    public static let fields: [ShapeField<RulesetEntry>] = [
        .string("id", \.id), .moment("loadedAt", \.loadedAt), .string("loadedBy", \.loadedBy), .string("name", \.name),
        .int("version", \.version), .integers("years", \.years),
    ]
}
