import Foundation
import GRDB
import Synchronization

/// Moves the write-ahead log into the database file on a connection of its own, in the
/// background (PASSIVE: it never blocks a writer or a reader), for the command-line import: its
/// commits then do not copy pages themselves (`wal_autocheckpoint = 0`), and a daemon sharing
/// the file does not wait behind them. Stops when its owner (the store) goes away.
final class Checkpointer: Sendable {
    /// Checkpoints once the log is past this size.
    static let threshold: Int64 = 4 << 20

    private final class Flag: Sendable { let value = Atomic<Bool>(false) }
    private let flag = Flag()

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(1)
        config.label = "checkpointer"
        let connection = try DatabaseQueue(path: path, configuration: config)
        let flag = self.flag
        let log = path + "-wal"
        let thread = Thread {
            while !flag.value.load(ordering: .relaxed) {
                usleep(200_000)
                var info = stat()
                guard stat(log, &info) == 0, Int64(info.st_size) > Checkpointer.threshold else { continue }
                _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
            try? connection.close()
        }
        thread.name = "checkpointer"
        thread.start()
    }

    deinit { stop() }

    func stop() { flag.value.store(true, ordering: .relaxed) }
}
