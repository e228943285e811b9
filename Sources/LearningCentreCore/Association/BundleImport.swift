import Foundation
import GRDB

/// What became of one bundle at the association.
public struct ImportOutcome: Sendable {
    public enum Kind: String, Sendable {
        /// Its records are in.
        case applied
        /// Already applied (or older than one applied): nothing changed.
        case duplicate
        /// An earlier bundle of the same centre is missing: kept until it arrives.
        case waiting
        /// Not accepted (signature, checksums, unknown centre, broken chain): named in `message`.
        case refused
        /// Sound, but could not be applied now (a full disk): nothing of it applied; send it again.
        case failed
    }
    public var kind: Kind
    public var path: String
    public var name: String?
    public var message: String
}

/// What every association store does with a list of bundles, whatever keeps the records:
/// verify each (signature, checksums, a registered centre's key), then apply them per centre in
/// sequence order with the store's `apply`; a refused or failed bundle is named, never fatal.
package enum BundleImport {
    package static func run(_ paths: [String], scratch: String, trustedKey: (BundleManifest) throws -> String?,
                            apply: (VerifiedBundle, String) throws -> ImportOutcome) -> [ImportOutcome] {
        var outcomes: [ImportOutcome] = []
        var verified: [(path: String, bundle: VerifiedBundle)] = []
        for path in paths {
            // Marked while it is opened: if opening it stops the program, the next import knows.
            let mark = Store.openingMark(path)
            _ = FileManager.default.createFile(atPath: mark, contents: nil)
            FileSync.syncFolder(of: mark)
            defer { try? FileManager.default.removeItem(atPath: mark) }
            do {
                verified.append((path, try BundleVerifier.open(path, scratch: scratch, trustedKey: trustedKey)))
            } catch let refused as BundleRefused {
                outcomes.append(.init(kind: .refused, path: path, name: nil, message: refused.description))
            } catch {
                // A full disk, an unreadable file: nothing wrong with the bundle itself; it waits.
                outcomes.append(.init(kind: .failed, path: path, name: nil, message: "chưa mở được gói: \(StoreError.describe(error))"))
            }
        }
        verified.sort { ($0.bundle.manifest.centre.id, $0.bundle.manifest.sequence) < ($1.bundle.manifest.centre.id, $1.bundle.manifest.sequence) }
        for (path, bundle) in verified {
            do {
                outcomes.append(try apply(bundle, path))
            } catch let refused as BundleRefused {
                outcomes.append(.init(kind: .refused, path: path, name: bundle.manifest.name, message: refused.description))
            } catch {
                outcomes.append(.init(kind: .failed, path: path, name: bundle.manifest.name,
                                      message: "chưa nhập được gói \(bundle.manifest.name): \(StoreError.describe(error))"))
            }
        }
        return outcomes
    }

    /// Where a bundle stands against what its centre sent before: nil when it applies next;
    /// else a duplicate (already in) or waiting (an earlier one is missing); a broken chain is refused.
    package static func precheck(_ m: BundleManifest, path: String, centreName: String, lastSequence: Int, lastWatermark: Int64) throws -> ImportOutcome? {
        if m.sequence <= lastSequence {
            return ImportOutcome(kind: .duplicate, path: path, name: m.name,
                                 message: "gói \(m.name) đã nhận rồi (trung tâm \(centreName) đã có đến số \(lastSequence)); không thay đổi gì")
        }
        guard m.kind != .full else { return nil }
        guard m.sequence == lastSequence + 1 else {
            let missing = lastSequence + 1 == m.sequence - 1 ? "số \(lastSequence + 1)" : "các số \(lastSequence + 1)–\(m.sequence - 1)"
            return ImportOutcome(kind: .waiting, path: path, name: m.name,
                                 message: "chưa nhập gói \(m.name) (số \(m.sequence)) của trung tâm \(centreName): còn thiếu gói \(missing). "
                                    + "Gói này được giữ lại; hãy gửi gói còn thiếu (hoặc một gói toàn bộ, export --full).")
        }
        guard m.watermark.from == lastWatermark else {
            throw BundleRefused("gói \(m.name) không nối tiếp gói trước của trung tâm \(centreName) (dữ liệu trung tâm đã được khôi phục từ bản sao lưu?). Hãy xuất một gói toàn bộ ở trung tâm: learning-centre export --full.")
        }
        return nil
    }

    static func applied(_ m: BundleManifest, path: String, centreName: String, rows: Int) -> ImportOutcome {
        ImportOutcome(kind: .applied, path: path, name: m.name, message: "đã nhập gói \(m.name) của trung tâm \(centreName): \(rows) dòng")
    }
}

extension Store {
    /// Verifies every bundle, then applies them per centre in sequence order, each in one
    /// transaction. The same bundle twice, or an older one after a newer, changes nothing.
    public func importBundles(_ paths: [String]) throws -> [ImportOutcome] {
        try claimRole(.association)
        let scratch = (dataDirectory as NSString).appendingPathComponent(".import-\(UUID().uuidString)")
        defer { Store.removeWhatever(scratch) }
        return BundleImport.run(paths, scratch: scratch, trustedKey: { manifest in
            try self.read { db in
                try String.fetchOne(db, sql: "SELECT public_key FROM association_centres WHERE id = ?", arguments: [manifest.centre.id])
            }
        }, apply: apply)
    }

    func apply(_ bundle: VerifiedBundle, path: String) throws -> ImportOutcome {
        let m = bundle.manifest
        return try write { db in
            let centre = try Row.fetchOne(db, sql: "SELECT name, last_sequence, last_watermark FROM association_centres WHERE id = ?",
                                          arguments: [m.centre.id])!
            let centreName: String = centre["name"]
            if let outcome = try BundleImport.precheck(m, path: path, centreName: centreName,
                                                        lastSequence: centre["last_sequence"], lastWatermark: centre["last_watermark"]) {
                return outcome
            }
            var applier = BundleApplier(db: db, centreId: m.centre.id)
            var rows = 0
            for table in ExportTable.all {
                guard m.files.contains(where: { $0.name == table.name + ".csv" }) else { continue }
                rows += try applier.apply(table, file: (bundle.folder as NSString).appendingPathComponent(table.name + ".csv"))
            }
            // The association serves one commune: its reports take the commune's name from the first bundle that names it.
            if let commune = m.commune.name {
                try db.execute(sql: "INSERT OR IGNORE INTO centre(key, value) VALUES ('commune', ?)", arguments: [commune])
            }
            try db.execute(sql: """
                UPDATE association_centres SET last_sequence = ?, last_watermark = ?, last_imported_at = ? WHERE id = ?
                """, arguments: [m.sequence, m.watermark.to, Store.nowMillis(), m.centre.id])
            try db.execute(sql: """
                INSERT INTO association_bundles(centre_id, sequence, name, kind, rows, created_at, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [m.centre.id, m.sequence, m.name, m.kind, rows, m.createdAt, Store.nowMillis()])
            return BundleImport.applied(m, path: path, centreName: centreName, rows: rows)
        }
    }
}
