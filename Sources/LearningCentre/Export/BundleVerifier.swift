import Foundation

/// A bundle whose signature and checksums were found sound.
struct VerifiedBundle: Sendable {
    let folder: String
    let manifest: BundleManifest
}

/// Why a bundle was refused, naming the file at fault.
public struct BundleRefused: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

enum BundleVerifier {
    /// Checks `folder` (an unpacked bundle): the manifest's signature against the key
    /// `trustedKey` gives for its centre (nil: the centre is not registered), then every file's
    /// size and SHA-256, and that nothing else is there.
    static func verify(folder: String, trustedKey: (BundleManifest) throws -> String?) throws -> VerifiedBundle {
        let label = (folder as NSString).lastPathComponent
        let manifestPath = (folder as NSString).appendingPathComponent(BundleManifest.fileName)
        guard let manifestData = FileManager.default.contents(atPath: manifestPath) else {
            throw BundleRefused("gói \(label) thiếu tệp \(BundleManifest.fileName)")
        }
        let manifest: BundleManifest
        do { manifest = try JSONDecoder().decode(BundleManifest.self, from: manifestData) } catch {
            throw BundleRefused("tệp \(BundleManifest.fileName) của gói \(label) không đọc được (bị sửa hoặc hỏng)")
        }
        guard manifest.formatVersion == BundleManifest.formatVersion else {
            throw BundleRefused("gói \(label) có định dạng phiên bản \(manifest.formatVersion); bản này đọc phiên bản \(BundleManifest.formatVersion). Hãy cập nhật phần mềm.")
        }
        guard let keyText = try trustedKey(manifest) else {
            throw BundleRefused("gói \(label) đến từ trung tâm \(manifest.centre.id) chưa được đăng ký (khóa \(manifest.centre.publicKey)). Hãy đăng ký khóa công khai của trung tâm trước: learning-centre association register-centre.")
        }
        let signaturePath = (folder as NSString).appendingPathComponent(BundleManifest.signatureName)
        guard let signatureText = FileManager.default.contents(atPath: signaturePath),
              let signature = Data(base64Encoded: String(decoding: signatureText, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
              let key = Data(base64Encoded: keyText) else {
            throw BundleRefused("gói \(label) thiếu hoặc hỏng tệp chữ ký \(BundleManifest.signatureName)")
        }
        guard CentreKey.verify([UInt8](signature), of: [UInt8](manifestData), publicKey: [UInt8](key)) else {
            throw BundleRefused("chữ ký của \(BundleManifest.fileName) trong gói \(label) không khớp khóa của trung tâm \(manifest.centre.id): tệp \(BundleManifest.fileName) đã bị sửa, hoặc gói không phải do trung tâm đó ký")
        }
        let listed = Set(manifest.files.map(\.name))
        for file in manifest.files {
            guard !file.name.contains("/"), !file.name.hasPrefix(".") else { throw BundleRefused("gói \(label) ghi tên tệp không hợp lệ: \(file.name)") }
            let path = (folder as NSString).appendingPathComponent(file.name)
            guard FileManager.default.fileExists(atPath: path) else { throw BundleRefused("gói \(label) thiếu tệp \(file.name)") }
            let actual = try SHA256.file(path)
            guard actual.hex == file.sha256, actual.bytes == file.bytes else {
                throw BundleRefused("tệp \(file.name) trong gói \(label) không khớp mã kiểm tra SHA-256 ghi trong \(BundleManifest.fileName): tệp đã bị sửa hoặc hỏng khi chép")
            }
        }
        let extra = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { !listed.contains($0) && $0 != BundleManifest.fileName && $0 != BundleManifest.signatureName }
        if let first = extra.sorted().first { throw BundleRefused("gói \(label) có tệp lạ \(first) không ghi trong \(BundleManifest.fileName)") }
        return VerifiedBundle(folder: folder, manifest: manifest)
    }

    /// Opens a bundle given as a folder or a `.tar.gz` (unpacked into `scratch`), then verifies it.
    static func open(_ path: String, scratch: String, trustedKey: (BundleManifest) throws -> String?) throws -> VerifiedBundle {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw BundleRefused("không có \(path)") }
        if isFolder.boolValue { return try verify(folder: path, trustedKey: trustedKey) }
        let folder = (scratch as NSString).appendingPathComponent(UUID().uuidString)
        return try verify(folder: try Tarball.extract(path, into: folder), trustedKey: trustedKey)
    }
}
