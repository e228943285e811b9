import Foundation
import GRDB

/// Writing bundles into the outbox. A bundle is written under a hidden name, synced, packed, and
/// only then renamed and marked ready, in that order: a power cut at any point leaves either no
/// bundle or a whole one, and an interrupted attempt gives its sequence number to the next.
extension Store {
    var dataDirectory: String { (path as NSString).deletingLastPathComponent }

    /// Writes the next bundle (everything when `full` or when none was written before) into
    /// `outbox`, one export at a time.
    public func runExport(outbox: String, full: Bool, requestedBy: String) throws -> ExportRecord {
        guard let lock = try DataLock(dataDirectory: dataDirectory, name: "export.lock") else {
            throw SystemError("một lần xuất dữ liệu khác đang chạy. Hãy đợi nó xong rồi thử lại.")
        }
        defer { withExtendedLifetime(lock) {} }
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        try recoverInterruptedExports()
        let centreId = try centreId()
        let key = try centreKey()
        let settings = try settings()
        let started = Store.nowMillis()
        let (record, previous) = try write { db -> (ExportRecord, Row?) in
            let last = try Row.fetchOne(db, sql: """
                SELECT sequence, to_watermark, finished_at FROM exports WHERE status IN ('ready', 'pruned') ORDER BY sequence DESC LIMIT 1
                """)
            let sequence = (last?["sequence"] as Int? ?? 0) + 1
            let from: Int64 = full ? 0 : last?["to_watermark"] ?? 0
            let name = BundleManifest.bundleName(centreId: centreId, sequence: sequence)
            let folder = (outbox as NSString).appendingPathComponent(name)
            try db.execute(sql: """
                INSERT INTO exports(id, sequence, kind, status, name, folder, from_watermark, started_at, requested_by)
                VALUES (?, ?, ?, 'writing', ?, ?, ?, ?, ?)
                """, arguments: [UUID().uuidString.lowercased(), sequence, from == 0 ? "full" : "incremental", name, folder, from, started, requestedBy])
            let row = try Row.fetchOne(db, sql: "SELECT \(ExportRecord.columns) FROM exports WHERE seq = ?", arguments: [db.lastInsertedRowID])!
            return (ExportRecord(row: row), last)
        }
        let staging = (outbox as NSString).appendingPathComponent(".writing-" + record.name)
        do {
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            var manifest = BundleManifest(
                formatVersion: BundleManifest.formatVersion, name: record.name,
                centre: .init(id: centreId, name: settings.centreName, publicKey: key.publicKeyBase64),
                commune: .init(code: settings.communeCode, name: settings.communeName),
                sequence: record.sequence, previousSequence: previous?["sequence"], kind: record.kind,
                watermark: .init(from: record.fromWatermark, to: 0),
                period: .init(from: (previous?["finished_at"] as Int64?).map(Timestamps.isoMillis), to: Timestamps.isoMillis(started)),
                createdAt: Timestamps.isoMillis(started), ruleset: nil, scores: nil,
                learnerColumns: ExportTable.optionalLearnerColumns.filter(settings.learnerColumns.contains),
                rowCounts: [:], files: [], software: LearningCentreVersion.current)
            let year = Timestamps.currentYear()
            let writer = try BundleWriter(folder: staging, learnerColumns: Set(manifest.learnerColumns),
                                          workbookCheckInsFrom: record.kind == "full" ? LocalDay.startOfYear(year) : Int64.min)
            // One snapshot: the watermark and the rows agree even while the kiosk keeps writing.
            try pool.read { db in
                manifest.watermark.to = try Int64.fetchOne(db, sql: "SELECT value FROM change_counter WHERE id = 1") ?? 0
                manifest.files = try writer.writeTables(db, from: manifest.watermark.from, to: manifest.watermark.to)
            }
            // Scores need a ruleset; without one the records still go (the association scores them).
            if let ruleset = try? read({ db in try self.ruleset(db, forYear: year) }) {
                manifest.ruleset = .init(year: year, id: ruleset.id, version: ruleset.version)
                if record.kind == "full" {
                    let results = try yearResults(year: year)
                    manifest.scores = "all"
                    manifest.files += [try writer.writeScores(results.scores, year: year), try writer.writeTitles(results)]
                } else {
                    manifest.scores = "changed"
                    let scores = try changedScores(year: year, from: manifest.watermark.from, to: manifest.watermark.to)
                    manifest.files.append(try writer.writeScores(scores, year: year))
                }
            }
            try writer.workbook.close()
            let workbook = try SHA256.file(writer.workbook.path)
            try FileSync.sync(path: writer.workbook.path)
            manifest.files.append(.init(name: "data.xlsx", sha256: workbook.hex, bytes: workbook.bytes, rows: nil))
            manifest.rowCounts = Dictionary(uniqueKeysWithValues: manifest.files.compactMap { file in file.rows.map { (String(file.name.dropLast(4)), $0) } })
            let manifestBytes = try manifest.encoded()
            try FileSync.writeSynced(manifestBytes, to: (staging as NSString).appendingPathComponent(BundleManifest.fileName))
            try FileSync.writeSynced(Array(Data(key.sign(manifestBytes)).base64EncodedString().utf8),
                                 to: (staging as NSString).appendingPathComponent(BundleManifest.signatureName))
            try Tarball.create(staging + ".tar.gz", from: staging, as: record.name,
                               files: [BundleManifest.fileName, BundleManifest.signatureName] + manifest.files.map(\.name))
            try FileSync.rename(staging, to: record.folder)
            try FileSync.rename(staging + ".tar.gz", to: record.tarballPath)
            let bytes = try FileManager.default.attributesOfItem(atPath: record.tarballPath)[.size] as? Int ?? 0
            let totalRows = manifest.rowCounts.filter { $0.key != "scores" && $0.key != "titles" }.values.reduce(0, +)
            try write { db in
                try db.execute(sql: """
                    UPDATE exports SET status = 'ready', to_watermark = ?, rows = ?, bytes = ?, finished_at = ?,
                        push_status = CASE WHEN ? THEN 'pending' END, next_push_at = CASE WHEN ? THEN ? END
                    WHERE id = ?
                    """, arguments: [manifest.watermark.to, totalRows, bytes, Store.nowMillis(),
                                     settings.pushURL != nil, settings.pushURL != nil, Store.nowMillis(), record.id])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            try? FileManager.default.removeItem(atPath: staging + ".tar.gz")
            let message = StoreError.describe(error)
            _ = try? write { db in
                try db.execute(sql: "UPDATE exports SET status = 'failed', error = ?, finished_at = ? WHERE id = ?",
                               arguments: [message, Store.nowMillis(), record.id])
            }
            throw SystemError("không xuất được gói \(record.name): \(message)")
        }
        return try export(id: record.id)!
    }

    /// An export that was writing when the power went (or the process was killed) is marked
    /// failed and its files removed; its sequence number goes to the next bundle. Call holding
    /// the export lock.
    func recoverInterruptedExports() throws {
        let stale = try read { db in
            try Row.fetchAll(db, sql: "SELECT \(ExportRecord.columns) FROM exports WHERE status = 'writing'").map(ExportRecord.init(row:))
        }
        for record in stale {
            let staging = ((record.folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent(".writing-" + record.name)
            for path in [staging, staging + ".tar.gz", record.folder, record.tarballPath] { try? FileManager.default.removeItem(atPath: path) }
            try write { db in
                try db.execute(sql: "UPDATE exports SET status = 'failed', error = ?, finished_at = ? WHERE id = ?",
                               arguments: ["bị ngắt giữa chừng (mất điện hoặc máy bị tắt); gói này không được gửi, lần xuất sau ghi lại số \(record.sequence)",
                                           Store.nowMillis(), record.id])
            }
        }
    }

    /// Removes the files of delivered bundles older than the retention (undelivered ones stay
    /// until they are delivered; the newest few always stay).
    public func pruneOutbox(now: Int64 = Store.nowMillis()) throws -> Int {
        let settings = try settings()
        let cutoff = now - Int64(settings.retentionDays) * 86_400_000
        let old = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(ExportRecord.columns) FROM exports
                WHERE status = 'ready' AND finished_at < ? AND (pushed_at IS NOT NULL OR usb_copied_at IS NOT NULL OR ?)
                  AND sequence <= (SELECT max(sequence) FROM exports WHERE status = 'ready') - 7
                """, arguments: [cutoff, settings.pushURL == nil]).map(ExportRecord.init(row:))
        }
        for record in old {
            for path in [record.folder, record.tarballPath] { try? FileManager.default.removeItem(atPath: path) }
            try write { db in try db.execute(sql: "UPDATE exports SET status = 'pruned' WHERE id = ?", arguments: [record.id]) }
        }
        return old.count
    }
}
