import ArgumentParser
import Foundation
import LearningCentreCore
import Glibc
import Logging

/// `learning-centre`: one executable for the daemon and the tools around it.
public struct LearningCentreCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "learning-centre",
        abstract: "Phần mềm trung tâm học tập cộng đồng: máy chủ, điểm danh, sổ người học.",
        version: LearningCentreVersion.current,
        subcommands: [ServeCommand.self, UserCommand.self, DemoCommand.self, ImportCommand.self,
                      BackupCommand.self, RestoreCommand.self, CheckCommand.self, ExportCommand.self,
                      VerifyExportCommand.self, AssociationCommand.self, StatusCommand.self])

    public init() {}

    /// Runs the command line: exit 0 on success, 1 on a failure the message explains, 64 on wrong usage.
    public static func runMain() -> Never {
        // The database, its backups and exports hold personal data: only this user may read them.
        umask(0o077)
        do {
            var command = try parseAsRoot()
            try command.run()
            Foundation.exit(0)
        } catch {
            guard let message = failureMessage(error) else { exit(withError: error) }
            FileHandle.standardError.write(Data("learning-centre: \(message)\n".utf8))
            Foundation.exit(1)
        }
    }

    /// The words of a failure this program explains itself (exit 1); nil for usage errors,
    /// which ArgumentParser reports with exit 64.
    static func failureMessage(_ error: Error) -> String? {
        switch error {
        case let failure as CLIFailure: return failure.message
        case let store as StoreError: return store.description
        case let system as SystemError: return system.description
        case let postgres as PostgresError: return postgres.description
        case let refused as BundleRefused: return refused.description
        case let http as HTTPError: return http.message
        case let domain as DomainError: return domain.message
        default: return nil
        }
    }
}

/// A failure the command explains in its message (exit 1).
public struct CLIFailure: Error {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// `--data DIR`, shared by every command that touches the database.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: "Thư mục dữ liệu (chứa centre.sqlite).")
    var data: String = DataOptions.defaultFolder

    /// `$LEARNING_CENTRE_DATA`; else, for the installed program (/usr/bin), the service's folder;
    /// else ./var (a checkout, `make run`).
    static var defaultFolder: String {
        if let folder = ProcessInfo.processInfo.environment["LEARNING_CENTRE_DATA"], !folder.isEmpty { return folder }
        let program = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return program.hasPrefix("/usr/") ? "/var/lib/learning-centre" : "./var"
    }

    func validate() throws { DataFolderOwner.handOverAtExit(data) }

    func openStore() throws -> Store { try Store(dataDirectory: data) }

    var databasePath: String { (data as NSString).appendingPathComponent(Store.fileName) }

    /// Refuses to go on when there is no database yet (instead of creating an empty one).
    func requireDatabase() throws {
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw CLIFailure("không có cơ sở dữ liệu \(databasePath). Hãy kiểm tra --data.")
        }
    }
}

enum Log {
    static let bootstrap: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LC_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
            return handler
        }
    }()

    static func logger() -> Logger {
        _ = bootstrap
        return Logger(label: "learning-centre")
    }
}

/// Writes a line to standard output at once (no buffering: tests and systemd read it live).
func printLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
