import Foundation
import Glibc
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The export under the faults a box in a commune meets: power cuts, a full disk, an
/// association that fails or never answers.
@Suite(.serialized) struct ExportFaultTests {
    func demoData(learners: Int = 300) throws -> String {
        let data = temporaryDirectory("lc-export")
        let demo = try runCommand(["demo", "--data", data])
        guard demo.status == 0 else { throw TestFailure("demo: \(demo.stderr)") }
        return data
    }

    func readyBundles(_ store: Store) throws -> [ExportRecord] {
        try store.exports().filter { $0.status == .ready }.sorted { $0.sequence < $1.sequence }
    }

    @Test func aPowerCutDuringExportNeverLeavesAPartialBundleCountedAsDone() throws {
        let data = try demoData()
        let outbox = data + "/outbox"
        var random = SplitMix(seed: 5)
        for round in 0..<12 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binaryPath)
            process.arguments = ["export", "--data", data, "--rulesets", repositoryRoot + "/rulesets", "--usb-roots", data + "/no-usb"] + (round % 3 == 0 ? ["--full"] : [])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(20_000 + random.next(600_000)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // Whatever carries a bundle's name is whole, and counted only when whole.
            let store = try Store(dataDirectory: data, quickCheck: false)
            let ready = Set(try readyBundles(store).map(\.name))
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: outbox)) ?? [] where entry.hasSuffix(".tar.gz") && !entry.hasPrefix(".") {
                let name = String(entry.dropLast(7))
                let check = try runCommand(["verify-export", outbox + "/" + entry])
                #expect(check.status == 0, "round \(round): \(entry) is not whole: \(check.stderr)")
                if !ready.contains(name) {
                    // Renamed just before the kill, not yet marked ready: the next export removes it and reuses its number.
                    #expect(try store.exports().contains { $0.name == name && $0.status == .writing }, "round \(round): \(entry) has no record")
                }
            }
        }
        let finished = try runCommand(["export", "--data", data, "--rulesets", repositoryRoot + "/rulesets", "--usb-roots", data + "/no-usb"])
        #expect(finished.status == 0, "\(finished.stderr)")
        let store = try Store(dataDirectory: data)
        let ready = try readyBundles(store)
        #expect(ready.map(\.sequence) == Array(1...ready.count), "numbers without gaps: \(ready.map(\.sequence))")
        #expect(try store.exports().allSatisfy { $0.status != .writing })
        #expect(try store.exports().contains { $0.status == .failed }, "some kill did land in the middle of an export")
        // The chain of bundles gives the association every record.
        let association = try makeAssociation(registering: [store])
        let outcomes = try association.importBundles(ready.map(\.tarballPath))
        #expect(outcomes.allSatisfy { $0.kind == .applied }, "\(outcomes.map(\.message))")
        let year = Timestamps.currentYear()
        #expect(try association.centreTotals(year: year)[try store.centreId()] == (try store.ownTotals(year: year)))
    }

    @Test func aFullDiskFailsWithAMessageAndTheNextExportTakesTheSameNumber() throws {
        let data = try demoData()
        // The key and the criteria are in place; then a file-size limit makes every write past
        // 300 kB fail as a full disk would: the database's small writes fit, the check-ins do not.
        #expect(try runCommand(["export", "--print-public-key", "--data", data]).status == 0)
        let limited = try runCommand(["--fsize=300000", binaryPath, "export", "--data", data, "--rulesets", repositoryRoot + "/rulesets"],
                                     executable: "/usr/bin/prlimit")
        #expect(limited.status == 1)
        #expect(limited.stderr.contains("không ghi được") && limited.stderr.contains(".csv") && limited.stderr.contains("ổ đĩa đã đầy"),
                "names the file and says what to do: \(limited.stderr)")
        let store = try Store(dataDirectory: data, quickCheck: false)
        #expect(try store.exports().first?.status == .failed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: data + "/outbox").isEmpty, "no partial files left")
        let next = try runCommand(["export", "--data", data, "--rulesets", repositoryRoot + "/rulesets"])
        #expect(next.status == 0, "\(next.stderr)")
        #expect(try readyBundles(store).map(\.sequence) == [1])
    }

    @Test func anAssociationThatFailsOrNeverAnswersIsTriedAgainLaterAndNothingIsLost() throws {
        let centre = try makeStore()
        try centre.installRulesets(from: repositoryRoot + "/rulesets")
        _ = try DemoCommune(learnerCount: 30).fill(centre)
        let failing = try FakeAssociation(answer: "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\nerror")
        var settings = try centre.settings()
        settings.pushURL = "http://127.0.0.1:\(failing.port)"
        try centre.saveSettings(settings, actor: nil)
        let first = try centre.exportForTest()
        var delivery = Delivery(store: centre, usbRoots: [])
        delivery.pushTimeout = 600  // the failing one answers at once, however loaded the machine
        let now = Store.nowMillis()
        _ = delivery.run(now: now)
        var record = try #require(try centre.export(id: first.id))
        #expect(record.pushStatus == .retrying && record.pushAttempts == 1 && record.pushError?.contains("500") == true, "\(record)")
        #expect(record.nextPushAt == now + 60_000, "tried again in a minute")
        _ = delivery.run(now: now + 1_000)
        #expect(try centre.export(id: first.id)?.pushAttempts == 1, "not before its time")

        let silent = try FakeAssociation(answer: nil)
        settings.pushURL = "http://127.0.0.1:\(silent.port)"
        try centre.saveSettings(settings, actor: nil)
        delivery.pushTimeout = 2  // the silent one never answers: its timeout is the point
        _ = delivery.run(now: now + 61_000)
        record = try #require(try centre.export(id: first.id))
        #expect(record.pushStatus == .retrying && record.pushAttempts == 2, "a timeout counts as a failure: \(record.pushError ?? "")")
        #expect(record.nextPushAt == now + 61_000 + 120_000, "and the wait grows")
        // The clock went back a day: the wait does not become a day longer.
        _ = delivery.run(now: now - 86_400_000)
        #expect(try centre.export(id: first.id)?.pushAttempts == 3)

        // The association comes up: the bundles arrive in order, through its HTTP door.
        let association = try Daemon(command: ["association", "serve"])
        let registered = try runCommand(["association", "register-centre", "--data", association.data, "--id", try centre.centreId(),
                                         "--key", try centre.centreKey().publicKeyBase64, "--name", "Trung tâm Minh Họa"])
        #expect(registered.status == 0, "\(registered.stderr)")
        try centre.write { db in try db.execute(sql: "UPDATE learners SET notes = 'mới' WHERE seq = 1") }
        let second = try centre.exportForTest()
        settings.pushURL = "http://127.0.0.1:\(association.port)"
        try centre.saveSettings(settings, actor: nil)
        // A real answer may take long on a loaded machine: only the silent one above had to time out.
        delivery.pushTimeout = 600
        let said = delivery.run(now: now + 10 * 3_600_000)
        #expect(try centre.export(id: first.id)?.pushStatus == .sent, "\(said)")
        #expect(try centre.export(id: second.id)?.pushStatus == .sent, "\(said)")
        let listed = try runCommand(["association", "centres", "--data", association.data])
        #expect(listed.stdout.contains("đã nhập đến gói số 2"), "\(listed.stdout)")
        // A bundle pushed again is taken as already received.
        let again = try runCommand(["-s", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@" + second.tarballPath,
                                    "-H", "Content-Type: application/gzip", "http://127.0.0.1:\(association.port)/api/association/bundles"],
                                   executable: "/usr/bin/curl")
        #expect(again.stdout == "200")
    }

    @Test func bundlesAreCopiedToAUSBStickCarryingTheMarkerFolder() throws {
        let centre = try makeStore()
        try centre.installRulesets(from: repositoryRoot + "/rulesets")
        _ = try DemoCommune(learnerCount: 10).fill(centre)
        let first = try centre.exportForTest()
        let media = temporaryDirectory("lc-media")
        try FileManager.default.createDirectory(atPath: media + "/user/STICK", withIntermediateDirectories: true)
        let delivery = Delivery(store: centre, usbRoots: [media])
        _ = delivery.run()
        #expect(try centre.export(id: first.id)?.usbCopiedAt == nil, "a stick without the marker folder is left alone")
        try FileManager.default.createDirectory(atPath: media + "/user/STICK/" + Delivery.usbMarker, withIntermediateDirectories: true)
        _ = delivery.run()
        let copied = media + "/user/STICK/\(Delivery.usbMarker)/\(first.name).tar.gz"
        #expect(FileManager.default.fileExists(atPath: copied))
        #expect(try centre.export(id: first.id)?.usbPath == copied)
        #expect(try runCommand(["verify-export", copied]).status == 0)
    }
}

/// A listener on a free port that answers every connection with `answer`, or never answers.
final class FakeAssociation: @unchecked Sendable {
    let port: UInt16
    private let socketFD: Int32

    init(answer: String?) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        socketFD = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw TestFailure("fake association: cannot listen") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread {
            var held: [Int32] = []
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                guard let answer else { held.append(client); continue }
                // Read the whole request (until the sender pauses), then answer.
                var wait = timeval(tv_sec: 0, tv_usec: 300_000)
                setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
                var buffer = [UInt8](repeating: 0, count: 65536)
                while read(client, &buffer, buffer.count) > 0 {}
                _ = answer.withCString { write(client, $0, strlen($0)) }
                close(client)
            }
        }
    }

    deinit { shutdown(socketFD, Int32(SHUT_RDWR)); close(socketFD) }
}
