import Foundation
import Synchronization
@testable import LearningCentre
@testable import LearningCentreCore

/// A fresh folder per test, removed at the end of the process (a run used to leave thousands).
func temporaryDirectory(_ name: String = "lc-test") -> String {
    let path = NSTemporaryDirectory() + "\(name)-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    removedAtExit.withLock { folders in
        if folders.isEmpty { atexit { for path in removedAtExit.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) } } }
        folders += [path, path + ".log"]  // a daemon's log sits beside its folder
    }
    return path
}

/// The folders `temporaryDirectory` made, for the process's exit.
private let removedAtExit = Mutex<[String]>([])

/// The repository's root (for www/ and the built binary).
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url.deleteLastPathComponent()
    }
    return url.path
}()

let wwwDirectory = ProcessInfo.processInfo.environment["LC_WWW"] ?? repositoryRoot + "/www"

/// A fresh database in a temporary folder (like GRDB's test cases).
func makeStore() throws -> Store {
    try Store(dataDirectory: temporaryDirectory())
}

/// The application in process, without sockets, with one manager and one staff login.
/// Password hashes are made once per test process: argon2id is slow on purpose.
final class TestCentre: @unchecked Sendable {
    let store: Store
    let app: CentreApp
    let association: Bool
    static let managerPassword = "quan-ly-123"
    static let staffPassword = "can-bo-456"

    /// A centre, or (`association`) an association's daemon over `store`.
    init(kioskAddresses: Set<String> = ["127.0.0.1", "::1"], store given: Store? = nil, association: Bool = false,
         configure: (inout AppConfig) -> Void = { _ in }) throws {
        store = try given ?? makeStore()
        try store.installRulesets(from: repositoryRoot + "/rulesets")
        var config = AppConfig()
        config.wwwDirectory = wwwDirectory
        config.kioskAddresses = kioskAddresses
        config.association = association
        self.association = association
        configure(&config)
        app = CentreApp(store: store, config: config)
        try store.write { db in
            try db.execute(sql: "INSERT INTO users(id, username, role, password_hash, created_at) VALUES ('u-manager', 'quanly', 'manager', ?, 0), ('u-staff', 'canbo', 'staff', ?, 0)",
                           arguments: [TestCentre.hashes.manager, TestCentre.hashes.staff])
        }
    }

    static let hashes: (manager: String, staff: String) = (try! Passwords.hash(managerPassword), try! Passwords.hash(staffPassword))

    struct Login { var cookie: String; var csrf: String }

    func login(_ username: String = "quanly", password: String? = nil, address: String = "127.0.0.1") throws -> Login {
        let response = send("POST", "/api/auth/login", json: ["username": username, "password": password ?? (username == "quanly" ? TestCentre.managerPassword : TestCentre.staffPassword)], address: address)
        guard response.status == 200, let cookie = response.header("Set-Cookie")?.split(separator: ";").first,
              let csrf = (try? JSONValue.parse(response.body))?["csrfToken"]?.stringValue else {
            throw TestFailure("login failed: \(response.status) \(response.bodyText)")
        }
        return Login(cookie: String(cookie), csrf: csrf)
    }

    func send(_ method: String, _ path: String, json: [String: Any]? = nil, body: [UInt8]? = nil, contentType: String? = nil,
              login: Login? = nil, csrf: Bool = true, address: String = "127.0.0.1", headers: [String: String] = [:]) -> HTTPResponse {
        TestCentre.send(to: app, router: app.router, daemon: association ? "association" : "centre", method, path, json: json, body: body,
                        contentType: contentType, login: login, csrf: csrf, address: address, headers: headers)
    }

    /// A request to `app` as its server would hand it over; the answer checked against the
    /// document of `router` (`ContractCheck`).
    static func send(to app: some HTTPResponder, router: Router, daemon: String, _ method: String, _ path: String, json: [String: Any]? = nil,
                     body: [UInt8]? = nil, contentType: String? = nil, login: Login? = nil, csrf: Bool = true, address: String = "127.0.0.1",
                     headers: [String: String] = [:]) -> HTTPResponse {
        var allHeaders = headers
        var bytes = body ?? []
        if let json {
            bytes = [UInt8](try! JSONSerialization.data(withJSONObject: json))
            allHeaders["Content-Type"] = "application/json"
        }
        if let contentType { allHeaders["Content-Type"] = contentType }
        if let login {
            allHeaders["Cookie"] = login.cookie
            if csrf { allHeaders["X-CSRF-Token"] = login.csrf }
        }
        let (path, query) = splitQuery(path)
        let response = app.respond(to: HTTPRequest(method: method, path: path, query: query, headers: allHeaders, body: bytes, clientAddress: address))
        ContractCheck.check(response, method: method, path: path, router: router, daemon: daemon)
        return response
    }

    /// POSTs `body` to `path` as `login` and returns the new record's id.
    func create(_ path: String, _ body: [String: Any], login: Login) throws -> String {
        let r = send("POST", path, json: body, login: login)
        guard r.status == 201, let id = r.json["id"]?.stringValue else { throw TestFailure("\(path): \(r.status) \(r.bodyText)") }
        return id
    }

    /// Creates a village and returns its id.
    func village(_ name: String, login: Login) throws -> String {
        let r = send("POST", "/api/villages", json: ["name": name], login: login)
        guard r.status == 201, let id = (try JSONValue.parse(r.body))["id"]?.stringValue else { throw TestFailure("village: \(r.status) \(r.bodyText)") }
        return id
    }
}

/// A class running now and started today (the kiosk checks in only to today's classes): it began
/// `before` ago, or at midnight when that was earlier, and lasts `length`. Tests must not fail
/// when the suite runs just after midnight.
func classRunningNow(before: Int64 = 10 * 60_000, length: Int64) -> (start: Int64, end: Int64) {
    let now = Store.nowMillis()
    let start = max(now - before, LocalDay.start(containing: now))
    return (start, start + length)
}

/// A class of `hours` held on 2 January of this year from `hour` o'clock: always in this year,
/// whatever the date the suite runs (in the future only on 1 and 2 January).
func classEarlyThisYear(hours: Double, hour: Int64 = 8) -> (start: Int64, end: Int64) {
    let start = LocalDay.startOfYear(LocalDay.year(of: Store.nowMillis())) + 86_400_000 + hour * 3_600_000
    return (start, start + Int64(hours * 3_600_000))
}

func splitQuery(_ path: String) -> (String, [String: String]) {
    guard let mark = path.firstIndex(of: "?") else { return (path, [:]) }
    var query: [String: String] = [:]
    for pair in path[path.index(after: mark)...].split(separator: "&") {
        let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
        query[QueryDecoding.decode(kv[0])] = kv.count > 1 ? QueryDecoding.decode(kv[1]) : ""
    }
    return (String(path[..<mark]), query)
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension HTTPResponse {
    var json: JSONValue { (try? JSONValue.parse(body)) ?? .null }
    var errorCode: String? { json["error"]?["code"]?.stringValue }
    var errorField: String? { json["error"]?["field"]?.stringValue }
}
