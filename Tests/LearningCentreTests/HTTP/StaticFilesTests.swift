import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

@Suite struct StaticFilesTests {
    let root: String
    let files: StaticFiles

    init() throws {
        let base = temporaryDirectory("lc-static")
        root = base + "/www"
        try FileManager.default.createDirectory(atPath: root + "/manage", withIntermediateDirectories: true)
        try "<h1>hi</h1>".write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        try "body{}".write(toFile: root + "/manage/app.css", atomically: true, encoding: .utf8)
        try "<p>m</p>".write(toFile: root + "/manage/index.html", atomically: true, encoding: .utf8)
        try "secret".write(toFile: base + "/secret.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/leak.txt", withDestinationPath: base + "/secret.txt")
        files = StaticFiles(root: root)
    }

    func get(_ path: String, headers: [String: String] = [:]) -> HTTPResponse {
        files.respond(to: HTTPRequest(method: "GET", path: path, headers: headers))
    }

    @Test func servesFilesWithTypes() {
        #expect(get("/").status == 200)
        #expect(get("/").header("Content-Type") == "text/html; charset=utf-8")
        #expect(get("/manage/app.css").header("Content-Type") == "text/css; charset=utf-8")
        #expect(get("/manage/").bodyText == "<p>m</p>")
        #expect(get("/manage").status == 301)
        #expect(get("/manage").header("Location") == "/manage/")
        // Never a link to another host ("//manage/" is one to a browser).
        #expect(get("//manage").header("Location") == "/manage/")
        #expect(get("///manage").header("Location") == "/manage/")
    }

    @Test(arguments: ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/manage/..%2f..%2fsecret.txt",
                      "/manage%2f..%2f..%2fsecret.txt", "/leak.txt", "/..\\secret.txt", "//etc/passwd", "/%00index.html",
                      "/.hidden", "/etc/passwd"])
    func refusesEscapes(_ path: String) {
        let response = get(path)
        #expect(response.status == 400 || response.status == 404, "\(path) gave \(response.status)")
        #expect(!response.bodyText.contains("secret"))
    }

    @Test func answersNotModified() {
        let first = get("/index.html")
        let etag = first.header("ETag")!
        #expect(get("/index.html", headers: ["If-None-Match": etag]).status == 304)
    }

    @Test func refusesWrites() {
        #expect(files.respond(to: HTTPRequest(method: "POST", path: "/index.html")).status == 405)
    }
}
