import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct RouterTests {
    func router() -> Router {
        var router = Router()
        for (method, pattern) in [("GET", "/api/learners"), ("POST", "/api/learners"), ("GET", "/api/learners/{id}"),
                                  ("POST", "/api/learners/import"), ("POST", "/api/learners/{id}/archive")] {
            router.add(method, pattern, .staff, RouteDoc(pattern)) { _ in .text(pattern) }
        }
        return router
    }

    @Test(arguments: [
        ("GET", "/api/learners", "/api/learners", [:]),
        ("GET", "/api/learners/abc", "/api/learners/{id}", ["id": "abc"]),
        ("HEAD", "/api/learners/abc", "/api/learners/{id}", ["id": "abc"]),
        ("POST", "/api/learners/import", "/api/learners/import", [:]),
        ("POST", "/api/learners/a%20b/archive", "/api/learners/{id}/archive", ["id": "a b"]),
        ("GET", "/api/learners/", "/api/learners", [:]),
    ])
    func matches(_ method: String, _ path: String, _ pattern: String, _ params: [String: String]) {
        guard case .found(let route, let found) = router().match(method: method, path: path) else {
            Issue.record("no match for \(method) \(path)"); return
        }
        #expect(route.pattern == pattern)
        #expect(found == params)
    }

    @Test func literalBeatsParameter() {
        guard case .found(let route, _) = router().match(method: "POST", path: "/api/learners/import") else { Issue.record("no match"); return }
        #expect(route.pattern == "/api/learners/import")
    }

    @Test func tellsMethodNotAllowed() {
        guard case .methodNotAllowed(let allowed) = router().match(method: "DELETE", path: "/api/learners/x") else {
            Issue.record("expected 405"); return
        }
        #expect(allowed == ["GET"])
    }

    @Test(arguments: ["/api/nothing", "/api/learners/a/b/c", "/api/learners/a%2Fb/archive"])
    func refuses(_ path: String) {
        guard case .notFound = router().match(method: "GET", path: path) else { Issue.record("expected 404 for \(path)"); return }
    }
}
