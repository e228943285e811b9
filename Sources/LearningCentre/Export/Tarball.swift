import Foundation

/// `.tar.gz` through the system's GNU tar (always on Debian): packing a bundle folder under its
/// name, and unpacking a received one into a private folder, regular files only.
enum Tarball {
    static func create(_ target: String, from folder: String, as name: String, files: [String]) throws {
        // Fast compression (-1: several times faster than the default, a little larger), on
        // every core when pigz is installed: a full bundle is hundreds of megabytes.
        let compressor = FileManager.default.isExecutableFile(atPath: "/usr/bin/pigz") ? "pigz -1" : "gzip -1"
        try run(["--create", "--use-compress-program=\(compressor)", "--file", target, "--directory", folder, "--owner=0", "--group=0", "--numeric-owner",
                 "--transform", "s,^,\(name)/,"] + files, what: "đóng gói \(target)")
        try FileSync.sync(path: target)
    }

    /// Unpacks into `folder` (which must be new) and returns the one bundle folder inside.
    static func extract(_ archive: String, into folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try run(["--extract", "--gzip", "--file", archive, "--directory", folder, "--no-same-owner", "--no-same-permissions",
                 "--no-overwrite-dir", "--delay-directory-restore"], what: "mở gói \(archive)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder)
        guard entries.count == 1, let only = entries.first else {
            throw SystemError("gói \(archive) không đúng dạng: phải có đúng một thư mục bên trong")
        }
        let inner = (folder as NSString).appendingPathComponent(only)
        // A bundle holds plain files only: no links that could point anywhere else.
        for entry in try FileManager.default.contentsOfDirectory(atPath: inner) {
            let type = try FileManager.default.attributesOfItem(atPath: (inner as NSString).appendingPathComponent(entry))[.type] as? FileAttributeType
            guard type == .typeRegular else { throw SystemError("gói \(archive) có \(entry) không phải tệp thường; gói bị từ chối") }
        }
        return inner
    }

    private static func run(_ arguments: [String], what: String) throws {
        let tar = FileManager.default.isExecutableFile(atPath: "/usr/bin/tar") ? "/usr/bin/tar" : "/bin/tar"
        let (status, output) = try Subprocess.run(tar, arguments)
        guard status == 0 else { throw SystemError("không \(what) được: \(output)") }
    }
}
