import Foundation

/// On an installed box the data folder (/var/lib/learning-centre) belongs to the service's user.
/// When root runs a command on it (`sudo learning-centre backup …`), whatever the command makes
/// there — the database's journal files, backups, bundles, locks — is handed to the folder's
/// owner when the command ends, so that the daemon can still open it.
package enum DataFolderOwner {
    private struct Pending { let folder: String; let uid: uid_t; let gid: gid_t }
    nonisolated(unsafe) private static var pending: Pending?

    /// Called once per command, with its `--data` folder.
    package static func handOverAtExit(_ folder: String) {
        var info = stat()
        guard geteuid() == 0, pending == nil, lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid != 0 else { return }
        pending = Pending(folder: folder, uid: info.st_uid, gid: info.st_gid)
        atexit { DataFolderOwner.handOver() }
    }

    /// Gives root's files under the folder to its owner. Never follows a link, and leaves alone
    /// a file with several names (a hard link to a file elsewhere is not ours to give away).
    static func handOver() {
        guard let pending else { return }
        let enumerator = FileManager.default.enumerator(atPath: pending.folder)
        while let relative = enumerator?.nextObject() as? String {
            let path = (pending.folder as NSString).appendingPathComponent(relative)
            var info = stat()
            guard lstat(path, &info) == 0, info.st_uid == 0 else { continue }
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            guard isDirectory || info.st_nlink == 1 else { continue }
            _ = lchown(path, pending.uid, pending.gid)
        }
    }
}
