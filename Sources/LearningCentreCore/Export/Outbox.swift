import Foundation
import GRDB

/// Writing bundles into the outbox. A bundle is written under a hidden name, synced, packed, and
/// only then renamed and marked ready, in that order: a power cut at any point leaves either no
/// bundle or a whole one, and an interrupted attempt gives its sequence number to the next.
extension Store {
    package var dataDirectory: String { (path as NSString).deletingLastPathComponent }

    /// Writes the next bundle (everything when `full` or when none was written before) into
    /// `outbox`, one export at a time. `started` receives the record (status writing) as soon as
    /// it is stored, before the files are written.
    public func runExport(outbox: String, full: Bool, requestedBy: String,
                          started onStart: (ExportRecord) -> Void = { _ in }) throws -> ExportRecord {
        guard let lock = try DataLock(dataDirectory: dataDirectory, name: "export.lock", wait: 5) else {
            throw SystemError("một lần xuất dữ liệu khác đang chạy. Hãy đợi nó xong rồi thử lại.")
        }
        defer { withExtendedLifetime(lock) {} }
        // A full bundle promises every score and title: without a criteria set it would carry none.
        if full, (try? read({ db in try self.ruleset(db, forYear: Timestamps.currentYear()) })) == nil {
            throw SystemError("""
                chưa có bộ tiêu chí nào nên gói toàn bộ sẽ không có điểm và danh hiệu. Hãy nạp bộ tiêu chí trước \
                (learning-centre export --full --rulesets THƯ-MỤC-BỘ-TIÊU-CHÍ, hoặc khởi động máy chủ một lần để nó tự nạp), rồi xuất lại.
                """)
        }
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
                """, arguments: [RecordID.new(), sequence, from == 0 ? BundleKind.full : .incremental, name, folder, from, started, requestedBy])
            let row = try Row.fetchOne(db, sql: "SELECT \(ExportRecord.columns) FROM exports WHERE seq = ?", arguments: [db.lastInsertedRowID])!
            return (ExportRecord(row: row), last)
        }
        onStart(record)
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
                rowCounts: [:], files: [], software: LearningCentreVersion.current, timeZone: settings.zoneIdentifier)
            try writeFiles(of: &manifest, into: staging)
            let manifestBytes = try manifest.encoded()
            try FileSync.writeSynced(manifestBytes, to: (staging as NSString).appendingPathComponent(BundleManifest.fileName))
            try FileSync.writeSynced(Array(Data(key.sign(manifestBytes)).base64EncodedString().utf8),
                                     to: (staging as NSString).appendingPathComponent(BundleManifest.signatureName))
            try Tarball.create(staging + ".tar.gz", from: staging, as: record.name,
                               files: [BundleManifest.fileName, BundleManifest.signatureName] + manifest.files.map(\.name))
            // Only now does the bundle get its name, and only then is it counted as done.
            try FileSync.rename(staging, to: record.folder)
            try FileSync.rename(staging + ".tar.gz", to: record.tarballPath)
            let bytes = try FileManager.default.attributesOfItem(atPath: record.tarballPath)[.size] as? Int ?? 0
            let totalRows = manifest.rowCounts.filter { $0.key != "scores" && $0.key != "titles" }.values.reduce(0, +)
            let now = Store.nowMillis()
            try write { db in
                try db.execute(sql: """
                    UPDATE exports SET status = 'ready', to_watermark = ?, rows = ?, bytes = ?, finished_at = ?,
                        push_status = CASE WHEN ? THEN 'pending' END, next_push_at = CASE WHEN ? THEN ? END
                    WHERE id = ?
                    """, arguments: [manifest.watermark.to, totalRows, bytes, now, settings.pushURL != nil, settings.pushURL != nil, now, record.id])
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

    /// The data files of a bundle: the tables (from one snapshot, so that the watermark and the
    /// rows agree even while the kiosk keeps writing), the scores, the workbook; fills in the
    /// manifest's watermark, files and row counts.
    private func writeFiles(of manifest: inout BundleManifest, into folder: String) throws {
        let year = Timestamps.currentYear()
        let full = manifest.kind == .full
        let writer = try BundleWriter(folder: folder, learnerColumns: Set(manifest.learnerColumns),
                                      workbookCheckInsFrom: full ? LocalDay.startOfYear(year) : Int64.min)
        var files: [BundleManifest.File] = []
        let from = manifest.watermark.from
        let to = try read { db in
            let to = try Int64.fetchOne(db, sql: "SELECT value FROM change_counter WHERE id = 1") ?? 0
            files = try writer.writeTables(db, from: from, to: to)
            return to
        }
        // Scores need a ruleset; without one the records still go (the association scores them).
        if let ruleset = try? read({ db in try self.ruleset(db, forYear: year) }) {
            manifest.ruleset = .init(year: year, id: ruleset.id, version: ruleset.version)
            manifest.scores = full ? "all" : "changed"
            if full {
                let results = try yearResults(year: year)
                files += [try writer.writeScores(results.scores, year: year), try writer.writeTitles(results)]
            } else {
                files.append(try writer.writeScores(try changedScores(year: year, from: from, to: to), year: year))
            }
        }
        try writer.workbook.close()
        let workbook = try SHA256.file(writer.workbook.path)
        try FileSync.sync(path: writer.workbook.path)
        files.append(.init(name: "data.xlsx", sha256: workbook.hex, bytes: workbook.bytes, rows: nil))
        manifest.watermark.to = to
        manifest.files = files
        manifest.rowCounts = Dictionary(uniqueKeysWithValues: files.compactMap { file in file.rows.map { (String(file.name.dropLast(4)), $0) } })
    }

    /// An export that was writing when the power went (or the process was killed) is marked
    /// failed and its files removed; its sequence number goes to the next bundle. Call holding
    /// the export lock.
    func recoverInterruptedExports() throws {
        let stale = try read { db in
            try ExportRecord.fetchAll(db, sql: "SELECT \(ExportRecord.columns) FROM exports WHERE status = 'writing'")
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

    /// Removes the files of bundles older than the retention that were delivered (pushed or
    /// copied to USB) or are superseded by a later full bundle; undelivered ones stay, and so do
    /// the newest seven.
    public func pruneOutbox(now: Int64 = Store.nowMillis()) throws -> Int {
        let settings = try settings()
        let cutoff = now - Int64(settings.retentionDays) * 86_400_000
        let old = try read { db in
            try ExportRecord.fetchAll(db, sql: """
                SELECT \(ExportRecord.columns) FROM exports
                WHERE status = 'ready' AND finished_at < ?
                  AND (pushed_at IS NOT NULL OR usb_copied_at IS NOT NULL
                       OR sequence < (SELECT max(sequence) FROM exports WHERE status = 'ready' AND kind = 'full'))
                  AND sequence <= (SELECT max(sequence) FROM exports WHERE status = 'ready') - 7
                """, arguments: [cutoff])
        }
        for record in old {
            for path in [record.folder, record.tarballPath] { try? FileManager.default.removeItem(atPath: path) }
            try write { db in try db.execute(sql: "UPDATE exports SET status = 'pruned' WHERE id = ?", arguments: [record.id]) }
        }
        return old.count
    }
}
