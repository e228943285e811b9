import Foundation
import GRDB

struct CachedSession {
    var user: AuthenticatedUser
    var expiresAt: Int64
    var checkedAt: Int64
}

/// What a login must hold, whichever store keeps it.
enum UserRules {
    static func username(_ username: String) throws -> String {
        let name = username.trimmingCharacters(in: .whitespaces)
        guard (2...40).contains(name.count), name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw SystemError("tên đăng nhập \"\(name)\" không hợp lệ: dùng 2 đến 40 chữ cái, chữ số, dấu chấm, gạch ngang hoặc gạch dưới.")
        }
        return name
    }

    static func password(_ password: String) throws -> String {
        guard password.count >= 8 else { throw SystemError("mật khẩu quá ngắn: cần ít nhất 8 ký tự.") }
        return password
    }

    static func unknown(_ name: String) -> SystemError { SystemError("không có tài khoản tên \"\(name)\".") }

    static func taken(_ name: String) -> SystemError {
        SystemError("đã có tài khoản tên \"\(name)\". Hãy chọn tên khác, hoặc dùng `learning-centre user passwd` để đổi mật khẩu.")
    }
}

extension Store {
    /// How long a login lasts.
    public static let sessionLifetimeMillis: Int64 = 12 * 3600 * 1000

    public func addUser(username: String, role: Role, password: String) throws -> UserView {
        let name = try UserRules.username(username)
        let hash = try Passwords.hash(try UserRules.password(password))
        let id = RecordID.new()
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [name]) == true { throw UserRules.taken(name) }
            try db.execute(sql: "INSERT INTO users(id, username, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, name, role.rawValue, hash, Store.nowMillis()])
            try Store.audit(db, actor: nil, entity: "user", id: id, action: "create",
                            changes: ["username": [.null, .string(name)], "role": [.null, .string(role.rawValue)]])
        }
        return UserView(id: id, username: name, role: role)
    }

    public func setPassword(username: String, password: String) throws {
        let hash = try Passwords.hash(try UserRules.password(password))
        try write { db in
            guard let id = try String.fetchOne(db, sql: "SELECT id FROM users WHERE username = ?", arguments: [username]) else {
                throw UserRules.unknown(username)
            }
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, id])
            try db.execute(sql: "DELETE FROM auth_sessions WHERE user_id = ?", arguments: [id])
            sessionCache.withLock { $0.removeAll() }
            try Store.audit(db, actor: nil, entity: "user", id: id, action: "password", changes: [:])
        }
        noteSessionsEnded()
    }

    /// Where a command line that ends sessions (a new password) tells a running daemon, which
    /// answers sessions from memory: it looks at this file's time before each answer from memory.
    var sessionsEndedPath: String { (dataDirectory as NSString).appendingPathComponent(".sessions-ended") }

    func noteSessionsEnded() {
        _ = FileManager.default.createFile(atPath: sessionsEndedPath, contents: Array(String(Store.nowMillis()).utf8).withUnsafeBytes { Data($0) })
    }

    /// When sessions were last ended from outside, in milliseconds (0: never).
    func sessionsEndedAt() -> Int64 {
        var info = stat()
        guard stat(sessionsEndedPath, &info) == 0 else { return 0 }
        return Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
    }

    public func userCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM users WHERE role = 'manager'") ?? 0 }
    }

    /// The user and their password hash, for a login.
    package func credentials(username: String) throws -> (UserView, String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, username, role, password_hash FROM users WHERE username = ?", arguments: [username]).map {
                (UserView(id: $0["id"], username: $0["username"], role: Role(rawValue: $0["role"]) ?? .staff), $0["password_hash"])
            }
        }
    }

    /// Starts a session: returns the cookie token and the CSRF token.
    package func startSession(userID: String) throws -> (token: String, csrf: String) {
        let token = Passwords.randomToken(), csrf = Passwords.randomToken()
        let now = Store.nowMillis()
        try write { db in
            try db.execute(sql: "DELETE FROM auth_sessions WHERE expires_at < ?", arguments: [now])
            try db.execute(sql: "INSERT INTO auth_sessions(token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Passwords.tokenDigest(token), userID, csrf, now, now + Store.sessionLifetimeMillis])
        }
        return (token, csrf)
    }

    /// The user of a session token. Answers from memory for up to ten seconds, so that a
    /// burst of requests costs one database read; a logout here, and a password reset from the
    /// command line (`sessionsEndedAt`), take effect at once.
    package func sessionUser(token: String) throws -> AuthenticatedUser? {
        let digest = Passwords.tokenDigest(token)
        let now = Store.nowMillis()
        if let cached = sessionCache.withLock({ $0[digest] }), cached.checkedAt + 10_000 > now, cached.expiresAt > now,
           sessionsEndedAt() < cached.checkedAt {
            return cached.user
        }
        let found = try fetchSessionUser(digest: digest, now: now)
        sessionCache.withLock { cache in
            if cache.count > 1000 { cache.removeAll() }
            if let found { cache[digest] = CachedSession(user: found.0, expiresAt: found.1, checkedAt: now) }
            else { cache[digest] = nil }
        }
        return found?.0
    }

    private func fetchSessionUser(digest: String, now: Int64) throws -> (AuthenticatedUser, Int64)? {
        try read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT u.id, u.username, u.role, s.csrf_token, s.expires_at FROM auth_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = ? AND s.expires_at > ?
                """)
            return try Row.fetchOne(statement, arguments: [digest, now]).map {
                (AuthenticatedUser(id: $0[0], username: $0[1], role: Role(rawValue: $0[2]) ?? .staff, csrfToken: $0[3]), $0[4])
            }
        }
    }

    package func endSession(token: String) throws {
        _ = sessionCache.withLock { $0.removeValue(forKey: Passwords.tokenDigest(token)) }
        try write { db in
            try db.execute(sql: "DELETE FROM auth_sessions WHERE token_hash = ?", arguments: [Passwords.tokenDigest(token)])
        }
    }
}
