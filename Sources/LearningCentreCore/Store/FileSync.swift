import Foundation
import Glibc

/// fsync and rename with errors that say which file and why.
package enum FileSync {
    package static func sync(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw SystemError.posix("không mở được \(path)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SystemError.posix("không ghi được \(path) xuống đĩa") }
    }

    /// Renames atomically, then syncs the folder so the new name survives a power cut.
    package static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else {
            throw SystemError.posix("không đổi tên \(from) thành \(to)")
        }
        syncFolder(of: to)
    }

    /// Writes all of `data` to `fd` (again after an interruption); `what` names the file in the error.
    package static func writeAll(_ fd: Int32, _ data: UnsafeRawBufferPointer, what: String) throws {
        var offset = 0
        while offset < data.count {
            let written = Glibc.write(fd, data.baseAddress! + offset, data.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemError.posix("không ghi được \(what)")
            }
            offset += written
        }
    }

    /// Syncs the folder holding `path`, so that a new or renamed entry survives a power cut.
    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    /// The bytes free to this process on the disk that holds `folder` (nil when unknown).
    static func freeBytes(in folder: String) -> Int64? {
        var info = statvfs()
        guard statvfs(folder, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
