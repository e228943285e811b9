import Foundation

/// Where bundles wait at the association, whatever store keeps the records: pushed ones, and
/// any that arrived before an earlier bundle of their centre (kept until the gap fills); and
/// beside it the quarantine, where refused bundles go, each with a `.txt` saying why: never
/// imported again, kept for someone to look at (the newest 50).
public struct BundleInbox: Sendable {
    public let folder: String
    public let quarantine: String
    /// The import leftovers (`.import-…` folders) are swept from here at start.
    let dataDirectory: String
    static let quarantineKept = 50

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
        folder = (dataDirectory as NSString).appendingPathComponent("inbox")
        quarantine = (dataDirectory as NSString).appendingPathComponent("quarantine")
    }

    /// The one way bundles come in, from the command line and over HTTP: each is placed in the
    /// inbox, then everything there is imported in each centre's order (`importAll`). Outcomes
    /// name the paths as given.
    public func receive(_ paths: [String], importing: ([String]) throws -> [ImportOutcome]) throws -> [ImportOutcome] {
        try holdingLock { try receiveLocked(paths, importing: importing) }
    }

    private func receiveLocked(_ paths: [String], importing: ([String]) throws -> [ImportOutcome]) throws -> [ImportOutcome] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var given: [String: String] = [:]
        for path in paths {
            let name = RecordID.new() + (path.hasSuffix(".tar.gz") ? ".tar.gz" : "")
            let hidden = (folder as NSString).appendingPathComponent("." + name)
            let target = (folder as NSString).appendingPathComponent(name)
            do {
                try FileManager.default.copyItem(atPath: path, toPath: hidden)
                try FileSync.sync(path: hidden)
                try FileSync.rename(hidden, to: target)
                given[target] = path
            } catch {
                try? FileManager.default.removeItem(atPath: hidden)
                throw SystemError.posix("không chép được gói \(path) vào hộp thư \(folder)")
            }
        }
        return try importAllLocked(importing).map { outcome in
            var outcome = outcome
            if let original = given[outcome.path] { outcome.path = original }
            return outcome
        }
    }

    /// Imports every bundle in the inbox and clears those that are done with: applied and
    /// duplicate bundles leave, refused ones go to the quarantine; those waiting for an earlier
    /// one, or that could not be applied now (a full disk), stay for a later import. A bundle is
    /// marked while it is being opened; a mark found at the next import means that bundle
    /// stopped the daemon last time (out of memory, killed): it is quarantined instead of
    /// stopping it again and again.
    public func importAll(_ importing: ([String]) throws -> [ImportOutcome]) throws -> [ImportOutcome] {
        try holdingLock { try importAllLocked(importing) }
    }

    /// One import of the inbox at a time, across threads and programs (the daemon, a command
    /// line import sharing its folder): two at once each took the other's bundles for its own.
    private func holdingLock<T>(_ body: () throws -> T) throws -> T {
        guard let lock = try DataLock(dataDirectory: dataDirectory, name: "inbox.lock", wait: 6 * 3600) else {
            throw SystemError("một lần nhập gói khác vẫn đang chạy với thư mục \(dataDirectory) sau 6 giờ; hãy xem nó còn chạy không.")
        }
        return try withExtendedLifetime(lock) { try body() }
    }

    private func importAllLocked(_ importing: ([String]) throws -> [ImportOutcome]) throws -> [ImportOutcome] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
        var outcomes: [ImportOutcome] = []
        files.removeAll { file in
            guard FileManager.default.fileExists(atPath: Store.openingMark(file)) else { return false }
            let reason = "lần nhập trước của gói này làm chương trình dừng giữa chừng; gói được để riêng, không nhập lại"
            quarantine(file, reason: reason)
            try? FileManager.default.removeItem(atPath: Store.openingMark(file))
            outcomes.append(ImportOutcome(kind: .refused, path: file, name: nil, message: reason))
            return true
        }
        outcomes += try importing(files)
        for outcome in outcomes {
            switch outcome.kind {
            case .applied, .duplicate: try? FileManager.default.removeItem(atPath: outcome.path)
            case .refused: quarantine(outcome.path, reason: outcome.message)
            case .waiting, .failed: break
            }
        }
        return outcomes
    }

    /// Moves a refused bundle out of the inbox with a note of why; only the newest are kept.
    func quarantine(_ path: String, reason: String) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let name = Timestamps.iso(millis: Store.nowMillis()).prefix(19).replacingOccurrences(of: ":", with: "") + "-" + (path as NSString).lastPathComponent
        let target = (quarantine as NSString).appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(atPath: quarantine, withIntermediateDirectories: true)
            try FileSync.rename(path, to: target)
            try FileSync.writeSynced(Array("\(reason)\n".utf8), to: target + ".txt")
        } catch {
            try? FileManager.default.removeItem(atPath: path)
        }
        let kept = ((try? FileManager.default.contentsOfDirectory(atPath: quarantine)) ?? []).filter { !$0.hasSuffix(".txt") }.sorted()
        for old in kept.dropLast(Self.quarantineKept) {
            let path = (quarantine as NSString).appendingPathComponent(old)
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: path + ".txt")
        }
    }

    /// Bundles waiting in the inbox.
    public func waiting() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.count) ?? 0
    }

    /// At start: removes what an import or an upload cut short left behind (unpacking folders,
    /// half-received uploads), whatever their permissions. Marks of bundles being opened stay:
    /// the next import quarantines those bundles.
    public func sweepLeftovers() {
        let fm = FileManager.default
        var leftovers = ((try? fm.contentsOfDirectory(atPath: dataDirectory)) ?? []).filter { $0.hasPrefix(".import-") }
            .map { (dataDirectory as NSString).appendingPathComponent($0) }
        leftovers += ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix(".") && !$0.hasSuffix(".opening") }
            .map { (folder as NSString).appendingPathComponent($0) }
        for path in leftovers { Store.removeWhatever(path) }
    }
}

extension Store {
    public var bundleInbox: BundleInbox { BundleInbox(dataDirectory: dataDirectory) }
    public var inbox: String { bundleInbox.folder }

    /// Bundles given on the command line, through the inbox (`BundleInbox.receive`).
    public func receiveBundles(_ paths: [String]) throws -> [ImportOutcome] { try bundleInbox.receive(paths, importing: importBundles) }

    /// Imports every bundle in the inbox (`BundleInbox.importAll`).
    public func importInbox() throws -> [ImportOutcome] { try bundleInbox.importAll(importBundles) }

    public func waitingInInbox() -> Int { bundleInbox.waiting() }

    public func sweepImportLeftovers() { bundleInbox.sweepLeftovers() }

    /// The mark left beside a bundle while it is opened (hidden: never taken for a bundle).
    static func openingMark(_ path: String) -> String {
        ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("." + (path as NSString).lastPathComponent + ".opening")
    }

    /// Removes a file or a folder even where a folder was left without write permission.
    static func removeWhatever(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            chmod(path, 0o700)
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                removeWhatever((path as NSString).appendingPathComponent(entry))
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
