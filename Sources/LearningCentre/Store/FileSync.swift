import Foundation
import Glibc

/// fsync and rename with errors that say which file and why.
enum FileSync {
    static func sync(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SystemError.posix("không mở được \(path)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SystemError.posix("không ghi được \(path) xuống đĩa") }
    }

    /// Renames atomically, then syncs the folder so the new name survives a power cut.
    static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else {
            throw SystemError.posix("không đổi tên \(from) thành \(to)")
        }
        syncFolder(of: to)
    }

    /// Syncs the folder holding `path`, so that a new or renamed entry survives a power cut.
    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { fsync(fd); close(fd) }
    }
}
