import Foundation

/// A bundle whose signature and checksums were found sound.
package struct VerifiedBundle: Sendable {
    let folder: String
    package let manifest: BundleManifest
}

/// Why a bundle was refused, naming the file at fault.
public struct BundleRefused: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

package enum BundleVerifier {
    /// The largest `manifest.json` and `manifest.sig` read: checked before either is read.
    static let manifestLimit = 1 << 20
    static let signatureLimit = 4096

    /// Checks `folder` (an unpacked bundle given as a folder): sizes before anything is read,
    /// the manifest's signature against the key `trustedKey` gives for its centre (nil: the
    /// centre is not registered), then every file's size and SHA-256, and that nothing else is there.
    static func verify(folder: String, trustedKey: (BundleManifest) throws -> String?) throws -> VerifiedBundle {
        let label = (folder as NSString).lastPathComponent
        let manifestData = try small(folder, BundleManifest.fileName, limit: manifestLimit, label: label)
        let signatureData = try small(folder, BundleManifest.signatureName, limit: signatureLimit, label: label)
        let manifest = try trusted(manifestData, signature: signatureData, label: label, trustedKey: trustedKey)
        for file in manifest.files {
            let path = (folder as NSString).appendingPathComponent(file.name)
            guard let size = regularFileSize(path) else { throw BundleRefused("gói \(label) thiếu tệp \(file.name)") }
            guard size == file.bytes else { throw mismatch(file.name, label) }
            guard try SHA256.file(path).hex == file.sha256 else { throw mismatch(file.name, label) }
        }
        let listed = Set(manifest.files.map(\.name))
        let extra = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { !listed.contains($0) && $0 != BundleManifest.fileName && $0 != BundleManifest.signatureName }
        if let first = extra.sorted().first { throw BundleRefused("gói \(label) có tệp lạ \(first) không ghi trong \(BundleManifest.fileName)") }
        return VerifiedBundle(folder: folder, manifest: manifest)
    }

    /// The manifest, once its signature is found to be the registered centre's; its file names
    /// checked (plain names, each once).
    static func trusted(_ manifestData: [UInt8], signature signatureData: [UInt8], label: String,
                        trustedKey: (BundleManifest) throws -> String?) throws -> BundleManifest {
        let manifest: BundleManifest
        do { manifest = try JSONDecoder().decode(BundleManifest.self, from: Data(manifestData)) } catch {
            throw BundleRefused("tệp \(BundleManifest.fileName) của gói \(label) không đọc được (bị sửa hoặc hỏng)")
        }
        guard manifest.formatVersion == BundleManifest.formatVersion else {
            throw BundleRefused("gói \(label) có định dạng phiên bản \(manifest.formatVersion); bản này đọc phiên bản \(BundleManifest.formatVersion). Hãy cập nhật phần mềm.")
        }
        guard let keyText = try trustedKey(manifest) else {
            throw BundleRefused("gói \(label) đến từ trung tâm \(manifest.centre.id) chưa được đăng ký (khóa \(manifest.centre.publicKey)). Hãy đăng ký khóa công khai của trung tâm trước: learning-centre association register-centre.")
        }
        guard let signature = Data(base64Encoded: String(decoding: signatureData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
              let key = Data(base64Encoded: keyText) else {
            throw BundleRefused("gói \(label) thiếu hoặc hỏng tệp chữ ký \(BundleManifest.signatureName)")
        }
        guard CentreKey.verify([UInt8](signature), of: manifestData, publicKey: [UInt8](key)) else {
            throw BundleRefused("chữ ký của \(BundleManifest.fileName) trong gói \(label) không khớp khóa của trung tâm \(manifest.centre.id): tệp \(BundleManifest.fileName) đã bị sửa, hoặc gói không phải do trung tâm đó ký")
        }
        var seen = Set<String>()
        for file in manifest.files {
            guard !file.name.isEmpty, !file.name.contains("/"), !file.name.hasPrefix("."), file.bytes >= 0, seen.insert(file.name).inserted,
                  file.name != BundleManifest.fileName, file.name != BundleManifest.signatureName else {
                throw BundleRefused("gói \(label) ghi tên tệp không hợp lệ: \(file.name.prefix(60))")
            }
        }
        return manifest
    }

    static func mismatch(_ name: String, _ label: String) -> BundleRefused {
        BundleRefused("tệp \(name) trong gói \(label) không khớp kích thước hoặc mã kiểm tra SHA-256 ghi trong \(BundleManifest.fileName): tệp đã bị sửa hoặc hỏng khi chép")
    }

    /// A regular file's size (never following a link), nil when it is not one.
    package static func regularFileSize(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// A small file of the bundle, its size checked before it is read.
    private static func small(_ folder: String, _ name: String, limit: Int, label: String) throws -> [UInt8] {
        let path = (folder as NSString).appendingPathComponent(name)
        guard let size = regularFileSize(path) else { throw BundleRefused("gói \(label) thiếu tệp \(name)") }
        guard size <= limit else { throw BundleRefused("tệp \(name) của gói \(label) lớn bất thường (\(size) byte); gói bị từ chối") }
        guard let data = FileManager.default.contents(atPath: path) else { throw BundleRefused("gói \(label) thiếu tệp \(name)") }
        return [UInt8](data)
    }

    /// Opens a bundle given as a folder or a `.tar.gz` (unpacked into `scratch` within bounds),
    /// then verifies it.
    package static func open(_ path: String, scratch: String, trustedKey: (BundleManifest) throws -> String?) throws -> VerifiedBundle {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw BundleRefused("không có \(path)") }
        if isFolder.boolValue { return try verify(folder: path, trustedKey: trustedKey) }
        return try BundleArchive.open(path, scratch: scratch, trustedKey: trustedKey)
    }
}
