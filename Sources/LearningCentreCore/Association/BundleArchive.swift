import Foundation

/// A received `.tar.gz` bundle, unpacked in process within bounds. First it is listed: one
/// folder of plain files, at most 64 entries, every size declared and their sum capped (4 GiB,
/// and 100 times the archive: a gzip bomb stops at the first header past the cap), only
/// `manifest.json` (≤ 1 MiB) and `manifest.sig` read. Then the signature is checked and every file
/// must be one the signed manifest lists, of the size it lists. Only then is anything written:
/// each file with its declared size, hashed on the way. Nothing the centre did not sign reaches
/// the disk, and nothing runs `tar`.
enum BundleArchive {
    static let maxEntries = 64
    static let maxBytes: Int64 = 4 << 30
    static let maxRatio: Int64 = 100
    /// Free disk left after unpacking.
    static let diskReserve: Int64 = 256 << 20

    static let notABundle = BundleRefused("tệp gửi lên không phải gói dữ liệu (.tar.gz) của một trung tâm, hoặc đã hỏng khi gửi; gói bị từ chối")

    static func open(_ path: String, scratch: String, trustedKey: (BundleManifest) throws -> String?) throws -> VerifiedBundle {
        let listing = try list(path)
        let label = listing.folder
        let manifest = try BundleVerifier.trusted(listing.manifest, signature: listing.signature, label: label, trustedKey: trustedKey)
        let signed = Dictionary(manifest.files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, size) in listing.sizes where name != BundleManifest.fileName && name != BundleManifest.signatureName {
            guard let file = signed[name] else { throw BundleRefused("gói \(label) có tệp lạ \(name) không ghi trong \(BundleManifest.fileName)") }
            guard Int64(file.bytes) == size else { throw BundleVerifier.mismatch(name, label) }
        }
        if let missing = manifest.files.first(where: { listing.sizes[$0.name] == nil }) {
            throw BundleRefused("gói \(label) thiếu tệp \(missing.name)")
        }
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let free = FileSync.freeBytes(in: scratch) ?? 0
        guard listing.total + diskReserve <= free else {
            throw SystemError("không đủ chỗ trống trên đĩa để mở gói \(label): cần \(listing.total >> 20) MiB, còn \(free >> 20) MiB. Hãy giải phóng dung lượng; gói được giữ lại để nhập sau.")
        }
        // Its own folder: the same bundle may come twice in one import.
        let folder = ((scratch as NSString).appendingPathComponent(UUID().uuidString) as NSString).appendingPathComponent(label)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileSync.writeSynced(listing.manifest, to: (folder as NSString).appendingPathComponent(BundleManifest.fileName))
        try FileSync.writeSynced(listing.signature, to: (folder as NSString).appendingPathComponent(BundleManifest.signatureName))
        let reader = try ArchiveReader.open(path)
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        while let entry = try reader.next() {
            guard entry.isRegularFile, let name = try parts(entry.path).file, let file = signed[name] else { try reader.skip(); continue }
            let out = try BundleFile(path: (folder as NSString).appendingPathComponent(name))
            while true {
                let count = try buffer.withUnsafeMutableBytes { try reader.read(into: $0) }
                if count == 0 { break }
                guard out.bytes + count <= file.bytes else { throw BundleVerifier.mismatch(name, label) }
                out.append(bytes: Array(buffer[0..<count]))
                out.flush()
            }
            guard try out.finish() == file.sha256, out.bytes == file.bytes else { throw BundleVerifier.mismatch(name, label) }
        }
        return VerifiedBundle(folder: folder, manifest: manifest)
    }

    struct Listing {
        var folder: String
        var sizes: [String: Int64] = [:]
        var total: Int64 = 0
        var manifest: [UInt8] = []
        var signature: [UInt8] = []
    }

    /// The first pass: names, kinds and sizes of every entry; the manifest and its signature read.
    static func list(_ path: String) throws -> Listing {
        let archiveBytes = Int64(BundleVerifier.regularFileSize(path) ?? 0)
        let cap = min(maxBytes, max(archiveBytes, 1 << 20) * maxRatio)
        var listing: Listing? = nil
        var entries = 0
        let reader = try ArchiveReader.open(path)
        while let entry = try reader.next() {
            entries += 1
            guard entries <= maxEntries else { throw BundleRefused("gói có hơn \(maxEntries) mục; gói bị từ chối") }
            let (folder, name) = try parts(entry.path)
            guard listing == nil || listing?.folder == folder else { throw BundleRefused("gói phải có đúng một thư mục bên trong; gói bị từ chối") }
            if listing == nil { listing = Listing(folder: folder) }
            if entry.isDirectory && name == nil { try reader.skip(); continue }
            guard entry.isRegularFile, let name else {
                throw BundleRefused("gói có mục \(entry.path.prefix(80)) không phải tệp thường (liên kết, thiết bị…); gói bị từ chối")
            }
            guard let size = entry.size, size >= 0 else { throw notABundle }
            guard listing!.sizes[name] == nil else { throw BundleRefused("gói có tệp \(name) hai lần; gói bị từ chối") }
            listing!.total += size
            guard listing!.total <= cap else {
                throw BundleRefused("gói mở ra lớn bất thường (hơn \(cap >> 20) MiB từ một tệp \(max(archiveBytes >> 10, 1)) KiB); gói bị từ chối")
            }
            listing!.sizes[name] = size
            switch name {
            case BundleManifest.fileName:
                guard size <= BundleVerifier.manifestLimit else { throw BundleRefused("tệp \(name) của gói lớn bất thường (\(size) byte); gói bị từ chối") }
                listing!.manifest = try reader.readAll(expected: Int(size))
            case BundleManifest.signatureName:
                guard size <= BundleVerifier.signatureLimit else { throw BundleRefused("tệp \(name) của gói lớn bất thường (\(size) byte); gói bị từ chối") }
                listing!.signature = try reader.readAll(expected: Int(size))
            default:
                try reader.skip()
            }
        }
        guard let listing, listing.sizes[BundleManifest.fileName] != nil, listing.sizes[BundleManifest.signatureName] != nil else {
            throw BundleRefused("gói thiếu tệp \(BundleManifest.fileName) hoặc \(BundleManifest.signatureName); gói bị từ chối")
        }
        return listing
    }

    /// "name/file" → ("name", "file"); "name/" → ("name", nil). Anything deeper, absolute, or with
    /// "." or ".." is refused.
    static func parts(_ path: String) throws -> (folder: String, file: String?) {
        var pieces = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if pieces.first == "." { pieces.removeFirst() }
        if pieces.count == 2 && pieces[1].isEmpty { pieces.removeLast() }
        guard (1...2).contains(pieces.count),
              pieces.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 100 && $0 != "." && $0 != ".." && !$0.hasPrefix(".") }) else {
            throw BundleRefused("gói có đường dẫn không hợp lệ (\(path.prefix(80))); gói bị từ chối")
        }
        return (pieces[0], pieces.count == 2 ? pieces[1] : nil)
    }
}
