import Foundation
import Glibc
@testable import LearningCentre
@testable import LearningCentreCore

/// The real `learning-centre` binary, for end-to-end tests.
let binaryPath: String = ProcessInfo.processInfo.environment["LC_BINARY"] ?? repositoryRoot + "/.build/debug/learning-centre"

struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the binary (or `executable`) to completion.
@discardableResult
func runCommand(_ arguments: [String], stdin: String? = nil, executable: String = binaryPath) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// A daemon on a free port with its own data folder.
final class Daemon: @unchecked Sendable {
    let data: String
    private(set) var process: Process!
    private(set) var port: UInt16 = 0
    private var output = Pipe()
    let extraArguments: [String]
    let command: [String]
    let environment: [String: String]

    /// `command`: ["serve"] for a centre, ["association", "serve"] for the association.
    /// `environment`: added to the test's own.
    init(data: String = temporaryDirectory("lc-daemon"), arguments: [String] = [], command: [String] = ["serve"],
         environment: [String: String] = [:]) throws {
        self.data = data
        self.extraArguments = arguments
        self.command = command
        self.environment = environment
        try start()
    }

    func start() throws {
        process = Process()
        output = Pipe()
        process.executableURL = URL(fileURLWithPath: binaryPath)
        process.arguments = command + ["--data", data, "--www", wwwDirectory, "--port", "0"] + extraArguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardError = log ?? FileHandle.nullDevice
        try process.run()
        try log?.close()  // the daemon has its own copy
        // The daemon prints its URL when ready.
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                port = UInt16(text[range].split(separator: ":").last!.dropLast())!
                return
            }
        }
        process.terminate()
        throw TestFailure("daemon did not start: \(text)")
    }

    /// The daemon's resident memory now and at its peak, in bytes (from /proc).
    func memory() -> (now: Int, peak: Int) {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0) * 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// The daemon's log (its standard error), beside the data folder; a restart starts it anew.
    var logPath: String { data + ".log" }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits; returns the exit status and the seconds it took.
    func stop() -> (status: Int32, seconds: Double) {
        let started = Date()
        signal(SIGTERM)
        process.waitUntilExit()
        return (process.terminationStatus, Date().timeIntervalSince(started))
    }

    func kill9() {
        signal(SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process?.isRunning == true { kill9() }
    }

    /// Logs in over HTTP as a manager created with the command line.
    func addManager(_ name: String = "quanly", password: String = "mat-khau-dai") throws {
        let result = try runCommand(["user", "add", name, "--role", "manager", "--password-stdin", "--data", data], stdin: password + "\n")
        guard result.status == 0 else { throw TestFailure("user add: \(result.stderr)") }
    }

    func login(_ name: String = "quanly", password: String = "mat-khau-dai") throws -> (cookie: String, csrf: String) {
        let r = try RawHTTP.request(port: port, method: "POST", path: "/api/auth/login",
                                    headers: ["Content-Type": "application/json"],
                                    body: Array(#"{"username":"\#(name)","password":"\#(password)"}"#.utf8))
        guard r.status == 200, let cookie = r.headers["set-cookie"]?.split(separator: ";").first,
              let csrf = (try? JSONValue.parse(r.body))?["csrfToken"]?.stringValue else {
            throw TestFailure("login: \(r.status) \(String(decoding: r.body, as: UTF8.self))")
        }
        return (String(cookie), csrf)
    }
}
