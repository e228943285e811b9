import Foundation
import GRDB
import Logging

/// Taking ready bundles out of the outbox: pushed to the association's address (oldest first,
/// retried with a growing wait when the address times out or fails) and copied to any USB stick
/// that carries the marker folder. Runs after each export and once a minute in the daemon.
public struct Delivery: Sendable {
    /// The folder a USB stick must carry for bundles to be copied onto it.
    public static let usbMarker = "HKH-XUAT"
    public static let defaultUSBRoots = ["/media", "/run/media", "/mnt"]
    /// Waits between push attempts: 1, 2, 4 … minutes, at most 6 hours.
    static func backoff(attempts: Int) -> Int64 { min(Int64(60_000) << Int64(min(attempts - 1, 20)), 6 * 3_600_000) }

    let store: Store
    var usbRoots: [String] = Delivery.defaultUSBRoots
    /// How long one push may take before it counts as failed (and is retried later).
    var pushTimeout = 300

    public init(store: Store, usbRoots: [String] = Delivery.defaultUSBRoots) {
        self.store = store
        self.usbRoots = usbRoots
    }

    /// Delivers once a minute on its own thread (a slow association address never holds up the
    /// daemon's other housekeeping).
    public func start(logger: Logger, interval: TimeInterval = 60) -> BackgroundLoop {
        BackgroundLoop(name: "delivery", interval: interval, firstTurnNow: true) { [self] in
            for line in run() { logger.info("\(line)") }
        }
    }

    /// Pushes what is due, copies to USB, prunes; returns what happened, for the log.
    public func run(now: Int64 = Store.nowMillis()) -> [String] {
        // The daemon and the nightly export both deliver: one at a time, so a bundle is not pushed
        // or copied twice at once (the other finds nothing left to do next time).
        guard let lock = try? DataLock(dataDirectory: store.dataDirectory, name: "delivery.lock", wait: 2) else { return [] }
        defer { withExtendedLifetime(lock) {} }
        var said: [String] = []
        do { said += try push(now: now) } catch { said.append("gửi gói: \(StoreError.describe(error))") }
        do { said += try copyToUSB(now: now) } catch { said.append("chép gói vào USB: \(StoreError.describe(error))") }
        do {
            let pruned = try store.pruneOutbox(now: now)
            if pruned > 0 { said.append("đã xóa \(pruned) gói cũ đã gửi khỏi hộp thư đi") }
        } catch { said.append("dọn hộp thư đi: \(StoreError.describe(error))") }
        return said
    }

    func push(now: Int64) throws -> [String] {
        guard let address = try store.settings().pushURL else { return [] }
        let due = try store.read { db in
            // A wait longer than the longest backoff means the clock went back: try now.
            try ExportRecord.fetchAll(db, sql: """
                SELECT \(ExportRecord.columns) FROM exports
                WHERE status = 'ready' AND push_status IN ('pending', 'retrying') AND (next_push_at <= ? OR next_push_at > ?)
                ORDER BY sequence
                """, arguments: [now, now + Delivery.backoff(attempts: 99)])
        }
        var said: [String] = []
        for record in due {
            do {
                try Delivery.post(record.tarballPath, name: record.name, to: Delivery.bundlesURL(address), timeout: pushTimeout)
                try store.write { db in
                    try db.execute(sql: "UPDATE exports SET push_status = 'sent', pushed_at = ?, push_error = NULL, push_attempts = push_attempts + 1, next_push_at = NULL WHERE id = ?",
                                   arguments: [now, record.id])
                    // The reports this bundle carried went out with it.
                    try db.execute(sql: """
                        UPDATE year_submissions SET sent_how = 'bundle', sent_to = ?, sent_at = ? WHERE sent_how IS NULL AND change_seq <= ?
                        """, arguments: [address, now, record.toWatermark ?? 0])
                }
                said.append("đã gửi gói \(record.name) tới \(address)")
            } catch {
                let message = StoreError.describe(error)
                let attempts = record.pushAttempts + 1
                try store.write { db in
                    try db.execute(sql: "UPDATE exports SET push_status = 'retrying', push_attempts = ?, next_push_at = ?, push_error = ? WHERE id = ?",
                                   arguments: [attempts, now + Delivery.backoff(attempts: attempts), message, record.id])
                }
                said.append("chưa gửi được gói \(record.name) (lần \(attempts)): \(message); sẽ thử lại sau")
                break  // keep the order: later bundles wait for this one
            }
        }
        return said
    }

    /// The association's receiving route under `address`, unless the address names a path.
    static func bundlesURL(_ address: String) -> String {
        guard let url = URL(string: address), url.path.isEmpty || url.path == "/" else { return address }
        return address.hasSuffix("/") ? address + "api/association/bundles" : address + "/api/association/bundles"
    }

    /// POSTs the file with curl (HTTPS, proxies and time limits come with it).
    static func post(_ file: String, name: String, to url: String, timeout: Int) throws {
        let (status, output) = try Subprocess.run("/usr/bin/curl", [
            "--silent", "--show-error", "--fail-with-body", "--connect-timeout", String(min(15, timeout)), "--max-time", String(timeout),
            "-H", "Content-Type: application/gzip", "-H", "X-Bundle-Name: \(name)", "--data-binary", "@" + file, url])
        guard status == 0 else { throw SystemError("địa chỉ \(url) không nhận gói (curl mã \(status)): \(output.prefix(300))") }
    }

    /// Marker folders on mounted sticks: `root/HKH-XUAT`, `root/*/HKH-XUAT`, `root/*/*/HKH-XUAT`.
    func usbFolders() -> [String] {
        var found: [String] = []
        func look(_ folder: String, depth: Int) {
            let marker = (folder as NSString).appendingPathComponent(Delivery.usbMarker)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: marker, isDirectory: &isFolder), isFolder.boolValue { found.append(marker); return }
            guard depth < 2, let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
            for entry in entries.sorted() where !entry.hasPrefix(".") { look((folder as NSString).appendingPathComponent(entry), depth: depth + 1) }
        }
        for root in usbRoots { look(root, depth: 0) }
        return found
    }

    func copyToUSB(now: Int64) throws -> [String] {
        guard let target = usbFolders().first else { return [] }
        let waiting = try store.read { db in
            try ExportRecord.fetchAll(db, sql: "SELECT \(ExportRecord.columns) FROM exports WHERE status = 'ready' AND usb_copied_at IS NULL ORDER BY sequence")
        }
        var said: [String] = []
        for record in waiting {
            let destination = (target as NSString).appendingPathComponent(record.name + ".tar.gz")
            let partial = (target as NSString).appendingPathComponent("." + record.name + ".tar.gz.partial")
            do {
                try? FileManager.default.removeItem(atPath: partial)
                try FileManager.default.copyItem(atPath: record.tarballPath, toPath: partial)
                try FileSync.sync(path: partial)
                try? FileManager.default.removeItem(atPath: destination)
                try FileSync.rename(partial, to: destination)
            } catch {
                try? FileManager.default.removeItem(atPath: partial)
                throw SystemError("không chép được \(record.name) vào \(target) (USB đầy hoặc bị rút ra?): \(StoreError.describe(error))")
            }
            try store.write { db in
                try db.execute(sql: "UPDATE exports SET usb_copied_at = ?, usb_path = ? WHERE id = ?", arguments: [now, destination, record.id])
            }
            said.append("đã chép gói \(record.name) vào \(target)")
        }
        return said
    }
}
