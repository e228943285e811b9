import Foundation
import Glibc
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The real binary on a free port, driven over sockets.
@Suite(.serialized) struct DaemonTests {
    @Test func servesHealthPagesAndSecurityHeaders() throws {
        let daemon = try Daemon()
        let health = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/health")
        #expect(health.status == 200)
        #expect(try JSONValue.parse(health.body)["database"] == .string("ok"))
        for name in ["content-security-policy", "x-content-type-options", "referrer-policy"] {
            #expect(health.headers[name] != nil, "missing \(name)")
        }
        let page = try RawHTTP.request(port: daemon.port, method: "GET", path: "/manage/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["content-security-policy"]?.contains("default-src 'self'") == true)
        let etag = try #require(page.headers["etag"])
        #expect(try RawHTTP.request(port: daemon.port, method: "GET", path: "/manage/", headers: ["If-None-Match": etag]).status == 304)
        let head = try RawHTTP.request(port: daemon.port, method: "HEAD", path: "/manage/")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
    }

    @Test(arguments: ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/manage/..%2f..%2fPackage.swift", "/%2e%2e%2fPackage.swift"])
    func refusesTraversal(_ path: String) throws {
        let daemon = try Daemon()
        let answer = try RawHTTP.request(port: daemon.port, method: "GET", path: path)
        #expect(answer.status == 400 || answer.status == 404)
        #expect(!answer.text.contains("root:") && !answer.text.contains("PackageDescription"))
    }

    @Test func loginAndCSRFOverTheWire() throws {
        let daemon = try Daemon()
        try daemon.addManager()
        let (cookie, csrf) = try daemon.login()
        let village = try RawHTTP.request(port: daemon.port, method: "POST", path: "/api/villages",
                                          headers: ["Cookie": cookie, "Content-Type": "application/json"], body: Array(#"{"name":"Thôn A"}"#.utf8))
        #expect(village.status == 403)
        let ok = try RawHTTP.request(port: daemon.port, method: "POST", path: "/api/villages",
                                     headers: ["Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"],
                                     body: Array(#"{"name":"Thôn A"}"#.utf8))
        #expect(ok.status == 201)
        let search = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/villages?q=th%C3%B4n+a", headers: ["Cookie": cookie])
        #expect(try JSONValue.parse(search.body)["items"]?.arrayValue?.count == 1)
    }

    @Test func refusesBodiesOverOneMebibyte() throws {
        let daemon = try Daemon()
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: (1 << 20) + 10)
        let declared = try RawHTTP.request(port: daemon.port, method: "POST", path: "/api/auth/login",
                                           headers: ["Content-Type": "application/json"], body: big)
        #expect(declared.status == 413)
        // Chunked: no length announced, counted as it arrives.
        let fd = try RawHTTP.connect(port: daemon.port)
        defer { close(fd) }
        try RawHTTP.send(fd, Array("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".utf8))
        for _ in 0..<20 {
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 65536)
            try RawHTTP.send(fd, Array("10000\r\n".utf8) + chunk + Array("\r\n".utf8))
        }
        try RawHTTP.send(fd, Array("0\r\n\r\n".utf8))
        #expect(try RawHTTP.readAnswer(fd).status == 413)
        #expect(try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/health").status == 200)
    }

    @Test func aStalledBodyIsDroppedAndOthersAreServed() throws {
        let daemon = try Daemon(arguments: ["--connection-timeout", "2"])
        let fd = try RawHTTP.connect(port: daemon.port, timeout: 15)
        defer { close(fd) }
        try RawHTTP.send(fd, Array("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user".utf8))
        #expect(try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/health").status == 200)
        let started = Date()
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, 0)  // the daemon closes the connection after its timeout
        #expect(n <= 0)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aThousandIdleConnectionsDoNotKeepAClientOut() throws {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue)), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(__rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue)), &limit)
        let daemon = try Daemon()
        var idle: [Int32] = []
        defer { idle.forEach { close($0) } }
        for _ in 0..<1000 { idle.append(try RawHTTP.connect(port: daemon.port)) }
        let answer = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/health")
        #expect(answer.status == 200)
    }

    @Test func stopsCleanlyOnSIGTERM() throws {
        let daemon = try Daemon()
        let keepAlive = try RawHTTP.connect(port: daemon.port)
        defer { close(keepAlive) }
        try RawHTTP.send(keepAlive, Array("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(try RawHTTP.readAnswer(keepAlive).status == 200)
        let (status, seconds) = daemon.stop()
        #expect(status == 0)
        #expect(seconds < 5)
    }

    @Test func refusesASecondDaemonOnTheSameData() throws {
        let daemon = try Daemon()
        let second = try runCommand(["serve", "--data", daemon.data, "--www", wwwDirectory, "--port", "0"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("đang chạy"))
    }
}
