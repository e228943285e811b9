import Foundation
import GRDB
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// What a stranger can upload to the association instead of a bundle (issue 16): each is
/// refused within bounds, set aside with its reason, never imported again, and leaves nothing on
/// the disk. The bundles are built with the system's tar, as an attacker would.
@Suite struct HostileBundleTests {
    /// Packs `folder` (inside `root`) with `tar` and the given options.
    func pack(_ root: String, _ folder: String, options: [String] = []) throws -> String {
        let out = root + "/\(folder).tar.gz"
        let result = try runCommand(["-czf", out] + options + ["-C", root, folder], executable: "/usr/bin/tar")
        #expect(result.status == 0, "\(result.stderr)")
        return out
    }

    func diskUse(_ path: String) throws -> Int {
        let result = try runCommand(["-sk", path], executable: "/usr/bin/du")
        return (Int(result.stdout.split(separator: "\t").first ?? "0") ?? 0) * 1024
    }

    /// One refusal: its words plain (no paths, no English from tar), the file in the quarantine
    /// with a note, nothing left in the inbox or in unpacking folders.
    func expectRefused(_ association: Store, _ path: String, saying words: String) throws {
        let outcomes = try association.receiveBundles([path])
        #expect(outcomes.map(\.kind) == [.refused])
        let message = outcomes.first?.message ?? ""
        #expect(message.contains(words), "\(message)")
        #expect(!message.contains("/tmp") && !message.contains("tar:") && !message.lowercased().contains("error"), "\(message)")
        #expect(association.waitingInInbox() == 0)
        let set = try FileManager.default.contentsOfDirectory(atPath: association.bundleInbox.quarantine)
        #expect(set.contains { $0.hasSuffix(".txt") })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: association.dataDirectory).filter { $0.hasPrefix(".import-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aSparseThreeGigabyteManifestIsRefusedAtItsHeader() throws {
        let centre = try makeStore()
        let association = try makeAssociation(registering: [centre])
        let root = temporaryDirectory("lc-hostile")
        try FileManager.default.createDirectory(atPath: root + "/x", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: root + "/x/manifest.json", contents: nil))
        #expect(truncate(root + "/x/manifest.json", 3 << 30) == 0)
        let upload = try pack(root, "x", options: ["--sparse"])
        #expect(try FileManager.default.attributesOfItem(atPath: upload)[.size] as? Int ?? 0 < 10_000)
        try expectRefused(association, upload, saying: "lớn bất thường")
        #expect(try diskUse(association.dataDirectory) < 20 << 20)
    }

    @Test func aGzipBombIsRefusedBeforeItIsWritten() throws {
        let centre = try makeStore()
        let association = try makeAssociation(registering: [centre])
        let root = temporaryDirectory("lc-hostile")
        try FileManager.default.createDirectory(atPath: root + "/bomb", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: root + "/bomb/learners.csv", contents: nil))
        #expect(truncate(root + "/bomb/learners.csv", 300 << 20) == 0)  // 300 MiB of zeros, stored whole (no --sparse)
        let upload = try pack(root, "bomb")
        #expect(try FileManager.default.attributesOfItem(atPath: upload)[.size] as? Int ?? 0 < 1 << 20)
        try expectRefused(association, upload, saying: "lớn bất thường")
        #expect(try diskUse(association.dataDirectory) < 20 << 20)
    }

    @Test(arguments: ["link", "deep", "junk", "two", "unsigned", "extra"])
    func oddArchivesAreRefusedInPlainWords(_ kind: String) throws {
        let centre = try makeStore()
        let association = try makeAssociation(registering: [centre])
        let root = temporaryDirectory("lc-hostile")
        let upload: String
        switch kind {
        case "link":
            try FileManager.default.createDirectory(atPath: root + "/b", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: root + "/b/manifest.json", withDestinationPath: "/etc/passwd")
            upload = try pack(root, "b")
        case "deep":
            try FileManager.default.createDirectory(atPath: root + "/b/c", withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: root + "/b/c/learners.csv", contents: Data("x".utf8))
            upload = try pack(root, "b")
        case "junk":
            upload = root + "/junk.tar.gz"
            _ = FileManager.default.createFile(atPath: upload, contents: Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        case "two":
            for folder in ["b", "c"] {
                try FileManager.default.createDirectory(atPath: root + "/\(folder)", withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: root + "/\(folder)/manifest.json", contents: Data("{}".utf8))
            }
            upload = root + "/two.tar.gz"
            #expect(try runCommand(["-czf", upload, "-C", root, "b", "c"], executable: "/usr/bin/tar").status == 0)
        default:
            // A real bundle, then its manifest changed ("unsigned") or a file added ("extra").
            let record = try centre.exportForTest()
            let copy = root + "/" + record.name
            try FileManager.default.copyItem(atPath: record.folder, toPath: copy)
            if kind == "unsigned" {
                let manifest = copy + "/manifest.json"
                let text = try String(contentsOfFile: manifest, encoding: .utf8).replacingOccurrences(of: "\"sequence\" : 1", with: "\"sequence\" : 9")
                try text.write(toFile: manifest, atomically: true, encoding: .utf8)
            } else {
                _ = FileManager.default.createFile(atPath: copy + "/extra.csv", contents: Data("a,b\n".utf8))
            }
            upload = try pack(root, record.name)
        }
        let words = ["link": "không phải tệp thường", "deep": "đường dẫn không hợp lệ", "junk": "không phải gói dữ liệu",
                     "two": "đúng một thư mục", "unsigned": "chữ ký", "extra": "tệp lạ"][kind]!
        try expectRefused(association, upload, saying: words)
        #expect(try association.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM association_bundles") } == 0)
    }

    /// A bundle that stopped the program while it was opened (its mark is still there) is set
    /// aside at the next import, not opened again; a sound bundle beside it is applied.
    @Test func aBundleThatStoppedTheProgramIsSetAsideNotRetried() throws {
        let centre = try makeStore()
        let association = try makeAssociation(registering: [centre])
        let first = try centre.exportForTest(), second = try centre.exportForTest()
        try FileManager.default.createDirectory(atPath: association.inbox, withIntermediateDirectories: true)
        let stuck = association.inbox + "/stuck.tar.gz"
        try FileManager.default.copyItem(atPath: first.tarballPath, toPath: stuck)
        _ = FileManager.default.createFile(atPath: Store.openingMark(stuck), contents: nil)
        let outcomes = try association.receiveBundles([second.tarballPath])
        #expect(outcomes.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.refused, .waiting])
        #expect(outcomes.first { $0.kind == .refused }?.message.contains("dừng giữa chừng") == true)
        #expect(!FileManager.default.fileExists(atPath: stuck) && !FileManager.default.fileExists(atPath: Store.openingMark(stuck)))
        // Sent again by the centre, the first bundle is applied and the second follows.
        let again = try association.receiveBundles([first.tarballPath])
        #expect(again.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.applied, .applied])
    }

    /// Leftovers of an unpacking cut short (even a folder without write permission) and of a
    /// half-received upload are removed when the association starts.
    @Test func leftoversAreSweptAtStart() throws {
        let association = try makeAssociation(registering: [])
        let stuck = association.dataDirectory + "/.import-old/bundle"
        try FileManager.default.createDirectory(atPath: stuck, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: stuck + "/big.csv", contents: Data(repeating: 0, count: 1 << 20))
        #expect(chmod(stuck, 0o500) == 0 && chmod(association.dataDirectory + "/.import-old", 0o500) == 0)
        try FileManager.default.createDirectory(atPath: association.inbox, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: association.inbox + "/.upload-half", contents: Data(repeating: 1, count: 1000))
        association.sweepImportLeftovers()
        #expect(!FileManager.default.fileExists(atPath: association.dataDirectory + "/.import-old"))
        #expect(!FileManager.default.fileExists(atPath: association.inbox + "/.upload-half"))
    }
}
