import Foundation

/// Packing a bundle folder under its name into a `.tar.gz`, through the system's GNU tar (always
/// on Debian) and pigz: fast on every core. Received bundles are never given to `tar`: see
/// `BundleArchive`.
enum Tarball {
    static func create(_ target: String, from folder: String, as name: String, files: [String]) throws {
        // Fast compression (-1: several times faster than the default, a little larger), on
        // every core when pigz is installed: a full bundle is hundreds of megabytes.
        let compressor = FileManager.default.isExecutableFile(atPath: "/usr/bin/pigz") ? "pigz -1" : "gzip -1"
        try run(["--create", "--use-compress-program=\(compressor)", "--file", target, "--directory", folder, "--owner=0", "--group=0", "--numeric-owner",
                 "--transform", "s,^,\(name)/,"] + files, what: "đóng gói \(target)")
        try FileSync.sync(path: target)
    }

    private static func run(_ arguments: [String], what: String) throws {
        let tar = FileManager.default.isExecutableFile(atPath: "/usr/bin/tar") ? "/usr/bin/tar" : "/bin/tar"
        let (status, output) = try Subprocess.run(tar, arguments)
        guard status == 0 else { throw SystemError("không \(what) được: \(output)") }
    }
}
