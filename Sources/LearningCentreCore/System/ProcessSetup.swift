import Foundation
import Glibc

/// What the process sets up once at start: signal handling, file limits, the data folder lock.
public enum ProcessSetup {
    /// Blocks SIGTERM and SIGINT in every thread (call before any thread starts) so that
    /// `waitForStopSignal` receives them synchronously: no work in a signal handler.
    public static func blockStopSignals() {
        signal(SIGPIPE, SIG_IGN)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for SIGTERM or SIGINT; returns its name.
    public static func waitForStopSignal() -> String {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received == SIGTERM ? "SIGTERM" : "SIGINT"
    }

    /// glibc gives each thread that allocates its own heap arena, which on a 2-core box mostly
    /// holds fragments: two arenas keep the daemon's memory small at no cost in speed here.
    public static func limitMallocArenas() {
        Malloc.limitArenas(2)
    }

    /// Raises the open-file limit to its hard maximum: each connection is a descriptor.
    public static func raiseFileLimit() {
        var limit = rlimit()
        if getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0 && limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            setrlimit(RLIMIT_NOFILE_VALUE, &limit)
        }
    }

    private static var RLIMIT_NOFILE_VALUE: __rlimit_resource_t { __rlimit_resource_t(UInt32(RLIMIT_NOFILE.rawValue)) }
}

/// An exclusive lock on the data folder, held by the daemon and by `restore`, so that a restore
/// never replaces the database under a running daemon and two daemons never share one folder.
public final class DataLock {
    private let fd: Int32
    public let path: String

    /// nil when another process holds it (after trying for `wait` seconds: a child this process
    /// is just starting, tar or curl, briefly shares the descriptor of a lock released a moment ago).
    public init?(dataDirectory: String, name: String = "daemon.lock", wait: TimeInterval = 0) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        path = (dataDirectory as NSString).appendingPathComponent(name)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw SystemError.posix("không mở được \(path)")
        }
        let deadline = Date().addingTimeInterval(wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard Date() < deadline else { close(fd); return nil }
            usleep(50_000)
        }
    }

    /// Written by the daemon into its lock file: who holds it and since when (`status` reads it).
    public func recordHolder(startedAt: Int64) {
        let text = "\(getpid()) \(startedAt)\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    /// When the daemon using `dataDirectory` started, if it is running.
    public static func daemonStartedAt(dataDirectory: String) -> Int64? {
        let path = (dataDirectory as NSString).appendingPathComponent("daemon.lock")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let parts = text.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let pid = pid_t(parts[0]), let started = Int64(parts[1]), kill(pid, 0) == 0 || errno == EPERM else { return nil }
        return started
    }

    deinit { close(fd) }
}
