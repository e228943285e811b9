import Foundation
import Glibc
import Synchronization
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// What a stranger on the LAN can send without a password (issue 16), against the real daemon:
/// bodies it never finishes, bodies where none is taken, floods, uploads. The daemon survives,
/// its memory stays bounded, and a fresh client is served.
@Suite(.serialized) struct StrangerTests {
    static func raiseFileLimit() {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue)), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(__rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue)), &limit)
    }

    @Test func aBodyWhereNoneIsTakenIsRefusedAtTheHeaders() throws {
        let daemon = try Daemon()
        // Announced, never sent: the answer comes at once, without waiting for the body.
        let fd = try RawHTTP.connect(port: daemon.port, timeout: 5)
        defer { close(fd) }
        try RawHTTP.send(fd, Array("POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n".utf8))
        let answer = try RawHTTP.readAnswer(fd)
        #expect(answer.status == 413)
        #expect(answer.text.contains("body_not_expected"))
        // Over the route's limit: refused at the headers too (the body is never sent).
        let big = try RawHTTP.connect(port: daemon.port, timeout: 5)
        defer { close(big) }
        try RawHTTP.send(big, Array("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n".utf8))
        let tooBig = try RawHTTP.readAnswer(big)
        #expect(tooBig.status == 413 && tooBig.text.contains("1 MiB"))
    }

    /// 1,500 bodies of 1 MiB announced and never finished: past the budget they get 503 at once;
    /// the daemon's memory grows by a few megabytes, not gigabytes; a fresh client is served.
    @Test func unfinishedBodiesGetABudgetNotTheMemory() throws {
        StrangerTests.raiseFileLimit()
        let daemon = try Daemon()
        let before = daemon.memory().now
        var open: [Int32] = []
        defer { open.forEach { close($0) } }
        var busy = 0
        for index in 0..<1500 {
            let fd = try RawHTTP.connect(port: daemon.port, timeout: 5, from: "127.0.0.\(2 + index % 200)")
            open.append(fd)
            try RawHTTP.send(fd, Array("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n".utf8)
                             + [UInt8](repeating: 32, count: 32_000))
        }
        // The budget (32 MiB) holds 32 of them; every other one is answered 503 (waited for with
        // poll, however slow the machine; the 32 held wait for their bodies).
        var waiting = Set(open)
        let deadline = Date().addingTimeInterval(120)
        while busy < 1468 && Date() < deadline {
            var fds = waiting.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 1000) > 0 else { continue }
            for ready in fds where ready.revents != 0 {
                waiting.remove(ready.fd)
                var peek = [UInt8](repeating: 0, count: 64)
                let n = recv(ready.fd, &peek, peek.count, 0)
                if n > 0 && String(decoding: peek[0..<n], as: UTF8.self).contains(" 503 ") { busy += 1 }
            }
        }
        #expect(busy == 1468, "\(busy) of 1500 were told the daemon is busy")
        #expect(try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/health").status == 200)
        let grown = daemon.memory().peak - before
        #expect(grown < 100 << 20, "memory grew by \(grown >> 20) MB")
    }

    /// A chunked body past the limit: a little over gets its 413; a flood is cut off after a
    /// couple of megabytes, never read to its end.
    @Test func aChunkedFloodIsCutOff() throws {
        let daemon = try Daemon()
        let piece = Array("10000\r\n".utf8) + [UInt8](repeating: 97, count: 65536) + Array("\r\n".utf8)
        let head = Array("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        let little = try RawHTTP.connect(port: daemon.port, timeout: 10)
        defer { close(little) }
        try RawHTTP.send(little, head)
        for _ in 0..<20 { try RawHTTP.send(little, piece) }
        try RawHTTP.send(little, Array("0\r\n\r\n".utf8))
        #expect(try RawHTTP.readAnswer(little).status == 413)
        let flood = try RawHTTP.connect(port: daemon.port, timeout: 10)
        defer { close(flood) }
        try RawHTTP.send(flood, head)
        var sent = 0
        while sent < 1 << 30 {
            guard (try? RawHTTP.send(flood, piece)) != nil else { break }
            sent += piece.count
        }
        #expect(sent < 64 << 20, "the daemon read \(sent >> 20) MiB of a flood")
        #expect(try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/health").status == 200)
    }

    /// Uploads to the association go to the disk as they come, never to memory; past four at
    /// once the daemon says it is busy; one over the limit is refused at its headers with the
    /// limit it has (256 MiB), not the centre's.
    @Test func uploadsToTheAssociationAreStreamedToDisk() throws {
        let association = try Daemon(arguments: ["--connection-timeout", "3"], command: ["association", "serve"])
        let head = { (length: Int) in
            Array("POST /api/association/bundles HTTP/1.1\r\nHost: x\r\nContent-Type: application/gzip\r\nContent-Length: \(length)\r\n\r\n".utf8)
        }
        let tooBig = try RawHTTP.connect(port: association.port, timeout: 5)
        defer { close(tooBig) }
        try RawHTTP.send(tooBig, head(300 << 20))
        let refused = try RawHTTP.readAnswer(tooBig)
        #expect(refused.status == 413 && refused.text.contains("256 MiB"), "\(refused.text)")
        let before = association.memory().now
        var uploads: [Int32] = []
        defer { uploads.forEach { close($0) } }
        let block = [UInt8](repeating: 0x55, count: 1 << 20)
        for _ in 0..<4 {
            let fd = try RawHTTP.connect(port: association.port, timeout: 10)
            uploads.append(fd)
            try RawHTTP.send(fd, head(200 << 20))
            for _ in 0..<40 { try RawHTTP.send(fd, block) }
        }
        let fifth = try RawHTTP.connect(port: association.port, timeout: 10)
        defer { close(fifth) }
        try RawHTTP.send(fifth, head(10 << 20))
        #expect(try RawHTTP.readAnswer(fifth).status == 503)
        let grown = association.memory().peak - before
        #expect(grown < 60 << 20, "160 MiB uploaded; memory grew by \(grown >> 20) MB")
        let spooled = try FileManager.default.contentsOfDirectory(atPath: association.data + "/inbox").filter { $0.hasPrefix(".upload-") }
        #expect(spooled.count == 4)
        uploads.forEach { close($0) }
        uploads = []
        // Cut off mid-way: the half-received files are removed (at the latest when the connection
        // times out, 3 s here).
        var left = spooled.count
        for _ in 0..<600 where left > 0 {
            usleep(100_000)
            left = (try? FileManager.default.contentsOfDirectory(atPath: association.data + "/inbox").filter { $0.hasPrefix(".upload-") }.count) ?? 0
        }
        #expect(left == 0)
    }

    /// 600 connections from 200 addresses trickling a header line at a time, twice the limit:
    /// the kiosk and a fresh client from the office are still served; every trickler is cut
    /// off once the header deadline passes; one address cannot hold more than its share.
    @Test func tricklersDoNotKeepAnyoneOut() throws {
        StrangerTests.raiseFileLimit()
        let daemon = try Daemon(arguments: ["--connection-limit", "300", "--header-timeout", "2"])
        var tricklers: [Int32] = []
        defer { tricklers.forEach { close($0) } }
        for index in 0..<600 {
            guard let fd = try? RawHTTP.connect(port: daemon.port, timeout: 5, from: "127.0.0.\(2 + index % 200)") else { continue }
            tricklers.append(fd)
            _ = try? RawHTTP.send(fd, Array("GET /api/health HTTP/1.1\r\n".utf8))
        }
        for round in 0..<3 {
            for fd in tricklers { _ = try? RawHTTP.send(fd, Array("X-Round: \(round)\r\n".utf8)) }
            #expect(try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/health").status == 200)  // the kiosk
            let office = try RawHTTP.connect(port: daemon.port, timeout: 10, from: "127.0.0.250")
            defer { close(office) }
            try RawHTTP.send(office, Array("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(try RawHTTP.readAnswer(office).status == 200)
        }
        // Past the deadline, every trickler is cut off (waited for, however slow the machine).
        var cut = Set<Int32>()
        let deadline = Date().addingTimeInterval(60)
        while cut.count < tricklers.count && Date() < deadline {
            for fd in tricklers where !cut.contains(fd) {
                var byte: UInt8 = 0
                let n = recv(fd, &byte, 1, Int32(MSG_DONTWAIT))
                if n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { cut.insert(fd) }
            }
            usleep(200_000)
        }
        #expect(cut.count == tricklers.count, "\(tricklers.count - cut.count) tricklers still connected")
        // One address holds at most 64 connections: each of 100 asks at once; 64 are answered,
        // the others closed unanswered.
        var many: [Int32] = []
        defer { many.forEach { close($0) } }
        for _ in 0..<100 { if let fd = try? RawHTTP.connect(port: daemon.port, timeout: 10, from: "127.0.0.222") { many.append(fd) } }
        for fd in many { _ = try? RawHTTP.send(fd, Array("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n".utf8)) }
        var answered = 0, refused = 0
        for fd in many {
            if let answer = try? RawHTTP.readAnswer(fd), answer.status == 200 { answered += 1 } else { refused += 1 }
        }
        #expect(answered == 64, "\(answered) of 100 connections from one address were served")
        #expect(refused == 36)
    }

    /// Forty wrong passwords at once from a stranger: five are checked (401), the rest wait
    /// (429); the manager still logs in from the box.
    @Test func guessesAtOnceGetFiveTriesAndTheManagerStillGetsIn() throws {
        let daemon = try Daemon()
        try daemon.addManager()
        let statuses = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 40) { _ in
            let body = Array(#"{"username":"quanly","password":"doan-mo"}"#.utf8)
            let status = (try? { () throws -> Int in
                let fd = try RawHTTP.connect(port: daemon.port, timeout: 30, from: "127.0.0.77")
                defer { close(fd) }
                try RawHTTP.send(fd, Array("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
                return try RawHTTP.readAnswer(fd).status
            }()) ?? 0
            statuses.withLock { $0.append(status) }
        }
        let all = statuses.withLock { $0 }
        #expect(all.filter { $0 == 401 }.count == 5)
        #expect(all.filter { $0 == 429 }.count == 35)
        #expect(throws: Never.self) { _ = try daemon.login() }
    }

    /// A new password from the command line ends the running daemon's sessions at once, even
    /// those it answers from memory.
    @Test func aNewPasswordEndsSessionsAtOnce() throws {
        let daemon = try Daemon()
        try daemon.addManager()
        let login = try daemon.login()
        let me = { try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/auth/me", headers: ["Cookie": login.cookie]).status }
        #expect(try me() == 200)
        #expect(try me() == 200)  // now answered from memory
        let changed = try runCommand(["user", "passwd", "quanly", "--password-stdin", "--data", daemon.data], stdin: "mat-khau-moi-dai\n")
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(try me() == 401)
    }
}
