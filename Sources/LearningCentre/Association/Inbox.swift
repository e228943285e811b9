import Foundation

extension Store {
    /// Where bundles wait at the association: pushed ones, and any that arrived before an earlier
    /// bundle of their centre (kept until the gap fills).
    public var inbox: String { (dataDirectory as NSString).appendingPathComponent("inbox") }

    /// The one way bundles come in, from the command line and over HTTP: each is placed in the
    /// inbox, then everything there is imported in each centre's order. Applied, duplicate and
    /// refused bundles leave the inbox; those waiting for an earlier one, or that could not be
    /// applied now (a full disk), stay and are applied by a later import. Outcomes name the
    /// paths as given.
    public func receiveBundles(_ paths: [String]) throws -> [ImportOutcome] {
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        var given: [String: String] = [:]
        for path in paths {
            let name = UUID().uuidString.lowercased() + (path.hasSuffix(".tar.gz") ? ".tar.gz" : "")
            let hidden = (inbox as NSString).appendingPathComponent("." + name)
            let target = (inbox as NSString).appendingPathComponent(name)
            do {
                try FileManager.default.copyItem(atPath: path, toPath: hidden)
                try FileSync.sync(path: hidden)
                try FileSync.rename(hidden, to: target)
                given[target] = path
            } catch {
                try? FileManager.default.removeItem(atPath: hidden)
                throw SystemError.posix("không chép được gói \(path) vào hộp thư \(inbox)")
            }
        }
        return try importInbox().map { outcome in
            var outcome = outcome
            if let original = given[outcome.path] { outcome.path = original }
            return outcome
        }
    }

    /// Imports every bundle in the inbox and clears those that are done with.
    public func importInbox() throws -> [ImportOutcome] {
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: inbox).filter { !$0.hasPrefix(".") }.sorted()
            .map { (inbox as NSString).appendingPathComponent($0) }
        let outcomes = try importBundles(files)
        for outcome in outcomes where outcome.kind != .waiting && outcome.kind != .failed {
            try? FileManager.default.removeItem(atPath: outcome.path)
        }
        return outcomes
    }

    /// Bundles waiting in the inbox.
    public func waitingInInbox() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: inbox).filter { !$0.hasPrefix(".") }.count) ?? 0
    }
}
