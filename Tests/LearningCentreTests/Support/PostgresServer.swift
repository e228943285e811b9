import Foundation
import Glibc
import Synchronization
@testable import LearningCentreCore

/// A throwaway PostgreSQL cluster, real and never mocked: `initdb` in a temporary folder (as
/// the `postgres` user when the tests run as root, since the server refuses root), the server
/// listening on a Unix socket in that folder only, stopped when the test process ends. Tests
/// take a database each from `shared`; a test that restarts the server starts its own.
final class PostgresServer: Sendable {
    static let shared = Result { try PostgresServer() }

    let folder: String
    private let bin: String

    init() throws {
        bin = try Self.binaries()
        folder = temporaryDirectory("lc-pg")
        if getuid() == 0 {
            _ = try runCommand(["chown", "postgres:postgres", folder], executable: "/usr/bin/env")
        }
        try run("initdb", ["-D", folder + "/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        try start()
        let folder = self.folder, pgCtl = bin + "/pg_ctl", asPostgres = getuid() == 0
        atexitStops.withLock { $0.append(asPostgres ? ["runuser", "-u", "postgres", "--", pgCtl, "-D", folder + "/data", "-m", "immediate", "stop"]
                                                     : [pgCtl, "-D", folder + "/data", "-m", "immediate", "stop"]) }
    }

    /// A new, empty database's connection string.
    func makeDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try PostgresConnection(url(database: "postgres")).query("CREATE DATABASE \(name)")
        return url(database: name)
    }

    func url(database: String) -> String { "postgresql://postgres@/\(database)?host=\(folder)" }

    /// Stops the server as a power cut would (no shutdown checkpoint), then starts it again.
    func crashAndRestart() throws {
        try run("pg_ctl", ["-D", folder + "/data", "-m", "immediate", "-w", "stop"])
        try start()
    }

    private func start() throws {
        try run("pg_ctl", ["-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "300", "-o",
                           "-k \(folder) -c listen_addresses='' -c fsync=off -c max_connections=200", "start"])
    }

    /// Runs one of PostgreSQL's programs, its output into a file. Spawned by hand with every
    /// descriptor above 2 closed: the server `pg_ctl` starts keeps what it inherits, and
    /// Foundation's `Process` learns of an exit through a descriptor its child inherits, so it
    /// would wait for the server's end.
    private func run(_ program: String, _ arguments: [String]) throws {
        let argv = ["/usr/bin/env"] + (getuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []) + [bin + "/" + program] + arguments
        let log = folder + "/\(program).out"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        guard addCloseFrom(&actions, 3) == 0 else { throw SystemError("cannot close the descriptors \(program) would inherit") }
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ) == 0 else { throw SystemError("cannot start \(program)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw SystemError("\(program) failed (\(status)): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        }
    }

    /// The newest PostgreSQL's programs Debian installed (`/usr/lib/postgresql/N/bin`).
    private static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root))?.compactMap(Int.init).sorted() ?? []
        guard let newest = versions.last else {
            throw SystemError("PostgreSQL is not installed (no \(root)/N/bin): `make test-deps` installs Debian's postgresql")
        }
        return "\(root)/\(newest)/bin"
    }
}

/// Servers to stop when the test process ends (before its folders are removed: `atexit` runs
/// handlers last registered first, and the first server registers after the folder list).
private let atexitStops: Mutex<[[String]]> = {
    atexit {
        for command in atexitStops.withLock({ $0 }) { _ = try? runCommand(command, executable: "/usr/bin/env") }
    }
    return Mutex([])
}()

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which the Glibc module does not show.
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
