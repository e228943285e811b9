import Foundation
import Glibc
import Synchronization
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// Nothing acknowledged is lost: registrations in flight, the daemon killed with SIGKILL among
/// them, restarted; every registration that got a 2xx is there and the database is sound.
@Suite(.serialized) struct DurabilityTests {
    @Test func acknowledgedRegistrationsSurviveSIGKILL() throws {
        let daemon = try Daemon()
        try daemon.addManager()
        let (cookie, csrf) = try daemon.login()
        let village = try RawHTTP.request(port: daemon.port, method: "POST", path: "/api/villages",
                                          headers: ["Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"],
                                          body: Array(#"{"name":"Thôn Bền Vững"}"#.utf8))
        let villageId = try #require(try JSONValue.parse(village.body)["id"]?.stringValue)
        let acknowledged = Mutex<[String]>([])
        let port = daemon.port
        let go = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        var threads: [Thread] = []
        for i in 0..<200 {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                go.wait()
                let body = #"{"fullName":"Người Học \#(i)","gender":"other","birthYear":1970,"villageId":"\#(villageId)","confirmDistinct":true}"#
                guard let answer = try? RawHTTP.request(port: port, method: "POST", path: "/api/learners",
                                                        headers: ["Cookie": cookie, "X-CSRF-Token": csrf, "Content-Type": "application/json"],
                                                        body: Array(body.utf8)),
                      (200..<300).contains(answer.status),
                      let id = try? JSONValue.parse(answer.body)["id"]?.stringValue else { return }
                acknowledged.withLock { $0.append(id) }
            }
            threads.append(thread)
            thread.start()
        }
        for _ in 0..<200 { go.signal() }
        // Kill once some are acknowledged and others are surely still in flight.
        let deadline = Date().addingTimeInterval(10)
        while acknowledged.withLock({ $0.count }) < 40 && Date() < deadline { usleep(1_000) }
        daemon.kill9()
        group.wait()
        let ids = acknowledged.withLock { $0 }
        try daemon.start()
        for id in ids {
            let read = try RawHTTP.request(port: daemon.port, method: "GET", path: "/api/learners/\(id)", headers: ["Cookie": cookie])
            #expect(read.status == 200, "acknowledged learner \(id) is missing after SIGKILL")
        }
        _ = daemon.stop()
        let check = try runCommand(["check", "--data", daemon.data])
        #expect(check.status == 0, "\(check.stderr)")
        print("durability: \(ids.count) of 200 registrations acknowledged before SIGKILL; all present after restart")
    }
}
